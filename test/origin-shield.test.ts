// Origin Shield as configuration, end to end: a control plane, an origin, two POP edges
// (FRA, NRT) and one edge started with --tier shield in IAD (us-east-1 in the POP
// catalog). The distribution's origin has originShield us-east-1; no --parent anywhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, eventually, get, startControlPlane, startOrigin, startPopEdge, type ControlPlane, type Origin, type Proc, type Res } from './helpers.ts';

const HOST = 'shielded.localhost';

interface EdgeView {
  id: string;
  pop: string;
  tier?: string;
  appliedSeq: number;
}

let origin: Origin;
let cp: ControlPlane;
let shield: Proc;
let fra: Proc;
let nrt: Proc;
let call: ReturnType<typeof apiClient>;
let read: ReturnType<typeof apiClient>;
let distributionId: string;
let run = 0;
/** A path no other test has used: cold at every tier. */
const fresh = (prefix = '/delay/0') => `${prefix}/os-${process.pid}-${++run}`;
const originCount = async (path: string) => (await origin.stats()).byPath[path] ?? 0;
const fetchAt = (edge: Proc, path: string): Promise<Res> => get(`${String(edge.ready.url)}${path}`, { headers: { host: HOST } });
const explainAt = async (edge: Proc, path: string) =>
  JSON.parse((await get(`${String(edge.ready.adminUrl)}/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `http://${HOST}${path}` }) })).text);
const edges = async (): Promise<EdgeView[]> => (await read('GET', '/v1/edges')).body.items;

before(async () => {
  process.env.CACHEFRONT_TEST_HOOKS = '1'; // the edges inherit it: the shield's POST /debug/stall
  origin = await startOrigin();
  cp = await startControlPlane('cachefront-shield-');
  call = apiClient(cp.url, cp.token('write'));
  read = apiClient(cp.url, cp.token('read'));
  const shieldOn = (region: string) => ({ enabled: true, originShieldRegion: region });
  const created = await call('POST', '/v1/distributions', {
    aliases: [HOST],
    origins: [
      { id: 'app', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port, originProtocolPolicy: 'http-only' }, originShield: shieldOn('us-east-1') },
      // eu-west-1 has no shield edge here: its misses go to the origin directly.
      { id: 'eu', domainName: '127.0.0.1', originPath: '/delay/0', customOriginConfig: { httpPort: origin.port, originProtocolPolicy: 'http-only' }, originShield: shieldOn('eu-west-1') },
    ],
    defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' },
    cacheBehaviors: [{ pathPattern: '/eu/*', targetOriginId: 'eu', cachePolicyId: 'Managed-CachingOptimized' }],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  distributionId = created.body.id;
  const token = cp.token('edge');
  [shield, fra, nrt] = await Promise.all([
    startPopEdge(cp, 'IAD', token, { stateDir: 'IAD-shield', extra: ['--tier', 'shield'] }),
    startPopEdge(cp, 'FRA', token),
    startPopEdge(cp, 'NRT', token),
  ]);
  assert.equal((await call('GET', `/v1/distributions/${distributionId}?wait=15`)).body.status, 'Deployed');
  // Each POP edge has been told the shield (the `parents` event, after the shield connected).
  for (const pop of [fra, nrt]) {
    await eventually(async () => (await explainAt(pop, '/delay/0/probe')).tierPath?.length === 3, `${pop.ready.url} fetching through the shield`);
  }
});

after(async () => {
  await Promise.all([fra, nrt, shield].map((e) => e?.stop()));
  await cp?.stop();
  await origin?.stop();
});

describe('origin shield from the config', () => {
  it('a cold object requested at both POPs makes one origin request; the second POP gets it from the shield', async () => {
    const path = fresh();
    const first = await fetchAt(fra, path);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-cache'], 'Miss from cachefront');
    assert.equal(first.headers['x-cachefront-tier'], 'origin');
    const second = await fetchAt(nrt, path);
    assert.equal(second.status, 200);
    assert.equal(second.headers['x-cache'], 'Miss from cachefront');
    assert.equal(second.headers['x-cachefront-tier'], 'shield-hit', 'answered from the shield edge cache');
    assert.match(String(second.headers.via), /^1\.1 \w+\.cachefront\.local \(cachefront\), 1\.1 \w+\.cachefront\.local \(cachefront\)$/, 'the shield, then the POP');
    assert.equal(await originCount(path), 1);
    assert.equal((await fetchAt(nrt, path)).headers['x-cachefront-tier'], 'pop-hit');
  });

  it('explain shows the tier path POP -> shield -> origin', async () => {
    const shieldId = (await edges()).find((e) => e.tier === 'shield')!.id;
    const e = await explainAt(fra, '/delay/0/explained');
    assert.deepEqual(e.tierPath, ['FRA (this edge)', `shield ${shieldId} in us-east-1 (${String(shield.ready.url)})`, `origin http://127.0.0.1:${origin.port}`]);
    const step = e.steps.find((s: { name: string }) => s.name === 'tier');
    assert.equal(step.outcome, 'pass');
    assert.match(step.detail, /through the Origin Shield in us-east-1/);
    assert.match(e.verdict.summary, /^would go through the Origin Shield in us-east-1 .* to the origin/);
  });

  it('an origin whose Region has no shield edge goes to the origin directly, said once in the log and in explain', async () => {
    const path = fresh('/eu');
    for (const pop of [fra, nrt]) {
      const r = await fetchAt(pop, path);
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-cachefront-tier'], 'origin');
    }
    assert.equal(await originCount(`/delay/0${path}`), 2, 'each POP asked the origin itself');
    const e = await explainAt(fra, path);
    assert.deepEqual(e.tierPath, ['FRA (this edge)', `origin http://127.0.0.1:${origin.port}`]);
    const step = e.steps.find((s: { name: string }) => s.name === 'tier');
    assert.equal(step.outcome, 'skip');
    assert.match(step.detail, /^Origin Shield in eu-west-1: no shield edge .* is live .*; misses go to the origin directly$/);
    const said = fra.lines.filter((l) => l.includes('has Origin Shield in eu-west-1, but no shield edge'));
    assert.equal(said.length, 1, said.join('\n'));
  });

  it('the resolver never hands a viewer the shield edge', async () => {
    const list = await edges();
    const shieldId = list.find((e) => e.tier === 'shield')!.id;
    // 127.0.0.1 has no location: the answer is the catalog's first in-class POP, which is IAD, the shield's.
    for (const ip of ['127.0.0.1', '3.5.140.1', '81.2.69.160', '126.0.0.1']) {
      const r = await read('GET', `/v1/resolve?host=${HOST}&ip=${ip}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.notEqual(r.body.edge.id, shieldId, ip);
      assert.deepEqual(r.body.candidates.map((c: { pop: string }) => c.pop).sort(), ['FRA', 'NRT'], ip);
    }
  });

  it('an invalidation reaches the shield before the POPs, so no POP refills from a stale shield copy', { timeout: 30_000 }, async () => {
    const path = fresh();
    await fetchAt(fra, path);
    await fetchAt(nrt, path);
    assert.equal(await originCount(path), 1);
    // The shield's worker stops for a second (within the edge timeout, so it stays live):
    // it applies the invalidation late, and the POPs must wait for it.
    const stall = await get(`${String(shield.ready.adminUrl)}/debug/stall?ms=1000`, { method: 'POST' });
    assert.equal(stall.status, 200, 'the edge runs with CACHEFRONT_TEST_HOOKS=1');
    const inv = await call('POST', `/v1/distributions/${distributionId}/invalidations`, { callerReference: `os-${process.pid}`, paths: [path] });
    assert.equal(inv.status, 201, JSON.stringify(inv.body));
    const seq = (JSON.parse((await get(`${cp.url}/healthz`)).text) as { seq: number }).seq;
    // Every snapshot of the edges' acks, until all applied it: never a POP ahead of the shield.
    let held = 0;
    const early: string[] = [];
    await eventually(
      async () => {
        const list = await edges();
        const shieldSeq = list.find((e) => e.tier === 'shield')!.appliedSeq;
        if (shieldSeq < seq) held++;
        for (const e of list) if (e.tier === undefined && e.appliedSeq >= seq && shieldSeq < seq) early.push(e.pop);
        return list.every((e) => e.appliedSeq >= seq);
      },
      'every edge applied the invalidation',
      15_000,
      20,
    );
    assert.deepEqual(early, [], 'POP edges that applied the invalidation before the shield');
    assert.ok(held > 0, 'the shield was seen behind (the ordering was exercised)');
    assert.equal((await call('GET', `/v1/distributions/${distributionId}/invalidations/${inv.body.id}?wait=10`)).body.status, 'Completed');
    // Purged everywhere: the next request goes to the origin once, through the shield.
    const again = await fetchAt(nrt, path);
    assert.equal(again.headers['x-cachefront-tier'], 'origin');
    assert.equal((await fetchAt(fra, path)).headers['x-cachefront-tier'], 'shield-hit');
    assert.equal(await originCount(path), 2);
  });
});
