// CloudFront's managed cache policies and origin request policies, with their real AWS ids
// and settings, and the resolvers that find a policy by AWS id, `Managed-<Name>` or local id.
//
// Sources, checked for every entry below:
// - "Use managed cache policies" and "Use managed origin request policies" (CloudFront
//   Developer Guide): ids, TTLs, headers/cookies/query strings, compression settings.
// - For the cache policies, a terraformer export of the live policies (GetCachePolicy
//   output) agrees with the page on every value and gives AWS's `Comment` strings, which
//   are used as `comment`. The origin request policies' comments are the page's one-line
//   descriptions (not confirmed against the live API).
// Header names are lower-cased, as the parser does for local policies.

import type { CachePolicy, CachefrontConfig, OriginRequestPolicy } from './types.ts';

type CacheKey = CachePolicy['parametersInCacheKeyAndForwardedToOrigin'];

// Fresh objects each time, so no two policies share (frozen) lists.
const NO_COOKIES = () => ({ cookieBehavior: 'none' as const, cookies: [] as string[] });
const ALL_COOKIES = () => ({ cookieBehavior: 'all' as const, cookies: [] as string[] });
const NO_QUERY_STRINGS = () => ({ queryStringBehavior: 'none' as const, queryStrings: [] as string[] });
const ALL_QUERY_STRINGS = () => ({ queryStringBehavior: 'all' as const, queryStrings: [] as string[] });
const NO_HEADERS = () => ({ headerBehavior: 'none' as const, headers: [] as string[] });

function cacheKey(
  gzip: boolean,
  brotli: boolean,
  rest: Omit<CacheKey, 'enableAcceptEncodingGzip' | 'enableAcceptEncodingBrotli'>,
): CacheKey {
  return { enableAcceptEncodingGzip: gzip, enableAcceptEncodingBrotli: brotli, ...rest };
}

const ORIGIN_CACHE_CONTROL_HEADERS = ['host', 'origin', 'x-http-method-override', 'x-http-method', 'x-method-override'];

/** The two UseOriginCacheControlHeaders policies: TTLs from the origin, these headers and all cookies in the key; they differ in the query strings. */
function useOriginCacheControlHeaders(id: string, name: string, comment: string, queryStringsConfig: CacheKey['queryStringsConfig']): CachePolicy {
  return {
    id,
    name,
    comment,
    minTTL: 0,
    defaultTTL: 0,
    maxTTL: 31536000,
    parametersInCacheKeyAndForwardedToOrigin: cacheKey(true, true, {
      headersConfig: { headerBehavior: 'whitelist', headers: [...ORIGIN_CACHE_CONTROL_HEADERS] },
      cookiesConfig: ALL_COOKIES(),
      queryStringsConfig,
    }),
  };
}

