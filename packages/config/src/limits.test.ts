import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CONNECTION_ATTEMPTS,
  CONNECTION_TIMEOUT_SECONDS,
  MAX_ALIASES_PER_DISTRIBUTION,
  MAX_CACHE_BEHAVIORS_PER_DISTRIBUTION,
  MAX_CACHE_POLICY_NAMES_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_COOKIES_PER_CACHE_POLICY,
  MAX_COOKIES_PER_ORIGIN_REQUEST_POLICY,
  MAX_CUSTOM_HEADER_NAME_LENGTH,
  MAX_CUSTOM_HEADER_VALUE_LENGTH,
  MAX_CUSTOM_HEADERS_PER_ORIGIN,
  MAX_CUSTOM_HEADERS_TOTAL_LENGTH,
  MAX_DEFAULT_ROOT_OBJECT_LENGTH,
  MAX_HEADERS_PER_CACHE_POLICY,
  MAX_HEADERS_PER_ORIGIN_REQUEST_POLICY,
  MAX_KEY_GROUPS_PER_ACCOUNT,
  MAX_KEY_GROUPS_PER_DISTRIBUTION,
  MAX_KEY_ID_LENGTH,
  MAX_ORIGIN_GROUPS_PER_DISTRIBUTION,
  MAX_ORIGIN_ID_LENGTH,
  MAX_ORIGIN_REQUEST_POLICY_NAMES_LENGTH,
  MAX_ORIGINS_PER_DISTRIBUTION,
  MAX_PATH_PATTERN_LENGTH,
  MAX_PUBLIC_KEYS_PER_ACCOUNT,
  MAX_PUBLIC_KEYS_PER_KEY_GROUP,
  MAX_QUERY_STRINGS_PER_CACHE_POLICY,
  MAX_QUERY_STRINGS_PER_ORIGIN_REQUEST_POLICY,
  ORIGIN_KEEPALIVE_TIMEOUT_SECONDS,
  ORIGIN_READ_TIMEOUT_SECONDS,
  parseCachePolicy,
  parseConfig,
  parseDistribution,
  parseKeyGroup,
  parseOriginRequestPolicy,
  parsePublicKey,
} from './index.ts';
import { issuesOf, rawCachePolicy, rawDistribution, rawPublicKey, times, valueOf } from './test-fixtures.ts';
import type { Issue, ParseResult } from './types.ts';

interface Limit {
  name: string;
  /** The largest allowed value (or count). */
  n: number;
  /** Parses an input built with `k` (a count, a length or a value). */
  parse: (k: number) => ParseResult<unknown>;
  /** The single issue expected for n + 1. */
  issue: Issue;
}

const distributionWith = (overrides: Record<string, unknown>) => parseDistribution(rawDistribution(overrides));
const origin = (extra: Record<string, unknown>) => ({ id: 'app', domainName: 'origin.example.com', ...extra });
const withOrigin = (extra: Record<string, unknown>) => distributionWith({ origins: [origin(extra)] });
const headers = (names: string[]) => Object.fromEntries(names.map((n) => [n, 'v']));
const cacheKeyList = (config: string, behaviorKey: string, listKey: string, names: string[]) =>
  parseCachePolicy(rawCachePolicy({ parametersInCacheKeyAndForwardedToOrigin: { [config]: { [behaviorKey]: 'whitelist', [listKey]: names } } }));
const originRequestList = (config: string, behaviorKey: string, listKey: string, names: string[]) =>
  parseOriginRequestPolicy({ id: 'p', [config]: { [behaviorKey]: 'whitelist', [listKey]: names } });
const CACHE_KEY = 'parametersInCacheKeyAndForwardedToOrigin';
const ids = (prefix: string, k: number) => times(k, (i) => `${prefix}${i}`);

/** `total` characters of custom headers (names + values), in as few headers as the value limit allows. */
function headersOfTotalLength(total: number): Record<string, string> {
  const out: Record<string, string> = {};
  let left = total;
  for (let i = 0; left > 0; i++) {
    const name = `x-h${i}`;
    const value = 'v'.repeat(Math.min(MAX_CUSTOM_HEADER_VALUE_LENGTH, Math.max(0, left - name.length)));
    out[name] = value;
    left -= name.length + value.length;
  }
  return out;
}

