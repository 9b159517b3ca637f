import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTierRequest, MAX_TIER_HOPS, parseTierHop, trustedChildren, type TierName } from './tier.ts';

describe('parseTierHop', () => {
  const table: [string | string[] | undefined, number | 'invalid' | undefined][] = [
    [undefined, undefined],
    ['1', 1],
    [' 2 ', 2],
    ['999', 999],
    ['0', 'invalid'],
    ['-1', 'invalid'],
    ['1.5', 'invalid'],
    ['01', 'invalid'],
    ['1000', 'invalid'],
    ['', 'invalid'],
    ['one', 'invalid'],
    ['1, 1', 'invalid'], // repeated header, joined by node
    [['1'], 'invalid'],
  ];
  for (const [input, want] of table) it(`${JSON.stringify(input)} -> ${want}`, () => assert.equal(parseTierHop(input), want));
});

describe('classifyTierRequest', () => {
  const children = trustedChildren(['10.1.0.0/16']);
  const VIA = '1.1 me.cachefront.local (cachefront)';
  const self = (name: TierName) => ({ name, children, via: VIA });
  const table: [hop: string, peer: string, tier: TierName, want: ReturnType<typeof classifyTierRequest>][] = [
    ['1', '127.0.0.1', 'shield', { kind: 'child', hop: 1 }],
    ['2', '::ffff:127.0.0.1', 'shield', { kind: 'child', hop: 2 }],
    ['1', '::1', 'regional', { kind: 'child', hop: 1 }],
    ['1', '10.1.2.3', 'regional', { kind: 'child', hop: 1 }],
    [String(MAX_TIER_HOPS), '127.0.0.1', 'shield', { kind: 'child', hop: MAX_TIER_HOPS }],
    // a loop of --parent settings
    [String(MAX_TIER_HOPS + 1), '127.0.0.1', 'shield', { kind: 'refused', code: 'TIER_LOOP', hop: MAX_TIER_HOPS + 1 }],
    ['9', '127.0.0.1', 'regional', { kind: 'refused', code: 'TIER_LOOP', hop: 9 }],
    // a peer that is not a trusted child: refused, never served as a viewer's request
    ['1', '203.0.113.9', 'shield', { kind: 'refused', code: 'TIER_REFUSED', hop: 1 }],
    ['1', '10.2.0.1', 'regional', { kind: 'refused', code: 'TIER_REFUSED', hop: 1 }],
    // a POP edge is nobody's parent
    ['1', '127.0.0.1', 'pop', { kind: 'refused', code: 'TIER_REFUSED', hop: 1 }],
    ['x', '127.0.0.1', 'shield', { kind: 'refused', code: 'BAD_REQUEST', hop: 0 }],
  ];
  for (const [hop, peer, tier, want] of table) {
    it(`hop ${hop} from ${peer} at a ${tier} edge -> ${want.kind === 'child' ? 'child' : want.code}`, () => assert.deepEqual(classifyTierRequest(hop, '1.1 other.cachefront.local (cachefront)', peer, self(tier)), want));
  }

  it('a request whose Via already names this edge went round a loop', () => {
    const via = `1.1 pop.cachefront.local (cachefront), ${VIA}, 1.1 other.cachefront.local (cachefront)`;
    assert.deepEqual(classifyTierRequest('2', via, '127.0.0.1', self('regional')), { kind: 'refused', code: 'TIER_LOOP', hop: 2 });
    assert.equal(classifyTierRequest('1', undefined, '127.0.0.1', self('regional')).kind, 'child');
  });

  it('a bad --trusted-child CIDR is reported', () => {
    assert.throws(() => trustedChildren(['10.0.0.0/33']), /--trusted-child\[0\]: .*prefix/);
  });
});
