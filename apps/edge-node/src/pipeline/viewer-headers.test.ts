import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CompiledBehavior } from '../runtime/compile.ts';
import { buildViewerHeaders, type EdgeIdentity } from './viewer-headers.ts';

const cb = { stripSetCookie: true, forwardedHeaders: new Set<string>() } as unknown as CompiledBehavior;
const POP = '1.1 pop.cachefront.local (cachefront)';
const SHIELD = '1.1 shield.cachefront.local (cachefront)';
const asMap = (flat: string[]) => {
  const m: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) m[flat[i]!] = m[flat[i]!] === undefined ? flat[i + 1]! : `${m[flat[i]!]}|${flat[i + 1]}`;
  return m;
};

describe('buildViewerHeaders and tiers', () => {
  const plain: EdgeIdentity = { via: POP, pop: 'FRA' };
  const child: EdgeIdentity = { via: POP, pop: 'FRA', tier: 'pop' };
  const fromShield = { 'cache-control': 'max-age=60', age: '7', via: SHIELD, 'x-cachefront-tier': 'shield-hit' };
  const fromOrigin = { 'cache-control': 'max-age=60', age: '3', via: '1.1 varnish' };

  it("without tiers: the origin's Via is replaced, its Age relayed on a miss (RFC 9111 §5.1), no tier header", () => {
    assert.deepEqual(asMap(buildViewerHeaders(fromOrigin, cb, plain)), { age: '3', 'cache-control': 'max-age=60', via: POP, 'x-amz-cf-pop': 'FRA' });
  });
  it('a stored copy leaves Age to the hit (it grows per request)', () => {
    assert.equal(asMap(buildViewerHeaders(fromOrigin, cb, plain, 10)).age, undefined);
  });
  it("relayed from a parent: its Via first, its answer, its Age", () => {
    const h = asMap(buildViewerHeaders(fromShield, cb, child));
    assert.equal(h.via, `${SHIELD}, ${POP}`);
    assert.equal(h['x-cachefront-tier'], 'shield-hit');
    assert.equal(h.age, '7');
  });
  it('stored from a parent: Via kept, answer is this tier, Age left to the hit', () => {
    const h = asMap(buildViewerHeaders(fromShield, cb, child, 10));
    assert.equal(h.via, `${SHIELD}, ${POP}`);
    assert.equal(h['x-cachefront-tier'], 'pop-hit');
    assert.equal(h.age, undefined);
  });
  it("from the origin at a tiered edge: the origin's Via is replaced, answer is origin", () => {
    const h = asMap(buildViewerHeaders(fromOrigin, cb, { via: SHIELD, pop: 'SHLD', tier: 'shield' }));
    assert.equal(h.via, SHIELD);
    assert.equal(h['x-cachefront-tier'], 'origin');
    assert.equal(h.age, '3');
  });
});

describe('buildViewerHeaders and Connection (RFC 9110 §7.6.1)', () => {
  it('drops the headers the origin lists in Connection, from relayed and stored responses', () => {
    const origin = { connection: 'A, b', a: '1', b: '2', c: '3', 'cache-control': 'max-age=60' };
    for (const length of [undefined, 10]) {
      const h = asMap(buildViewerHeaders(origin, cb, { via: POP, pop: 'FRA' }, length));
      assert.equal(h.a, undefined);
      assert.equal(h.b, undefined);
      assert.equal(h.c, '3');
      assert.equal(h.connection, undefined);
    }
  });
  it('close and keep-alive tokens drop nothing else', () => {
    const h = asMap(buildViewerHeaders({ connection: 'close', c: '3' }, cb, { via: POP, pop: 'FRA' }));
    assert.equal(h.c, '3');
  });
});
