// Headers Lambda@Edge functions cannot see or change ("Restrictions on all edge functions",
// "HTTP headers"). The CloudFront Functions runtime keeps its own list (viewer events only);
// this one adds the origin events and CDN-Loop, which only Lambda@Edge has in its lists.
import type { EventType } from './types.ts';

/**
 * "Disallowed headers": "not exposed to edge functions, and functions can't add them. If your
 * function adds one of these headers, it fails CloudFront validation and CloudFront returns
 * HTTP status code 502 (Bad Gateway) to the viewer."
 */
const DISALLOWED = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);
/** `X-Amz-Cf-*` and `X-Edge-*`. */
const DISALLOWED_PREFIXES = ['x-amz-cf-', 'x-edge-'];

/** `name` is lower case. */
export function isDisallowedHeader(name: string): boolean {
  return DISALLOWED.has(name) || DISALLOWED_PREFIXES.some((p) => name.startsWith(p));
}

/**
 * "Read-only headers": "If your function adds or edits a read-only header, the request fails
 * CloudFront validation and CloudFront returns HTTP status code 502 (Bad Gateway)". Per event
 * type, as the page lists them for Lambda@Edge.
 */
export const READ_ONLY_HEADERS: Readonly<Record<EventType, ReadonlySet<string>>> = {
  'viewer-request': new Set(['cdn-loop', 'content-length', 'host', 'transfer-encoding', 'via']),
  'origin-request': new Set(['accept-encoding', 'cdn-loop', 'content-length', 'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'transfer-encoding', 'via']),
  'origin-response': new Set(['transfer-encoding', 'via']),
  'viewer-response': new Set(['warning', 'via', 'content-length', 'content-encoding', 'transfer-encoding']),
};

/** Header names are HTTP tokens (RFC 9110 §5.6.2). */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Field values may not contain CR, LF or NUL (RFC 9110 §5.5). */
export const BAD_HEADER_VALUE = /[\r\n\0]/;

/**
 * "If you do not include the header key portion of the key-value pair, Lambda@Edge will
 * automatically insert a header key ... formatted with initial capitalization for each part,
 * separated by hyphens": `content-type` -> `Content-Type`.
 */
export function capitalizeHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
