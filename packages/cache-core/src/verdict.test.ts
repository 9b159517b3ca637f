import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cacheVerdict, decideOriginResponse, type OriginResponseInput } from './verdict.ts';
import type { EntryMeta } from './freshness.ts';

const NOW = 1_700_000_000_000;
const meta = (ageSeconds: number, ttl: number, cacheControl?: string, status = 200): EntryMeta => ({
  status,
  headers: cacheControl === undefined ? {} : { 'cache-control': cacheControl },
  storedAt: NOW - ageSeconds * 1000,
  ttl,
  initialAge: 0,
});

describe('cacheVerdict', () => {
  const table: [string, EntryMeta | undefined, string][] = [
    ['nothing stored', undefined, 'fetch'],
    ['age 10 < ttl 60', meta(10, 60), 'fresh'],
    ['expired, no stale-while-revalidate', meta(70, 60), 'revalidate'],
    ['expired 10 s, stale-while-revalidate=30', meta(70, 60, 'max-age=60, stale-while-revalidate=30'), 'stale-while-revalidate'],
    ['expired 40 s, stale-while-revalidate=30', meta(100, 60, 'max-age=60, stale-while-revalidate=30'), 'revalidate'],
  ];
  for (const [name, m, expected] of table) it(name, () => assert.equal(cacheVerdict(m, NOW), expected));
});

describe('decideOriginResponse', () => {
  const base: OriginResponseInput = {
    answer: { status: 200, headers: { 'cache-control': 'max-age=60' } },
    stale: undefined,
    policy: { minTTL: 0, defaultTTL: 86400, maxTTL: 31536000 },
    cachedMethods: ['GET', 'HEAD'],
    errorCachingMinTTL: undefined,
    maxObjectSize: 1000,
    now: NOW,
  };
  it('stores a cacheable 200 with its TTL', () => {
    const v = decideOriginResponse(base);
    assert.equal(v.kind, 'respond');
    if (v.kind !== 'respond') return;
    assert.deepEqual([v.storable, v.notStored, v.dropStale], [true, undefined, false]);
    assert.equal(v.store.store && v.store.ttl, 60);
  });
  it('an announced body over max-object-size streams unstored, and drops the stale copy', () => {
    const v = decideOriginResponse({ ...base, answer: { status: 200, headers: { 'content-length': '1001' } }, stale: meta(100, 60) });
    assert.deepEqual(v.kind === 'respond' && [v.storable, v.notStored, v.dropStale], [false, 'larger-than-max-object-size', true]);
  });
  it('no-store is not stored, with the reason', () => {
    const v = decideOriginResponse({ ...base, answer: { status: 200, headers: { 'cache-control': 'no-store' } } });
    assert.deepEqual(v.kind === 'respond' && [v.storable, v.notStored], [false, 'no-store']);
  });
  it('stale-if-error: an unreachable origin or a 503 with an expired copy serves the copy', () => {
    const stale = meta(100, 60, 'max-age=60, stale-if-error=600');
    assert.equal(decideOriginResponse({ ...base, answer: { status: undefined, headers: {} }, stale }).kind, 'serve-stale');
    assert.equal(decideOriginResponse({ ...base, answer: { status: 503, headers: {} }, stale }).kind, 'serve-stale');
    assert.equal(decideOriginResponse({ ...base, answer: { status: 404, headers: {} }, stale }).kind, 'respond');
  });
  it('stale-if-error=0 opts out: unreachable is an error', () => {
    const stale = meta(100, 60, 'max-age=60, stale-if-error=0');
    assert.equal(decideOriginResponse({ ...base, answer: { status: undefined, headers: {} }, stale }).kind, 'unreachable');
  });
  it('a 304 refreshes only when there is a copy to refresh', () => {
    assert.equal(decideOriginResponse({ ...base, answer: { status: 304, headers: {} }, stale: meta(100, 60) }).kind, 'refresh');
    assert.equal(decideOriginResponse({ ...base, answer: { status: 304, headers: {} } }).kind, 'respond');
  });
});
