import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Md5Cache } from './md5-cache.ts';

const dir = mkdtempSync(join(tmpdir(), 'origin-md5-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const md5 = (data: string | Buffer) => `"${createHash('md5').update(data).digest('hex')}"`;
const etag = (cache: Md5Cache, file: string) => {
  const { size, mtimeMs } = statSync(file);
  return cache.etagOf(file, size, mtimeMs);
};

test('the ETag is the quoted hex MD5 of the content, large files included', async () => {
  const cache = new Md5Cache();
  const small = join(dir, 'small.txt');
  writeFileSync(small, 'hello\n');
  assert.equal(await etag(cache, small), '"b1946ac92492d2347c6235b4d2611184"');
  const big = join(dir, 'big.bin');
  const data = Buffer.alloc(5 * 1024 * 1024 + 7, 'ab');
  writeFileSync(big, data);
  assert.equal(await etag(cache, big), md5(data));
  const empty = join(dir, 'empty');
  writeFileSync(empty, '');
  assert.equal(await etag(cache, empty), '"d41d8cd98f00b204e9800998ecf8427e"');
});

test('remembered per (path, size, mtime); recomputed when either changes; shared while in flight', async () => {
  const cache = new Md5Cache();
  const file = join(dir, 'f.txt');
  const mtime = new Date('2030-01-01T00:00:00Z');
  writeFileSync(file, 'one');
  utimesSync(file, mtime, mtime); // whole seconds, so restoring it below is exact
  assert.equal(etag(cache, file), etag(cache, file)); // one computation for concurrent callers
  assert.equal(await etag(cache, file), md5('one'));
  // Same size and mtime: the cache answers without reading (the content changed behind its back).
  writeFileSync(file, 'two');
  utimesSync(file, mtime, mtime);
  assert.equal(await etag(cache, file), md5('one'));
  // A new mtime: read again.
  utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
  assert.equal(await etag(cache, file), md5('two'));
  // A new size: read again.
  writeFileSync(file, 'three');
  utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
  assert.equal(await etag(cache, file), md5('three'));
});

test('a failed read rejects and is not remembered; the bound evicts the oldest entry', async () => {
  const cache = new Md5Cache(1);
  const missing = join(dir, 'missing');
  await assert.rejects(cache.etagOf(missing, 3, 1), { code: 'ENOENT' });
  writeFileSync(missing, 'now');
  assert.equal(await cache.etagOf(missing, 3, 1), md5('now'));
  const other = join(dir, 'other');
  writeFileSync(other, 'x');
  await etag(cache, other);
  writeFileSync(missing, 'new');
  assert.equal(await cache.etagOf(missing, 3, 1), md5('new')); // evicted, so read again
});
