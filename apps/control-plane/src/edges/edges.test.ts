import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, Harness, rawDistribution, SECRET } from '../test-support.ts';
import { mintToken } from '../auth/tokens.ts';

test('hello, catch-up snapshot, then live config and invalidation events in seq order; acks deploy and complete', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const d = await h.distribution();
  await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'before', paths: ['/old'] } });

  const edge = await h.stream('edge=fra-1&pop=FRA&since=0');
  assert.deepEqual(await edge.next(), { event: 'hello', data: { edgeId: 'fra-1', seq: 2, heartbeatMs: 60_000 } });
  const snap = await edge.next();
  assert.equal(snap.event, 'config');
  // A fresh edge gets no invalidations (empty cache); its snapshot brings it to the head.
  assert.equal(snap.data.seq, 2);
  assert.deepEqual(snap.data.config, { distributions: [d.body.distributionConfig], cachePolicies: [], originRequestPolicies: [], responseHeadersPolicies: [], originAccessControls: [], publicKeys: [], keyGroups: [], trustedProxies: [], functions: [], lambdaFunctions: [], keyValueStores: [], realtimeLogConfigs: [] });

  const get = async (wait = '') => (await h.call('GET', `/v1/distributions/${d.id}${wait}`)).body.status;
  assert.equal(await get(), 'InProgress', 'a live edge that has not acked holds it back');
  assert.equal((await h.ack('fra-1', 2)).status, 204);
  assert.equal(await get(), 'Deployed');

  const updated = await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution({ comment: 'v2' }), headers: { 'if-match': d.etag } });
  assert.equal(updated.body.status, 'InProgress');
  const live = await edge.next();
  assert.equal(live.event, 'config');
  assert.equal(live.data.seq, 3);
  assert.equal(live.data.config.distributions[0].comment, 'v2');
  const waiting = get('?wait=10');
  await h.ack('fra-1', 3);
  assert.equal(await waiting, 'Deployed', 'the long-poll answers on the ack');

  const inv = await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'live', paths: ['/new', '/img/*'] } });
  assert.equal(inv.body.status, 'InProgress');
  assert.deepEqual(await edge.next(), { event: 'invalidation', data: { seq: 4, id: inv.body.id, distributionId: d.id, paths: ['/new', '/img/*'] } });
  await h.ack('fra-1', 4);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}/invalidations/${inv.body.id}`)).body.status, 'Completed');

  // Disabled distributions stay in the snapshot (edges skip them); deleted ones leave it.
  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  const off = await edge.next();
  assert.equal(off.data.seq, 5);
  assert.equal(off.data.config.distributions[0].enabled, false);
  await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': disabled.headers.get('etag') as string } });
  const gone = await edge.next();
  assert.equal(gone.data.seq, 6);
  assert.deepEqual(gone.data.config.distributions, []);

  const edges = (await h.call('GET', '/v1/edges', { token: h.token('read') })).body;
  assert.deepEqual(edges, {
    quantity: 1,
    items: [
      {
        id: 'fra-1',
        pop: 'FRA',
        status: 'live',
        appliedSeq: 4,
        connected: true,
        lastSeen: new Date(h.clock.now()).toISOString(),
        firstSeen: new Date(h.clock.now()).toISOString(),
        // The POP's catalog entry, and its traffic from acks (none carried usage here).
        latitude: 50.0379,
        longitude: 8.5622,
        pricingRegion: 'Europe & Israel',
        awsRegion: 'eu-central-1',
        stats: { requests: 0, hits: 0, misses: 0, errors: 0, bytesOut: 0, hitRatio: null },
      },
    ],
  });
  assert.deepEqual((await h.call('GET', '/healthz')).body, { status: 'ok', seq: 6, edges: { live: 1, down: 0 } });
  await edge.close();
});

test('an edge past its timeout is marked down and stops holding statuses back', async (t) => {
  const h = new Harness({ edgeTimeoutMs: 10_000 });
  t.after(() => h.close());
  const d = await h.distribution();
  const edge = await h.stream('edge=slow&pop=NRT&since=0');
  await h.ack('slow', 1);
  const inv = await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'r', paths: ['/x'] } });
  assert.equal(inv.body.status, 'InProgress');
  const url = `/v1/distributions/${d.id}/invalidations/${inv.body.id}`;

  h.clock.advance(10_000);
  assert.deepEqual(h.cp.sweep(), [], 'still within the timeout');
  const waiting = h.call('GET', `${url}?wait=10`);
  h.clock.advance(1);
  assert.deepEqual(
    h.cp.sweep().map((e) => e.id),
    ['slow'],
  );
  assert.equal((await waiting).body.status, 'Completed', 'the sweep wakes the long-poll');
  const edges = (await h.call('GET', '/v1/edges')).body.items;
  assert.equal(edges[0].status, 'down');
  assert.equal(edges[0].connected, true, 'its stream is still open, but it has not acked');
  const update = await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution({ comment: 'x' }), headers: { 'if-match': d.etag } });
  assert.equal(update.body.status, 'Deployed', 'a down edge holds nothing back');
  assert.deepEqual((await h.call('GET', '/healthz')).body.edges, { live: 0, down: 1 });

  // It comes back: it holds new changes again; Completed stays Completed.
  await h.ack('slow', 1);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'InProgress');
  assert.equal((await h.call('GET', url)).body.status, 'Completed');
  await edge.close();
});

test('a reconnect with since catches up on what it missed, in seq order; the same id replaces the old stream', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const d = await h.distribution();
  const first = await h.stream('edge=ams-1&pop=AMS&since=0');
  await first.next(); // hello
  await first.next(); // config 1
  await h.ack('ams-1', 1);
  await first.close();
  const connected = async () => (await h.call('GET', '/v1/edges')).body.items[0].connected as boolean;
  await eventually(async () => !(await connected())); // the closed stream is noticed

  // Missed while away: invalidation (2), config change (3), invalidation (4).
  const inv = (ref: string, path: string) => h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: ref, paths: [path] } });
  const i2 = (await inv('r2', '/two')).body;
  await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution({ comment: 'while away' }), headers: { 'if-match': d.etag } });
  const i4 = (await inv('r4', '/four')).body;
  assert.equal(i2.status, 'InProgress', 'the edge is still live (not timed out), so it holds them');

  const again = await h.stream('edge=ams-1&pop=AMS&since=1');
  assert.deepEqual(await again.next(), { event: 'hello', data: { edgeId: 'ams-1', seq: 4, heartbeatMs: 60_000 } });
  const events = [await again.next(), await again.next(), await again.next()];
  assert.deepEqual(
    events.map((e) => [e.event, e.data.seq]),
    [
      ['invalidation', 2],
      ['config', 3],
      ['invalidation', 4],
    ],
  );
  assert.equal(events[0]?.data.id, i2.id);
  assert.equal(events[1]?.data.config.distributions[0].comment, 'while away');
  assert.equal(events[2]?.data.id, i4.id);
  await h.ack('ams-1', 4);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}/invalidations/${i4.id}`)).body.status, 'Completed');

  // Same id again: the previous stream is ended, the new one gets hello (nothing to catch up).
  const third = await h.stream('edge=ams-1&pop=AMS&since=4');
  await again.end();
  assert.deepEqual((await third.next()).data, { edgeId: 'ams-1', seq: 4, heartbeatMs: 60_000 });
  assert.equal((await h.call('GET', '/v1/edges')).body.items[0].connected, true, 'the replaced stream does not mark it disconnected');

  // An edge claiming more than the head (another control plane's seq) starts afresh.
  const foreign = await h.stream('edge=other&pop=AMS&since=99');
  await foreign.next();
  const snap = await foreign.next();
  assert.deepEqual([snap.event, snap.data.seq], ['config', 4]);
  await third.close();
  await foreign.close();
});

