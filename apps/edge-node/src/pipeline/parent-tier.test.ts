import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideStorage } from '@cachefront/cache-core';
import { EdgeError } from '../errors.ts';
import { fromParent, parentError, parentRequest } from './parent-tier.ts';

describe('parentRequest (child -> parent)', () => {
  const plan = {
    path: '/v1/img/a.png?v=2',
    headers: {
      host: 'origin.example',
      'accept-encoding': 'br,gzip',
      'x-forwarded-for': '198.51.100.7',
      via: '1.1 pop.cachefront.local (cachefront)',
      'x-amz-cf-id': 'abc',
      'x-origin-secret': 's3cr3t',
      'cloudfront-viewer-country': 'DE',
      'if-none-match': '"v1"',
    },
  };
  const r = parentRequest(plan, { host: 'test.localhost', originPath: '/v1', customHeaders: { 'X-Origin-Secret': 's3cr3t' }, hop: 0 });

  it('keeps the viewer Host (same distribution at the parent) and the path without originPath', () => {
    assert.equal(r.headers.host, 'test.localhost');
    assert.equal(r.path, '/img/a.png?v=2');
  });
  it('carries what the origin request would (key and policy headers, XFF, Via, validators)', () => {
    for (const h of ['accept-encoding', 'x-forwarded-for', 'via', 'cloudfront-viewer-country', 'if-none-match']) assert.equal(r.headers[h], plan.headers[h as keyof typeof plan.headers], h);
  });
  it('leaves the origin custom headers and the request id to the parent', () => {
    assert.equal(r.headers['x-origin-secret'], undefined);
    assert.equal(r.headers['x-amz-cf-id'], undefined);
  });
  it('counts the hop: a viewer request goes out as hop 1, a child request one more', () => {
    assert.equal(r.headers['x-cachefront-tier-hop'], '1');
    assert.equal(parentRequest(plan, { host: 'h', originPath: '', customHeaders: {}, hop: 1 }).headers['x-cachefront-tier-hop'], '2');
  });
  it('does not change the plan it was given', () => assert.equal(plan.headers.host, 'origin.example'));
});

describe('fromParent (parent -> child)', () => {
  it("keeps the object's headers and Age, drops the parent's own answer headers", () => {
    const h = fromParent({ 'cache-control': 'max-age=60', etag: '"e"', age: '12', via: '1.1 s.cachefront.local (cachefront)', 'x-cache': 'Hit from cachefront', 'x-amz-cf-pop': 'SHLD', 'x-amz-cf-id': 'x', 'x-cachefront-tier': 'shield-hit' });
    assert.deepEqual(h, { 'cache-control': 'max-age=60', etag: '"e"', age: '12', via: '1.1 s.cachefront.local (cachefront)', 'x-cachefront-tier': 'shield-hit' });
  });
  it("the parent's Age shortens the child's remaining TTL, whatever the TTL's source", () => {
    const policy = { minTTL: 0, defaultTTL: 100, maxTTL: 31536000 };
    const d = decideStorage({ policy, method: 'GET', cachedMethods: ['GET', 'HEAD'], status: 200, headers: fromParent({ age: '40', 'x-cachefront-tier': 'shield-hit' }), now: 0 });
    assert.deepEqual(d, { store: true, ttl: 100, initialAge: 40, source: 'default-ttl' });
  });
});

describe('parentError', () => {
  const table: [code: string, answer: string | undefined, want: { code: string; status: number; tier: string }][] = [
    ['ORIGIN_UNREACHABLE', 'shield-error', { code: 'ORIGIN_UNREACHABLE', status: 502, tier: 'shield-error' }],
    ['ORIGIN_TIMEOUT', 'regional-error', { code: 'ORIGIN_TIMEOUT', status: 504, tier: 'regional-error' }],
    ['TIER_LOOP', 'regional-error', { code: 'TIER_LOOP', status: 508, tier: 'regional-error' }],
    ['TIER_REFUSED', 'pop-error', { code: 'TIER_REFUSED', status: 403, tier: 'pop-error' }],
    ['SOMETHING_NEW', undefined, { code: 'ORIGIN_ERROR', status: 502, tier: 'parent-error' }],
  ];
  for (const [code, answer, want] of table) {
    it(`${code} -> ${want.code} ${want.status}`, () => {
      const e = parentError(code, answer);
      assert.ok(e instanceof EdgeError);
      assert.deepEqual({ code: e.code, status: e.status, tier: e.tierAnswer }, want);
    });
  }
});
