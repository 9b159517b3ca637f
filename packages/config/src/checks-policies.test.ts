import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCachePolicy, parseOriginRequestPolicy } from './index.ts';
import { assertIssues, issuesOf, rawCachePolicy } from './test-fixtures.ts';
import type { Issue } from './types.ts';

const K = 'parametersInCacheKeyAndForwardedToOrigin';
const DISABLED = { minTTL: 0, defaultTTL: 0, maxTTL: 0 };

/** [name, cache policy fields, expected issues ([] = valid)] */
const cacheTable: [string, Record<string, unknown>, Issue[]][] = [
  ['TTLs in order', { minTTL: 1, defaultTTL: 2, maxTTL: 3 }, []],
  ['all TTLs equal', { minTTL: 5, defaultTTL: 5, maxTTL: 5 }, []],
  ['defaultTTL below minTTL', { minTTL: 10, defaultTTL: 5, maxTTL: 20 }, [{ path: 'defaultTTL', message: 'defaultTTL (5) must not be less than minTTL (10)' }]],
  ['maxTTL below defaultTTL', { minTTL: 0, defaultTTL: 50, maxTTL: 20 }, [{ path: 'maxTTL', message: 'maxTTL (20) must not be less than defaultTTL (50)' }]],
  ['maxTTL below the default defaultTTL', { minTTL: 0, maxTTL: 3600 }, [{ path: 'maxTTL', message: 'maxTTL (3600) must not be less than defaultTTL (86400, its default)' }]],
  [
    'all three out of order',
    { minTTL: 30, defaultTTL: 20, maxTTL: 10 },
    [
      { path: 'defaultTTL', message: 'defaultTTL (20) must not be less than minTTL (30)' },
      { path: 'maxTTL', message: 'maxTTL (10) must not be less than defaultTTL (20)' },
    ],
  ],
  ['negative and fractional TTLs', { minTTL: -1, defaultTTL: 1.5 }, [
    { path: 'minTTL', message: 'must be a whole number of seconds, 0 or more (got -1)' },
    { path: 'defaultTTL', message: 'must be a whole number of seconds, 0 or more (got 1.5)' },
  ]],
  ['caching disabled with nothing in the key (like Managed-CachingDisabled)', { ...DISABLED }, []],
  [
    'caching disabled with compression and every kind of key',
    {
      ...DISABLED,
      [K]: {
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
        headersConfig: { headerBehavior: 'whitelist', headers: ['authorization'] },
        cookiesConfig: { cookieBehavior: 'all' },
        queryStringsConfig: { queryStringBehavior: 'allExcept', queryStrings: ['utm'] },
      },
    },
    [
      { path: `${K}.enableAcceptEncodingGzip`, message: 'must be false when caching is disabled (minTTL, defaultTTL and maxTTL all 0); CloudFront rejects it' },
      { path: `${K}.enableAcceptEncodingBrotli`, message: 'must be false when caching is disabled (minTTL, defaultTTL and maxTTL all 0); CloudFront rejects it' },
      { path: `${K}.headersConfig.headerBehavior`, message: "must be 'none' when caching is disabled (all TTLs 0): CloudFront puts nothing in the cache key then; forward headers with an origin request policy instead" },
      { path: `${K}.cookiesConfig.cookieBehavior`, message: "must be 'none' when caching is disabled (all TTLs 0): CloudFront puts nothing in the cache key then; forward cookies with an origin request policy instead" },
      { path: `${K}.queryStringsConfig.queryStringBehavior`, message: "must be 'none' when caching is disabled (all TTLs 0): CloudFront puts nothing in the cache key then; forward query strings with an origin request policy instead" },
    ],
  ],
  ['a key with a TTL of 1 second is fine', { minTTL: 0, defaultTTL: 0, maxTTL: 1, [K]: { cookiesConfig: { cookieBehavior: 'all' } } }, []],
  ['whitelist needs names', { [K]: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: [] } } }, [{ path: `${K}.queryStringsConfig.queryStrings`, message: "must list at least one query string when queryStringBehavior is 'whitelist'" }]],
  ['allExcept needs names', { [K]: { cookiesConfig: { cookieBehavior: 'allExcept' } } }, [{ path: `${K}.cookiesConfig.cookies`, message: "must list at least one cookie when cookieBehavior is 'allExcept'" }]],
  ['names are unused with none', { [K]: { headersConfig: { headers: ['x-a'] } } }, [{ path: `${K}.headersConfig.headers`, message: "must be empty when headerBehavior is 'none' (headers are only used with 'whitelist')" }]],
  ['names are unused with all', { [K]: { cookiesConfig: { cookieBehavior: 'all', cookies: ['a'] } } }, [{ path: `${K}.cookiesConfig.cookies`, message: "must be empty when cookieBehavior is 'all' (cookies are only used with 'whitelist' or 'allExcept')" }]],
  ['cache policies have no allExcept for headers', { [K]: { headersConfig: { headerBehavior: 'allExcept', headers: ['x'] } } }, [{ path: `${K}.headersConfig.headerBehavior`, message: "must be one of: 'none', 'whitelist' (got 'allExcept')" }]],
  ['duplicate header names ignore case', { [K]: { headersConfig: { headerBehavior: 'whitelist', headers: ['X-A', 'x-a'] } } }, [{ path: `${K}.headersConfig.headers[1]`, message: "header 'x-a' is already listed at headers[0]" }]],
  ['cookie names are case-sensitive', { [K]: { cookiesConfig: { cookieBehavior: 'whitelist', cookies: ['Session', 'session'] } } }, []],
  [
    'Accept-Encoding cannot be keyed when compression is cached',
    { [K]: { enableAcceptEncodingGzip: true, headersConfig: { headerBehavior: 'whitelist', headers: ['Accept-Encoding'] } } },
    [{ path: `${K}.headersConfig.headers[0]`, message: 'accept-encoding cannot be listed when enableAcceptEncodingGzip or enableAcceptEncodingBrotli is on; CloudFront adds the normalized header itself' }],
  ],
  ['Accept-Encoding can be keyed without compression', { [K]: { headersConfig: { headerBehavior: 'whitelist', headers: ['Accept-Encoding'] } } }, []],
  ['a header name must be a token', { [K]: { headersConfig: { headerBehavior: 'whitelist', headers: ['x y'] } } }, [{ path: `${K}.headersConfig.headers[0]`, message: 'character space is not allowed in a header name' }]],
  ['comment of 129 characters', { comment: 'c'.repeat(129) }, [{ path: 'comment', message: 'must be at most 128 characters (got 129)' }]],
  ['unknown key in the cache key settings', { [K]: { enableAcceptEncodingGZip: true } }, [{ path: `${K}.enableAcceptEncodingGZip`, message: "unknown key 'enableAcceptEncodingGZip' (did you mean 'enableAcceptEncodingGzip'?)" }]],
];

