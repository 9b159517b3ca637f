// Rules between the fields of one cache policy or origin request policy. They read the
// input as written (see raw.ts) and skip values of the wrong type, which the schema reports.

import { effectiveTTLs } from './defaults.ts';
import type { IssueSink } from './issues.ts';
import {
  MAX_CACHE_POLICY_NAMES_LENGTH,
  MAX_COOKIES_PER_CACHE_POLICY,
  MAX_COOKIES_PER_ORIGIN_REQUEST_POLICY,
  MAX_HEADERS_PER_CACHE_POLICY,
  MAX_HEADERS_PER_ORIGIN_REQUEST_POLICY,
  MAX_ORIGIN_REQUEST_POLICY_NAMES_LENGTH,
  MAX_QUERY_STRINGS_PER_CACHE_POLICY,
  MAX_QUERY_STRINGS_PER_ORIGIN_REQUEST_POLICY,
  ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS,
} from './limits.ts';
import { field, items, nonNegInt, oneOf, str, strings } from './raw.ts';

/** Where one of a policy's three name lists lives, and what it holds. */
interface ListKind {
  config: string; // headersConfig
  behaviorKey: string; // headerBehavior
  listKey: string; // headers
  what: string; // header
  caseInsensitive: boolean;
}

/** A list kind in one policy type: its quota and the behaviors that policy type offers. */
interface NameList extends ListKind {
  max: number;
  behaviors: readonly string[];
  /** Behaviors that use the list; with any other behavior the list must be empty. */
  listed: readonly string[];
}

const HEADERS: ListKind = { config: 'headersConfig', behaviorKey: 'headerBehavior', listKey: 'headers', what: 'header', caseInsensitive: true };
const COOKIES: ListKind = { config: 'cookiesConfig', behaviorKey: 'cookieBehavior', listKey: 'cookies', what: 'cookie', caseInsensitive: false };
const QUERY_STRINGS: ListKind = {
  config: 'queryStringsConfig',
  behaviorKey: 'queryStringBehavior',
  listKey: 'queryStrings',
  what: 'query string',
  caseInsensitive: false,
};
const NAMED = ['whitelist', 'allExcept'];
const CACHE_KEY_BEHAVIORS = ['none', 'whitelist', 'allExcept', 'all'];

// CachePolicyHeadersConfig / CachePolicyCookiesConfig / CachePolicyQueryStringsConfig.
const CACHE_LISTS: NameList[] = [
  { ...HEADERS, max: MAX_HEADERS_PER_CACHE_POLICY, behaviors: ['none', 'whitelist'], listed: ['whitelist'] },
  { ...COOKIES, max: MAX_COOKIES_PER_CACHE_POLICY, behaviors: CACHE_KEY_BEHAVIORS, listed: NAMED },
  { ...QUERY_STRINGS, max: MAX_QUERY_STRINGS_PER_CACHE_POLICY, behaviors: CACHE_KEY_BEHAVIORS, listed: NAMED },
];

// OriginRequestPolicyHeadersConfig / ...CookiesConfig / ...QueryStringsConfig.
const ORIGIN_REQUEST_LISTS: NameList[] = [
  {
    ...HEADERS,
    max: MAX_HEADERS_PER_ORIGIN_REQUEST_POLICY,
    behaviors: ['none', 'whitelist', 'allViewer', 'allViewerAndWhitelistCloudFront', 'allExcept'],
    listed: ['whitelist', 'allViewerAndWhitelistCloudFront', 'allExcept'],
  },
  { ...COOKIES, max: MAX_COOKIES_PER_ORIGIN_REQUEST_POLICY, behaviors: CACHE_KEY_BEHAVIORS, listed: NAMED },
  { ...QUERY_STRINGS, max: MAX_QUERY_STRINGS_PER_ORIGIN_REQUEST_POLICY, behaviors: CACHE_KEY_BEHAVIORS, listed: NAMED },
];

