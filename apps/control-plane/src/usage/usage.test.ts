import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { SCHEMA_VERSION } from '../storage/migrations.ts';
import { Harness, oldSchema, rawDistribution, type SseReader } from '../test-support.ts';
import { GiB, TEST_CATALOG, testPriceTable, TiB } from './usage-fixtures.ts';

type Counts = { requests: number; bytesOut: number; hits: number; misses: number; errors: number };
const counts = (requests: number, bytesOut: number, hits = 0, misses = requests - hits, errors = 0): Counts => ({ requests, bytesOut, hits, misses, errors });

/** A harness with the test catalog and prices, and edges that connect and ack with usage. */
function harness(t: { after(fn: () => void): void }) {
  const h = new Harness({ catalog: TEST_CATALOG, priceTable: testPriceTable() });
  const streams: SseReader[] = [];
  t.after(async () => {
    for (const s of streams) await s.close();
    h.close();
  });
  return {
    h,
    async edge(id: string, pop: string) {
      streams.push(await h.stream(`edge=${id}&pop=${pop}&since=0`));
    },
    ack(edge: string, usage: unknown, seq: unknown = 0) {
      return h.call('POST', `/v1/edges/${edge}/acks`, { body: { seq, usage }, token: h.token('edge') });
    },
    usage(id: string, query = '') {
      return h.call('GET', `/v1/distributions/${id}/usage${query}`, { token: h.token('read') });
    },
  };
}

test('acks add usage per distribution, month and POP; a refused ack records nothing and its retry carries the sum', async (t) => {
  const { h, edge, ack, usage } = harness(t);
  h.clock.t = Date.UTC(2025, 4, 10, 12);
  const a = await h.distribution();
  const b = await h.distribution();
  await edge('fra-1', 'FRA');
  await edge('fra-2', 'FRA56-P1');
  await edge('nrt-1', 'NRT');

  assert.equal((await ack('fra-1', { [a.id]: counts(10, 1000, 8) })).status, 204);
  assert.equal((await ack('fra-2', { [a.id]: counts(5, 500, 5), [b.id]: counts(1, 10, 0, 0, 1) })).status, 204);
  assert.equal((await ack('nrt-1', { [a.id]: counts(4, 400, 1) })).status, 204);
  assert.equal((await ack('nrt-1', undefined)).status, 204, 'an ack without usage (nothing served)');
  // Refused (bad seq): nothing is recorded; the edge keeps the counts and sends them added to the next ones.
  const refused = await ack('nrt-1', { [a.id]: counts(2, 200, 2) }, -1);
  assert.equal(refused.status, 400);
  assert.equal((await ack('nrt-1', { [a.id]: counts(2 + 3, 200 + 300, 2 + 3) })).status, 204);
  // An edge that never connected: 404, nothing recorded.
  assert.equal((await ack('ghost', { [a.id]: counts(99, 99) })).status, 404);

  const r = await usage(a.id);
  assert.equal(r.status, 200);
  assert.equal(r.body.month, '2025-05');
  assert.deepEqual(r.body.byPop, [
    { pop: 'FRA', pricingRegion: 'Europe', requests: 10, bytesOut: 1000, hits: 8, misses: 2, errors: 0, hitRatio: 0.8 },
    { pop: 'FRA56-P1', pricingRegion: 'Europe', requests: 5, bytesOut: 500, hits: 5, misses: 0, errors: 0, hitRatio: 1 },
    { pop: 'NRT', pricingRegion: 'Japan', requests: 9, bytesOut: 900, hits: 6, misses: 3, errors: 0, hitRatio: 0.6667 },
  ]);
  assert.deepEqual(r.body.totals, { requests: 24, bytesOut: 2400, hits: 19, misses: 5, errors: 0, hitRatio: 0.7917 });
  assert.deepEqual(
    r.body.byRegion.map((x: { pricingRegion: string; requests: number; bytesOut: number }) => [x.pricingRegion, x.requests, x.bytesOut]),
    [
      ['Europe', 15, 1500],
      ['Japan', 9, 900],
    ],
  );
  assert.deepEqual((await usage(b.id)).body.totals, { requests: 1, bytesOut: 10, hits: 0, misses: 0, errors: 1, hitRatio: 0 });
});