describe('cache policy rules', () => {
  for (const [name, fields, expected] of cacheTable) {
    it(name, () => assertIssues(parseCachePolicy(rawCachePolicy(fields)), expected));
  }
});

/** [name, origin request policy fields, expected issues ([] = valid)] */
const originRequestTable: [string, Record<string, unknown>, Issue[]][] = [
  ['forward everything', { headersConfig: { headerBehavior: 'allViewer' }, cookiesConfig: { cookieBehavior: 'all' }, queryStringsConfig: { queryStringBehavior: 'all' } }, []],
  ['allExcept host', { headersConfig: { headerBehavior: 'allExcept', headers: ['Host'] } }, []],
  ['CloudFront headers on top of viewer headers', { headersConfig: { headerBehavior: 'allViewerAndWhitelistCloudFront', headers: ['CloudFront-Viewer-Country'] } }, []],
  [
    'allViewerAndWhitelistCloudFront lists only CloudFront-* headers',
    { headersConfig: { headerBehavior: 'allViewerAndWhitelistCloudFront', headers: ['X-Tenant'] } },
    [{ path: 'headersConfig.headers[0]', message: "with allViewerAndWhitelistCloudFront, list only CloudFront-* headers (viewer headers are already included); 'X-Tenant' is not one" }],
  ],
  ['allViewer takes no list', { headersConfig: { headerBehavior: 'allViewer', headers: ['x-a'] } }, [{ path: 'headersConfig.headers', message: "must be empty when headerBehavior is 'allViewer' (headers are only used with 'whitelist', 'allViewerAndWhitelistCloudFront' or 'allExcept')" }]],
  [
    'Authorization cannot be forwarded on its own',
    { headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] } },
    [{ path: 'headersConfig.headers[0]', message: 'authorization cannot be forwarded on its own by an origin request policy; add it to the cache policy, or use allViewer' }],
  ],
  ['query strings whitelist', { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['page'] } }, []],
  ['allExcept needs names', { queryStringsConfig: { queryStringBehavior: 'allExcept' } }, [{ path: 'queryStringsConfig.queryStrings', message: "must list at least one query string when queryStringBehavior is 'allExcept'" }]],
];

describe('origin request policy rules', () => {
  for (const [name, fields, expected] of originRequestTable) {
    it(name, () => assertIssues(parseOriginRequestPolicy({ id: 'p', ...fields }), expected));
  }
});

describe('CloudFront-* headers in a cache key', () => {
  it('origin-request-only ones are refused at their path; the others are fine', () => {
    const bad = parseCachePolicy(rawCachePolicy({ parametersInCacheKeyAndForwardedToOrigin: { headersConfig: { headerBehavior: 'whitelist', headers: ['CloudFront-Viewer-Country', 'CloudFront-Viewer-Address'] } } }));
    assert.deepStrictEqual(issuesOf(bad), [
      { path: 'parametersInCacheKeyAndForwardedToOrigin.headersConfig.headers[1]', message: "'CloudFront-Viewer-Address' can only be forwarded by an origin request policy, not put in a cache key" },
    ]);
  });
});