export function checkCachePolicy(policy: unknown, sink: IssueSink): void {
  const params = field(policy, 'parametersInCacheKeyAndForwardedToOrigin');
  const at = sink.at('parametersInCacheKeyAndForwardedToOrigin');
  const names = checkNameLists(params, CACHE_LISTS, at);
  // Quotas: "Total combined length of all query string, header, and cookie names in a cache policy".
  if (names.totalLength > MAX_CACHE_POLICY_NAMES_LENGTH) {
    at.add([], `the header, cookie and query string names add up to ${names.totalLength} characters; CloudFront allows ${MAX_CACHE_POLICY_NAMES_LENGTH}`);
  }

  // CachePolicyConfig: MinTTL <= DefaultTTL <= MaxTTL (DefaultTTL/MaxTTL defaulted as CloudFront does).
  const min = nonNegInt(field(policy, 'minTTL'));
  const rawDefault = field(policy, 'defaultTTL');
  const rawMax = field(policy, 'maxTTL');
  const def = nonNegInt(rawDefault);
  const max = nonNegInt(rawMax);
  if (min === undefined || (rawDefault !== undefined && def === undefined) || (rawMax !== undefined && max === undefined)) {
    return;
  }
  // A defaulted DefaultTTL/MaxTTL never breaks the order, so the issue is on the one written.
  const ttl = effectiveTTLs(min, def, max);
  const defaultLabel = `defaultTTL (${ttl.defaultTTL}${def === undefined ? ', its default' : ''})`;
  if (ttl.minTTL > ttl.defaultTTL) {
    sink.add(['defaultTTL'], `${defaultLabel} must not be less than minTTL (${ttl.minTTL})`);
  }
  if (ttl.defaultTTL > ttl.maxTTL) {
    sink.add(['maxTTL'], `maxTTL (${ttl.maxTTL}) must not be less than ${defaultLabel}`);
  } else if (ttl.minTTL > ttl.maxTTL) {
    sink.add(['maxTTL'], `maxTTL (${ttl.maxTTL}) must not be less than minTTL (${ttl.minTTL})`);
  }
  if (ttl.minTTL === 0 && ttl.defaultTTL === 0 && ttl.maxTTL === 0) checkCachingDisabled(params, at);
  checkAcceptEncoding(params, at);
  checkCloudFrontHeadersInKey(params, at);
}

/**
 * "Adding CloudFront request headers": some CloudFront-* headers can only be added by an
 * origin request policy, never be part of a cache key (CloudFront-Viewer-Address, -ASN,
 * -JA3/JA4-Fingerprint, -TLS): they are (nearly) unique per viewer.
 */
function checkCloudFrontHeadersInKey(params: unknown, sink: IssueSink): void {
  items(field(field(params, 'headersConfig'), 'headers')).forEach((h, i) => {
    const name = str(h)?.toLowerCase();
    if (name !== undefined && ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS.includes(name)) {
      sink.add(['headersConfig', 'headers', i], `'${str(h)}' can only be forwarded by an origin request policy, not put in a cache key`);
    }
  });
}

/**
 * All TTLs 0 disables caching ("Understand cache policies" notes that Minimum, Maximum and
 * Default TTL all set to 0 disable CloudFront caching), and CloudFront then rejects
 * anything in the cache key: the console greys the cache key
 * settings out and the API answers "The parameter EnableAcceptEncodingGzip is invalid for
 * policy with caching disabled" (and likewise for headers, cookies and query strings;
 * awsdocs/amazon-cloudfront-developer-guide PR #51, aws/aws-cdk issue #16977). To forward
 * values to the origin without caching, use an origin request policy.
 */
function checkCachingDisabled(params: unknown, sink: IssueSink): void {
  for (const key of ['enableAcceptEncodingGzip', 'enableAcceptEncodingBrotli']) {
    if (field(params, key) === true) {
      sink.add([key], 'must be false when caching is disabled (minTTL, defaultTTL and maxTTL all 0); CloudFront rejects it');
    }
  }
  for (const l of CACHE_LISTS) {
    const behavior = field(field(params, l.config), l.behaviorKey);
    if (typeof behavior === 'string' && behavior !== 'none') {
      sink.add(
        [l.config, l.behaviorKey],
        `must be 'none' when caching is disabled (all TTLs 0): CloudFront puts nothing in the cache key then; forward ${l.what}s with an origin request policy instead`,
      );
    }
  }
}

