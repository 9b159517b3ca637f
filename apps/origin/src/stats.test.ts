import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StatsSnapshot } from './stats.ts';
import { rawRequest, testOrigin } from './test-helpers.ts';

const origin = await testOrigin();
const stats = async () => (await (await fetch(`${origin.url}/_origin/stats`)).json()) as StatsSnapshot;

test('counts requests by path (without query) and method; own endpoints are not counted', async () => {
  for (let i = 0; i < 3; i++) await (await fetch(`${origin.url}/cache/max-age=60?i=${i}`)).arrayBuffer();
  await rawRequest(origin.url, { method: 'HEAD', path: '/cache/max-age=60' });
  await rawRequest(origin.url, { path: '/cache/max-age=60', headers: ['If-None-Match', '*'] }); // a 304 is still a request
  await (await fetch(`${origin.url}/echo/x?y=1`, { method: 'POST', body: 'b' })).arrayBuffer();
  await (await fetch(`${origin.url}/missing`)).arrayBuffer();
  await (await fetch(`${origin.url}/healthz`)).arrayBuffer();
  await stats();
  assert.deepEqual(await stats(), {
    total: 7,
    byPath: { '/cache/max-age=60': 5, '/echo/x': 1, '/missing': 1 },
    byMethod: { GET: 5, HEAD: 1, POST: 1 },
    faults: {},
  });
  assert.equal(origin.stats.snapshot().total, 7);
});

test('POST and DELETE /_origin/stats/reset zero the counts', async () => {
  for (const method of ['POST', 'DELETE']) {
    await (await fetch(`${origin.url}/status/200`)).arrayBuffer();
    assert.ok((await stats()).total > 0);
    const res = await fetch(`${origin.url}/_origin/stats/reset`, { method });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { total: 0, byPath: {}, byMethod: {}, faults: {} });
    assert.deepEqual(await stats(), { total: 0, byPath: {}, byMethod: {}, faults: {} });
  }
});

test('stats responses are not cacheable', async () => {
  const res = await fetch(`${origin.url}/_origin/stats`);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  await res.arrayBuffer();
});
