import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { deterministicBytes } from '../deterministic-bytes.ts';
import { rawRequest, testOrigin } from '../test-helpers.ts';

const origin = await testOrigin();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const get = async (path: string) => new Uint8Array(await (await fetch(origin.url + path)).arrayBuffer());

test('GET /bytes/:n: n bytes with type, length and validators', async () => {
  const res = await fetch(`${origin.url}/bytes/1024`);
  const body = new Uint8Array(await res.arrayBuffer());
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/octet-stream');
  assert.equal(res.headers.get('content-length'), '1024');
  assert.equal(res.headers.get('etag'), '"bytes-1024"');
  assert.equal(res.headers.get('last-modified'), 'Mon, 01 Jan 2024 00:00:00 GMT');
  assert.equal(res.headers.get('cache-control'), null);
  assert.equal(body.byteLength, 1024);
  // Pinned: the content is a contract, not an implementation detail.
  assert.equal(sha256(body), '78c9fbdaa3091c606b03ffaa7dc8daab577889fbf9725056bfb4b4b0781cb86d');
});

test('content is deterministic and position-dependent (shorter is a prefix of longer)', async () => {
  assert.deepEqual(await get('/bytes/5000'), await get('/bytes/5000'));
  const long = await get('/bytes/200000');
  assert.deepEqual(await get('/bytes/70000'), long.subarray(0, 70000));
  assert.deepEqual(long, deterministicBytes(200000));
  // Not a short repeating pattern: two 64 KiB blocks differ.
  assert.notDeepEqual(long.subarray(0, 1000), long.subarray(65536, 66536));
});

test('a 20 MB body streams through with the right length and hash', async () => {
  const n = 20 * 1024 * 1024;
  const res = await fetch(`${origin.url}/bytes/${n}`);
  assert.equal(res.headers.get('content-length'), String(n));
  assert.ok(res.body);
  const hash = createHash('sha256');
  let received = 0;
  let chunks = 0;
  for await (const chunk of res.body) {
    hash.update(chunk);
    received += chunk.byteLength;
    chunks++;
  }
  assert.equal(received, n);
  assert.ok(chunks > 1, 'arrived in many chunks');
  assert.equal(hash.digest('hex'), '3999586436f07ac53b7ac56b37aa38c22c06adb3b34b3dbf7c616347b0e56676');
});

test('HEAD /bytes/50MB: Content-Length without a body', async () => {
  const res = await rawRequest(origin.url, { method: 'HEAD', path: `/bytes/${50 * 1024 * 1024}` });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], String(50 * 1024 * 1024));
  assert.equal(res.headers.etag, `"bytes-${50 * 1024 * 1024}"`);
  assert.equal(res.body.length, 0);
});

test('?cc= sets Cache-Control; a subpath makes a distinct object with the same bytes', async () => {
  const res = await fetch(`${origin.url}/bytes/16/v2?cc=public,%20max-age=300`);
  assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), deterministicBytes(16));
});

test('?tags= sets Cache-Tag (for tag invalidation); a bad value is a 400', async () => {
  const res = await fetch(`${origin.url}/bytes/8?tags=product-1,home`);
  assert.equal(res.headers.get('cache-tag'), 'product-1,home');
  assert.equal((await fetch(`${origin.url}/bytes/8`)).headers.get('cache-tag'), null);
  assert.equal((await fetch(`${origin.url}/bytes/8?tags=%00`)).status, 400);
});

test('If-None-Match on /bytes -> 304 with validators and no body', async () => {
  const res = await rawRequest(origin.url, { path: '/bytes/100?cc=max-age=60', headers: ['If-None-Match', '"bytes-100"'] });
  assert.equal(res.status, 304);
  assert.equal(res.headers.etag, '"bytes-100"');
  assert.equal(res.headers['cache-control'], 'max-age=60');
  assert.equal(res.headers['last-modified'], 'Mon, 01 Jan 2024 00:00:00 GMT');
  assert.equal(res.body.length, 0);
});

test('/bytes/0 is empty; bad n -> 400', async () => {
  const empty = await fetch(`${origin.url}/bytes/0`);
  assert.equal(empty.status, 200);
  assert.equal(empty.headers.get('content-length'), '0');
  assert.equal((await empty.arrayBuffer()).byteLength, 0);
  for (const n of ['abc', '-1', '1.5', '1e3', '99999999999']) {
    const res = await fetch(`${origin.url}/bytes/${n}`);
    assert.equal(res.status, 400, n);
    assert.equal(((await res.json()) as { error: string }).error, 'BAD_REQUEST');
  }
});
