import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mulberry32 } from '@cachefront/observe';
import { objectOf, workload, Zipf, type WorkloadOptions } from './workload.ts';

const digest = (o: WorkloadOptions) => createHash('sha256').update(JSON.stringify([...workload(o)])).digest('hex');

describe('workload generator', () => {
  it('is deterministic for a seed, and different for another seed', () => {
    const o = { seed: 42, requests: 2000, objects: 500 };
    assert.equal(digest(o), digest(o));
    assert.notEqual(digest(o), digest({ ...o, seed: 43 }));
    const first = [...workload({ ...o, requests: 5 })];
    assert.deepEqual(first, [...workload(o)].slice(0, 5), 'a shorter run is a prefix of a longer one');
  });

  it('Zipf popularity: rank 1 is drawn about as often as 1/H(n,s) says, rank frequencies fall with rank', () => {
    const n = 1000;
    const zipf = new Zipf(n, 1.0, mulberry32(7));
    const counts = new Map<number, number>();
    const draws = 100_000;
    for (let i = 0; i < draws; i++) {
      const k = zipf.next();
      assert.ok(k >= 1 && k <= n);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const p1 = zipf.probability(1); // 1 / H(1000) ≈ 0.1336
    assert.ok(Math.abs(p1 - 0.1336) < 0.001, `p1 = ${p1}`);
    assert.ok(Math.abs((counts.get(1) ?? 0) / draws - p1) < 0.01);
    assert.ok((counts.get(1) ?? 0) > (counts.get(10) ?? 0) && (counts.get(10) ?? 0) > (counts.get(100) ?? 0));
  });

  it('an object keeps its path, size and version wherever it appears', () => {
    const seen = new Map<number, string>();
    for (const r of workload({ seed: 1, requests: 3000, objects: 200 })) {
      const key = `${r.path}|${r.size}|${/(?:^|&)v=(\d+)/.exec(r.query)?.[1] ?? '-'}`;
      assert.equal(seen.get(r.rank) ?? key, key);
      seen.set(r.rank, key);
      assert.match(r.path, /^\/bytes\/\d+\/(img|js|css|page|video)\/\d+\.\w+$/);
      assert.equal(Number(r.path.split('/')[2]), r.size);
    }
    assert.deepEqual(objectOf(1, 17), objectOf(1, 17));
  });

  it('mixes query strings, cookies and countries in the configured shares', () => {
    const all = [...workload({ seed: 9, requests: 5000, objects: 300, trackingQueryShare: 0.3, cookieShare: 0.5 })];
    const share = (f: (r: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    assert.ok(Math.abs(share((r) => r.query.includes('utm_source=')) - 0.3) < 0.03);
    assert.ok(share((r) => r.headers.cookie !== undefined) > 0.3 && share((r) => r.headers.cookie !== undefined) < 0.7);
    assert.ok(new Set(all.map((r) => r.country)).size >= 6, 'several countries');
    assert.throws(() => [...workload({ seed: 1, requests: 1, objects: 1, countries: { XX: 1 } })], /no viewer address for country XX/);
  });
});
