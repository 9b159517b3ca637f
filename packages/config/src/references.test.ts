import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './index.ts';
import { assertIssues, issuesOf, rawDistribution, rawPublicKey, valueOf } from './test-fixtures.ts';
import type { Issue } from './types.ts';

const B = 'Managed-CachingOptimized';
const origin = (id: string) => ({ id, domainName: `${id}.example.com` });
const group = (id: string, members: string[]) => ({ id, failoverCriteria: { statusCodes: [503] }, members: members.map((originId) => ({ originId })) });
const behavior = (pathPattern: string, targetOriginId: string, extra: Record<string, unknown> = {}) => ({ pathPattern, targetOriginId, cachePolicyId: B, ...extra });
const trusting = (...trustedKeyGroups: string[]) => ({ targetOriginId: 'app', cachePolicyId: B, trustedKeyGroups });

/** [name, config, expected issues ([] = valid)] */
const table: [string, Record<string, unknown>, Issue[]][] = [
  ['a behavior may target an origin', { distributions: [rawDistribution()] }, []],
  [
    'a behavior may target an origin group',
    { distributions: [rawDistribution({ origins: [origin('a'), origin('b')], originGroups: [group('g', ['a', 'b'])], defaultCacheBehavior: { targetOriginId: 'g', cachePolicyId: B } })] },
    [],
  ],
  [
    'targetOriginId must name an origin or group of the same distribution',
    { distributions: [rawDistribution(), rawDistribution({ origins: [origin('other')], defaultCacheBehavior: { targetOriginId: 'other', cachePolicyId: B }, cacheBehaviors: [behavior('/x/*', 'app')] })] },
    [{ path: 'distributions[1].cacheBehaviors[0].targetOriginId', message: "no origin or origin group with id 'app' in this distribution (ids: other)" }],
  ],
  [
    'targetOriginId typo gets a suggestion',
    { distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'apq', cachePolicyId: B } })] },
    [{ path: 'distributions[0].defaultCacheBehavior.targetOriginId', message: "no origin or origin group with id 'apq' in this distribution (did you mean 'app'?)" }],
  ],
  [
    'origin group members must name origins',
    { distributions: [rawDistribution({ origins: [origin('app'), origin('b')], originGroups: [group('g', ['app', 'c'])] })] },
    [{ path: 'distributions[0].originGroups[0].members[1].originId', message: "no origin with id 'c' in this distribution (ids: app, b)" }],
  ],
  [
    'origin group members cannot be groups',
    { distributions: [rawDistribution({ origins: [origin('app'), origin('b')], originGroups: [group('g', ['app', 'b']), group('h', ['g', 'b'])] })] },
    [{ path: 'distributions[0].originGroups[1].members[0].originId', message: "'g' is an origin group; an origin group's members must be origins" }],
  ],
  [
    'origin group members must differ',
    { distributions: [rawDistribution({ originGroups: [group('g', ['app', 'app'])] })] },
    [{ path: 'distributions[0].originGroups[0].members[1].originId', message: "origin 'app' is already a member of this group; primary and secondary must differ" }],
  ],
  [
    'origin groups have exactly two members',
    { distributions: [rawDistribution({ origins: [origin('app'), origin('b'), origin('c')], originGroups: [group('g', ['app', 'b', 'c'])] })] },
    [{ path: 'distributions[0].originGroups[0].members', message: 'must have exactly 2 members, a primary and a secondary origin (got 3)' }],
  ],
  [
    'failover status codes come from the documented set, each once',
    { distributions: [rawDistribution({ origins: [origin('app'), origin('b')], originGroups: [{ ...group('g', ['app', 'b']), failoverCriteria: { statusCodes: [500, 501, 500] } }] })] },
    [
      { path: 'distributions[0].originGroups[0].failoverCriteria.statusCodes[1]', message: '501 is not a failover status code CloudFront supports; allowed: 400, 403, 404, 416, 500, 502, 503, 504' },
      { path: 'distributions[0].originGroups[0].failoverCriteria.statusCodes[2]', message: '500 is listed more than once' },
    ],
  ],
  [
    'origin ids are unique within a distribution',
    { distributions: [rawDistribution({ origins: [origin('app'), origin('app')] })] },
    [{ path: 'distributions[0].origins[1].id', message: "origin id 'app' is already used by origins[0]" }],
  ],
  [
    'origin ids may repeat across distributions',
    { distributions: [rawDistribution(), rawDistribution()] },
    [],
  ],
  [
    'origin group ids are unique and distinct from origin ids',
    { distributions: [rawDistribution({ origins: [origin('app'), origin('b')], originGroups: [group('g', ['app', 'b']), group('g', ['app', 'b']), group('b', ['app', 'b'])] })] },
    [
      { path: 'distributions[0].originGroups[1].id', message: "origin group id 'g' is already used by originGroups[0]" },
      { path: 'distributions[0].originGroups[2].id', message: "'b' is already the id of origins[1]; origins and origin groups share one set of ids" },
    ],
  ],
  [
    'distribution ids are unique',
    { distributions: [rawDistribution({ id: 'EDEMO00000001' }), rawDistribution({ id: 'EDEMO00000001' })] },
    [{ path: 'distributions[1].id', message: "distribution id 'EDEMO00000001' is already used by distributions[0]" }],
  ],
  [
    'aliases are unique across distributions',
    { distributions: [rawDistribution({ aliases: ['a.example.com', '*.example.com'] }), rawDistribution({ aliases: ['b.example.com', 'a.example.com'] })] },
    [{ path: 'distributions[1].aliases[1]', message: "alias 'a.example.com' is already used by distributions[0].aliases[0]" }],
  ],
  [
    'aliases are unique within a distribution',
    { distributions: [rawDistribution({ aliases: ['a.example.com', 'a.example.com'] })] },
    [{ path: 'distributions[0].aliases[1]', message: "alias 'a.example.com' is already used by distributions[0].aliases[0]" }],
  ],
  [
    'a wildcard alias may overlap a specific one',
    { distributions: [rawDistribution({ aliases: ['*.example.com'] }), rawDistribution({ aliases: ['www.example.com'] })] },
    [],
  ],
  [
    'path patterns are unique within a distribution',
    { distributions: [rawDistribution({ cacheBehaviors: [behavior('/a/*', 'app'), behavior('/b/*', 'app'), behavior('/a/*', 'app')] })] },
    [{ path: 'distributions[0].cacheBehaviors[2].pathPattern', message: "path pattern '/a/*' is already used by cacheBehaviors[0], so this behavior would never match" }],
  ],
  [
    'cachePolicyId may be an AWS id, Managed-<Name>, AWS unprefixed name or local id',
    {
      distributions: [
        rawDistribution({
          cacheBehaviors: [
            behavior('/1', 'app', { cachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' }),
            behavior('/2', 'app', { cachePolicyId: 'Managed-CachingDisabled' }),
            behavior('/3', 'app', { cachePolicyId: 'UseOriginCacheControlHeaders' }),
            behavior('/4', 'app', { cachePolicyId: 'mine', originRequestPolicyId: 'fwd' }),
            behavior('/5', 'app', { originRequestPolicyId: '216adef6-5c7f-47e4-b989-5492eafa07d3' }),
          ],
        }),
      ],
      cachePolicies: [{ id: 'mine', minTTL: 0 }],
      originRequestPolicies: [{ id: 'fwd' }],
    },
    [],
  ],
  [
    'unknown cache policy',
    { distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'mine' } })] },
    [{ path: 'distributions[0].defaultCacheBehavior.cachePolicyId', message: "no cache policy 'mine': not a managed policy (AWS id or Managed-<Name>) and not defined in cachePolicies" }],
  ],
  [
    'an origin request policy id is not a cache policy id',
    { distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-AllViewer' } })] },
    [{ path: 'distributions[0].defaultCacheBehavior.cachePolicyId', message: "no cache policy 'Managed-AllViewer': not a managed policy (AWS id or Managed-<Name>) and not defined in cachePolicies" }],
  ],
  [
    'unknown origin request policy, with a suggestion for the missing prefix',
    { distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: B, originRequestPolicyId: 'CORS-S3Origin' } })] },
    [{ path: 'distributions[0].defaultCacheBehavior.originRequestPolicyId', message: "no origin request policy 'CORS-S3Origin': not a managed policy (AWS id or Managed-<Name>) and not defined in originRequestPolicies (did you mean 'Managed-CORS-S3Origin'?)" }],
  ],
  [
    'policy ids are unique and may not name managed policies',
    {
      cachePolicies: [{ id: 'p', minTTL: 0 }, { id: 'p', minTTL: 0 }, { id: 'Managed-Amplify', minTTL: 0 }],
      originRequestPolicies: [{ id: 'p' }, { id: 'p' }],
    },
    [
      { path: 'cachePolicies[1].id', message: "cache policy id 'p' is already used by cachePolicies[0]" },
      { path: 'cachePolicies[2].id', message: "'Managed-Amplify' names a managed cache policy; choose another id" },
      { path: 'originRequestPolicies[1].id', message: "origin request policy id 'p' is already used by originRequestPolicies[0]" },
    ],
  ],
  [
    'a cache policy and an origin request policy may share an id',
    { cachePolicies: [{ id: 'p', minTTL: 0 }], originRequestPolicies: [{ id: 'p' }] },
    [],
  ],
  [
    'policy names are unique (a name defaults to the id)',
    { cachePolicies: [{ id: 'a', minTTL: 0 }, { id: 'b', name: 'a', minTTL: 0 }, { id: 'c', name: 'x', minTTL: 0 }, { id: 'x', minTTL: 0 }] },
    [
      { path: 'cachePolicies[1].name', message: "cache policy name 'a' is already used by cachePolicies[0]" },
      { path: 'cachePolicies[3].id', message: "cache policy name 'x' is already used by cachePolicies[2]" },
    ],
  ],
  [
    'behaviors trust key groups of the file; key groups list its public keys',
    {
      distributions: [rawDistribution({ defaultCacheBehavior: trusting('kg1'), cacheBehaviors: [behavior('/a/*', 'app', { trustedKeyGroups: ['kg1', 'kg2'] })] })],
      publicKeys: [rawPublicKey({ id: 'pk1' }), rawPublicKey({ id: 'pk2' })],
      keyGroups: [{ id: 'kg1', items: ['pk1'] }, { id: 'kg2', items: ['pk1', 'pk2'] }],
    },
    [],
  ],
  [
    'trustedKeyGroups must name key groups of the file (no guess: kg1 is another key group, not a typo)',
    {
      distributions: [rawDistribution({ cacheBehaviors: [behavior('/a/*', 'app'), behavior('/b/*', 'app', { trustedKeyGroups: ['kg2'] })] })],
      publicKeys: [rawPublicKey({ id: 'pk1' })],
      keyGroups: [{ id: 'kg1', items: ['pk1'] }],
    },
    [{ path: 'distributions[0].cacheBehaviors[1].trustedKeyGroups[0]', message: "no key group with id 'kg2' (ids: kg1)" }],
  ],
  [
    'a public key is not a key group',
    { distributions: [rawDistribution({ defaultCacheBehavior: trusting('pk1') })], publicKeys: [rawPublicKey({ id: 'pk1' })] },
    [{ path: 'distributions[0].defaultCacheBehavior.trustedKeyGroups[0]', message: "no key group with id 'pk1'" }],
  ],
  [
    'key group items must name public keys of the file',
    { publicKeys: [rawPublicKey({ id: 'pk1' }), rawPublicKey({ id: 'pk2' })], keyGroups: [{ id: 'kg1', items: ['pk1', 'pk3'] }] },
    [{ path: 'keyGroups[0].items[1]', message: "no public key with id 'pk3' (ids: pk1, pk2)" }],
  ],
  [
    'public key and key group ids and names are unique',
    {
      publicKeys: [rawPublicKey({ id: 'pk1' }), rawPublicKey({ id: 'pk1' }), rawPublicKey({ id: 'pk2', name: 'pk1' })],
      keyGroups: [{ id: 'kg1', items: ['pk1'] }, { id: 'kg1', items: ['pk2'] }, { id: 'kg2', name: 'kg1', items: ['pk2'] }],
    },
    [
      { path: 'publicKeys[1].id', message: "public key id 'pk1' is already used by publicKeys[0]" },
      { path: 'publicKeys[2].name', message: "public key name 'pk1' is already used by publicKeys[0]" },
      { path: 'keyGroups[1].id', message: "key group id 'kg1' is already used by keyGroups[0]" },
      { path: 'keyGroups[2].name', message: "key group name 'kg1' is already used by keyGroups[0]" },
    ],
  ],
  [
    'a public key and a key group may share an id; a key may be in several groups',
    { publicKeys: [rawPublicKey({ id: 'k' })], keyGroups: [{ id: 'k', items: ['k'] }, { id: 'k2', items: ['k'] }] },
    [],
  ],
];

describe('cross-references', () => {
  for (const [name, config, expected] of table) {
    it(name, () => assertIssues(parseConfig(config), expected));
  }

  it('keeps references as written in the parsed value', () => {
    const value = valueOf(parseConfig({ distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' } })] }));
    assert.equal(value.distributions[0]?.defaultCacheBehavior.cachePolicyId, '658327ea-f89d-4fab-a63d-7e88639e58f6');
  });

  it('still checks references when another field of the behavior is malformed', () => {
    const dist = rawDistribution({ cacheBehaviors: [behavior('/a[', 'nope', { compress: 'yes' })] });
    assert.deepStrictEqual(issuesOf(parseConfig({ distributions: [dist] })), [
      { path: 'distributions[0].cacheBehaviors[0].pathPattern', message: "character '[' is not allowed" },
      { path: 'distributions[0].cacheBehaviors[0].targetOriginId', message: "no origin or origin group with id 'nope' in this distribution (ids: app)" },
      { path: 'distributions[0].cacheBehaviors[0].compress', message: "must be true or false, got 'yes'" },
    ]);
  });
});
