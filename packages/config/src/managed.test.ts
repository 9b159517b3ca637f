import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  managedCachePolicies,
  managedOriginRequestPolicies,
  parseCachePolicy,
  parseConfig,
  parseOriginRequestPolicy,
  resolveCachePolicy,
  resolveOriginRequestPolicy,
} from './index.ts';
import { valueOf } from './test-fixtures.ts';
import type { CachefrontConfig } from './types.ts';

const empty = valueOf(parseConfig({}));

// [AWS id, name] as listed on "Use managed cache policies".
const CACHE_IDS: [string, string][] = [
  ['2e54312d-136d-493c-8eb9-b001f22f67d2', 'Managed-Amplify'],
  ['4135ea2d-6df8-44a3-9df3-4b5a84be39ad', 'Managed-CachingDisabled'],
  ['658327ea-f89d-4fab-a63d-7e88639e58f6', 'Managed-CachingOptimized'],
  ['b2884449-e4de-46a7-ac36-70bc7f1ddd6d', 'Managed-CachingOptimizedForUncompressedObjects'],
  ['08627262-05a9-4f76-9ded-b50ca2e3a84f', 'Managed-Elemental-MediaPackage'],
  ['83da9c7e-98b4-4e11-a168-04f0df8e2c65', 'Managed-UseOriginCacheControlHeaders'],
  ['4cc15a8a-d715-48a4-82b8-cc0b614638fe', 'Managed-UseOriginCacheControlHeaders-QueryStrings'],
];

// [AWS id, name] as listed on "Use managed origin request policies".
const ORIGIN_REQUEST_IDS: [string, string][] = [
  ['216adef6-5c7f-47e4-b989-5492eafa07d3', 'Managed-AllViewer'],
  ['33f36d7e-f396-46d9-90e0-52428a34d9dc', 'Managed-AllViewerAndCloudFrontHeaders-2022-06'],
  ['b689b0a8-53d0-40ab-baf2-68738e2966ac', 'Managed-AllViewerExceptHostHeader'],
  ['59781a5b-3903-41f3-afcb-af62929ccde1', 'Managed-CORS-CustomOrigin'],
  ['88a5eaf4-2fd4-4709-b370-b4c650ea3fcf', 'Managed-CORS-S3Origin'],
  ['775133bc-15f2-49f9-abea-afb2e0bf67d2', 'Managed-Elemental-MediaTailor-PersonalizedManifests'],
  ['bf0718e1-ba1e-49d1-88b1-f726733018ae', 'Managed-HostHeaderOnly'],
  ['acba4595-bd28-49b8-b9fe-13317c0390fa', 'Managed-UserAgentRefererHeaders'],
];

/** The kind lists every documented policy with its AWS id, and each resolves by AWS id and by name. */
function documentedIds(
  managed: readonly { id: string; name: string }[],
  ids: [string, string][],
  resolve: (config: CachefrontConfig, idOrName: string) => { id: string; name: string } | undefined,
): void {
  it('lists every documented policy with its AWS id', () => {
    assert.deepStrictEqual(managed.map((p) => [p.id, p.name]), ids);
  });

  for (const [id, name] of ids) {
    it(`resolves ${name} by AWS id and by name`, () => {
      assert.equal(resolve(empty, id)?.name, name);
      assert.equal(resolve(empty, name)?.id, id);
    });
  }
}