/**
 * With Gzip or Brotli caching on, CloudFront adds the normalized Accept-Encoding itself and
 * rejects a policy that also lists it ("Understand cache policies" > "Compression
 * support"; the API returns 400 for such a policy, see jetbridge/cdk-nextjs PR #188).
 */
function checkAcceptEncoding(params: unknown, sink: IssueSink): void {
  const compression = field(params, 'enableAcceptEncodingGzip') === true || field(params, 'enableAcceptEncodingBrotli') === true;
  const headers = strings(field(field(params, 'headersConfig'), 'headers'));
  if (!compression || headers === undefined) return;
  headers.forEach((h, i) => {
    if (h.toLowerCase() === 'accept-encoding') {
      sink.add(
        ['headersConfig', 'headers', i],
        'accept-encoding cannot be listed when enableAcceptEncodingGzip or enableAcceptEncodingBrotli is on; CloudFront adds the normalized header itself',
      );
    }
  });
}

export function checkOriginRequestPolicy(policy: unknown, sink: IssueSink): void {
  const names = checkNameLists(policy, ORIGIN_REQUEST_LISTS, sink);
  if (names.totalLength > MAX_ORIGIN_REQUEST_POLICY_NAMES_LENGTH) {
    sink.add([], `the header, cookie and query string names add up to ${names.totalLength} characters; CloudFront allows ${MAX_ORIGIN_REQUEST_POLICY_NAMES_LENGTH}`);
  }
  const headersConfig = field(policy, 'headersConfig');
  const behavior = field(headersConfig, 'headerBehavior');
  const headers = strings(field(headersConfig, 'headers')) ?? [];
  headers.forEach((h, i) => {
    const lower = h.toLowerCase();
    // "Add custom headers to origin requests": "You cannot forward the Authorization header
    // individually in an origin request policy" (put it in the cache policy instead).
    if (lower === 'authorization' && behavior === 'whitelist') {
      sink.add(['headersConfig', 'headers', i], 'authorization cannot be forwarded on its own by an origin request policy; add it to the cache policy, or use allViewer');
    }
    // OriginRequestPolicyHeadersConfig: allViewerAndWhitelistCloudFront lists "the
    // additional CloudFront headers", i.e. CloudFront-* headers.
    if (behavior === 'allViewerAndWhitelistCloudFront' && !lower.startsWith('cloudfront-')) {
      sink.add(['headersConfig', 'headers', i], `with allViewerAndWhitelistCloudFront, list only CloudFront-* headers (viewer headers are already included); '${h}' is not one`);
    }
  });
}

/** Checks each name list against its behavior, its quota and duplicates. */
function checkNameLists(parent: unknown, lists: readonly NameList[], sink: IssueSink): { totalLength: number } {
  let totalLength = 0;
  for (const l of lists) {
    const config = field(parent, l.config);
    const rawNames = field(config, l.listKey);
    const names = rawNames === undefined ? [] : strings(rawNames);
    const behavior = oneOf(field(config, l.behaviorKey), l.behaviors, 'none');
    if (names === undefined) continue;
    totalLength += names.reduce((n, s) => n + s.length, 0);
    const at = sink.at(l.config);
    if (behavior !== undefined) {
      if (l.listed.includes(behavior) && names.length === 0) {
        at.add([l.listKey], `must list at least one ${l.what} when ${l.behaviorKey} is '${behavior}'`);
      } else if (!l.listed.includes(behavior) && names.length > 0) {
        at.add([l.listKey], `must be empty when ${l.behaviorKey} is '${behavior}' (${l.listKey} are only used with ${orList(l.listed)})`);
      }
    }
    if (names.length > l.max) {
      at.add([l.listKey], `has ${names.length} ${l.what}s; CloudFront allows at most ${l.max} per policy (Quotas)`);
    }
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const key = l.caseInsensitive ? name.toLowerCase() : name;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else at.add([l.listKey, i], `${l.what} '${name}' is already listed at ${l.listKey}[${first}]`);
    });
  }
  return { totalLength };
}

/** 'a', 'b' or 'c' */
function orList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  const last = quoted.pop();
  return quoted.length === 0 ? (last ?? '') : `${quoted.join(', ')} or ${last}`;
}
