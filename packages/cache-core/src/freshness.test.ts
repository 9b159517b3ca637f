import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ageHeader, conditionalHeaders, isFresh, refreshFrom304, viewerVary, type EntryMeta } from './freshness.ts';

const T0 = Date.parse('2026-11-29T12:00:00Z');
const entry = (over: Partial<EntryMeta> = {}): EntryMeta => ({ status: 200, headers: {}, storedAt: T0, ttl: 60, initialAge: 0, ...over });

describe('freshness (clock injected)', () => {
  it('is fresh until ttl seconds have passed, then stale', () => {
    const e = entry();
    assert.equal(isFresh(e, T0), true);
    assert.equal(isFresh(e, T0 + 59_999), true);
    assert.equal(isFresh(e, T0 + 60_000), false);
  });
  it('counts the upstream Age against the lifetime', () => {
    const e = entry({ initialAge: 50 });
    assert.equal(isFresh(e, T0 + 9_999), true);
    assert.equal(isFresh(e, T0 + 10_000), false);
    assert.equal(ageHeader(e, T0 + 5_500), '55');
  });
  it('Age is whole seconds since stored', () => {
    assert.equal(ageHeader(entry(), T0), '0');
    assert.equal(ageHeader(entry(), T0 + 1_999), '1');
  });
  it('a ttl 0 entry is never fresh', () => {
    assert.equal(isFresh(entry({ ttl: 0 }), T0), false);
  });
});

describe('revalidation', () => {
  it('sends If-None-Match and If-Modified-Since from the stored validators', () => {
    const e = entry({ headers: { etag: '"v1"', 'last-modified': 'Sun, 29 Nov 2026 10:00:00 GMT' } });
    assert.deepEqual(conditionalHeaders(e), { 'if-none-match': '"v1"', 'if-modified-since': 'Sun, 29 Nov 2026 10:00:00 GMT' });
  });
  it('sends nothing without validators, and skips an invalid Last-Modified', () => {
    assert.deepEqual(conditionalHeaders(entry()), {});
    assert.deepEqual(conditionalHeaders(entry({ headers: { 'last-modified': 'yesterday' } })), {});
  });
  it('a 304 refreshes the entry with its headers and a new TTL (RefreshHit)', () => {
    const e = entry({ headers: { etag: '"v1"', 'cache-control': 'max-age=60', 'content-length': '5', 'x-old': 'kept' } });
    const now = T0 + 120_000;
    const { meta, decision } = refreshFrom304(e, { 'cache-control': 'max-age=300', etag: '"v1"', 'content-length': '0' }, {
      policy: { minTTL: 0, defaultTTL: 86400, maxTTL: 31536000 },
      method: 'GET',
      cachedMethods: ['GET', 'HEAD'],
      now,
    });
    assert.ok(decision.store);
    assert.equal(meta.ttl, 300);
    assert.equal(meta.storedAt, now);
    assert.equal(meta.headers['cache-control'], 'max-age=300');
    assert.equal(meta.headers['content-length'], '5', '304 must not change framing headers');
    assert.equal(meta.headers['x-old'], 'kept');
    assert.equal(isFresh(meta, now + 299_000), true);
  });
});

describe('a 304 refresh keeps what describes the stored body (RFC 9111 §3.2, §4.3.4)', () => {
  const policy = { minTTL: 0, defaultTTL: 86400, maxTTL: 31536000 };
  it('ETag and Content-MD5 stay; other headers update', () => {
    const e = entry({ headers: { etag: '"abcdef"', 'content-md5': 'old', 'x-test': 'a', 'cache-control': 'max-age=2' } });
    const { meta } = refreshFrom304(e, { etag: '"ghijkl"', 'content-md5': 'new', 'x-test': 'b', 'cache-control': 'max-age=2' }, { policy, method: 'GET', cachedMethods: ['GET'], now: T0 + 5000 });
    assert.equal(meta.headers.etag, '"abcdef"');
    assert.equal(meta.headers['content-md5'], 'old');
    assert.equal(meta.headers['x-test'], 'b');
  });
  it("the stored response's Age does not count again after the refresh; the 304's does", () => {
    const e = entry({ headers: { age: '50', 'cache-control': 'max-age=60', etag: '"v"' }, initialAge: 50 });
    const without = refreshFrom304(e, { 'cache-control': 'max-age=60' }, { policy, method: 'GET', cachedMethods: ['GET'], now: T0 + 70_000 });
    assert.equal(without.meta.initialAge, 0);
    assert.equal(isFresh(without.meta, T0 + 70_000 + 59_000), true);
    const withAge = refreshFrom304(e, { 'cache-control': 'max-age=60', age: '30' }, { policy, method: 'GET', cachedMethods: ['GET'], now: T0 + 70_000 });
    assert.equal(withAge.meta.initialAge, 30);
  });
});

describe('Vary toward the viewer', () => {
  const table: [string, string[], string | undefined][] = [
    ['Accept-Encoding', [], 'Accept-Encoding'],
    ['Accept-Encoding, User-Agent', [], 'Accept-Encoding'],
    ['User-Agent', ['cloudfront-is-mobile-viewer'], 'User-Agent'],
    ['Accept-Language, X-Other', ['accept-language'], 'Accept-Language'],
    ['Cookie', [], 'Cookie'],
    ['X-Other', [], undefined],
    ['*', [], '*'],
  ];
  for (const [vary, forwarded, out] of table) {
    it(`${vary} (forwarding ${forwarded.join(',') || 'nothing'}) -> ${out}`, () => {
      assert.equal(viewerVary(vary, new Set(forwarded)), out);
    });
  }
  it('all viewer headers forwarded: every name kept but the excepted ones', () => {
    assert.equal(viewerVary('Abc, X-Other', new Set(), new Set()), 'Abc, X-Other');
    assert.equal(viewerVary('Abc, X-Other', new Set(), new Set(['x-other'])), 'Abc');
  });
});
