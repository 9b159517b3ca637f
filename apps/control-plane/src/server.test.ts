import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startControlPlane, StartupError } from './server.ts';
import { eventually, rawDistribution, SseReader, tempDir } from './test-support.ts';
import { mintToken } from './auth/tokens.ts';

/** A pino logger whose lines land in `lines`. */
function capture(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

test('over HTTP: an edge streams hello, pings and live events; acks deploy; close ends the stream', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { logger, lines } = capture();
  const cp = await startControlPlane({ port: 0, dataPath: join(dir, 'state', 'cp.db'), env: {}, logger, heartbeatMs: 50 });
  let closed = false;
  t.after(async () => {
    if (!closed) await cp.close();
  });

  // No secret given: generated next to the database, mode 0600; logged by source, never by value.
  const secretFile = join(dir, 'state', 'jwt-secret');
  assert.equal(statSync(secretFile).mode & 0o777, 0o600);
  const listening = lines.find((l) => String(l.msg).startsWith('control plane listening on '));
  assert.equal(listening?.msg, `control plane listening on ${cp.url}`);
  assert.match(String(listening?.jwt), /jwt-secret/);
  const secret = readFileSync(secretFile, 'utf8').trim();
  assert.ok(!JSON.stringify(lines).includes(secret), 'the secret is never logged');

  const auth = (scope: string) => ({ authorization: `Bearer ${mintToken({ scope: [scope], key: secret })}` });
  const res = await fetch(`${cp.url}/v1/edges/stream?edge=http-1&pop=FRA&since=0`, { headers: auth('edge') });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const edge = new SseReader(res.body as ReadableStream<Uint8Array>);
  assert.deepEqual(await edge.next({ pings: true }), { event: 'hello', data: { edgeId: 'http-1', seq: 0, heartbeatMs: 50 } });
  assert.deepEqual(await edge.next({ pings: true }), { event: 'ping', data: { seq: 0 } });

  const created = await fetch(`${cp.url}/v1/distributions`, {
    method: 'POST',
    headers: { ...auth('write'), 'content-type': 'application/json' },
    body: JSON.stringify(rawDistribution()),
  });
  const d = (await created.json()) as { id: string; status: string };
  assert.equal(created.status, 201);
  assert.equal(d.status, 'InProgress');
  const config = await edge.next();
  assert.equal(config.event, 'config');
  assert.equal(config.data.config.distributions[0].id, d.id);
  assert.ok(lines.some((l) => l.op === 'distribution.create' && l.id === d.id && l.seq === 1), 'the mutation is logged');

  const waiting = fetch(`${cp.url}/v1/distributions/${d.id}?wait=10`, { headers: auth('read') }).then((r) => r.json() as Promise<{ status: string }>);
  const ack = await fetch(`${cp.url}/v1/edges/http-1/acks`, { method: 'POST', headers: { ...auth('edge'), 'content-type': 'application/json' }, body: '{"seq":1}' });
  assert.equal(ack.status, 204);
  assert.equal((await waiting).status, 'Deployed');

  // An edge that goes away is noticed (its stream is no longer connected).
  const abort = new AbortController();
  const gone = await fetch(`${cp.url}/v1/edges/stream?edge=http-2&pop=FRA&since=1`, { headers: auth('edge'), signal: abort.signal });
  await new SseReader(gone.body as ReadableStream<Uint8Array>).next();
  const connected = async (id: string) => {
    const list = (await (await fetch(`${cp.url}/v1/edges`, { headers: auth('read') })).json()) as { items: { id: string; connected: boolean }[] };
    return list.items.find((e) => e.id === id)?.connected;
  };
  assert.equal(await connected('http-2'), true);
  abort.abort();
  await eventually(async () => (await connected('http-2')) === false);

  // Graceful close: the open stream ends, close resolves, the port is free.
  const started = Date.now();
  await cp.close();
  closed = true;
  await edge.end();
  assert.ok(Date.now() - started < 1500, `closed promptly (${Date.now() - started} ms)`);
  await assert.rejects(fetch(`${cp.url}/healthz`));
});

test('a port already in use is a StartupError that says so', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
  t.after(() => blocker.close());
  const port = (blocker.address() as { port: number }).port;
  const { logger } = capture();
  await assert.rejects(
    startControlPlane({ port, dataPath: join(dir, 'cp.db'), env: { CACHEFRONT_JWT_SECRET: 's' }, logger }),
    (err: unknown) => err instanceof StartupError && /port \d+ on 127\.0\.0\.1 is already in use/.test(err.message),
  );
});

test('an unreadable key file is a StartupError', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(
    startControlPlane({ port: 0, dataPath: join(dir, 'cp.db'), jwtPublicKeyFile: join(dir, 'missing.pem'), env: {}, logger: capture().logger }),
    (err: unknown) => err instanceof StartupError && /cannot read the JWT public key file/.test(err.message),
  );
});