/** "Use managed cache policies": all seven policies the page lists. */
export const managedCachePolicies: readonly CachePolicy[] = deepFreeze([
  {
    id: '2e54312d-136d-493c-8eb9-b001f22f67d2',
    name: 'Managed-Amplify',
    comment: 'Policy for Amplify Origin',
    minTTL: 2,
    defaultTTL: 2,
    maxTTL: 600,
    parametersInCacheKeyAndForwardedToOrigin: cacheKey(true, true, {
      headersConfig: { headerBehavior: 'whitelist', headers: ['authorization', 'cloudfront-viewer-country', 'host'] },
      cookiesConfig: ALL_COOKIES(),
      queryStringsConfig: ALL_QUERY_STRINGS(),
    }),
  },
  {
    id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    name: 'Managed-CachingDisabled',
    comment: 'Policy with caching disabled',
    minTTL: 0,
    defaultTTL: 0,
    maxTTL: 0,
    parametersInCacheKeyAndForwardedToOrigin: cacheKey(false, false, {
      headersConfig: NO_HEADERS(),
      cookiesConfig: NO_COOKIES(),
      queryStringsConfig: NO_QUERY_STRINGS(),
    }),
  },
  {
    id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    name: 'Managed-CachingOptimized',
    comment: 'Policy with caching enabled. Supports Gzip and Brotli compression.',
    minTTL: 1,
    defaultTTL: 86400,
    maxTTL: 31536000,
    parametersInCacheKeyAndForwardedToOrigin: cacheKey(true, true, {
      headersConfig: NO_HEADERS(),
      cookiesConfig: NO_COOKIES(),
      queryStringsConfig: NO_QUERY_STRINGS(),
    }),
  },
  {
    id: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d',
    name: 'Managed-CachingOptimizedForUncompressedObjects',
    comment: 'Default policy when compression is disabled',
    minTTL: 1,
    defaultTTL: 86400,
    maxTTL: 31536000,
    parametersInCacheKeyAndForwardedToOrigin: cacheKey(false, false, {
      headersConfig: NO_HEADERS(),
      cookiesConfig: NO_COOKIES(),
      queryStringsConfig: NO_QUERY_STRINGS(),
    }),
  },
  {
    id: '08627262-05a9-4f76-9ded-b50ca2e3a84f',
    name: 'Managed-Elemental-MediaPackage',
    comment: 'Policy for Elemental MediaPackage Origin',
    minTTL: 0,
    defaultTTL: 86400,
    maxTTL: 31536000,
    // "Cache compressed objects setting: Enabled for Gzip" (Brotli off).
    parametersInCacheKeyAndForwardedToOrigin: cacheKey(true, false, {
      headersConfig: { headerBehavior: 'whitelist', headers: ['origin'] },
      cookiesConfig: NO_COOKIES(),
      queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['aws.manifestfilter', 'start', 'end', 'm'] },
    }),
  },
  // AWS's own names for these two have no "Managed-" prefix; that form resolves too.
  useOriginCacheControlHeaders(
    '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
    'Managed-UseOriginCacheControlHeaders',
    'Policy for origins that return Cache-Control headers. Query strings are not included in the cache key.',
    NO_QUERY_STRINGS(),
  ),
  useOriginCacheControlHeaders(
    '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    'Managed-UseOriginCacheControlHeaders-QueryStrings',
    'Policy for origins that return Cache-Control headers and serve different content based on values present in the query string.',
    ALL_QUERY_STRINGS(),
  ),
]);

/** "Use managed origin request policies": all eight policies the page lists. */
export const managedOriginRequestPolicies: readonly OriginRequestPolicy[] = deepFreeze([
  {
    id: '216adef6-5c7f-47e4-b989-5492eafa07d3',
    name: 'Managed-AllViewer',
    comment: 'Includes all values (headers, cookies, and query strings) from the viewer request.',
    headersConfig: { headerBehavior: 'allViewer', headers: [] },
    cookiesConfig: ALL_COOKIES(),
    queryStringsConfig: ALL_QUERY_STRINGS(),
  },
  {
    id: '33f36d7e-f396-46d9-90e0-52428a34d9dc',
    name: 'Managed-AllViewerAndCloudFrontHeaders-2022-06',
    comment: 'Includes all values from the viewer request and all CloudFront headers released through June 2022.',
    headersConfig: {
      headerBehavior: 'allViewerAndWhitelistCloudFront',
      headers: [
        'cloudfront-forwarded-proto',
        'cloudfront-is-android-viewer',
        'cloudfront-is-desktop-viewer',
        'cloudfront-is-ios-viewer',
        'cloudfront-is-mobile-viewer',
        'cloudfront-is-smarttv-viewer',
        'cloudfront-is-tablet-viewer',
        'cloudfront-viewer-address',
        'cloudfront-viewer-asn',
        'cloudfront-viewer-city',
        'cloudfront-viewer-country',
        'cloudfront-viewer-country-name',
        'cloudfront-viewer-country-region',
        'cloudfront-viewer-country-region-name',
        'cloudfront-viewer-http-version',
        'cloudfront-viewer-latitude',
        'cloudfront-viewer-longitude',
        'cloudfront-viewer-metro-code',
        'cloudfront-viewer-postal-code',
        'cloudfront-viewer-time-zone',
        'cloudfront-viewer-tls',
      ],
    },
    cookiesConfig: ALL_COOKIES(),
    queryStringsConfig: ALL_QUERY_STRINGS(),
  },
  {
    // The page: all viewer headers *except* Host; CloudFront then sends the origin's domain
    // name as Host. Live configs show it as allExcept [host].
    id: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    name: 'Managed-AllViewerExceptHostHeader',
    comment: 'Includes all values from the viewer request except the Host header.',
    headersConfig: { headerBehavior: 'allExcept', headers: ['host'] },
    cookiesConfig: ALL_COOKIES(),
    queryStringsConfig: ALL_QUERY_STRINGS(),
  },
  {
    id: '59781a5b-3903-41f3-afcb-af62929ccde1',
    name: 'Managed-CORS-CustomOrigin',
    comment: 'Includes the header that enables CORS requests when the origin is a custom origin.',
    headersConfig: { headerBehavior: 'whitelist', headers: ['origin'] },
    cookiesConfig: NO_COOKIES(),
    queryStringsConfig: NO_QUERY_STRINGS(),
  },
  {
    id: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
    name: 'Managed-CORS-S3Origin',
    comment: 'Includes the headers that enable CORS requests when the origin is an Amazon S3 bucket.',
    headersConfig: {
      headerBehavior: 'whitelist',
      headers: ['origin', 'access-control-request-headers', 'access-control-request-method'],
    },
    cookiesConfig: NO_COOKIES(),
    queryStringsConfig: NO_QUERY_STRINGS(),
  },
  {
    id: '775133bc-15f2-49f9-abea-afb2e0bf67d2',
    name: 'Managed-Elemental-MediaTailor-PersonalizedManifests',
    comment: 'Intended for use with an origin that is an AWS Elemental MediaTailor endpoint.',
    headersConfig: {
      headerBehavior: 'whitelist',
      headers: [
        'origin',
        'access-control-request-headers',
        'access-control-request-method',
        'user-agent',
        'x-forwarded-for',
      ],
    },
    cookiesConfig: NO_COOKIES(),
    queryStringsConfig: ALL_QUERY_STRINGS(),
  },
  {
    // Added 2025-09-03 ("Document history": "Added new managed origin request policy
    // HostHeaderOnly"). The id and the settings (Host only, no cookies, no query strings)
    // agree across several independent live configs and emulators, but the section's own
    // text was not available to read, so they are not confirmed against the page itself.
    id: 'bf0718e1-ba1e-49d1-88b1-f726733018ae',
    name: 'Managed-HostHeaderOnly',
    comment: 'Includes only the Host header from the viewer request.',
    headersConfig: { headerBehavior: 'whitelist', headers: ['host'] },
    cookiesConfig: NO_COOKIES(),
    queryStringsConfig: NO_QUERY_STRINGS(),
  },
  {
    id: 'acba4595-bd28-49b8-b9fe-13317c0390fa',
    name: 'Managed-UserAgentRefererHeaders',
    comment: 'Includes only the User-Agent and Referer headers.',
    headersConfig: { headerBehavior: 'whitelist', headers: ['user-agent', 'referer'] },
    cookiesConfig: NO_COOKIES(),
    queryStringsConfig: NO_QUERY_STRINGS(),
  },
]);

