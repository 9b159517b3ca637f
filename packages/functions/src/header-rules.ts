// Headers functions cannot see or set (Restrictions on edge functions, "HTTP headers").
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
 * "Read-only headers": functions "can't add or modify" them ("Read-only headers in viewer
 * request events" and "... in viewer response events"); doing so is a validation error (502).
 */
export const READ_ONLY_HEADERS: Readonly<Record<EventType, ReadonlySet<string>>> = {
  'viewer-request': new Set(['content-length', 'host', 'transfer-encoding', 'via']),
  'viewer-response': new Set(['warning', 'via']),
};

/** Header names are HTTP tokens (RFC 9110 §5.6.2); functions must use lower case. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** Field values may not contain CR, LF or NUL (RFC 9110 §5.5). */
export const BAD_HEADER_VALUE = /[\r\n\0]/;

/**
 * "When CloudFront Functions converts the event object back into an HTTP request, the first
 * letter of each word in header names is capitalized": `example-header-name` goes out as
 * `Example-Header-Name`.
 */
export function capitalizeHeaderName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