const limits: Limit[] = [
  {
    name: 'cache behaviors per distribution',
    n: MAX_CACHE_BEHAVIORS_PER_DISTRIBUTION,
    parse: (k) => distributionWith({ cacheBehaviors: times(k, (i) => ({ pathPattern: `/p${i}/*`, targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' })) }),
    issue: { path: 'cacheBehaviors', message: 'has 76 cache behaviors; CloudFront allows at most 75 per distribution (Quotas)' },
  },
  {
    name: 'origins per distribution',
    n: MAX_ORIGINS_PER_DISTRIBUTION,
    parse: (k) => distributionWith({ origins: times(k, (i) => ({ id: i === 0 ? 'app' : `o${i}`, domainName: `o${i}.example.com` })) }),
    issue: { path: 'origins', message: 'has 101 origins; CloudFront allows at most 100 per distribution (Quotas)' },
  },
  {
    name: 'origin groups per distribution',
    n: MAX_ORIGIN_GROUPS_PER_DISTRIBUTION,
    parse: (k) =>
      distributionWith({
        origins: [origin({}), { id: 'b', domainName: 'b.example.com' }],
        originGroups: times(k, (i) => ({ id: `g${i}`, failoverCriteria: { statusCodes: [500] }, members: [{ originId: 'app' }, { originId: 'b' }] })),
      }),
    issue: { path: 'originGroups', message: 'has 11 origin groups; CloudFront allows at most 10 per distribution (Quotas)' },
  },
  {
    name: 'alternate domain names per distribution',
    n: MAX_ALIASES_PER_DISTRIBUTION,
    parse: (k) => distributionWith({ aliases: times(k, (i) => `a${i}.example.com`) }),
    issue: { path: 'aliases', message: 'has 101 alternate domain names; CloudFront allows at most 100 per distribution (Quotas)' },
  },
  {
    name: 'headers in a cache policy',
    n: MAX_HEADERS_PER_CACHE_POLICY,
    parse: (k) => cacheKeyList('headersConfig', 'headerBehavior', 'headers', times(k, (i) => `x-h${i}`)),
    issue: { path: `${CACHE_KEY}.headersConfig.headers`, message: 'has 11 headers; CloudFront allows at most 10 per policy (Quotas)' },
  },
  {
    name: 'cookies in a cache policy',
    n: MAX_COOKIES_PER_CACHE_POLICY,
    parse: (k) => cacheKeyList('cookiesConfig', 'cookieBehavior', 'cookies', times(k, (i) => `c${i}`)),
    issue: { path: `${CACHE_KEY}.cookiesConfig.cookies`, message: 'has 11 cookies; CloudFront allows at most 10 per policy (Quotas)' },
  },
  {
    name: 'query strings in a cache policy',
    n: MAX_QUERY_STRINGS_PER_CACHE_POLICY,
    parse: (k) => cacheKeyList('queryStringsConfig', 'queryStringBehavior', 'queryStrings', times(k, (i) => `q${i}`)),
    issue: { path: `${CACHE_KEY}.queryStringsConfig.queryStrings`, message: 'has 11 query strings; CloudFront allows at most 10 per policy (Quotas)' },
  },
  {
    name: 'combined name length in a cache policy',
    n: MAX_CACHE_POLICY_NAMES_LENGTH,
    parse: (k) => cacheKeyList('headersConfig', 'headerBehavior', 'headers', ['a'.repeat(256), 'b'.repeat(256), 'c'.repeat(256), 'd'.repeat(k - 768)]),
    issue: { path: CACHE_KEY, message: 'the header, cookie and query string names add up to 1025 characters; CloudFront allows 1024' },
  },
  {
    name: 'headers in an origin request policy',
    n: MAX_HEADERS_PER_ORIGIN_REQUEST_POLICY,
    parse: (k) => originRequestList('headersConfig', 'headerBehavior', 'headers', times(k, (i) => `x-h${i}`)),
    issue: { path: 'headersConfig.headers', message: 'has 11 headers; CloudFront allows at most 10 per policy (Quotas)' },
  },
  {
    name: 'cookies in an origin request policy',
    n: MAX_COOKIES_PER_ORIGIN_REQUEST_POLICY,
    parse: (k) => originRequestList('cookiesConfig', 'cookieBehavior', 'cookies', times(k, (i) => `c${i}`)),
    issue: { path: 'cookiesConfig.cookies', message: 'has 11 cookies; CloudFront allows at most 10 per policy (Quotas)' },
  },
  {
    name: 'query strings in an origin request policy',
    n: MAX_QUERY_STRINGS_PER_ORIGIN_REQUEST_POLICY,
    parse: (k) => originRequestList('queryStringsConfig', 'queryStringBehavior', 'queryStrings', times(k, (i) => `q${i}`)),
    issue: { path: 'queryStringsConfig.queryStrings', message: 'has 11 query strings; CloudFront allows at most 10 per policy (Quotas)' },
  },
  {
    name: 'combined name length in an origin request policy',
    n: MAX_ORIGIN_REQUEST_POLICY_NAMES_LENGTH,
    parse: (k) => originRequestList('cookiesConfig', 'cookieBehavior', 'cookies', ['a'.repeat(512), 'b'.repeat(k - 512)]),
    issue: { path: '', message: 'the header, cookie and query string names add up to 1025 characters; CloudFront allows 1024' },
  },
  {
    name: 'custom headers per origin',
    n: MAX_CUSTOM_HEADERS_PER_ORIGIN,
    parse: (k) => withOrigin({ customHeaders: headers(times(k, (i) => `x-h${i}`)) }),
    issue: { path: 'origins[0].customHeaders', message: 'has 31 headers; CloudFront allows at most 30 custom headers per origin (Quotas)' },
  },
  {
    name: 'custom header name length',
    n: MAX_CUSTOM_HEADER_NAME_LENGTH,
    parse: (k) => withOrigin({ customHeaders: { [`x${'a'.repeat(k - 1)}`]: 'v' } }),
    issue: { path: `origins[0].customHeaders.x${'a'.repeat(256)}`, message: 'header name is 257 characters; CloudFront allows 256' },
  },
  {
    name: 'custom header value length',
    n: MAX_CUSTOM_HEADER_VALUE_LENGTH,
    parse: (k) => withOrigin({ customHeaders: { 'x-v': 'v'.repeat(k) } }),
    issue: { path: 'origins[0].customHeaders["x-v"]', message: 'header value is 1784 characters; CloudFront allows 1783' },
  },
  {
    name: 'custom header names and values combined',
    n: MAX_CUSTOM_HEADERS_TOTAL_LENGTH,
    parse: (k) => withOrigin({ customHeaders: headersOfTotalLength(k) }),
    issue: { path: 'origins[0].customHeaders', message: 'header names and values add up to 10241 characters; CloudFront allows 10240' },
  },
  {
    name: 'path pattern length',
    n: MAX_PATH_PATTERN_LENGTH,
    parse: (k) => distributionWith({ cacheBehaviors: [{ pathPattern: `/${'a'.repeat(k - 1)}`, targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' }] }),
    issue: { path: 'cacheBehaviors[0].pathPattern', message: 'must be at most 255 characters (got 256)' },
  },
  {
    name: 'default root object length',
    n: MAX_DEFAULT_ROOT_OBJECT_LENGTH,
    parse: (k) => distributionWith({ defaultRootObject: 'a'.repeat(k) }),
    issue: { path: 'defaultRootObject', message: 'must be at most 255 characters (got 256)' },
  },
  {
    name: 'distribution comment length',
    n: MAX_COMMENT_LENGTH,
    parse: (k) => distributionWith({ comment: 'c'.repeat(k) }),
    issue: { path: 'comment', message: 'must be at most 128 characters (got 129)' },
  },
  {
    name: 'origin id length',
    n: MAX_ORIGIN_ID_LENGTH,
    parse: (k) => {
      const id = 'o'.repeat(k);
      return distributionWith({ origins: [{ id, domainName: 'o.example.com' }], defaultCacheBehavior: { targetOriginId: id, cachePolicyId: 'Managed-CachingOptimized' } });
    },
    issue: { path: 'origins[0].id', message: 'must be at most 128 characters (got 129)' },
  },
  {
    name: 'connection attempts',
    n: CONNECTION_ATTEMPTS.max,
    parse: (k) => withOrigin({ connectionAttempts: k }),
    issue: { path: 'origins[0].connectionAttempts', message: 'must be a whole number from 1 to 3 (got 4)' },
  },
  {
    name: 'connection timeout',
    n: CONNECTION_TIMEOUT_SECONDS.max,
    parse: (k) => withOrigin({ connectionTimeout: k }),
    issue: { path: 'origins[0].connectionTimeout', message: 'must be a whole number of seconds from 1 to 10 (got 11)' },
  },
  {
    name: 'origin read timeout',
    n: ORIGIN_READ_TIMEOUT_SECONDS.max,
    parse: (k) => withOrigin({ customOriginConfig: { originReadTimeout: k } }),
    issue: { path: 'origins[0].customOriginConfig.originReadTimeout', message: 'must be a whole number of seconds from 1 to 120 (got 121)' },
  },
  {
    name: 'origin keep-alive timeout',
    n: ORIGIN_KEEPALIVE_TIMEOUT_SECONDS.max,
    parse: (k) => withOrigin({ customOriginConfig: { originKeepaliveTimeout: k } }),
    issue: { path: 'origins[0].customOriginConfig.originKeepaliveTimeout', message: 'must be a whole number of seconds from 1 to 120 (got 121)' },
  },
  {
    name: 'public keys in a key group',
    n: MAX_PUBLIC_KEYS_PER_KEY_GROUP,
    parse: (k) => parseKeyGroup({ id: 'kg', items: ids('pk', k) }, { publicKeys: ids('pk', k).map((id) => ({ id })) }),
    issue: { path: 'items', message: 'has 6 public keys; CloudFront allows at most 5 per key group (Quotas)' },
  },
  {
    name: 'key groups per distribution (distinct, across its behaviors)',
    n: MAX_KEY_GROUPS_PER_DISTRIBUTION,
    parse: (k) =>
      parseDistribution(
        rawDistribution({
          cacheBehaviors: times(k, (i) => ({ pathPattern: `/p${i}/*`, targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', trustedKeyGroups: i === 0 ? ['kg0'] : ['kg0', `kg${i}`] })),
        }),
        { keyGroups: ids('kg', k).map((id) => ({ id })) },
      ),
    issue: { path: 'cacheBehaviors[4].trustedKeyGroups[1]', message: "key group 'kg4' makes 5 key groups in this distribution; CloudFront allows at most 4 per distribution (Quotas)" },
  },
  {
    name: 'public keys per account (config file)',
    n: MAX_PUBLIC_KEYS_PER_ACCOUNT,
    parse: (k) => parseConfig({ publicKeys: ids('pk', k).map((id) => rawPublicKey({ id })) }),
    issue: { path: 'publicKeys', message: 'has 11 public keys; CloudFront allows at most 10 per account (Quotas)' },
  },
  {
    name: 'key groups per account (config file)',
    n: MAX_KEY_GROUPS_PER_ACCOUNT,
    parse: (k) => parseConfig({ publicKeys: [rawPublicKey()], keyGroups: ids('kg', k).map((id) => ({ id, items: ['pk1'] })) }),
    issue: { path: 'keyGroups', message: 'has 11 key groups; CloudFront allows at most 10 per account (Quotas)' },
  },
  {
    name: 'public key id length',
    n: MAX_KEY_ID_LENGTH,
    parse: (k) => parsePublicKey(rawPublicKey({ id: 'k'.repeat(k), name: 'pk' })),
    issue: { path: 'id', message: 'must be at most 128 characters (got 129)' },
  },
  {
    name: 'key group name length',
    n: MAX_KEY_ID_LENGTH,
    parse: (k) => parseKeyGroup({ id: 'kg', name: 'n'.repeat(k), items: ['pk1'] }, { publicKeys: [{ id: 'pk1' }] }),
    issue: { path: 'name', message: 'must be at most 128 characters (got 129)' },
  },
  {
    name: 'key group comment length',
    n: MAX_COMMENT_LENGTH,
    parse: (k) => parseKeyGroup({ id: 'kg', comment: 'c'.repeat(k), items: ['pk1'] }, { publicKeys: [{ id: 'pk1' }] }),
    issue: { path: 'comment', message: 'must be at most 128 characters (got 129)' },
  },
  {
    name: 'origin port',
    n: 65535,
    parse: (k) => withOrigin({ customOriginConfig: { httpsPort: k } }),
    issue: { path: 'origins[0].customOriginConfig.httpsPort', message: 'must be 80, 443, or a port from 1024 to 65535 (CloudFront allows no others)' },
  },
];

describe('CloudFront limits: n is accepted, n + 1 is rejected', () => {
  for (const limit of limits) {
    it(`${limit.name} (${limit.n})`, () => {
      valueOf(limit.parse(limit.n));
      assert.deepStrictEqual(issuesOf(limit.parse(limit.n + 1)), [limit.issue]);
    });
  }
});

describe('CloudFront limits: lower bounds', () => {
  const table: [string, Record<string, unknown>, Issue | undefined][] = [
    ['connectionAttempts 1', { connectionAttempts: 1 }, undefined],
    ['connectionAttempts 0', { connectionAttempts: 0 }, { path: 'origins[0].connectionAttempts', message: 'must be a whole number from 1 to 3 (got 0)' }],
    ['connectionTimeout 1', { connectionTimeout: 1 }, undefined],
    ['connectionTimeout 0', { connectionTimeout: 0 }, { path: 'origins[0].connectionTimeout', message: 'must be a whole number of seconds from 1 to 10 (got 0)' }],
    ['httpPort 1024', { customOriginConfig: { httpPort: 1024 } }, undefined],
    ['httpPort 443', { customOriginConfig: { httpPort: 443 } }, undefined],
    ['httpPort 1023', { customOriginConfig: { httpPort: 1023 } }, { path: 'origins[0].customOriginConfig.httpPort', message: 'must be 80, 443, or a port from 1024 to 65535 (CloudFront allows no others)' }],
    ['connectionAttempts 2.5', { connectionAttempts: 2.5 }, { path: 'origins[0].connectionAttempts', message: 'must be a whole number from 1 to 3 (got 2.5)' }],
  ];
  for (const [name, extra, issue] of table) {
    it(name, () => {
      const result = withOrigin(extra);
      if (issue === undefined) valueOf(result);
      else assert.deepStrictEqual(issuesOf(result), [issue]);
    });
  }
});
