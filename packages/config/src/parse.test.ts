import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseCachePolicy, parseConfig, parseConfigText, parseDistribution, parseKeyGroup, parseOriginRequestPolicy, parsePublicKey } from './index.ts';
import { DESIGN_EXAMPLE_YAML, issuesOf, rawCachePolicy, rawDistribution, rawPublicKey, testPem, valueOf } from './test-fixtures.ts';
import type { CachefrontConfig } from './types.ts';

describe('parseConfigText: the DESIGN.md example', () => {
  it('parses with every default filled in', () => {
    const expected: CachefrontConfig = {
      distributions: [
        {
          id: 'EDEMO00000001',
          comment: '',
          enabled: true,
          aliases: ['demo.localhost'],
          defaultRootObject: 'index.html',
          priceClass: 'PriceClass_All',
          httpVersion: 'http2',
          viewerCertificate: { minimumProtocolVersion: 'TLSv1' },
          origins: [
            {
              id: 'app',
              domainName: '127.0.0.1',
              originPath: '',
              customHeaders: { 'x-origin-secret': 's3cr3t' },
              connectionAttempts: 3,
              connectionTimeout: 10,
              customOriginConfig: {
                httpPort: 9000,
                httpsPort: 443,
                originProtocolPolicy: 'http-only',
                originReadTimeout: 30,
                originKeepaliveTimeout: 5,
              },
            },
          ],
          originGroups: [],
          defaultCacheBehavior: {
            pathPattern: '*',
            targetOriginId: 'app',
            trustedKeyGroups: [],
            viewerProtocolPolicy: 'allow-all',
            allowedMethods: ['GET', 'HEAD'],
            cachedMethods: ['GET', 'HEAD'],
            cachePolicyId: 'Managed-CachingOptimized',
            originRequestPolicyId: 'Managed-AllViewer',
            compress: false,
            functionAssociations: [],
            lambdaFunctionAssociations: [],
          },
          cacheBehaviors: [
            {
              pathPattern: '/api/*',
              targetOriginId: 'app',
              trustedKeyGroups: [],
              viewerProtocolPolicy: 'allow-all',
              allowedMethods: ['GET', 'HEAD'],
              cachedMethods: ['GET', 'HEAD'],
              cachePolicyId: 'Managed-CachingDisabled',
              compress: false,
              functionAssociations: [],
            lambdaFunctionAssociations: [],
            },
          ],
          customErrorResponses: [],
          restrictions: { geoRestriction: { restrictionType: 'none', items: [] } },
          logging: { enabled: false, includeCookies: false, prefix: '' },
        },
      ],
      cachePolicies: [
        {
          id: 'qs-key',
          name: 'qs-key',
          comment: '',
          minTTL: 0,
          defaultTTL: 60,
          maxTTL: 3600,
          parametersInCacheKeyAndForwardedToOrigin: {
            enableAcceptEncodingGzip: true,
            enableAcceptEncodingBrotli: true,
            headersConfig: { headerBehavior: 'none', headers: [] },
            cookiesConfig: { cookieBehavior: 'none', cookies: [] },
            queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] },
          },
        },
      ],
      originRequestPolicies: [],
      responseHeadersPolicies: [],
      originAccessControls: [],
      publicKeys: [],
      keyGroups: [],
      trustedProxies: [],
      functions: [],
      lambdaFunctions: [],
      keyValueStores: [],
      realtimeLogConfigs: [],
    };
    assert.deepStrictEqual(valueOf(parseConfigText(DESIGN_EXAMPLE_YAML)), expected);
  });

  it('parses the same config written as JSON', () => {
    const fromYaml = valueOf(parseConfigText(DESIGN_EXAMPLE_YAML));
    const json = JSON.stringify(parse(DESIGN_EXAMPLE_YAML), null, 2);
    assert.deepStrictEqual(valueOf(parseConfigText(json, 'json')), fromYaml);
  });
});

