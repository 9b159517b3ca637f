import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { StatsSnapshot } from '../stats.ts';
import { faultsApi, testOrigin } from '../test-helpers.ts';

const origin = await testOrigin();
const status = async (path: string) => {
  const res = await fetch(origin.url + path);
  await res.arrayBuffer();
  return res.status;
};
const stats = async () => (await (await fetch(`${origin.url}/_origin/stats`)).json()) as StatsSnapshot;

beforeEach(async () => {
  await faultsApi(origin.url, 'DELETE');
  await fetch(`${origin.url}/_origin/stats/reset`, { method: 'POST' });
});

test('PUT replaces the table, GET shows it, DELETE clears it; all uncacheable', async () => {
  const put = await faultsApi(origin.url, 'PUT', { rules: [{ path: '/cache/*', mode: 'status', status: 503 }, { mode: 'slow-headers', delayMs: 10, times: 2 }] });
  assert.equal(put.status, 200);
  assert.equal(put.headers.get('cache-control'), 'no-store');
  const rules = [
    { id: put.json.rules[0]?.id, path: '/cache/*', mode: 'status', status: 503 },
    { id: put.json.rules[1]?.id, mode: 'slow-headers', delayMs: 10, times: 2 },
  ];
  assert.deepEqual(put.json, { rules, listener: 'open' });
  assert.deepEqual((await faultsApi(origin.url, 'GET')).json, { rules, listener: 'open' });
  assert.deepEqual((await faultsApi(origin.url, 'DELETE')).json, { rules: [], listener: 'open' });
  assert.equal(await status('/cache/max-age=60'), 200);
});

test('POST adds one rule (201); DELETE /:id removes it; unknown id -> 404', async () => {
  const added = await faultsApi(origin.url, 'POST', { path: '/status/*', mode: 'status', status: 502 });
  assert.equal(added.status, 201);
  const id = added.json.rules[0]?.id;
  await faultsApi(origin.url, 'POST', { mode: 'status', status: 500, path: '/echo' });
  assert.equal((await faultsApi(origin.url, 'GET')).json.rules.length, 2);
  assert.equal(await status('/status/200'), 502);
  assert.deepEqual((await faultsApi(origin.url, 'DELETE', undefined, `/_origin/faults/${id}`)).json.rules.map((r) => r.path), ['/echo']);
  assert.equal(await status('/status/200'), 200);
  const gone = await faultsApi(origin.url, 'DELETE', undefined, `/_origin/faults/${id}`);
  assert.equal(gone.status, 404);
});

test('per path vs global: a path rule wins where it matches, the global one elsewhere', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'status', status: 500 }, { path: '/cache/*', mode: 'status', status: 504 }] });
  assert.equal(await status('/cache/max-age=60'), 504);
  assert.equal(await status('/echo'), 500);
  assert.equal(await status('/index.html'), 500);
  assert.equal(await status('/healthz'), 500, 'health checks see the outage too');
});

test('admin paths are never faulted', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'status', status: 503 }, { path: '/_origin/*', mode: 'hang' }] });
  assert.equal(await status('/_origin/stats'), 200);
  assert.equal((await faultsApi(origin.url, 'GET')).status, 200);
});

test('times: 503 once, then the origin recovers', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/cache/*', mode: 'status', status: 503, times: 1 }] });
  const first = await fetch(`${origin.url}/cache/max-age=60`);
  assert.equal(first.status, 503);
  assert.equal(first.headers.get('x-origin-fault'), 'status');
  assert.equal(await first.text(), '503 Service Unavailable (injected fault)\n');
  assert.equal(await status('/cache/max-age=60'), 200);
  assert.deepEqual((await faultsApi(origin.url, 'GET')).json.rules, []);
});

test('/_origin/stats counts faults by mode; reset zeroes them', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/a', mode: 'status', status: 500 }, { path: '/b', mode: 'slow-headers', delayMs: 0 }] });
  for (const path of ['/a', '/a', '/b', '/c']) await status(path);
  const snapshot = await stats();
  assert.deepEqual(snapshot.faults, { status: 2, 'slow-headers': 1 });
  assert.deepEqual(snapshot.byPath, { '/a': 2, '/b': 1, '/c': 1 }, 'faulted requests are still counted');
  await fetch(`${origin.url}/_origin/stats/reset`, { method: 'POST' });
  assert.deepEqual((await stats()).faults, {});
});

test('bad bodies -> 400 with every issue and its path; the table is unchanged', async () => {
  await faultsApi(origin.url, 'POST', { mode: 'hang', path: '/keep' });
  const bad = await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'status', status: 99 }, { mode: 'slow-body' }] });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error, 'BAD_REQUEST');
  assert.deepEqual((bad.json.issues as { path: string }[]).map((i) => i.path), ['rules[0].status', 'rules[1].delayMs']);
  // No admin port: refusing without forMs would lock the admin API out.
  const locked = await faultsApi(origin.url, 'POST', { mode: 'refuse' });
  assert.equal(locked.status, 400);
  assert.match(String(locked.json.message), /forMs: required for refuse/);
  const form = await fetch(`${origin.url}/_origin/faults`, { method: 'POST', body: 'mode=hang', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 400);
  await form.arrayBuffer();
  assert.deepEqual((await faultsApi(origin.url, 'GET')).json.rules.map((r) => r.path), ['/keep']);
});
