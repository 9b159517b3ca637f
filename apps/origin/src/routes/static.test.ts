import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_DIR } from '../app.ts';
import { parseHttpDate } from '../http-date.ts';
import { rawRequest, testOrigin } from '../test-helpers.ts';

// A site directory with a secret next to it that no URL may reach.
const tmp = mkdtempSync(join(tmpdir(), 'origin-static-'));
const site = join(tmp, 'site');
mkdirSync(join(site, 'docs'), { recursive: true });
writeFileSync(join(site, 'hello.txt'), 'hello\n');
writeFileSync(join(site, 'docs', 'index.html'), '<p>docs</p>');
writeFileSync(join(site, 'empty.json'), '');
writeFileSync(join(tmp, 'secret.txt'), 'TOP SECRET');
symlinkSync(join(tmp, 'secret.txt'), join(site, 'link.txt'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const demo = await testOrigin();
const origin = await testOrigin({ dir: site });

test('bundled demo site: index, css, image and benchmark files with their types and sizes', async () => {
  const expected: [string, string, number][] = [
    ['/', 'text/html; charset=utf-8', statSync(join(DEFAULT_DIR, 'index.html')).size],
    ['/index.html', 'text/html; charset=utf-8', statSync(join(DEFAULT_DIR, 'index.html')).size],
    ['/style.css', 'text/css; charset=utf-8', statSync(join(DEFAULT_DIR, 'style.css')).size],
    ['/logo.png', 'image/png', statSync(join(DEFAULT_DIR, 'logo.png')).size],
    ['/bench/1kib.txt', 'text/plain; charset=utf-8', 1024],
    ['/bench/100kib.bin', 'application/octet-stream', 100 * 1024],
  ];
  for (const [path, type, size] of expected) {
    const res = await fetch(demo.url + path);
    const body = new Uint8Array(await res.arrayBuffer());
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), type, path);
    assert.equal(res.headers.get('content-length'), String(size), path);
    assert.equal(body.byteLength, size, path);
  }
  const png = new Uint8Array(await (await fetch(`${demo.url}/logo.png`)).arrayBuffer());
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
});

test('a file has strong ETag, Last-Modified from mtime, exact content', async () => {
  const res = await fetch(`${origin.url}/hello.txt`);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'hello\n');
  const etag = res.headers.get('etag') ?? '';
  assert.match(etag, /^"[0-9a-f]+-[0-9a-f]+"$/); // strong: no W/
  const mtime = statSync(join(site, 'hello.txt')).mtimeMs;
  assert.equal(parseHttpDate(res.headers.get('last-modified') ?? ''), Math.floor(mtime / 1000) * 1000);
  assert.ok(res.headers.get('date'));
  // Same file, same validator.
  assert.equal((await fetch(`${origin.url}/hello.txt`)).headers.get('etag'), etag);
});

test('If-None-Match and If-Modified-Since give 304 with validators and no body', async () => {
  const first = await fetch(`${origin.url}/hello.txt`);
  await first.arrayBuffer();
  const etag = first.headers.get('etag') ?? '';
  const lastModified = first.headers.get('last-modified') ?? '';
  for (const headers of [{ 'if-none-match': etag }, { 'if-modified-since': lastModified }]) {
    const res = await rawRequest(origin.url, { path: '/hello.txt', headers: Object.entries(headers).flat() });
    assert.equal(res.status, 304);
    assert.equal(res.headers.etag, etag);
    assert.equal(res.headers['last-modified'], lastModified);
    assert.equal(res.headers['content-type'], undefined);
    assert.equal(res.body.length, 0);
  }
});

test('HEAD on a file: same headers as GET, no body', async () => {
  const get = await fetch(`${origin.url}/hello.txt`);
  await get.arrayBuffer();
  const head = await rawRequest(origin.url, { method: 'HEAD', path: '/hello.txt' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  for (const name of ['content-type', 'content-length', 'etag', 'last-modified']) {
    assert.equal(head.headers[name], get.headers.get(name), name);
  }
});

test('directories: /docs redirects to /docs/, which serves docs/index.html', async () => {
  const redirect = await fetch(`${origin.url}/docs?x=1`, { redirect: 'manual' });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.get('location'), '/docs/?x=1');
  const index = await fetch(`${origin.url}/docs/`);
  assert.equal(index.status, 200);
  assert.equal(await index.text(), '<p>docs</p>');
});

test('an empty file is a 200 with Content-Length 0', async () => {
  const res = await fetch(`${origin.url}/empty.json`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-length'), '0');
  assert.equal(await res.text(), '');
});

test('path traversal never leaves the directory, raw or encoded', async () => {
  const attempts = [
    '/../secret.txt',
    '/docs/../../secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/docs/..%2f..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/link.txt', // a symlink pointing outside
    '/hello.txt%00.png',
  ];
  for (const path of attempts) {
    const res = await rawRequest(origin.url, { path });
    assert.ok(res.status === 404 || res.status === 400, `${path} -> ${res.status}`);
    assert.doesNotMatch(res.body.toString(), /TOP SECRET/, path);
  }
});

test('unknown path -> 404 JSON error', async () => {
  const res = await fetch(`${origin.url}/no/such/file.txt`);
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: 'NOT_FOUND', message: 'not found' });
});

test('the 100 KiB benchmark file is served byte for byte', async () => {
  const res = await fetch(`${demo.url}/bench/100kib.bin`);
  const served = createHash('sha256').update(new Uint8Array(await res.arrayBuffer())).digest('hex');
  const onDisk = createHash('sha256').update(readFileSync(join(DEFAULT_DIR, 'bench', '100kib.bin'))).digest('hex');
  assert.equal(served, onDisk);
});
