import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Origin } from '@cachefront/config';
import type { EdgeTier } from '@cachefront/protocol';
import { Harness, rawDistribution } from '../test-support.ts';
import type { EdgeState } from './edge-registry.ts';
import { shieldRoutes } from './shield-routes.ts';

const REGION: Record<string, string> = { IAD: 'us-east-1', FRA: 'eu-central-1', LHR: 'eu-west-2' };
const regionOf = (pop: string) => REGION[pop];

function edge(id: string, pop: string, tier: EdgeTier, o: Partial<EdgeState> = {}): EdgeState {
  return { id, pop, tier, status: 'live', connected: true, url: `http://${id}.test:80`, appliedSeq: 0, firstSeen: 0, lastSeen: 0, ...o };
}
const origin = (id: string, originShield?: Origin['originShield']) => ({ id, ...(originShield === undefined ? {} : { originShield }) }) as Origin;
const dist = (id: string, ...origins: Origin[]) => ({ id, config: { origins } });

test('shieldRoutes: each Origin Shield origin gets the shield edge of its Region, or none', () => {
  const dists = [
    dist('E1', origin('app', { enabled: true, originShieldRegion: 'us-east-1' }), origin('plain'), origin('off', { enabled: false, originShieldRegion: 'us-east-1' })),
    dist('E2', origin('eu', { enabled: true, originShieldRegion: 'eu-west-1' }), origin('de', { enabled: true, originShieldRegion: 'eu-central-1' })),
  ];
  const edges = [
    edge('iad-shield', 'IAD', 'shield'),
    edge('fra-pop', 'FRA', 'pop'), // a POP edge in eu-central-1 is no shield
    edge('fra-regional', 'FRA', 'regional'), // nor is a regional edge cache
  ];
  assert.deepEqual(shieldRoutes(dists, edges, regionOf), [
    { distributionId: 'E1', originId: 'app', region: 'us-east-1', shield: { edgeId: 'iad-shield', url: 'http://iad-shield.test:80' } },
    { distributionId: 'E2', originId: 'eu', region: 'eu-west-1' },
    { distributionId: 'E2', originId: 'de', region: 'eu-central-1' },
  ]);
});

test('shieldRoutes: a shield edge counts only while live, connected and reachable', () => {
  const dists = [dist('E1', origin('app', { enabled: true, originShieldRegion: 'us-east-1' }))];
  for (const o of [{ status: 'down' as const }, { connected: false }, { url: undefined }]) {
    assert.deepEqual(shieldRoutes(dists, [edge('iad-shield', 'IAD', 'shield', o)], regionOf), [{ distributionId: 'E1', originId: 'app', region: 'us-east-1' }], JSON.stringify(o));
  }
  // A POP the catalog gives no Region hosts no shield.
  assert.equal(shieldRoutes(dists, [edge('x', 'ZZZ', 'shield')], regionOf)[0]?.shield, undefined);
});

test('shieldRoutes: with several shields in a Region, one per origin, whatever order the edges are listed in', () => {
  const dists = [dist('E1', ...Array.from({ length: 8 }, (_, i) => origin(`o${i}`, { enabled: true, originShieldRegion: 'us-east-1' })))];
  const a = edge('iad-a', 'IAD', 'shield');
  const b = edge('iad-b', 'IAD', 'shield');
  const one = shieldRoutes(dists, [a, b], regionOf).map((r) => r.shield?.edgeId);
  assert.deepEqual(shieldRoutes(dists, [b, a], regionOf).map((r) => r.shield?.edgeId), one);
  assert.deepEqual(new Set(one), new Set(['iad-a', 'iad-b']), 'origins are spread over the shields');
});

const SHIELDED = (region = 'us-east-1') => ({
  aliases: ['shielded.example.com'],
  origins: [{ id: 'app', domainName: 'origin.example.com', originShield: { enabled: true, originShieldRegion: region } }],
});

