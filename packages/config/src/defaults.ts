// The values the parser fills in for omitted fields (frozen; the parser copies lists). CloudFront's own defaults unless a
// comment says otherwise; shared by the schemas and the semantic checks so both see the
// same effective config.

import type { HttpMethod, HttpVersion, OriginProtocolPolicy, PriceClass, ViewerProtocolPolicy } from './types.ts';

export const DEFAULTS = Object.freeze({
  // API reference, DistributionConfig / "All distribution settings reference".
  comment: '',
  enabled: true,
  defaultRootObject: '',
  priceClass: 'PriceClass_All' as PriceClass,
  httpVersion: 'http2' as HttpVersion,
  // Origin settings: "Connection attempts ... The default number is 3",
  // "Connection timeout ... The default timeout is 10 seconds".
  originPath: '',
  connectionAttempts: 3,
  connectionTimeout: 10,
  httpPort: 80,
  httpsPort: 443,
  // CloudFront requires OriginProtocolPolicy for a custom origin and has no default.
  // cachefront fills in http-only when it is omitted, because local origins rarely speak
  // TLS. Write it out if your origin is HTTPS.
  originProtocolPolicy: 'http-only' as OriginProtocolPolicy,
  originReadTimeout: 30, // "Response timeout": default 30 seconds
  originKeepaliveTimeout: 5, // "Keep-alive timeout": default 5 seconds
  // Cache behavior settings
  viewerProtocolPolicy: 'allow-all' as ViewerProtocolPolicy,
  allowedMethods: Object.freeze(['GET', 'HEAD']) as readonly HttpMethod[],
  cachedMethods: Object.freeze(['GET', 'HEAD']) as readonly HttpMethod[],
  compress: false,
  // "Error caching minimum TTL": 10 seconds by default.
  errorCachingMinTTL: 10,
});

/** API reference, CachePolicyConfig.DefaultTTL: "The default value for this field is 86400 seconds (one day)." */
export const DEFAULT_TTL_DEFAULT = 86400;
/** API reference, CachePolicyConfig.MaxTTL: "The default value for this field is 31536000 seconds (one year)." */
export const MAX_TTL_DEFAULT = 31536000;

/**
 * The effective TTLs of a cache policy, per CachePolicyConfig in the API reference:
 * DefaultTTL defaults to 86400, or to MinTTL if that is larger; MaxTTL defaults to
 * 31536000, or to DefaultTTL if that is larger.
 */
export function effectiveTTLs(
  minTTL: number,
  defaultTTL: number | undefined,
  maxTTL: number | undefined,
): { minTTL: number; defaultTTL: number; maxTTL: number } {
  const def = defaultTTL ?? Math.max(DEFAULT_TTL_DEFAULT, minTTL);
  const max = maxTTL ?? Math.max(MAX_TTL_DEFAULT, def);
  return { minTTL, defaultTTL: def, maxTTL: max };
}