test('usage lands in the UTC month its ack arrived in; ?month= picks one, the current month by default', async (t) => {
  const { h, edge, ack, usage } = harness(t);
  h.clock.t = Date.UTC(2025, 0, 31, 23, 59, 59);
  const d = await h.distribution();
  await edge('iad-1', 'IAD');
  await ack('iad-1', { [d.id]: counts(1, 100) });
  h.clock.advance(999);
  await ack('iad-1', { [d.id]: counts(2, 200) });
  h.clock.advance(1); // 2025-02-01T00:00:00.000Z
  await ack('iad-1', { [d.id]: counts(4, 400) });

  assert.equal((await usage(d.id, '?month=2025-01')).body.totals.requests, 3);
  const feb = (await usage(d.id)).body;
  assert.equal(feb.month, '2025-02');
  assert.equal(feb.totals.requests, 4);
  assert.deepEqual((await usage(d.id, '?month=2024-12')).body.totals, { requests: 0, bytesOut: 0, hits: 0, misses: 0, errors: 0, hitRatio: null });
  for (const month of ['2025-13', '2025-1', 'may', '']) {
    const bad = await usage(d.id, `?month=${month}`);
    assert.equal(bad.status, 400, month);
    assert.deepEqual(bad.body.error.issues.map((i: { path: string }) => i.path), ['month']);
  }
});