/** AWS's names without the "Managed-" prefix, which cachefront also resolves. */
const UNPREFIXED_AWS_NAMES: Readonly<Record<string, string>> = {
  UseOriginCacheControlHeaders: 'Managed-UseOriginCacheControlHeaders',
  'UseOriginCacheControlHeaders-QueryStrings': 'Managed-UseOriginCacheControlHeaders-QueryStrings',
};

/** The managed policy that `ref` names (AWS id, `Managed-<Name>`, or AWS's unprefixed name). */
export function findManaged<P extends { id: string; name: string }>(policies: readonly P[], ref: string): P | undefined {
  const name = UNPREFIXED_AWS_NAMES[ref] ?? ref;
  return policies.find((p) => p.id === ref || p.name === name);
}

/** The cache policy a behavior's `cachePolicyId` names: managed (AWS id or name) or local. */
export function resolveCachePolicy(
  config: Pick<CachefrontConfig, 'cachePolicies'>,
  idOrName: string,
): CachePolicy | undefined {
  return findManaged(managedCachePolicies, idOrName) ?? config.cachePolicies.find((p) => p.id === idOrName);
}

/** The origin request policy a behavior's `originRequestPolicyId` names. */
export function resolveOriginRequestPolicy(
  config: Pick<CachefrontConfig, 'originRequestPolicies'>,
  idOrName: string,
): OriginRequestPolicy | undefined {
  return (
    findManaged(managedOriginRequestPolicies, idOrName) ?? config.originRequestPolicies.find((p) => p.id === idOrName)
  );
}

/** True if `ref` names a managed policy of that kind (used to reject clashing local ids). */
export function isManagedCachePolicyRef(ref: string): boolean {
  return findManaged(managedCachePolicies, ref) !== undefined;
}

export function isManagedOriginRequestPolicyRef(ref: string): boolean {
  return findManaged(managedOriginRequestPolicies, ref) !== undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
