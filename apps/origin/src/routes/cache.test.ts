import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHttpDate } from '../http-date.ts';
import { rawRequest, testOrigin } from '../test-helpers.ts';

let clock = Date.UTC(2025, 0, 1, 12, 0, 0, 250);
const origin = await testOrigin({ now: () => clock });
const generationOf = async (res: Response) => ((await res.json()) as { generation: number }).generation;

test('caching headers are chosen by the URL', async () => {
  const cases: [string, string | null, string | null][] = [
    ['/cache/max-age=60', 'max-age=60', null],
    ['/cache/s-maxage=30,max-age=5', 's-maxage=30, max-age=5', null],
    ['/cache/no-store', 'no-store', null],
    ['/cache/no-cache', 'no-cache', null],
    ['/cache/private', 'private', null],
    ['/cache/stale-while-revalidate=30,max-age=1', 'stale-while-revalidate=30, max-age=1', null],
    ['/cache/none', null, null],
    ['/cache/expires=120', null, formatHttpDate(clock + 120_000)],
    ['/cache/max-age=60/some/file.txt', 'max-age=60', null],
  ];
  for (const [path, cacheControl, expires] of cases) {
    const res = await fetch(origin.url + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('cache-control'), cacheControl, path);
    assert.equal(res.headers.get('expires'), expires, path);
    assert.equal(res.headers.get('date'), formatHttpDate(clock), path);
    assert.match(res.headers.get('etag') ?? '', /^W\/".+"$/, path);
    assert.equal(res.headers.get('last-modified'), 'Wed, 01 Jan 2025 12:00:00 GMT', path);
    assert.equal(res.headers.get('content-type'), 'application/json', path);
    assert.equal(((await res.json()) as { path: string }).path, path);
  }
});

test('the body carries a per-object generation; validators stay stable', async () => {
  const a1 = await fetch(`${origin.url}/cache/max-age=60/gen-a`);
  const a2 = await fetch(`${origin.url}/cache/max-age=60/gen-a`);
  const b1 = await fetch(`${origin.url}/cache/max-age=60/gen-b`);
  const q1 = await fetch(`${origin.url}/cache/max-age=60/gen-a?v=2`);
  assert.equal(a1.headers.get('etag'), a2.headers.get('etag'));
  assert.notEqual(a1.headers.get('etag'), b1.headers.get('etag'));
  assert.deepEqual([await generationOf(a1), await generationOf(a2), await generationOf(b1), await generationOf(q1)], [1, 2, 1, 1]);
});

test('If-None-Match -> 304 with ETag, Last-Modified, Cache-Control, Expires, Vary, Date; no body', async () => {
  const path = '/cache/expires=300,public/inm?vary=Accept-Encoding';
  const first = await fetch(origin.url + path);
  assert.equal(await generationOf(first), 1);
  clock += 5_000;
  const res = await rawRequest(origin.url, { path, headers: ['If-None-Match', first.headers.get('etag') ?? ''] });
  assert.equal(res.status, 304);
  assert.equal(res.body.length, 0);
  assert.equal(res.headers.etag, first.headers.get('etag'));
  assert.equal(res.headers['last-modified'], first.headers.get('last-modified'));
  assert.equal(res.headers['cache-control'], 'public');
  assert.equal(res.headers.expires, formatHttpDate(clock + 300_000));
  assert.equal(res.headers.vary, 'Accept-Encoding');
  assert.equal(res.headers.date, formatHttpDate(clock));
  assert.equal(res.headers['content-type'], undefined);
  // A 304 is not a new generation.
  assert.equal(await generationOf(await fetch(origin.url + path)), 2);
});