test('the usage answer: per POP and region, tiers crossed, price classes compared, invalidation paths over 1,000', async (t) => {
  const { h, edge, ack, usage } = harness(t);
  h.clock.t = Date.UTC(2025, 5, 15);
  const other = await h.distribution();
  const d = await h.distribution({ comment: 'priced' });
  const paths = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `/${prefix}/${i}`);
  // The account's first 1,000 paths are free: 900 on the other distribution, then 300 here (one a wildcard, counted once).
  assert.equal((await h.call('POST', `/v1/distributions/${other.id}/invalidations`, { body: { callerReference: 'o', paths: paths(900, 'o') } })).status, 201);
  assert.equal((await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'd', paths: [...paths(299, 'd'), '/all/*'] } })).status, 201);
  // The same request again is the same invalidation: not counted twice.
  assert.equal((await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'd', paths: [...paths(299, 'd'), '/all/*'] } })).status, 201);

  await edge('fra-1', 'FRA');
  await edge('nrt-1', 'NRT');
  await edge('syd-1', 'SYD');
  await edge('odd-1', 'ZZZ9');
  await ack('fra-1', { [d.id]: counts(20_000, 8 * TiB, 15_000, 4_000, 1_000) });
  await ack('fra-1', { [d.id]: counts(10_000, 4 * TiB, 10_000) });
  await ack('nrt-1', { [d.id]: counts(10_000, GiB, 5_000) });
  await ack('syd-1', { [d.id]: counts(20_000, 2 * GiB, 0) });
  await ack('odd-1', { [d.id]: counts(10_000, GiB, 0) });

  const r = await usage(d.id);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    distributionId: d.id,
    month: '2025-06',
    priceClass: 'PriceClass_All',
    deleted: false,
    totals: { requests: 70_000, bytesOut: 12 * TiB + 4 * GiB, hits: 30_000, misses: 39_000, errors: 1_000, hitRatio: 0.4286 },
    byPop: [
      { pop: 'FRA', pricingRegion: 'Europe', requests: 30_000, bytesOut: 12 * TiB, hits: 25_000, misses: 4_000, errors: 1_000, hitRatio: 0.8333 },
      { pop: 'NRT', pricingRegion: 'Japan', requests: 10_000, bytesOut: GiB, hits: 5_000, misses: 5_000, errors: 0, hitRatio: 0.5 },
      { pop: 'SYD', pricingRegion: 'Oceania', requests: 20_000, bytesOut: 2 * GiB, hits: 0, misses: 20_000, errors: 0, hitRatio: 0 },
      { pop: 'ZZZ9', pricingRegion: 'unknown', requests: 10_000, bytesOut: GiB, hits: 0, misses: 10_000, errors: 0, hitRatio: 0 },
    ],
    byRegion: [
      // 10 TB at 0.1 + 2 TB at 0.05 per GB; 3 x 10,000 requests at 0.02.
      { pricingRegion: 'Europe', billedAs: 'Europe', requests: 30_000, bytesOut: 12 * TiB, cost: { dataTransfer: 1126.4, requests: 0.06, total: 1126.46 } },
      { pricingRegion: 'Japan', billedAs: 'Japan', requests: 10_000, bytesOut: GiB, cost: { dataTransfer: 0.2, requests: 0.03, total: 0.23 } },
      { pricingRegion: 'Oceania', billedAs: 'Oceania', requests: 20_000, bytesOut: 2 * GiB, cost: { dataTransfer: 0.6, requests: 0.08, total: 0.68 } },
      // Not in the catalog: reported as unknown, priced as the table's unknownRegionPricedAs.
      { pricingRegion: 'unknown', billedAs: 'Oceania', requests: 10_000, bytesOut: GiB, cost: { dataTransfer: 0.3, requests: 0.04, total: 0.34 } },
    ],
    invalidations: { paths: 300, accountPaths: 1200, freePaths: 1000, billablePaths: 200, cost: 1 },
    estimate: { currency: 'USD', dataTransfer: 1127.5, requests: 0.21, invalidations: 1, total: 1128.71, illustrative: true, priceTable: 'file' },
    whatIf: {
      // NRT and SYD re-priced in the Americas (SEA is their nearest in-class POP); the unknown POP stays at its fallback.
      PriceClass_100: { dataTransfer: 1127, requests: 0.13, invalidations: 1, total: 1128.13, reroutedRequests: 30_000, reroutedBytes: 3 * GiB },
      // SYD re-priced in Japan (NRT).
      PriceClass_200: { dataTransfer: 1127.3, requests: 0.19, invalidations: 1, total: 1128.49, reroutedRequests: 20_000, reroutedBytes: 2 * GiB },
      PriceClass_All: { dataTransfer: 1127.5, requests: 0.21, invalidations: 1, total: 1128.71, reroutedRequests: 0, reroutedBytes: 0 },
    },
  });
  assert.deepEqual((await usage(other.id)).body.invalidations, { paths: 900, accountPaths: 1200, freePaths: 1000, billablePaths: 0, cost: 0 });

  // Under PriceClass_100, traffic CloudFront served outside the class is billed at the
  // class's least-expensive region (Americas: its requests are cheaper than Europe's).
  const put = await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution({ comment: 'priced', priceClass: 'PriceClass_100' }), headers: { 'if-match': d.etag } });
  assert.equal(put.status, 200);
  const c100 = (await usage(d.id)).body;
  assert.equal(c100.priceClass, 'PriceClass_100');
  assert.deepEqual(
    c100.byRegion.map((x: { pricingRegion: string; billedAs: string; cost: { total: number } }) => [x.pricingRegion, x.billedAs, x.cost.total]),
    [
      ['Europe', 'Europe', 1126.46],
      ['Japan', 'Americas', 0.11],
      ['Oceania', 'Americas', 0.22],
      ['unknown', 'Oceania', 0.34],
    ],
  );
  assert.equal(c100.estimate.total, 1128.13);
});