test('pings every heartbeat carry the head', async (t) => {
  const h = new Harness({ heartbeatMs: 20 });
  t.after(() => h.close());
  await h.distribution();
  const edge = await h.stream('edge=pinged&pop=FRA&since=1');
  assert.equal((await edge.next({ pings: true })).event, 'hello');
  assert.deepEqual(await edge.next({ pings: true, ms: 2000 }), { event: 'ping', data: { seq: 1 } });
  await edge.close();
});

test('stream and ack requests are validated', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const edgeToken = h.token('edge');
  const table: [query: string, paths: string[]][] = [
    ['', ['edge', 'pop']],
    ['edge=a&pop=FRA&since=-1', ['since']],
    ['edge=a&pop=FRA&since=1.5', ['since']],
    ['edge=a b&pop=fra', ['edge', 'pop']],
    [`edge=${'x'.repeat(65)}&pop=FRANKFURT-MAIN-99`, ['edge', 'pop']],
  ];
  for (const [query, paths] of table) {
    const r = await h.call('GET', `/v1/edges/stream?${query}`, { token: edgeToken });
    assert.equal(r.status, 400, query);
    assert.equal(r.body.error.code, 'InvalidArgument');
    assert.deepEqual(
      r.body.error.issues.map((i: { path: string }) => i.path),
      paths,
      query,
    );
  }
  assert.equal((await h.ack('never-seen', 1)).body.error.code, 'NoSuchResource');
  const edge = await h.stream('edge=v&pop=FRA');
  for (const body of [{ seq: -1 }, { seq: 'x' }, { seq: 1.5 }, {}, []]) {
    const r = await h.call('POST', '/v1/edges/v/acks', { body, token: edgeToken });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'InvalidArgument');
  }
  assert.equal((await h.call('POST', '/v1/edges/v/acks', { raw: 'seq=1', token: edgeToken })).body.error.code, 'MalformedInput');
  await h.distribution();
  assert.equal((await h.ack('v', 999)).status, 204);
  assert.equal((await h.call('GET', '/v1/edges')).body.items[0].appliedSeq, 1, 'an ack beyond the head counts as the head');
  await edge.close();
});

