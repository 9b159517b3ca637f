import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { startOrigin } from '../server.ts';
import type { StatsSnapshot } from '../stats.ts';
import { faultsApi, tcpConnect, testOrigin } from '../test-helpers.ts';

const fetchError = (url: string) => fetch(url).then((res) => `HTTP ${res.status}`, (err: TypeError) => (err.cause as NodeJS.ErrnoException).code);
const stats = async (url: string) => (await (await fetch(`${url}/_origin/stats`)).json()) as StatsSnapshot;

/** Waits (bounded) until a connect to the port succeeds again. */
async function reopened(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await tcpConnect(port, 200)).outcome === 'connected') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the port did not re-open');
}

test('refuse: new connects get ECONNREFUSED, keep-alive connections are closed, the port re-opens after forMs', async () => {
  const origin = await testOrigin();
  // An idle keep-alive connection from before the outage.
  const agent = new Agent({ keepAlive: true });
  const res = await new Promise<import('node:http').IncomingMessage>((resolve) => get(`${origin.url}/healthz`, { agent }, resolve));
  const kept = res.socket as Socket;
  res.resume();
  await once(res, 'end');
  const keptClosed = once(kept, 'close');

  const put = await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'refuse', forMs: 400 }] });
  assert.equal(put.json.listener, 'refuse');
  assert.equal(put.headers.get('connection'), 'close');
  await keptClosed;
  assert.equal(await fetchError(`${origin.url}/healthz`), 'ECONNREFUSED');
  const connect = await tcpConnect(origin.port, 1000);
  assert.equal(connect.outcome, 'ECONNREFUSED');
  assert.ok(connect.ms < 100, `refused after ${connect.ms} ms`);

  await reopened(origin.port);
  assert.equal(await fetchError(`${origin.url}/healthz`), 'HTTP 200');
  assert.deepEqual((await faultsApi(origin.url, 'GET')).json, { rules: [], listener: 'open' });
  assert.deepEqual((await stats(origin.url)).faults, { refuse: 1 });
  agent.destroy();
});

test('with an admin port: refuse without forMs, lifted there; the admin port serves only /_origin/*', async () => {
  const origin = await testOrigin({ adminPort: 0 });
  assert.ok(origin.adminUrl && origin.adminUrl !== origin.url);
  const admin = origin.adminUrl;
  const post = await faultsApi(admin, 'POST', { mode: 'refuse' });
  assert.equal(post.status, 201);
  assert.equal(await fetchError(`${origin.url}/healthz`), 'ECONNREFUSED');
  assert.equal(await fetchError(`${admin}/healthz`), 'HTTP 404');
  assert.equal((await faultsApi(admin, 'GET')).json.listener, 'refuse');
  const cleared = await faultsApi(admin, 'DELETE');
  assert.equal(cleared.json.listener, 'open');
  assert.equal(await fetchError(`${origin.url}/healthz`), 'HTTP 200', 'open again by the time DELETE answers');
});

test('blackhole: a client with a 1 s connect timeout times out after ~1 s (not refused), then the port recovers', async () => {
  const origin = await testOrigin({ adminPort: 0 });
  const put = await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'blackhole' }] });
  assert.equal(put.json.listener, 'blackhole');
  assert.equal(put.headers.get('connection'), 'close');
  const connect = await tcpConnect(origin.port, 1000);
  assert.equal(connect.outcome, 'timeout');
  assert.ok(connect.ms >= 990 && connect.ms < 3000, `timed out after ${connect.ms} ms`);
  assert.equal((await faultsApi(origin.adminUrl ?? '', 'DELETE')).json.listener, 'open');
  assert.equal(await fetchError(`${origin.url}/echo`), 'HTTP 200');
  assert.deepEqual((await stats(origin.url)).faults, { blackhole: 1 });
});

test('close() while refused or blackholed resolves promptly and frees the port', async () => {
  for (const mode of ['refuse', 'blackhole'] as const) {
    const origin = await startOrigin({ port: 0, logger: false });
    origin.faults.add({ mode });
    await origin.faults.settled();
    const started = performance.now();
    await origin.close();
    assert.ok(performance.now() - started < 3000, `${mode}: close took ${performance.now() - started} ms`);
    assert.equal((await tcpConnect(origin.port, 1000)).outcome, 'ECONNREFUSED', mode);
  }
});
