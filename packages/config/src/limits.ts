// CloudFront's documented limits and value sets, one named constant each, with the doc
// page it comes from. Quotas are CloudFront's *default* quotas (AWS can raise some on
// request); cachefront enforces the defaults so a config that loads here also deploys.
//
// "Quotas" = https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
// (checked against the page as published with the flat-rate pricing plans and Connection
// Functions sections, i.e. 2025/2026; older copies of the page list lower numbers).

import type { HttpMethod } from './types.ts';

// --- Quotas: General quotas on distributions -----------------------------------------

/** Quotas: "Alternate domain names (CNAMEs) per distribution" = 100. */
export const MAX_ALIASES_PER_DISTRIBUTION = 100;
/** Quotas: "Cache behaviors per distribution" = 75 (was 25 in older versions of the page). */
export const MAX_CACHE_BEHAVIORS_PER_DISTRIBUTION = 75;
/** Quotas: "Origins per distribution" = 100 (was 25 in older versions of the page). */
export const MAX_ORIGINS_PER_DISTRIBUTION = 100;
/** Quotas: "Origin groups per distribution" = 10. */
export const MAX_ORIGIN_GROUPS_PER_DISTRIBUTION = 10;
/** Quotas: "Connection attempts per origin" = 1-3. */
export const CONNECTION_ATTEMPTS = { min: 1, max: 3 } as const;
/** Quotas: "Connection timeout per origin" = 1-10 seconds. */
export const CONNECTION_TIMEOUT_SECONDS = { min: 1, max: 10 } as const;
/** Quotas: "Response timeout per origin" (origin read timeout) = 1-120 seconds. */
export const ORIGIN_READ_TIMEOUT_SECONDS = { min: 1, max: 120 } as const;
/** Quotas: "Keep-alive timeout per origin" = 1-120 seconds. */
export const ORIGIN_KEEPALIVE_TIMEOUT_SECONDS = { min: 1, max: 120 } as const;

// --- Quotas: General quotas on policies -----------------------------------------------

/** Quotas: "Headers per cache policy" = 10. */
export const MAX_HEADERS_PER_CACHE_POLICY = 10;
/** Quotas: "Cookies per cache policy" = 10. */
export const MAX_COOKIES_PER_CACHE_POLICY = 10;
/** Quotas: "Query strings per cache policy" = 10. */
export const MAX_QUERY_STRINGS_PER_CACHE_POLICY = 10;
/** Quotas: "Total combined length of all query string, header, and cookie names in a cache policy" = 1024. */
export const MAX_CACHE_POLICY_NAMES_LENGTH = 1024;
/** Quotas: "Headers per origin request policy" = 10 (the page says 10, not 30). */
export const MAX_HEADERS_PER_ORIGIN_REQUEST_POLICY = 10;
/** Quotas: "Cookies per origin request policy" = 10. */
export const MAX_COOKIES_PER_ORIGIN_REQUEST_POLICY = 10;
/** Quotas: "Query strings per origin request policy" = 10. */
export const MAX_QUERY_STRINGS_PER_ORIGIN_REQUEST_POLICY = 10;
/** Quotas: "Total combined length of all query string, header, and cookie names in an origin request policy" = 1024. */
export const MAX_ORIGIN_REQUEST_POLICY_NAMES_LENGTH = 1024;

// --- Quotas: Quotas on key groups and public keys (signed URLs and signed cookies) ------

/** Quotas: "Public keys in a single key group" = 5 (CloudFront's TooManyPublicKeysInKeyGroup). */
export const MAX_PUBLIC_KEYS_PER_KEY_GROUP = 5;
/**
 * Quotas: "Key groups associated with a single distribution" = 4 (TooManyKeyGroupsAssociatedToDistribution):
 * the distinct key groups its cache behaviors trust, all together.
 */
export const MAX_KEY_GROUPS_PER_DISTRIBUTION = 4;
/** Quotas: "Key groups per AWS account" = 10 (TooManyKeyGroups). A config file stands for one account. */
export const MAX_KEY_GROUPS_PER_ACCOUNT = 10;
/**
 * Quotas: public keys per AWS account = 10 (TooManyPublicKeys; the API reference's
 * CreatePublicKey has said "You can add a maximum of 10 public keys with one AWS account").
 * Signed URLs and field-level encryption share them. A config file stands for one account.
 */
export const MAX_PUBLIC_KEYS_PER_ACCOUNT = 10;

// --- Quotas: Quotas on headers (origin custom headers) ---------------------------------

/** Quotas: "Custom headers: maximum number of custom headers that you can configure CloudFront to add to origin requests" = 30 (was 10). */
export const MAX_CUSTOM_HEADERS_PER_ORIGIN = 30;
/** Quotas: "Custom headers: maximum length of a header name" = 256 characters. */
export const MAX_CUSTOM_HEADER_NAME_LENGTH = 256;
/** Quotas: "Custom headers: maximum length of a header value" = 1,783 characters. */
export const MAX_CUSTOM_HEADER_VALUE_LENGTH = 1783;
/** Quotas: "Custom headers: maximum length of all header values and names combined" = 10,240 characters. */
export const MAX_CUSTOM_HEADERS_TOTAL_LENGTH = 10240;