test('pop edges get the parents event: no shield yet, then the shield edge that joined in the Region, then none when it leaves', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const d = await h.distribution(SHIELDED());
  const pop = await h.stream('edge=fra-1&pop=FRA&since=0&url=http://127.0.0.1:8080');
  assert.equal((await pop.next()).event, 'hello');
  assert.equal((await pop.next()).event, 'config');
  assert.deepEqual(await pop.next(), { event: 'parents', data: { routes: [{ distributionId: d.id, originId: 'app', region: 'us-east-1' }] } });

  const shield = await h.stream('edge=iad-shield&pop=IAD&since=0&tier=shield&url=http://127.0.0.1:8090');
  const withShield = { routes: [{ distributionId: d.id, originId: 'app', region: 'us-east-1', shield: { edgeId: 'iad-shield', url: 'http://127.0.0.1:8090' } }] };
  assert.deepEqual(await pop.next(), { event: 'parents', data: withShield });
  assert.equal((await shield.next()).event, 'hello');
  assert.equal((await shield.next()).event, 'config');
  // A POP that connects now gets the routes after its catch-up; the shield gets none.
  const lhr = await h.stream('edge=lhr-1&pop=LHR&since=0');
  assert.deepEqual([(await lhr.next()).event, (await lhr.next()).event, await lhr.next()], ['hello', 'config', { event: 'parents', data: withShield }]);
  const edges = (await h.call('GET', '/v1/edges')).body.items;
  assert.deepEqual(
    edges.map((e: Record<string, unknown>) => [e.id, e.tier, e.awsRegion]),
    [['fra-1', undefined, 'eu-central-1'], ['iad-shield', 'shield', 'us-east-1'], ['lhr-1', undefined, 'eu-west-2']],
  );

  // The shield's stream ends: it is no longer handed out.
  await shield.close();
  assert.deepEqual(await pop.next(), { event: 'parents', data: { routes: [{ distributionId: d.id, originId: 'app', region: 'us-east-1' }] } });
  await Promise.all([pop.close(), lhr.close()]);
});

test('a config change of originShield changes the routes', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const d = await h.distribution(SHIELDED());
  const shield = await h.stream('edge=fra-shield&pop=FRA&since=0&tier=shield&url=http://127.0.0.1:8090');
  const pop = await h.stream('edge=iad-1&pop=IAD&since=0');
  assert.deepEqual([(await pop.next()).event, (await pop.next()).event], ['hello', 'config']);
  assert.deepEqual((await pop.next()).data.routes[0].shield, undefined, 'the FRA shield is eu-central-1, not us-east-1');
  await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution(SHIELDED('eu-central-1')), headers: { 'if-match': d.etag } });
  assert.equal((await pop.next()).event, 'config');
  assert.deepEqual((await pop.next()).data.routes[0], { distributionId: d.id, originId: 'app', region: 'eu-central-1', shield: { edgeId: 'fra-shield', url: 'http://127.0.0.1:8090' } });
  await Promise.all([pop.close(), shield.close()]);
});

test('the resolver never hands a viewer a shield or regional edge', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  await h.distribution(SHIELDED());
  // IAD is the catalog's first POP: the answer for a viewer of unknown location, were it a POP edge.
  const streams = [
    await h.stream('edge=iad-shield&pop=IAD&since=0&tier=shield&url=http://127.0.0.1:8090'),
    await h.stream('edge=iad-regional&pop=IAD&since=0&tier=regional&url=http://127.0.0.1:8091'),
    await h.stream('edge=nrt-1&pop=NRT&since=0&url=http://127.0.0.1:8080'),
  ];
  t.after(() => Promise.all(streams.map((s) => s.close())));
  for (const ip of ['127.0.0.1', '3.5.140.1', '81.2.69.160']) {
    const r = await h.call('GET', `/v1/resolve?host=shielded.example.com&ip=${ip}`, { token: h.token('read') });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.edge.id, 'nrt-1', ip);
    assert.deepEqual(r.body.candidates.map((c: { pop: string }) => c.pop), ['NRT']);
  }
});
