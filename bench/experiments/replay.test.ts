// The replay's connections: idle ones closed before the edge's announced keep-alive timeout,
// and a request lost on a reused connection before any answer sent again (only that one).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createHttpServer, request } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { WorkloadRequest } from '../workload/workload.ts';
import { MAX_ATTEMPTS, replay, replayAgent } from './replay.ts';

const request$ = (i: number, path: string): WorkloadRequest => ({
  index: i, rank: 1, method: 'GET', path, query: '', headers: {}, country: 'DE', viewerAddress: '192.0.2.1', size: 10,
});

/**
 * A raw HTTP/1.1 server that acts out, per path, what an edge may do to a request:
 * `/ok` answers (10 bytes, keep-alive), `/second-reset` answers the first request on a
 * connection and resets the connection when the next one arrives on it (what a client
 * sees when the edge closed the idle connection as the request went out), `/reset`
 * resets at once, `/cut` sends the head and 4 of 10 body bytes, then resets.
 */
async function edgeActor(): Promise<{ url: string; arrivals: string[]; connections: () => number; close: () => Promise<void> }> {
  const arrivals: string[] = [];
  let connections = 0;
  const sockets = new Set<Socket>();
  const answer = (s: Socket) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Cache: Hit from cachefront\r\nConnection: keep-alive\r\n\r\n0123456789');
  const server: Server = createServer((s) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let buffered = '';
    let served = 0;
    s.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
        const path = buffered.slice(0, end).split(' ')[1] ?? '';
        buffered = buffered.slice(end + 4);
        arrivals.push(path);
        served++;
        if (path === '/reset' || (path === '/second-reset' && served > 1)) return void s.resetAndDestroy();
        if (path === '/cut') {
          s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-Cache: Miss from cachefront\r\n\r\n0123');
          return void setImmediate(() => s.resetAndDestroy());
        }
        answer(s);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('replay connections', () => {
  it('closes an idle connection 1 s before the Keep-Alive timeout the server announces', async () => {
    // node:http's server announces `Keep-Alive: timeout=2` and closes after 3 s (2 s + 1 s buffer).
    const server = createHttpServer({ keepAliveTimeout: 2000 }, (_req, res) => res.end('x'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const agent = replayAgent(4, 30_000);
    try {
      const socket = await new Promise<Socket>((resolve, reject) => {
        const req = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { agent }, (res) => {
          assert.equal(res.headers['keep-alive'], 'timeout=2');
          res.resume();
          req.socket!.once('free', () => resolve(req.socket!));
        });
        req.on('error', reject);
        req.end();
      });
      await new Promise((r) => setImmediate(r));
      // The agent's idle timer: without it (0) an idle connection stays in the pool until the
      // server closes it, and a request sent on it just then is reset.
      assert.equal(socket.timeout, 1000);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('sends a request again when its reused connection is reset before any answer', async () => {
    const edge = await edgeActor();
    try {
      const run = await replay({
        requests: [0, 1, 2].map((i) => request$(i, '/second-reset')),
        concurrency: 1,
        host: 'exp.localhost',
        route: () => ({ pop: 'FRA', url: edge.url }),
      });
      assert.deepEqual(
        run.records.map((r) => [r.status, r.result, r.bytes, r.error]),
        [[200, 'Hit', 10, undefined], [200, 'Hit', 10, undefined], [200, 'Hit', 10, undefined]],
      );
      // 1 and 2 each arrived twice: reset on the reused connection, answered on a new one.
      assert.equal(edge.arrivals.length, 5);
      assert.equal(edge.connections(), 3);
    } finally {
      await edge.close();
    }
  });

  it('does not send again what failed on a fresh connection, or was cut off after its head', async () => {
    const edge = await edgeActor();
    try {
      const run = await replay({
        requests: [request$(0, '/reset'), request$(1, '/cut')],
        concurrency: 1,
        host: 'exp.localhost',
        route: () => ({ pop: 'FRA', url: edge.url }),
      });
      const [reset, cut] = run.records;
      assert.equal(reset!.status, 0);
      assert.equal(reset!.result, 'Failed');
      assert.match(reset!.error ?? '', /ECONNRESET|socket hang up/);
      assert.equal(cut!.status, 200);
      assert.equal(cut!.result, 'Failed', 'a body cut off is a failure');
      assert.equal(cut!.bytes, 4);
      assert.deepEqual(edge.arrivals, ['/reset', '/cut'], 'each sent once');
      assert.ok(MAX_ATTEMPTS > 1);
    } finally {
      await edge.close();
    }
  });
});