test('usage of unknown distribution ids is kept: a deleted distribution still answers; an id never seen is 404', async (t) => {
  const { h, edge, ack, usage } = harness(t);
  const d = await h.distribution({ priceClass: 'PriceClass_200' });
  await edge('fra-1', 'FRA');
  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'x', paths: ['/a', '/b'] } });
  assert.equal((await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': disabled.headers.get('etag') as string } })).status, 204);
  // The edge reports the last requests it served for it, after the delete.
  assert.equal((await ack('fra-1', { [d.id]: counts(3, 30) })).status, 204);
  const r = await usage(d.id);
  assert.equal(r.status, 200);
  assert.equal(r.body.deleted, true);
  assert.equal(r.body.priceClass, 'PriceClass_200', 'from its last version');
  assert.equal(r.body.totals.requests, 3);
  assert.equal(r.body.invalidations.paths, 2, 'paths submitted before the delete still count');

  assert.equal((await ack('fra-1', { ENEVERCREATED01: counts(1, 1) })).status, 204);
  const stray = await usage('ENEVERCREATED01');
  assert.equal(stray.status, 200);
  assert.equal(stray.body.priceClass, 'PriceClass_All');
  assert.equal((await usage('ENOSUCH0000001')).body.error.code, 'NoSuchDistribution');
  assert.equal((await usage('ENOSUCH0000001')).status, 404);
  // Read scope suffices; the edge scope does not.
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}/usage`, { token: h.token('edge') })).status, 403);
});

test('bad usage in an ack is 400 InvalidArgument listing every problem, never a 500', async (t) => {
  const { h, edge, ack, usage } = harness(t);
  const d = await h.distribution();
  await edge('v', 'FRA');
  const table: [usage: unknown, seq: unknown, issues: string[]][] = [
    ['lots', 0, ['usage']],
    [[1, 2], 0, ['usage']],
    [null, 0, ['usage']],
    [{ [d.id]: 5 }, 0, [`usage.${d.id}`]],
    [{ [d.id]: { requests: 1, bytesOut: 1, hits: 1, misses: 0 } }, 0, [`usage.${d.id}.errors`]],
    [{ [d.id]: { requests: -1, bytesOut: 1.5, hits: '1', misses: 0, errors: 2 ** 53 } }, 0, [`usage.${d.id}.requests`, `usage.${d.id}.bytesOut`, `usage.${d.id}.hits`, `usage.${d.id}.errors`]],
    [{ 'bad id!': counts(1, 1) }, 0, ['usage["bad id!"]']],
    [{ [d.id]: counts(1, 1), x: [] }, 'x', ['seq', 'usage.x']],
    [Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`E${i}`, counts(1, 1)])), 0, ['usage']],
  ];
  for (const [u, seq, paths] of table) {
    const r = await ack('v', u, seq);
    assert.equal(r.status, 400, JSON.stringify(u).slice(0, 80));
    assert.equal(r.body.error.code, 'InvalidArgument');
    assert.deepEqual(
      r.body.error.issues.map((i: { path: string }) => i.path),
      paths,
      JSON.stringify(u).slice(0, 80),
    );
  }
  // Extra counters from a newer edge are ignored; nothing from the refused acks was kept.
  assert.equal((await ack('v', { [d.id]: { ...counts(1, 1), bytesIn: 7 } })).status, 204);
  assert.equal((await usage(d.id)).body.totals.requests, 1);
});

test('a schema-2 database gains the usage tables; its invalidations count toward their month', async (t) => {
  const h = new Harness({
    catalog: TEST_CATALOG,
    priceTable: testPriceTable(),
    prepare: oldSchema(2, (db) => {
      const at = Date.UTC(2025, 2, 31, 23, 0);
      db.prepare(
        "INSERT INTO invalidations (id, distribution_id, caller_reference, paths, seq, status, created_at) VALUES ('IOLD', 'EOLD000000001', 'r', ?, 1, 'Completed', ?)",
      ).run(JSON.stringify(['/a', '/b/*', '/c']), at);
    }),
  });
  t.after(() => h.close());
  const db = new DatabaseSync(h.dataPath);
  t.after(() => db.close());
  assert.equal(db.prepare('PRAGMA user_version').get()?.user_version, SCHEMA_VERSION);
  const r = await h.call('GET', '/v1/distributions/EOLD000000001/usage?month=2025-03', { token: h.token('read') });
  assert.equal(r.status, 200, 'the deleted-or-unknown id has recorded paths');
  assert.deepEqual(r.body.invalidations, { paths: 3, accountPaths: 3, freePaths: 1000, billablePaths: 0, cost: 0 });
  assert.equal((await h.call('GET', '/v1/distributions/EOLD000000001/usage?month=2025-04', { token: h.token('read') })).body.invalidations.paths, 0);
});
