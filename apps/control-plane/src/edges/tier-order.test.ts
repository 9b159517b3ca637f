import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EdgeTier } from '@cachefront/protocol';
import { Harness, rawDistribution, type SseReader } from '../test-support.ts';
import type { EdgeState } from './edge-registry.ts';
import { parentsBehind } from './tier-order.ts';

function edge(id: string, tier: EdgeTier | undefined, appliedSeq: number): EdgeState {
  return { id, pop: 'IAD', ...(tier === undefined ? {} : { tier }), status: 'live', connected: true, appliedSeq, firstSeen: 0, lastSeen: 0 };
}

test('parentsBehind: shields first, then regional edge caches, then POPs; only live parents hold back', () => {
  const edges = [edge('s', 'shield', 5), edge('r', 'regional', 4), edge('p', 'pop', 3)];
  const ids = (tier: EdgeTier, seq: number) => parentsBehind(tier, seq, edges).map((e) => e.id);
  assert.deepEqual(ids('shield', 9), [], 'nothing is above a shield');
  assert.deepEqual(ids('regional', 5), []);
  assert.deepEqual(ids('regional', 6), ['s']);
  assert.deepEqual(ids('pop', 5), ['r']);
  assert.deepEqual(ids('pop', 6), ['s', 'r']);
  edges[0]!.status = 'down';
  assert.deepEqual(ids('pop', 6), ['r'], 'a down shield holds nothing back');
  // An edge that did not say its tier (an older edge) is a POP: held back, never holding back.
  assert.deepEqual(parentsBehind('pop', 9, [edge('old', undefined, 0)]), []);
});

/** Reads `stream` (pings included) until a ping says the head is at `seq`: every event sent before it has arrived. */
async function eventsBeforeHead(stream: SseReader, seq: number): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    const e = await stream.next({ pings: true });
    if (e.event === 'ping' && e.data.seq >= seq) return seen;
    if (e.event !== 'ping') seen.push(e.event);
  }
}

const SHIELDED = { origins: [{ id: 'app', domainName: 'origin.example.com', originShield: { enabled: true, originShieldRegion: 'us-east-1' } }] };

async function shieldAndPop(h: Harness): Promise<{ id: string; etag: string; shield: SseReader; pop: SseReader }> {
  const d = await h.distribution(SHIELDED);
  const shield = await h.stream('edge=iad-shield&pop=IAD&since=0&tier=shield&url=http://127.0.0.1:8090');
  const pop = await h.stream('edge=fra-1&pop=FRA&since=0');
  for (const s of [shield, pop]) assert.deepEqual([(await s.next()).event, (await s.next()).event], ['hello', 'config']);
  assert.equal((await pop.next()).event, 'parents');
  await h.ack('iad-shield', 1);
  await h.ack('fra-1', 1);
  return { ...d, shield, pop };
}

test('an invalidation reaches the POPs only once the shield acked it; later events wait behind it', async (t) => {
  const h = new Harness({ heartbeatMs: 10 });
  t.after(() => h.close());
  const { id, etag, shield, pop } = await shieldAndPop(h);

  const inv = await h.call('POST', `/v1/distributions/${id}/invalidations`, { body: { callerReference: 'r', paths: ['/a'] } });
  assert.deepEqual(await shield.next(), { event: 'invalidation', data: { seq: 2, id: inv.body.id, distributionId: id, paths: ['/a'] } });
  // A config change after it: the shield gets it at once; the POP gets neither yet (the
  // pings sent after both carry head 3, so anything sent before them has arrived).
  await h.call('PUT', `/v1/distributions/${id}`, { body: rawDistribution({ ...SHIELDED, comment: 'v2' }), headers: { 'if-match': etag } });
  assert.equal((await shield.next()).data.seq, 3);
  assert.deepEqual(await eventsBeforeHead(pop, 3), [], 'held until the shield acks');
  assert.equal((await h.call('GET', `/v1/distributions/${id}/invalidations/${inv.body.id}`)).body.status, 'InProgress');

  await h.ack('iad-shield', 2);
  assert.deepEqual(await pop.next(), { event: 'invalidation', data: { seq: 2, id: inv.body.id, distributionId: id, paths: ['/a'] } });
  assert.equal((await pop.next()).data.seq, 3, 'then the config change, in seq order');
  await h.ack('fra-1', 3);
  assert.equal((await h.call('GET', `/v1/distributions/${id}/invalidations/${inv.body.id}`)).body.status, 'Completed');

  // A POP catching up on an invalidation the shield has not applied waits for it too.
  await h.ack('iad-shield', 3);
  await pop.close();
  await h.call('POST', `/v1/distributions/${id}/invalidations`, { body: { callerReference: 'r2', paths: ['/b'] } });
  assert.equal((await shield.next()).event, 'invalidation');
  const again = await h.stream('edge=fra-1&pop=FRA&since=3');
  assert.deepEqual(await eventsBeforeHead(again, 4), ['hello', 'parents']);
  await h.ack('iad-shield', 4);
  assert.equal((await again.next()).data.seq, 4);
  await Promise.all([again.close(), shield.close()]);
});

test('a shield that stops acking holds the POPs back only until it is down, or for the edge timeout while it stays live', async (t) => {
  const h = new Harness({ heartbeatMs: 60_000, edgeTimeoutMs: 10_000 });
  t.after(() => h.close());
  const { id, shield, pop } = await shieldAndPop(h);
  const invalidate = (ref: string) => h.call('POST', `/v1/distributions/${id}/invalidations`, { body: { callerReference: ref, paths: ['/x'] } });

  // Live (its heartbeat acks arrive) but not applying: sent anyway after the edge timeout.
  await invalidate('stuck');
  h.clock.advance(10_000);
  await h.ack('iad-shield', 1);
  h.cp.sweep();
  h.clock.advance(1);
  await h.ack('iad-shield', 1);
  h.cp.sweep();
  assert.equal((await pop.next()).data.seq, 2);

  // Silent: once the sweep marks it down, it holds nothing back.
  await h.ack('fra-1', 2);
  await invalidate('silent');
  h.clock.advance(10_001);
  await h.ack('fra-1', 2);
  assert.deepEqual(h.cp.sweep().map((e) => e.id), ['iad-shield']);
  assert.deepEqual((await pop.next()).data, { routes: [{ distributionId: id, originId: 'app', region: 'us-east-1' }] }, 'a down shield is no longer a parent');
  assert.equal((await pop.next()).data.seq, 3);
  await Promise.all([pop.close(), shield.close()]);
});