test("an edge id is bound to its token's subject: another edge token can neither take its stream over nor ack or log as it", async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const other = mintToken({ scope: ['edge'], key: SECRET, subject: 'someone-else' });
  const edge = await h.stream('edge=fra-1&pop=FRA&since=0');
  const takeover = await h.request('GET', '/v1/edges/stream?edge=fra-1&pop=FRA&since=0', { token: other });
  assert.equal(takeover.status, 403);
  assert.equal(((await takeover.json()) as { error: { code: string } }).error.code, 'AccessDenied');
  for (const path of ['/v1/edges/fra-1/acks', '/v1/edges/fra-1/logs']) {
    const r = await h.call('POST', path, { token: other, body: { seq: 0, entries: [] } });
    assert.equal(r.status, 403, path);
  }
  assert.equal((await h.ack('fra-1', 0)).status, 204, 'its own token still acks');
  const again = await h.stream('edge=fra-1&pop=FRA&since=0');
  assert.equal((await h.call('GET', '/v1/edges')).body.items.length, 1, 'the same subject reconnects (replacing its stream)');
  await again.close();
  await edge.close();
});

test('edges down for longer than the reap time are forgotten, in memory and in the database', async (t) => {
  const h = new Harness({ edgeTimeoutMs: 1_000, edgeReapMs: 60_000 });
  t.after(() => h.close());
  const edge = await h.stream('edge=gone&pop=FRA&since=0');
  await edge.close();
  await eventually(async () => (await h.call('GET', '/v1/edges')).body.items[0]?.connected === false);
  h.clock.advance(1_001);
  assert.deepEqual(h.cp.sweep().map((e) => e.id), ['gone']);
  h.clock.advance(58_999);
  h.cp.sweep();
  assert.equal((await h.call('GET', '/v1/edges')).body.items.length, 1, 'not yet: last heard from 60 s ago, not more');
  h.clock.advance(1);
  h.cp.sweep();
  assert.deepEqual((await h.call('GET', '/v1/edges')).body.items, []);
  h.reopen();
  assert.deepEqual((await h.call('GET', '/v1/edges')).body.items, [], 'gone from the database too');
});