describe('parseConfig: a config with many problems', () => {
  it('reports every one, with its path, in file order', () => {
    const input = {
      distributions: [
        {
          id: 'edemo',
          aliases: ['shop.example.com', 'Shop.Example.com'],
          defaultRootObject: '/index.html',
          origins: [
            {
              id: 'app',
              domainName: 'http://origin.example.com',
              originPath: '/v1/',
              customHeaders: { Host: 'x', 'x-secret': 's' },
              connectionAttempts: 4,
              customOriginConfig: { httpPort: 8080, httpsport: 8443 },
            },
            { id: 'app', domainName: 'other.example.com' },
          ],
          originGroups: [
            { id: 'failover', failoverCriteria: { statusCodes: [500, 418] }, members: [{ originId: 'app' }] },
          ],
          defaultCacheBehavior: {
            targetOriginId: 'nowhere',
            cachePolicyId: 'CachingOptimized',
            cachedMethods: ['GET', 'HEAD', 'OPTIONS'],
          },
          cacheBehaviors: [
            { pathPattern: '/api/*', targetOriginId: 'app', cachePolicyId: 'Managed-CachingDisabled' },
            { pathPattern: '/img/[0-9].png', targetOriginId: 'failover', cachePolicyId: 'short' },
            {
              pathPattern: '/api/*',
              targetOriginId: 'app',
              cachePolicyId: 'short',
              originRequestPolicyId: 'Managed-AllViewers',
              allowedMethods: ['GET', 'POST'],
            },
          ],
          customErrorResponses: [{ errorCode: 404, responseCode: 200 }, { errorCode: 404 }, { errorCode: 418 }],
          restrictions: { geoRestriction: { restrictionType: 'whitelist', items: [] } },
        },
        {
          id: 'EDEMO00000002',
          aliases: ['shop.example.com'],
          origins: [{ id: 'b', domainName: 'b.example.com' }],
          defaultCacheBehavior: { targetOriginId: 'b', cachePolicyId: 'short' },
        },
      ],
      cachePolicies: [
        {
          id: 'short',
          minTTL: 60,
          defaultTTL: 30,
          parametersInCacheKeyAndForwardedToOrigin: { headersConfig: { headerBehavior: 'whitelist' } },
        },
        { id: 'short', minTTL: 0, maxTTL: 0, defaultTTL: 0, parametersInCacheKeyAndForwardedToOrigin: { enableAcceptEncodingBrotli: true } },
      ],
      originRequestPolicies: [{ id: 'Managed-AllViewer', headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] } }],
      keyGroups: [{ id: 'signers', items: ['K2JCJMDEHXQW5F'] }],
    };
    assert.deepStrictEqual(issuesOf(parseConfig(input)), [
      { path: 'distributions[0].id', message: "must look like a CloudFront distribution id: 'E' then 11 to 13 upper-case letters or digits, e.g. EDEMO00000001" },
      { path: 'distributions[0].aliases[1]', message: 'must be lower-case (CloudFront requires lower-case alternate domain names)' },
      { path: 'distributions[0].aliases[1]', message: "alias 'Shop.Example.com' is already used by distributions[0].aliases[0]" },
      { path: 'distributions[0].defaultRootObject', message: "must not start with '/' (write 'index.html', not '/index.html')" },
      { path: 'distributions[0].origins[0].domainName', message: 'must be a host name without a scheme (set customOriginConfig.originProtocolPolicy instead)' },
      { path: 'distributions[0].origins[0].originPath', message: "must not end with '/'" },
      { path: 'distributions[0].origins[0].customHeaders.Host', message: 'CloudFront can\'t add Host to origin requests ("Custom headers that CloudFront can\'t add to origin requests")' },
      { path: 'distributions[0].origins[0].connectionAttempts', message: 'must be a whole number from 1 to 3 (got 4)' },
      { path: 'distributions[0].origins[0].customOriginConfig.httpsport', message: "unknown key 'httpsport' (did you mean 'httpsPort'?)" },
      { path: 'distributions[0].origins[1].id', message: "origin id 'app' is already used by origins[0]" },
      { path: 'distributions[0].originGroups[0].failoverCriteria.statusCodes[1]', message: '418 is not a failover status code CloudFront supports; allowed: 400, 403, 404, 416, 500, 502, 503, 504' },
      { path: 'distributions[0].originGroups[0].members', message: 'must have exactly 2 members, a primary and a secondary origin (got 1)' },
      { path: 'distributions[0].defaultCacheBehavior.targetOriginId', message: "no origin or origin group with id 'nowhere' in this distribution (ids: app, failover)" },
      { path: 'distributions[0].defaultCacheBehavior.cachePolicyId', message: "no cache policy 'CachingOptimized': not a managed policy (AWS id or Managed-<Name>) and not defined in cachePolicies (did you mean 'Managed-CachingOptimized'?)" },
      { path: 'distributions[0].defaultCacheBehavior.cachedMethods', message: 'caches OPTIONS, which allowedMethods does not allow (allowedMethods is [GET, HEAD] by default)' },
      { path: 'distributions[0].cacheBehaviors[1].pathPattern', message: "characters '[', ']' are not allowed" },
      { path: 'distributions[0].cacheBehaviors[2].pathPattern', message: "path pattern '/api/*' is already used by cacheBehaviors[0], so this behavior would never match" },
      { path: 'distributions[0].cacheBehaviors[2].originRequestPolicyId', message: "no origin request policy 'Managed-AllViewers': not a managed policy (AWS id or Managed-<Name>) and not defined in originRequestPolicies (did you mean 'Managed-AllViewer'?)" },
      { path: 'distributions[0].cacheBehaviors[2].allowedMethods', message: 'must be [GET, HEAD], [GET, HEAD, OPTIONS] or [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE] (in any order)' },
      { path: 'distributions[0].customErrorResponses[0].responsePagePath', message: 'is required when responseCode is set' },
      { path: 'distributions[0].customErrorResponses[1].errorCode', message: 'error code 404 already has a custom error response at customErrorResponses[0]' },
      { path: 'distributions[0].customErrorResponses[2].errorCode', message: '418 is not an error code CloudFront can customize; allowed: 400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504' },
      { path: 'distributions[0].restrictions.geoRestriction.items', message: "must list at least one country when restrictionType is 'whitelist'" },
      { path: 'distributions[1].aliases[0]', message: "alias 'shop.example.com' is already used by distributions[0].aliases[0]" },
      { path: 'cachePolicies[0].defaultTTL', message: 'defaultTTL (30) must not be less than minTTL (60)' },
      { path: 'cachePolicies[0].parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers', message: "must list at least one header when headerBehavior is 'whitelist'" },
      { path: 'cachePolicies[1].id', message: "cache policy id 'short' is already used by cachePolicies[0]" },
      { path: 'cachePolicies[1].parametersInCacheKeyAndForwardedToOrigin.enableAcceptEncodingBrotli', message: 'must be false when caching is disabled (minTTL, defaultTTL and maxTTL all 0); CloudFront rejects it' },
      { path: 'originRequestPolicies[0].id', message: "'Managed-AllViewer' names a managed origin request policy; choose another id" },
      { path: 'originRequestPolicies[0].headersConfig.headers[0]', message: 'authorization cannot be forwarded on its own by an origin request policy; add it to the cache policy, or use allViewer' },
      { path: 'keyGroups[0].items[0]', message: "no public key with id 'K2JCJMDEHXQW5F'" },
    ]);
  });
});