test('If-None-Match: weak comparison, lists and *', async () => {
  const path = '/cache/max-age=60/inm-forms';
  const etag = (await fetch(origin.url + path)).headers.get('etag') ?? '';
  const strongForm = etag.replace(/^W\//, '');
  for (const inm of [etag, strongForm, `"nope", ${etag}`, '*']) {
    assert.equal((await rawRequest(origin.url, { path, headers: ['If-None-Match', inm] })).status, 304, inm);
  }
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-None-Match', '"nope"'] })).status, 200);
});

test('If-Modified-Since -> 304 when not modified since, 200 when modified', async () => {
  const path = '/cache/max-age=60/ims';
  const lm = (await fetch(origin.url + path)).headers.get('last-modified') ?? '';
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-Modified-Since', lm] })).status, 304);
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-Modified-Since', 'Wed, 01 Jan 2025 13:00:00 GMT'] })).status, 304);
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-Modified-Since', 'Wed, 01 Jan 2025 11:59:59 GMT'] })).status, 200);
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-Modified-Since', 'garbage'] })).status, 200);
});

test('If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2)', async () => {
  const path = '/cache/max-age=60/precedence';
  const first = await fetch(origin.url + path);
  const etag = first.headers.get('etag') ?? '';
  const lm = first.headers.get('last-modified') ?? '';
  // INM fails (different tag) though IMS alone would give 304 -> 200.
  const full = await rawRequest(origin.url, { path, headers: ['If-None-Match', '"other"', 'If-Modified-Since', lm] });
  assert.equal(full.status, 200);
  assert.ok(full.body.length > 0);
  // INM matches though IMS alone would give 200 -> 304.
  const old = 'Sat, 01 Jan 2000 00:00:00 GMT';
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-None-Match', etag, 'If-Modified-Since', old] })).status, 304);
});

test('?etag= and ?lm= fix the validators', async () => {
  const res = await fetch(`${origin.url}/cache/max-age=60/knobs?etag=v1&lm=Sat,%2001%20Jan%202000%2000:00:00%20GMT`);
  assert.equal(res.headers.get('etag'), '"v1"');
  assert.equal(res.headers.get('last-modified'), 'Sat, 01 Jan 2000 00:00:00 GMT');
  await res.arrayBuffer();
  const path = '/cache/max-age=60/knobs?etag=v1&lm=Sat,%2001%20Jan%202000%2000:00:00%20GMT';
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-None-Match', '"v1"'] })).status, 304);
  assert.equal((await rawRequest(origin.url, { path, headers: ['If-Modified-Since', 'Sat, 01 Jan 2000 00:00:00 GMT'] })).status, 304);
  const weak = await fetch(`${origin.url}/cache/none?etag=${encodeURIComponent('W/"w1"')}`);
  assert.equal(weak.headers.get('etag'), 'W/"w1"');
  await weak.arrayBuffer();
  assert.equal((await fetch(`${origin.url}/cache/none?lm=yesterday`)).status, 400);
  assert.equal((await fetch(`${origin.url}/cache/none?etag=a%22b`)).status, 400);
});

test('?vary= and ?cc= override headers', async () => {
  const res = await fetch(`${origin.url}/cache/max-age=60/vary?vary=Accept-Language,%20Cookie&cc=no-cache`);
  assert.equal(res.headers.get('vary'), 'Accept-Language, Cookie');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  await res.arrayBuffer();
  const removed = await fetch(`${origin.url}/cache/max-age=60/vary?cc=`);
  assert.equal(removed.headers.get('cache-control'), null);
  await removed.arrayBuffer();
});

test('HEAD on /cache: same headers as GET, no body', async () => {
  const path = '/cache/s-maxage=30,max-age=5/head';
  const get = await fetch(origin.url + path);
  await get.arrayBuffer();
  const head = await rawRequest(origin.url, { method: 'HEAD', path });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'date']) {
    assert.equal(head.headers[name], get.headers.get(name) ?? undefined, name);
  }
});

test('malformed directives -> 400; /cache alone -> 404', async () => {
  for (const path of ['/cache/max-age=60;x', '/cache/expires=soon', '/cache/a%20b']) {
    const res = await fetch(origin.url + path);
    assert.equal(res.status, 400, path);
    await res.arrayBuffer();
  }
  assert.equal((await fetch(`${origin.url}/cache`)).status, 404);
});
