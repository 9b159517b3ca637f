// Usage reaches the control plane once per request served, also when an edge worker stops
// answering for a while (a long GC pause, a descheduled VM): acks keep coming every
// heartbeat meanwhile, their drains wait for the worker, and its late replies must be
// counted once (apps/edge-node/src/primary/usage-drain.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, eventually, get, startControlPlane, startOrigin, startPopEdge, type ControlPlane, type Origin, type Proc } from './helpers.ts';

const HOST = 'usage.localhost';

describe('usage through the control plane', () => {
  let origin: Origin;
  let cp: ControlPlane;
  let edge: Proc;
  let call: ReturnType<typeof apiClient>;
  let distId = '';

  before(async () => {
    process.env.CACHEFRONT_TEST_HOOKS = '1'; // the edge below inherits it: POST /debug/stall
    origin = await startOrigin();
    cp = await startControlPlane('cachefront-usage-');
    call = apiClient(cp.url, cp.token('write'));
    edge = await startPopEdge(cp, 'FRA', cp.token('edge'));
    await eventually(async () => (await call('GET', '/v1/edges')).body.items.some((e: { status: string }) => e.status === 'live'), 'the edge live');
    const created = await call('POST', '/v1/distributions', {
      aliases: [HOST],
      origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port } }],
      defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    distId = created.body.id;
    assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
  });
  after(async () => {
    await edge?.stop();
    await cp?.stop();
    await origin?.stop();
  });

  /** When the control plane last heard from the edge (every ack). */
  const lastSeen = async (): Promise<string> => (await call('GET', '/v1/edges')).body.items[0].lastSeen;
  /** Resolves once `n` more acks arrived (lastSeen moved `n` times). */
  const acks = async (n: number, what: string) => {
    let seen = await lastSeen();
    for (let i = 0; i < n; i++) {
      const before = seen;
      seen = await eventually(async () => {
        const now = await lastSeen();
        return now !== before && now;
      }, what, 10_000, 20);
    }
  };
  const usage = async (): Promise<number> => (await call('GET', `/v1/distributions/${distId}/usage`)).body.totals?.requests ?? 0;

  it('a worker that stops answering for several heartbeats: each request is counted once', async () => {
    const admin = String(edge.ready.adminUrl);
    let served = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10; i++) {
        const r = await get(`${edge.ready.url}/bytes/100?i=${i}`, { headers: { host: HOST } });
        assert.equal(r.status, 200);
        served++;
      }
      // Frozen with (most likely) these requests still uncounted: acks go on every 200 ms,
      // their drains wait for the worker (1 s at most, then the next ack's drain takes the reply).
      // The stall (longer than that) blocks one worker thread, as SIGSTOP did a worker process.
      const stall = await get(`${admin}/debug/stall?ms=1500`, { method: 'POST' });
      assert.equal(stall.status, 200, 'the edge runs with CACHEFRONT_TEST_HOOKS=1');
      await acks(2, 'acks while the worker is stopped');
    }
    // Every request counted (a lost one never is: then the deadline), and nothing more a few acks later.
    await eventually(async () => (await usage()) >= served, 'usage of every request', 10_000).catch(() => undefined);
    await acks(3, 'acks after the worker is back');
    assert.equal(await usage(), served, `the control plane's count of ${served} requests`);
  });
});