describe('parse functions never throw', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  const inputs: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'distributions'],
    ['a list', []],
    ['a cyclic mapping', cyclic],
    ['a mapping with wrong types everywhere', { distributions: [{ origins: 'x', aliases: 5, defaultCacheBehavior: [] }], cachePolicies: {} }],
  ];
  for (const [name, input] of inputs) {
    it(`reports ${name} as issues`, () => {
      for (const parse of [parseConfig, parseDistribution, parseCachePolicy, parseOriginRequestPolicy, parsePublicKey, parseKeyGroup]) {
        const result = parse(input);
        assert.ok(result.issues !== undefined && result.issues.length > 0, `${parse.name} gave no issues`);
      }
    });
  }

  it('says what the top level should be', () => {
    assert.deepStrictEqual(issuesOf(parseConfig(null)), [{ path: '', message: 'must be a mapping (key: value pairs), got null' }]);
  });
});

describe('parseDistribution', () => {
  it('fills defaults and reports paths relative to the distribution', () => {
    const value = valueOf(parseDistribution(rawDistribution()));
    assert.equal(value.defaultCacheBehavior.pathPattern, '*');
    assert.deepStrictEqual(issuesOf(parseDistribution(rawDistribution({ origins: [] }))), [
      { path: 'origins', message: 'a distribution needs at least one origin' },
      { path: 'defaultCacheBehavior.targetOriginId', message: "no origin or origin group with id 'app' in this distribution" },
    ]);
  });

  it('resolves local policies only from the context it is given', () => {
    const dist = rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'mine', originRequestPolicyId: 'fwd' } });
    assert.deepStrictEqual(
      issuesOf(parseDistribution(dist)).map((i) => i.path),
      ['defaultCacheBehavior.cachePolicyId', 'defaultCacheBehavior.originRequestPolicyId'],
    );
    valueOf(parseDistribution(dist, { cachePolicies: [{ id: 'mine' }], originRequestPolicies: [{ id: 'fwd' }] }));
  });

  it('rejects a pathPattern other than * on the default behavior', () => {
    const dist = rawDistribution({ defaultCacheBehavior: { pathPattern: '/x/*', targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' } });
    assert.deepStrictEqual(issuesOf(parseDistribution(dist)), [
      { path: 'defaultCacheBehavior.pathPattern', message: "the default cache behavior has no path pattern; it always matches '*'" },
    ]);
  });

  it('parses its own output: a parsed config is accepted back unchanged (GET -> edit -> PUT)', () => {
    const once = valueOf(parseConfig(parse(DESIGN_EXAMPLE_YAML)));
    assert.deepStrictEqual(valueOf(parseConfig(JSON.parse(JSON.stringify(once)))), once);
    const dist = valueOf(parseDistribution(rawDistribution()));
    assert.deepStrictEqual(valueOf(parseDistribution(JSON.parse(JSON.stringify(dist)))), dist);

    const raw = parse(DESIGN_EXAMPLE_YAML) as { distributions: { cacheBehaviors: Record<string, unknown>[] }[] };
    const behavior = raw.distributions[0]?.cacheBehaviors[0] ?? {};
    behavior.trustedKeyGroups = ['signers'];
    const signed = {
      ...raw,
      publicKeys: [rawPublicKey({ id: 'pk-rsa' }), rawPublicKey({ id: 'pk-ec', name: 'ec', encodedKey: testPem('ec256'), comment: 'P-256' })],
      keyGroups: [{ id: 'signers', items: ['pk-rsa', 'pk-ec'] }],
    };
    const withKeys = valueOf(parseConfig(signed));
    assert.deepStrictEqual(withKeys.distributions[0]?.cacheBehaviors[0]?.trustedKeyGroups, ['signers']);
    assert.deepStrictEqual(valueOf(parseConfig(JSON.parse(JSON.stringify(withKeys)))), withKeys);
    const context = { keyGroups: withKeys.keyGroups, publicKeys: withKeys.publicKeys };
    for (const d of withKeys.distributions) assert.deepStrictEqual(valueOf(parseDistribution(JSON.parse(JSON.stringify(d)), context)), d);
    for (const k of withKeys.publicKeys) assert.deepStrictEqual(valueOf(parsePublicKey(JSON.parse(JSON.stringify(k)))), k);
    for (const g of withKeys.keyGroups) assert.deepStrictEqual(valueOf(parseKeyGroup(JSON.parse(JSON.stringify(g)), context)), g);
  });

  it('resolves trusted key groups only from the context it is given', () => {
    const dist = rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', trustedKeyGroups: ['kg2'] } });
    assert.deepStrictEqual(issuesOf(parseDistribution(dist)), [
      { path: 'defaultCacheBehavior.trustedKeyGroups[0]', message: "no key group with id 'kg2'" },
    ]);
    assert.deepStrictEqual(issuesOf(parseDistribution(dist, { keyGroups: [{ id: 'kg1' }] })), [
      { path: 'defaultCacheBehavior.trustedKeyGroups[0]', message: "no key group with id 'kg2' (ids: kg1)" },
    ]);
    assert.deepStrictEqual(valueOf(parseDistribution(dist, { keyGroups: [{ id: 'kg1' }, { id: 'kg2' }] })).defaultCacheBehavior.trustedKeyGroups, ['kg2']);
  });
});

describe('parseCachePolicy', () => {
  const table: [string, Record<string, unknown>, { defaultTTL: number; maxTTL: number }][] = [
    ['CloudFront defaults for omitted TTLs', {}, { defaultTTL: 86400, maxTTL: 31536000 }],
    ['DefaultTTL defaults to MinTTL when that is larger', { minTTL: 100000 }, { defaultTTL: 100000, maxTTL: 31536000 }],
    ['MaxTTL defaults to DefaultTTL when that is larger', { defaultTTL: 40000000 }, { defaultTTL: 40000000, maxTTL: 40000000 }],
    ['written values are kept', { minTTL: 1, defaultTTL: 2, maxTTL: 3 }, { defaultTTL: 2, maxTTL: 3 }],
  ];
  for (const [name, overrides, expected] of table) {
    it(name, () => {
      const value = valueOf(parseCachePolicy(rawCachePolicy(overrides)));
      assert.deepStrictEqual({ defaultTTL: value.defaultTTL, maxTTL: value.maxTTL }, expected);
    });
  }

  it('lower-cases header names and defaults name and comment', () => {
    const value = valueOf(
      parseCachePolicy(
        rawCachePolicy({ parametersInCacheKeyAndForwardedToOrigin: { headersConfig: { headerBehavior: 'whitelist', headers: ['X-Tenant', 'Accept-Language'] } } }),
      ),
    );
    assert.equal(value.name, 'p');
    assert.equal(value.comment, '');
    assert.deepStrictEqual(value.parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers, ['x-tenant', 'accept-language']);
  });

  it('requires minTTL, as CachePolicyConfig does', () => {
    assert.deepStrictEqual(issuesOf(parseCachePolicy({ id: 'p' })), [{ path: 'minTTL', message: 'is required' }]);
  });

  it('rejects an id that names a managed policy', () => {
    assert.deepStrictEqual(issuesOf(parseCachePolicy(rawCachePolicy({ id: 'Managed-CachingDisabled' }))), [
      { path: 'id', message: "'Managed-CachingDisabled' names a managed cache policy; choose another id" },
    ]);
  });
});

describe('parseOriginRequestPolicy', () => {
  it('fills defaults and lower-cases header names', () => {
    assert.deepStrictEqual(valueOf(parseOriginRequestPolicy({ id: 'fwd', headersConfig: { headerBehavior: 'whitelist', headers: ['X-Tenant'] } })), {
      id: 'fwd',
      name: 'fwd',
      comment: '',
      headersConfig: { headerBehavior: 'whitelist', headers: ['x-tenant'] },
      cookiesConfig: { cookieBehavior: 'none', cookies: [] },
      queryStringsConfig: { queryStringBehavior: 'none', queryStrings: [] },
    });
  });
});

describe('parsePublicKey', () => {
  it('fills name (the id) and comment; keeps the PEM as written', () => {
    const pem = `\n${testPem('ec256')}\n`;
    assert.deepStrictEqual(valueOf(parsePublicKey({ id: 'K2JCJMDEHXQW5F', encodedKey: pem })), {
      id: 'K2JCJMDEHXQW5F',
      name: 'K2JCJMDEHXQW5F',
      encodedKey: pem,
      comment: '',
    });
  });

  it('reports every problem with its path, never the key itself', () => {
    const issues = issuesOf(parsePublicKey({ id: 'pk 1', name: '', encodedKey: testPem('rsa1024'), comment: 'c'.repeat(129), callerReference: 'x' }));
    assert.deepStrictEqual(issues, [
      { path: 'id', message: "character space is not allowed (use letters, digits, '-' and '_')" },
      { path: 'name', message: 'must not be empty' },
      { path: 'encodedKey', message: 'is a 1024-bit RSA key; CloudFront requires RSA keys of 2048 bits' },
      { path: 'comment', message: 'must be at most 128 characters (got 129)' },
      { path: 'callerReference', message: "unknown key 'callerReference'" },
    ]);
    assert.deepStrictEqual(issuesOf(parsePublicKey({ id: 'pk1' })), [{ path: 'encodedKey', message: 'is required' }]);
  });
});

describe('parseKeyGroup', () => {
  const publicKeys = [{ id: 'pk1' }, { id: 'pk2' }];
  it('fills name and comment; items resolve against the context', () => {
    assert.deepStrictEqual(valueOf(parseKeyGroup({ id: 'kg1', items: ['pk2', 'pk1'] }, { publicKeys })), {
      id: 'kg1',
      name: 'kg1',
      items: ['pk2', 'pk1'],
      comment: '',
    });
  });

  const table: [string, Record<string, unknown>, { path: string; message: string }[]][] = [
    ['an unknown public key', { id: 'kg1', items: ['pk1', 'pk3'] }, [{ path: 'items[1]', message: "no public key with id 'pk3' (ids: pk1, pk2)" }]],
    ['a key listed twice', { id: 'kg1', items: ['pk1', 'pk2', 'pk1'] }, [{ path: 'items[2]', message: "public key 'pk1' is already listed at items[0]" }]],
    ['no keys (CreateKeyGroup needs at least one)', { id: 'kg1', items: [] }, [{ path: 'items', message: 'a key group needs at least one public key' }]],
    ['items missing', { id: 'kg1' }, [{ path: 'items', message: 'is required' }]],
    ['a bad id and an empty item', { id: 'kg/1', items: [''] }, [
      { path: 'id', message: "character '/' is not allowed (use letters, digits, '-' and '_')" },
      { path: 'items[0]', message: 'must not be empty' },
    ]],
  ];
  for (const [name, input, expected] of table) {
    it(name, () => assert.deepStrictEqual(issuesOf(parseKeyGroup(input, { publicKeys })), expected));
  }

  it('without a context no public key resolves', () => {
    assert.deepStrictEqual(issuesOf(parseKeyGroup({ id: 'kg1', items: ['pk1'] })), [{ path: 'items[0]', message: "no public key with id 'pk1'" }]);
  });
});

it('cacheTagHeader: a header name, lower-cased; a bad name is reported at its path', () => {
  const base = { origins: [{ id: 'o', domainName: 'example.com' }], defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' } };
  const ok = parseDistribution({ ...base, cacheTagHeader: 'Cache-Tag' });
  assert.equal(ok.value?.cacheTagHeader, 'cache-tag');
  assert.equal(parseDistribution(base).value?.cacheTagHeader, undefined);
  const bad = parseDistribution({ ...base, cacheTagHeader: 'cache tag' });
  assert.deepEqual(bad.issues?.map((i) => i.path), ['cacheTagHeader']);
});