/**
 * "Add custom headers to origin requests", section "Custom headers that CloudFront can't
 * add to origin requests". Lower-case; compare case-insensitively.
 */
export const FORBIDDEN_CUSTOM_HEADERS: readonly string[] = [
  'cache-control',
  'connection',
  'content-length',
  'cookie',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'max-forwards',
  'pragma',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'range',
  'request-range',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-real-ip',
];
/** Same page: "Headers that begin with X-Amz-" and "Headers that begin with X-Edge-". */
export const FORBIDDEN_CUSTOM_HEADER_PREFIXES: readonly string[] = ['x-amz-', 'x-edge-'];

// --- All distribution settings reference -----------------------------------------------

/** "Path pattern": "The maximum length of a path pattern is 255 characters." */
export const MAX_PATH_PATTERN_LENGTH = 255;
/**
 * "Path pattern": allowed characters are A-Z, a-z, 0-9, _ - . * $ / ~ " ' @ : + and
 * "&, passed and returned as &amp;" (written as a plain & in cachefront files). The same
 * section documents `?` as the one-character wildcard, so it is allowed too.
 */
export const PATH_PATTERN_CHARACTERS = /^[A-Za-z0-9_\-.*$/~"'@:+&?]$/;
/** "Default root object": at most 255 characters. */
export const MAX_DEFAULT_ROOT_OBJECT_LENGTH = 255;
/** "Default root object": A-Z, a-z, 0-9, _ - . * $ / ~ " ' and & (as &amp;). */
export const DEFAULT_ROOT_OBJECT_CHARACTERS = /^[A-Za-z0-9_\-.*$/~"'&]$/;
/**
 * "Comment" (distribution) and the API's CachePolicyConfig / OriginRequestPolicyConfig /
 * PublicKeyConfig / KeyGroupConfig Comment: up to 128 characters.
 */
export const MAX_COMMENT_LENGTH = 128;
/**
 * Origin and origin group ids: 128 characters. Not on the Quotas page; CloudFront rejects
 * longer ids (aws/aws-cdk PR #11523 "origin ID exceeds undocumented 128 character limit").
 */
export const MAX_ORIGIN_ID_LENGTH = 128;
/**
 * Public key and key group ids written in a config file (and their names): 128 characters.
 * CloudFront generates these ids ('K' + 13 characters for a public key, a UUID for a key
 * group) and documents no rule for names; cachefront's rule fits both.
 */
export const MAX_KEY_ID_LENGTH = 128;
/** "HTTP port" / "HTTPS port": "Valid values include ports 80, 443, and 1024 to 65535." */
export const ORIGIN_PORTS = { fixed: [80, 443], min: 1024, max: 65535 } as const;

/**
 * "Create a custom error page for specific HTTP status codes": "The HTTP status codes for
 * which CloudFront can return a custom error page include 400, 403, 404, 405, 414, 416,
 * 500, 501, 502, 503, 504".
 */
export const CUSTOM_ERROR_CODES: readonly number[] = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
/**
 * The codes CloudFront lets you return instead (console "Customize error response"):
 * 200 plus the error codes above. Not listed as such in the API reference.
 */
export const CUSTOM_ERROR_RESPONSE_CODES: readonly number[] = [200, ...CUSTOM_ERROR_CODES];

/**
 * "Create an origin group": failover criteria may be "any combination of the following
 * status codes: 400, 403, 404, 416, 500, 502, 503, or 504".
 */
export const ORIGIN_FAILOVER_STATUS_CODES: readonly number[] = [400, 403, 404, 416, 500, 502, 503, 504];
/** "Optimize high availability with CloudFront origin failover": an origin group has two origins, a primary and a secondary. */
export const ORIGIN_GROUP_MEMBER_COUNT = 2;

/** "Allowed HTTP methods": CloudFront offers exactly these three sets (order does not matter). */
export const ALLOWED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
];
/** "Cached HTTP methods": GET and HEAD are always cached; OPTIONS optionally. */
export const CACHED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
];

/** "Adding CloudFront request headers": CloudFront-* headers only an origin request policy may add (lower-case). */
export const ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS: readonly string[] = [
  'cloudfront-viewer-address',
  'cloudfront-viewer-asn',
  'cloudfront-viewer-ja3-fingerprint',
  'cloudfront-viewer-ja4-fingerprint',
  'cloudfront-viewer-tls',
];

/** CloudFront Functions quotas ("Quotas on CloudFront Functions"): function size 10 KB, name 64 characters. */
export const MAX_FUNCTION_CODE_BYTES = 10 * 1024;
export const MAX_FUNCTION_NAME_LENGTH = 64;
/** Key value store limits: key 512 bytes, value 1 KB, store 5 MB. */
export const MAX_KVS_KEY_BYTES = 512;
export const MAX_KVS_VALUE_BYTES = 1024;
export const MAX_KVS_BYTES = 5 * 1024 * 1024;
