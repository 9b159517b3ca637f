// Headers Lambda@Edge functions cannot see or change ("Restrictions on all edge functions",
// "HTTP headers"). The read-only lists are per event type here (Lambda@Edge has origin
// events, and CDN-Loop in its lists); the rest is shared with CloudFront Functions.
import type { EventType } from './types.ts';

// The disallowed headers (the same list and prefixes for every edge function), the value rule
// and the name capitalization are CloudFront Functions' own (packages/functions).
export { BAD_HEADER_VALUE, capitalizeHeaderName, isDisallowedHeader } from '@cachefront/functions';

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

