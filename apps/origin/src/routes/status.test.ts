import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawRequest, testOrigin } from '../test-helpers.ts';

const origin = await testOrigin();

test('/status/:code responds with that status and a small body', async () => {
  for (const [code, body] of [
    [200, '200 OK\n'],
    [404, '404 Not Found\n'],
    [418, "418 I'm a Teapot\n"],
    [503, '503 Service Unavailable\n'],
    [599, '599 Unknown\n'],
  ] as const) {
    const res = await fetch(`${origin.url}/status/${code}`, { redirect: 'manual' });
    assert.equal(res.status, code);
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await res.text(), body);
  }
});

test('/status/204, 205 and 304 have no content', async () => {
  for (const code of [204, 205, 304]) {
    const res = await rawRequest(origin.url, { path: `/status/${code}` });
    assert.equal(res.status, code);
    assert.equal(res.body.length, 0);
  }
});

test('?cc= and a subpath', async () => {
  const res = await fetch(`${origin.url}/status/500/page.html?cc=max-age=10`);
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('cache-control'), 'max-age=10');
  await res.arrayBuffer();
});

test('informational and invalid codes -> 400', async () => {
  for (const code of ['100', '101', '199', '600', '99', '2000', 'abc']) {
    const res = await fetch(`${origin.url}/status/${code}`);
    assert.equal(res.status, 400, code);
    await res.arrayBuffer();
  }
});

test('HEAD /status/503: status and headers, no body', async () => {
  const res = await rawRequest(origin.url, { method: 'HEAD', path: '/status/503' });
  assert.equal(res.status, 503);
  assert.equal(res.headers['content-length'], '24');
  assert.equal(res.body.length, 0);
});