describe('managed cache policies', () => {
  documentedIds(managedCachePolicies, CACHE_IDS, resolveCachePolicy);

  it("resolves AWS's unprefixed names for the two UseOriginCacheControlHeaders policies", () => {
    assert.equal(resolveCachePolicy(empty, 'UseOriginCacheControlHeaders')?.id, '83da9c7e-98b4-4e11-a168-04f0df8e2c65');
    assert.equal(resolveCachePolicy(empty, 'UseOriginCacheControlHeaders-QueryStrings')?.id, '4cc15a8a-d715-48a4-82b8-cc0b614638fe');
  });

  it('does not resolve other unprefixed names, other kinds or unknown ids', () => {
    for (const ref of ['CachingOptimized', 'Managed-AllViewer', 'managed-cachingoptimized', '']) {
      assert.equal(resolveCachePolicy(empty, ref), undefined, ref);
    }
  });

  it('resolves local policies by id', () => {
    const config = valueOf(parseConfig({ cachePolicies: [{ id: 'mine', minTTL: 5 }] }));
    assert.equal(resolveCachePolicy(config, 'mine')?.minTTL, 5);
    assert.equal(resolveCachePolicy(config, 'Managed-CachingDisabled')?.maxTTL, 0);
  });

  it('has the documented settings', () => {
    const byName = (name: string) => resolveCachePolicy(empty, name);
    assert.deepStrictEqual(byName('Managed-CachingOptimized'), {
      id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      name: 'Managed-CachingOptimized',
      comment: 'Policy with caching enabled. Supports Gzip and Brotli compression.',
      minTTL: 1,
      defaultTTL: 86400,
      maxTTL: 31536000,
      parametersInCacheKeyAndForwardedToOrigin: {
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        headersConfig: { headerBehavior: 'none', headers: [] },
        cookiesConfig: { cookieBehavior: 'none', cookies: [] },
        queryStringsConfig: { queryStringBehavior: 'none', queryStrings: [] },
      },
    });
    const table: [string, number, number, number, boolean, boolean, string, string[], string, string, string[]][] = [
      // name, min, default, max, gzip, brotli, headerBehavior, headers, cookieBehavior, qsBehavior, queryStrings
      ['Managed-Amplify', 2, 2, 600, true, true, 'whitelist', ['authorization', 'cloudfront-viewer-country', 'host'], 'all', 'all', []],
      ['Managed-CachingDisabled', 0, 0, 0, false, false, 'none', [], 'none', 'none', []],
      ['Managed-CachingOptimizedForUncompressedObjects', 1, 86400, 31536000, false, false, 'none', [], 'none', 'none', []],
      ['Managed-Elemental-MediaPackage', 0, 86400, 31536000, true, false, 'whitelist', ['origin'], 'none', 'whitelist', ['aws.manifestfilter', 'start', 'end', 'm']],
      ['Managed-UseOriginCacheControlHeaders', 0, 0, 31536000, true, true, 'whitelist', ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'], 'all', 'none', []],
      ['Managed-UseOriginCacheControlHeaders-QueryStrings', 0, 0, 31536000, true, true, 'whitelist', ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'], 'all', 'all', []],
    ];
    for (const [name, min, def, max, gzip, brotli, hb, headers, cb, qb, qs] of table) {
      const p = byName(name);
      const k = p?.parametersInCacheKeyAndForwardedToOrigin;
      assert.deepStrictEqual(
        [p?.minTTL, p?.defaultTTL, p?.maxTTL, k?.enableAcceptEncodingGzip, k?.enableAcceptEncodingBrotli, k?.headersConfig.headerBehavior, k?.headersConfig.headers, k?.cookiesConfig.cookieBehavior, k?.queryStringsConfig.queryStringBehavior, k?.queryStringsConfig.queryStrings],
        [min, def, max, gzip, brotli, hb, headers, cb, qb, qs],
        name,
      );
    }
  });
});

describe('managed origin request policies', () => {
  documentedIds(managedOriginRequestPolicies, ORIGIN_REQUEST_IDS, resolveOriginRequestPolicy);

  it('has the documented settings', () => {
    const table: [string, string, string[], string, string][] = [
      ['Managed-AllViewer', 'allViewer', [], 'all', 'all'],
      ['Managed-AllViewerExceptHostHeader', 'allExcept', ['host'], 'all', 'all'],
      ['Managed-CORS-CustomOrigin', 'whitelist', ['origin'], 'none', 'none'],
      ['Managed-CORS-S3Origin', 'whitelist', ['origin', 'access-control-request-headers', 'access-control-request-method'], 'none', 'none'],
      ['Managed-Elemental-MediaTailor-PersonalizedManifests', 'whitelist', ['origin', 'access-control-request-headers', 'access-control-request-method', 'user-agent', 'x-forwarded-for'], 'none', 'all'],
      ['Managed-HostHeaderOnly', 'whitelist', ['host'], 'none', 'none'],
      ['Managed-UserAgentRefererHeaders', 'whitelist', ['user-agent', 'referer'], 'none', 'none'],
    ];
    for (const [name, hb, headers, cb, qb] of table) {
      const p = resolveOriginRequestPolicy(empty, name);
      assert.deepStrictEqual(
        [p?.headersConfig.headerBehavior, p?.headersConfig.headers, p?.cookiesConfig.cookieBehavior, p?.queryStringsConfig.queryStringBehavior],
        [hb, headers, cb, qb],
        name,
      );
    }
    const cf = resolveOriginRequestPolicy(empty, 'Managed-AllViewerAndCloudFrontHeaders-2022-06');
    assert.equal(cf?.headersConfig.headerBehavior, 'allViewerAndWhitelistCloudFront');
    assert.equal(cf?.headersConfig.headers.length, 21);
    assert.ok(cf?.headersConfig.headers.every((h) => h.startsWith('cloudfront-')));
  });
});

describe('managed policies are well-formed and read-only', () => {
  it('every header name is lower-case, as the parser makes local ones', () => {
    for (const p of managedCachePolicies) {
      const headers = p.parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers;
      assert.deepStrictEqual(headers, headers.map((h) => h.toLowerCase()), p.name);
    }
    for (const p of managedOriginRequestPolicies) {
      assert.deepStrictEqual(p.headersConfig.headers, p.headersConfig.headers.map((h) => h.toLowerCase()), p.name);
    }
  });

  it('ids and names are unique across both kinds', () => {
    const refs = [...managedCachePolicies, ...managedOriginRequestPolicies].flatMap((p) => [p.id, p.name]);
    assert.equal(new Set(refs).size, refs.length);
  });

  it('each managed cache policy passes the local cache policy rules (except the Managed- prefix)', () => {
    for (const p of managedCachePolicies) valueOf(parseCachePolicy({ ...structuredClone(p), id: 'copy', name: 'copy' }));
    for (const p of managedOriginRequestPolicies.filter((p) => p.headersConfig.headers.length <= 10)) {
      valueOf(parseOriginRequestPolicy({ ...structuredClone(p), id: 'copy', name: 'copy' }));
    }
  });

  it('cannot be modified by callers', () => {
    const p = resolveCachePolicy(empty, 'Managed-CachingOptimized');
    assert.throws(() => {
      (p as { minTTL: number }).minTTL = 0;
    }, TypeError);
    assert.throws(() => p?.parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers.push('x'), TypeError);
  });
});
