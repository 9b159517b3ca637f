// CloudFront's origin timeouts and connection attempts, measured against real sockets:
// a server that accepts and never answers (response timeout), one that resets every
// connection (attempts), and edge settings of 1 s so the test stays short.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startCli, startEdge, type Edge, type Proc } from './helpers.ts';

function listen(onSocket: (s: Socket) => void): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onSocket(s);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, sockets })));
}

describe('origin timeouts and connection attempts', () => {
  let edge: Edge;
  let holed: Proc;
  let holedAdmin = '';
  let holedPort = 0;
  let silent: Awaited<ReturnType<typeof listen>>;
  let resetting: Awaited<ReturnType<typeof listen>>;
  let accepted = 0;

  before(async () => {
    silent = await listen(() => undefined); // reads the request, never answers
    resetting = await listen((s) => {
      accepted++;
      s.resetAndDestroy();
    });
    // A real origin whose port black-holes new connections (a fault switched on through
    // its separate admin port), so connects time out instead of being refused.
    holed = await startCli(['origin', '--port', '0', '--admin-port', '0']);
    holedAdmin = String(holed.ready.adminUrl);
    holedPort = Number(new URL(String(holed.ready.url)).port);
    const res = await fetch(`${holedAdmin}/_origin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'blackhole' }) });
    assert.equal(res.status, 201, await res.text());
    const origin = (id: string, port: number, attempts: number) => `
      - id: ${id}
        domainName: 127.0.0.1
        connectionAttempts: ${attempts}
        connectionTimeout: 1
        customOriginConfig: { httpPort: ${port}, originReadTimeout: 1 }`;
    edge = await startEdge(
      `
distributions:
  - id: ETIME000000001
    aliases: [t.localhost]
    origins:${origin('silent', silent.port, 1)}${origin('resetting', resetting.port, 3)}${origin('holed', holedPort, 2)}
    defaultCacheBehavior: { targetOriginId: silent, cachePolicyId: Managed-CachingDisabled }
    cacheBehaviors:
      - pathPattern: /reset/*
        targetOriginId: resetting
        cachePolicyId: Managed-CachingDisabled
      - pathPattern: /holed/*
        targetOriginId: holed
        cachePolicyId: Managed-CachingDisabled
`,
      [],
      't.localhost',
      1,
    );
  });
  after(async () => {
    await edge?.stop();
    await holed?.stop();
    for (const s of [silent, resetting]) {
      for (const sock of s.sockets) sock.destroy();
      s.server.close();
    }
  });

  it('originReadTimeout: an origin that never answers is a 504 after about that long', async () => {
    const start = performance.now();
    const r = await edge.fetch('/slow');
    const elapsed = performance.now() - start;
    assert.equal(r.status, 504);
    assert.equal(r.headers['x-cache'], 'Error from cachefront');
    assert.ok(elapsed >= 950 && elapsed < 3000, `answered after ${Math.round(elapsed)} ms; originReadTimeout is 1 s`);
  });

  it('connectionTimeout x connectionAttempts: a black-holed origin answers 504 after attempts x timeout', async () => {
    const start = performance.now();
    const r = await edge.fetch('/holed/x');
    const elapsed = performance.now() - start;
    assert.equal(r.status, 504);
    assert.ok(elapsed >= 1900 && elapsed < 4000, `answered after ${Math.round(elapsed)} ms; 2 attempts x 1 s connection timeout`);
  });

  it('connectionAttempts: a connection that fails is tried that many times, then 502', async () => {
    accepted = 0;
    const r = await edge.fetch('/reset/x');
    assert.equal(r.status, 502);
    assert.equal(accepted, 3, 'three connection attempts');
  });
});
