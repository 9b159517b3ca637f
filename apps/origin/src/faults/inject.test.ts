import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { beforeEach, test } from 'node:test';
import { createOriginApp } from '../app.ts';
import { startOrigin } from '../server.ts';
import { faultsApi, testOrigin } from '../test-helpers.ts';

const origin = await testOrigin();
beforeEach(() => faultsApi(origin.url, 'DELETE'));

interface Timed {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** 1xx responses seen before the final one. */
  interim: number[];
  /** ms from sending the request. */
  headersAt: number;
  chunks: { at: number; bytes: number }[];
  body: string;
}

/** GET over a fresh connection, timing the headers and every body chunk; rejects with the socket error. */
function timedGet(path: string, base = origin.url): Promise<Timed> {
  const started = performance.now();
  const since = () => performance.now() - started;
  return new Promise((resolve, reject) => {
    const interim: number[] = [];
    const req = request(`${base}${path}`, { agent: false }, (res) => {
      const headersAt = since();
      const chunks: Timed['chunks'] = [];
      let body = '';
      res.on('data', (chunk: Buffer) => {
        chunks.push({ at: since(), bytes: chunk.length });
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, interim, headersAt, chunks, body }));
      res.on('error', reject);
    });
    req.on('information', (info) => interim.push(info.statusCode));
    req.on('error', reject);
    req.end();
  });
}

test('status: that status, a body saying it is a fault, extra headers; 204 has no body', async () => {
  await faultsApi(origin.url, 'PUT', {
    rules: [
      { path: '/cache/*', mode: 'status', status: 503, headers: { 'Cache-Control': 'max-age=10', 'Retry-After': '5' } },
      { path: '/echo', mode: 'status', status: 204 },
    ],
  });
  const res = await timedGet('/cache/max-age=60');
  assert.equal(res.status, 503);
  assert.equal(res.headers['cache-control'], 'max-age=10');
  assert.equal(res.headers['retry-after'], '5');
  assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(res.body, '503 Service Unavailable (injected fault)\n');
  const empty = await timedGet('/echo');
  assert.deepEqual([empty.status, empty.body], [204, '']);
});

test('status 1xx: an interim response, then the real one (RFC 9110 §15.2)', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'status', status: 103, headers: { Link: '</style.css>; rel=preload' } }] });
  const res = await timedGet('/status/200');
  assert.deepEqual(res.interim, [103]);
  assert.equal(res.status, 200);
  assert.equal(res.body, '200 OK\n');
});

test('hang: no answer until the rule is cleared, then the request is served', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/echo', mode: 'hang' }] });
  let answered = false;
  const pending = timedGet('/echo').then((res) => ((answered = true), res));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(answered, false);
  assert.equal((await timedGet('/status/200')).status, 200, 'other paths are unaffected');
  await faultsApi(origin.url, 'DELETE');
  const res = await pending;
  assert.equal(res.status, 200);
  assert.ok(res.headersAt >= 195, `answered after ${res.headersAt} ms`);
});

test('hang with forMs: a timed outage, released when it ends (no request needed)', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ mode: 'hang', forMs: 300 }] });
  const res = await timedGet('/status/200');
  assert.equal(res.status, 200);
  assert.ok(res.headersAt >= 250 && res.headersAt < 1500, `answered after ${res.headersAt} ms`);
  assert.deepEqual((await faultsApi(origin.url, 'GET')).json.rules, []);
});

test('hang: closing the origin drops held requests, so close() is prompt', async () => {
  const own = await startOrigin({ port: 0, logger: false });
  own.faults.add({ mode: 'hang' });
  const pending = timedGet('/echo', own.url);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  await own.close();
  const took = performance.now() - started;
  await assert.rejects(pending, { code: 'ECONNRESET' });
  assert.ok(took < 500, `close took ${took} ms`);
});

test('hang: a client that gives up ends the held request', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/echo', mode: 'hang' }] });
  const arrived = once(origin.server, 'request') as Promise<[IncomingMessage, ServerResponse]>;
  const abort = new AbortController();
  const pending = fetch(`${origin.url}/echo`, { signal: abort.signal });
  const [, res] = await arrived;
  abort.abort();
  await assert.rejects(pending, { name: 'AbortError' });
  await once(res, 'close');
  assert.equal(res.writableFinished, false, 'closed without a response');
});

test('slow-headers: status line and headers after delayMs, then the body at once', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/bytes/*', mode: 'slow-headers', delayMs: 250 }] });
  const res = await timedGet('/bytes/1000');
  assert.equal(res.status, 200);
  assert.equal(res.chunks.reduce((n, c) => n + c.bytes, 0), 1000);
  assert.ok(res.headersAt >= 245, `headers after ${res.headersAt} ms`);
  const last = res.chunks.at(-1)?.at ?? 0;
  assert.ok(last - res.headersAt < 100, `body took ${last - res.headersAt} ms`);
});

test('slow-body: headers at once, then chunkBytes pieces delayMs apart', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/status/*', mode: 'slow-body', delayMs: 150, chunkBytes: 2 }] });
  const res = await timedGet('/status/200');
  assert.equal(res.status, 200);
  assert.equal(res.body, '200 OK\n', 'the body is intact');
  assert.ok(res.headersAt < 100, `headers after ${res.headersAt} ms`);
  assert.deepEqual(res.chunks.map((c) => c.bytes), [2, 2, 2, 1]);
  const gaps = res.chunks.slice(1).map((c, i) => c.at - res.chunks[i]!.at);
  // Timers never fire early, but a piece read late makes the next gap look short: each gap
  // is bounded loosely, their sum tightly (3 delays of 150 ms, minus read jitter).
  for (const gap of gaps) assert.ok(gap >= 100 && gap < 400, `gaps ${gaps.join(', ')} ms`);
  assert.ok(gaps.reduce((a, b) => a + b, 0) >= 420, `gaps ${gaps.join(', ')} ms`);
});

test('reset: the connection is reset without a response', async () => {
  await faultsApi(origin.url, 'PUT', { rules: [{ path: '/echo', mode: 'reset', times: 1 }] });
  await assert.rejects(timedGet('/echo'), { code: 'ECONNRESET' });
  assert.equal((await timedGet('/echo')).status, 200);
});

test('without sockets (app.request): status and slow-headers act; reset is a network error', async () => {
  const { app, faults, stats } = createOriginApp();
  faults.replace([
    { path: '/a', mode: 'status', status: 500 },
    { path: '/b', mode: 'reset' },
    { path: '/c', mode: 'slow-headers', delayMs: 1 },
  ]);
  assert.equal((await app.request('/a')).status, 500);
  assert.equal((await app.request('/b')).type, 'error');
  assert.equal((await app.request('/c')).status, 404);
  assert.deepEqual(stats.snapshot().faults, { status: 1, reset: 1, 'slow-headers': 1 });
});
