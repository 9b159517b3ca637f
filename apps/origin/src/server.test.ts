import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { pino } from 'pino';
import { createOriginApp } from './app.ts';
import { startOrigin } from './server.ts';
import { testOrigin } from './test-helpers.ts';

/** A pino logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

test('GET /healthz -> {status:"ok"}; unknown paths and methods -> 404', async () => {
  const origin = await testOrigin();
  const health = await fetch(`${origin.url}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  for (const [method, path] of [['GET', '/nope'], ['POST', '/cache/max-age=60'], ['PUT', '/index.html']] as const) {
    const res = await fetch(origin.url + path, { method });
    assert.equal(res.status, 404, `${method} ${path}`);
    await res.arrayBuffer();
  }
});

test('logs a startup line with the URL and one JSON line per request', async () => {
  const { logger, lines } = capturingLogger();
  const origin = await startOrigin({ port: 0, logger });
  assert.deepEqual(lines[0]?.url, origin.url);
  assert.match(String(lines[0]?.msg), new RegExp(`listening on ${origin.url}`));
  await (await fetch(`${origin.url}/status/418?x=1`)).arrayBuffer();
  await origin.close();
  const request = lines.find((line) => line.msg === 'request');
  assert.ok(request);
  assert.equal(request.method, 'GET');
  assert.equal(request.path, '/status/418');
  assert.equal(request.status, 418);
  assert.equal(typeof request.ms, 'number');
});

test('close() is graceful: stops accepting, finishes an in-flight /delay', async () => {
  const origin = await startOrigin({ port: 0, logger: false });
  const events: string[] = [];
  const inFlight = fetch(`${origin.url}/delay/300`);
  const [, res] = (await once(origin.server, 'request')) as [IncomingMessage, ServerResponse]; // it has arrived
  res.once('finish', () => events.push('response sent'));
  const closed = origin.close().then(() => events.push('closed'));
  assert.equal(origin.close(), origin.close(), 'close() is idempotent');
  // New connections are refused at once.
  await assert.rejects(fetch(`${origin.url}/healthz`));
  const response = await inFlight;
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('connection'), 'close');
  assert.deepEqual(await response.json(), { delayed: 300 });
  await closed;
  assert.deepEqual(events, ['response sent', 'closed']);
});

test('close() lets a response whose headers are already sent stream to the end', async () => {
  const origin = await startOrigin({ port: 0, logger: false });
  const n = 8 * 1024 * 1024;
  const response = await fetch(`${origin.url}/bytes/${n}`); // headers are in, body still flowing
  const closed = origin.close();
  let received = 0;
  for await (const chunk of response.body ?? []) received += chunk.byteLength;
  assert.equal(received, n);
  await closed; // resolves once the now-idle keep-alive connection is dropped
});

test('startOrigin rejects when the port is taken', async () => {
  const first = await testOrigin();
  await assert.rejects(startOrigin({ port: first.port, logger: false }), { code: 'EADDRINUSE' });
});

test('createOriginApp works without a server (app.request) and exposes its stats', async () => {
  let clock = Date.UTC(2025, 5, 1);
  const { app, stats } = createOriginApp({ now: () => clock });
  const res = await app.request('/echo/x?y=1', { headers: { cookie: 'a=1' } });
  const report = (await res.json()) as { path: string; query: string; cookies: Record<string, string> };
  assert.deepEqual([report.path, report.query, report.cookies], ['/echo/x', 'y=1', { a: '1' }]);
  clock += 1000;
  const cached = await app.request('/cache/expires=60');
  assert.equal(cached.headers.get('expires'), new Date(clock + 60_000).toUTCString());
  assert.equal(cached.headers.get('date'), new Date(clock).toUTCString());
  assert.deepEqual(stats.snapshot().byPath, { '/echo/x': 1, '/cache/expires=60': 1 });
});
