// WebSockets through the edge (docs/edge-rules.md "WebSockets"), with Node's own WebSocket client.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { loopbackOrigin, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'ws.localhost';

/** A `ws` client connection; every host name resolves to 127.0.0.1 (the edge's aliases are not in DNS here). */
function open(url: string): Promise<{ ws: WebSocket; next(): Promise<string>; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const lookup = (_host: string, opts: { all?: boolean }, cb: (err: null, address: unknown, family?: number) => void) =>
      opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4);
    const ws = new WebSocket(url, { lookup: lookup as never });
    const messages: string[] = [];
    const waiters: ((m: string) => void)[] = [];
    ws.on('message', (data) => {
      const m = data.toString();
      const w = waiters.shift();
      if (w) w(m);
      else messages.push(m);
    });
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('open', () => resolve({ ws, closed, next: () => (messages.length > 0 ? Promise.resolve(messages.shift()!) : new Promise((r) => waiters.push(r))) }));
    ws.on('error', (err) => reject(err));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('WebSockets', () => {
  let origin: Origin;
  let edge: Edge;
  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(
      `distributions:
  - id: EWS0000000001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingDisabled, originRequestPolicyId: Managed-AllViewerExceptHostHeader }
`,
      [],
      HOST,
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('a WebSocket through the edge: the origin gets the handshake (with Via and X-Amz-Cf-Id), messages go both ways, and either side closing closes the other', async () => {
    const port = new URL(edge.url).port;
    const c = await open(`ws://${HOST}:${port}/ws/echo?x=1`);
    const hello = JSON.parse(await c.next()) as { path: string; headers: Record<string, string> };
    assert.equal(hello.path, '/ws/echo?x=1');
    assert.match(hello.headers.via ?? '', /cachefront/);
    assert.ok(hello.headers['x-amz-cf-id']);
    assert.equal(hello.headers.upgrade, 'websocket');
    for (const m of ['one', 'two', 'x'.repeat(100_000)]) {
      c.ws.send(m);
      assert.equal(await c.next(), m);
    }
    c.ws.close(1000);
    assert.equal(await c.closed, 1000);
  });

  it('an unknown host or a path the origin has no WebSocket for: refused, and the edge keeps serving', async () => {
    const port = new URL(edge.url).port;
    await assert.rejects(open(`ws://nobody.localhost:${port}/ws/echo`));
    await assert.rejects(open(`ws://${HOST}:${port}/ws/none`));
    const c = await open(`ws://${HOST}:${port}/ws/echo`);
    await c.next();
    c.ws.close();
  });
});
