import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { ControlClient, type ControlEvent } from './client.ts';

/** A stand-in control plane: scripted stream per connection, records acks and stream queries. */
async function fakeControlPlane(script: (res: ServerResponse, since: number, n: number) => void) {
  const acks: number[] = [];
  const queries: URLSearchParams[] = [];
  const auth: string[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    auth.push(String(req.headers.authorization));
    if (url.pathname === '/v1/edges/stream') {
      queries.push(url.searchParams);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      script(res, Number(url.searchParams.get('since')), connections++);
      return;
    }
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      acks.push((JSON.parse(body) as { seq: number }).seq);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, acks, queries, auth, server, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const sse = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
const log = pino({ level: 'silent' });

async function until(pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('ControlClient', () => {
  it('says its tier when it is a parent, and hands on Origin Shield routes as they come (unacked; unreadable ones kept out)', async () => {
    const route = { distributionId: 'E1', originId: 'app', region: 'us-east-1', shield: { edgeId: 'iad-shield', url: 'http://127.0.0.1:8090' } };
    const cp = await fakeControlPlane((res) => {
      sse(res, 'hello', { edgeId: 'e1', seq: 0, heartbeatMs: 60_000 });
      sse(res, 'parents', { routes: [{ ...route, shield: { edgeId: 'x', url: 'not a url' } }] });
      sse(res, 'parents', { routes: [route] });
    });
    const got: unknown[] = [];
    const client = new ControlClient({ url: cp.url, token: 'T', edgeId: 'e1', pop: 'IAD', tier: 'regional', since: 0, log, apply: async () => {}, parents: (routes) => got.push(routes) });
    client.start();
    await until(() => got.length === 1, 'the routes');
    await client.stop();
    await cp.close();
    assert.deepEqual(got, [[route]]);
    assert.equal(cp.queries[0]!.get('tier'), 'regional');
    assert.deepEqual(cp.acks, [0], 'only the hello ack');
  });

  it('applies events one at a time in order, acks each after applying, skips replays', async () => {
    const cp = await fakeControlPlane((res) => {
      sse(res, 'hello', { edgeId: 'e1', seq: 3, heartbeatMs: 60_000 });
      sse(res, 'invalidation', { seq: 2, id: 'I1', distributionId: 'E1', paths: ['/a'] });
      sse(res, 'config', { seq: 3, config: { distributions: [] } });
      sse(res, 'config', { seq: 3, config: { distributions: [] } }); // a replay
    });
    const applied: ControlEvent[] = [];
    let running = 0;
    const client = new ControlClient({
      url: cp.url,
      token: 'T',
      edgeId: 'e1',
      pop: 'FRA',
      since: 1,
      log,
      apply: async (ev) => {
        assert.equal(running++, 0, 'never two events at once');
        await new Promise((r) => setTimeout(r, 5));
        applied.push(ev);
        running--;
      },
    });
    client.start();
    await until(() => cp.acks.includes(3), 'ack of seq 3');
    await client.stop();
    await cp.close();
    assert.deepEqual(applied.map((e) => [e.type, e.seq]), [['invalidation', 2], ['config', 3]]);
    assert.deepEqual(cp.acks.slice(0, 3), [1, 2, 3], 'hello ack (where it is), then one per event in order');
    assert.equal(client.seq, 3);
    assert.equal(cp.queries[0]!.get('since'), '1');
    assert.equal(cp.queries[0]!.get('pop'), 'FRA');
    assert.ok(cp.auth.every((a) => a === 'Bearer T'));
  });

  it('reconnects after the stream ends, asking from what it applied', async () => {
    const cp = await fakeControlPlane((res, since, n) => {
      sse(res, 'hello', { edgeId: 'e1', seq: 5, heartbeatMs: 60_000 });
      if (n === 0) {
        sse(res, 'config', { seq: 5, config: {} });
        res.end(); // the control plane goes away
      }
    });
    const client = new ControlClient({ url: cp.url, token: 'T', edgeId: 'e1', pop: 'FRA', since: 0, log, apply: async () => undefined, minBackoffMs: 5 });
    client.start();
    await until(() => cp.queries.length >= 2, 'a second connection');
    await client.stop();
    await cp.close();
    assert.equal(cp.queries[0]!.get('since'), '0');
    assert.equal(cp.queries[1]!.get('since'), '5');
  });

  it('a silent stream (no ping within three heartbeats) is dropped and reopened', async () => {
    const cp = await fakeControlPlane((res) => {
      sse(res, 'hello', { edgeId: 'e1', seq: 0, heartbeatMs: 30 });
      // ... and then nothing, with the connection left open.
    });
    const client = new ControlClient({ url: cp.url, token: 'T', edgeId: 'e1', pop: 'FRA', since: 0, log, apply: async () => undefined, minBackoffMs: 5 });
    client.start();
    await until(() => cp.queries.length >= 2, 'a reconnect after silence');
    await client.stop();
    cp.server.closeAllConnections();
    await cp.close();
  });

  it('a refused stream (401) is retried with backoff, never treated as connected', async () => {
    let attempts = 0;
    const server = createServer((_req, res) => {
      attempts++;
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"InvalidToken"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new ControlClient({ url, token: 'bad', edgeId: 'e1', pop: 'FRA', since: 0, log, apply: async () => undefined, minBackoffMs: 5 });
    client.start();
    await until(() => attempts >= 3, 'three attempts');
    assert.notEqual(client.state, 'connected');
    await client.stop();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
