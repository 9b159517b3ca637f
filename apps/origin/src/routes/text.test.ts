import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { testOrigin } from '../test-helpers.ts';

const origin = await testOrigin();

test('GET /text/:n: n bytes of numbered text lines, text/plain, validators', async () => {
  const res = await fetch(`${origin.url}/text/1000`);
  const body = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(res.headers.get('content-length'), '1000');
  assert.equal(res.headers.get('etag'), '"text-1000"');
  assert.equal(body.length, 1000);
  const lines = body.toString('latin1').split('\n');
  assert.equal(lines[0], 'line 00000000: cachefront compressible text object.............');
  assert.equal(lines[0]!.length + 1, 64);
  assert.match(lines[14]!, /^line 00000014: /);
  // The last line is cut at n bytes; shorter is a prefix of longer.
  const long = Buffer.from(await (await fetch(`${origin.url}/text/5000`)).arrayBuffer());
  assert.deepEqual(long.subarray(0, 1000), body);
  // Compressible, as real text is (what the edge's compression is measured on).
  assert.ok(gzipSync(long).length < long.length / 4);
});

test('GET /text/:n rejects what is not a size within the bound', async () => {
  for (const bad of ['abc', '-1', String(16 * 1024 * 1024 + 1)]) assert.equal((await fetch(`${origin.url}/text/${bad}`)).status, 400, bad);
  assert.equal((await fetch(`${origin.url}/text/0`)).status, 200);
});
