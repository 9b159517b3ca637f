// CloudFront real-time logs. Source: CloudFront developer guide, "Real-time logs", section
// "Understanding real-time log configurations" > Fields: "The fields are listed in the order in
// which they appear in the log records that are delivered to Kinesis Data Streams."

import type { RequestRecord } from './record.ts';
import { encodeLogValue, finishedAt, int, seconds, status, text } from './log-encoding.ts';

type Field = (r: RequestRecord) => string;

/** "cs-cookie", "cs-headers", "cs-header-names": "This field is truncated to 800 bytes." */
const TRUNCATE_AT = 800;

function truncated(encoded: string): string {
  if (encoded.length <= TRUNCATE_AT) return encoded; // encoded values are ASCII: chars = bytes
  let end = TRUNCATE_AT;
  // Don't leave half a %XX escape at the end.
  if (encoded[end - 1] === '%') end -= 1;
  else if (encoded[end - 2] === '%') end -= 2;
  return encoded.slice(0, end);
}

/** Each header as `name:value`, newline-terminated (encoded %0A), as CloudFront writes it. */
function csHeaders(r: RequestRecord): string {
  let out = '';
  for (const [name, value] of Object.entries(r.headers)) {
    // The Cookie value has its own field (cs-cookie); CloudFront's records list `cookie` in
    // cs-header-names but leave its value out of cs-headers.
    if (name === 'cookie') continue;
    out += encodeLogValue(`${name}:${value}\n`);
    if (out.length > TRUNCATE_AT) break;
  }
  return out === '' ? '-' : truncated(out);
}

function csHeaderNames(r: RequestRecord): string {
  let out = '';
  for (const name of Object.keys(r.headers)) {
    out += encodeLogValue(name + '\n');
    if (out.length > TRUNCATE_AT) break;
  }
  return out === '' ? '-' : truncated(out);
}

/** The documented fields, in CloudFront's order, with how each one is filled. */
const FIELDS: ReadonlyMap<string, Field> = new Map<string, Field>([
  // "The date and time at which the edge server finished responding to the request", as
  // seconds since the epoch with milliseconds, e.g. 1598486432.123.
  ['timestamp', (r) => (finishedAt(r) / 1000).toFixed(3)],
  ['c-ip', (r) => text(r.clientIp)],
  ['time-to-first-byte', (r) => seconds(r.timeToFirstByte)],
  ['sc-status', (r) => status(r.status)],
  ['sc-bytes', (r) => int(r.scBytes)],
  ['cs-method', (r) => text(r.method)],
  ['cs-protocol', (r) => text(r.protocol)],
  // Real-time cs-host is "the value that the viewer included in the Host header" and
  // x-host-header is "the domain name of the CloudFront distribution": the reverse of the
  // standard log's cs(Host) / x-host-header.
  ['cs-host', (r) => text(r.hostHeader ?? r.distributionDomain)],
  // "The entire request URL, including the query string (if one exists), but without the
  // domain name" (unlike the standard log's cs-uri-stem).
  ['cs-uri-stem', (r) => text(r.query === '' ? r.uriStem : `${r.uriStem}?${r.query}`)],
  ['cs-bytes', (r) => int(r.csBytes)],
  ['x-edge-location', (r) => text(r.edgeLocation)],
  ['x-edge-request-id', (r) => text(r.requestId)],
  ['x-host-header', (r) => text(r.distributionDomain)],
  ['time-taken', (r) => seconds(r.timeTaken)],
  ['cs-protocol-version', (r) => text(r.protocolVersion)],
  ['c-ip-version', (r) => (r.clientIp === '' ? '-' : r.clientIp.includes(':') ? 'IPv6' : 'IPv4')],
  ['cs-user-agent', (r) => text(r.userAgent)],
  ['cs-referer', (r) => text(r.referer)],
  ['cs-cookie', (r) => truncated(text(r.cookie))],
  ['cs-uri-query', (r) => text(r.query)],
  ['x-edge-response-result-type', (r) => text(r.responseResultType)],
  ['x-forwarded-for', (r) => text(r.forwardedFor)],
  ['ssl-protocol', (r) => (r.protocol === 'https' ? text(r.sslProtocol) : '-')],
  ['ssl-cipher', (r) => (r.protocol === 'https' ? text(r.sslCipher) : '-')],
  ['x-edge-result-type', (r) => text(r.resultType)],
  ['fle-encrypted-fields', () => '-'], // no field-level encryption
  ['fle-status', () => '-'],
  ['sc-content-type', (r) => text(r.contentType)],
  ['sc-content-len', (r) => int(r.contentLength)],
  ['sc-range-start', (r) => int(r.rangeStart)],
  ['sc-range-end', (r) => int(r.rangeEnd)],
  ['c-port', (r) => int(r.clientPort)],
  ['x-edge-detailed-result-type', (r) => text(r.detailedResultType)],
  ['c-country', (r) => text(r.country)],
  ['cs-accept-encoding', (r) => text(r.acceptEncoding)],
  ['cs-accept', (r) => text(r.accept)],
  ['cache-behavior-path-pattern', (r) => text(r.behaviorPathPattern)],
  ['cs-headers', csHeaders],
  ['cs-header-names', csHeaderNames],
  ['cs-headers-count', (r) => String(Object.keys(r.headers).length)],
  // The fields below were added to CloudFront after the awsdocs GitHub copy of the guide was
  // frozen (it ends at cs-headers-count); names and order as in today's field list.
  // primary-distribution-*: the distribution the viewer addressed; without continuous
  // deployment (staging distributions) that is the serving distribution itself.
  ['primary-distribution-id', (r) => text(r.distributionId)],
  ['primary-distribution-dns-name', (r) => text(r.distributionDomain)],
  ['origin-fbl', (r) => seconds(r.originLatency)], // origin first-byte latency, seconds
  ['origin-lbl', (r) => seconds(r.originLastByteLatency)], // origin last-byte latency, seconds
  ['asn', (r) => int(r.asn)],
]);

/** Every real-time log field, in the order CloudFront delivers them. */
export const REALTIME_LOG_FIELDS: readonly string[] = Object.freeze([...FIELDS.keys()]);

export function isRealtimeField(name: string): boolean {
  return FIELDS.has(name);
}

/** The values of `fields`, in the order given; an unknown field name gives `-`. */
export function realtimeFieldValues(r: RequestRecord, fields: readonly string[]): string[] {
  return fields.map((name) => {
    const fill = FIELDS.get(name);
    return fill === undefined ? '-' : fill(r);
  });
}

/** One real-time log record: the values tab-separated, no trailing newline. */
export function formatRealtimeLine(r: RequestRecord, fields: readonly string[]): string {
  return realtimeFieldValues(r, fields).join('\t');
}

/**
 * Whether to send this request's record. "Sampling rate": "a whole number between 1 and 100
 * (inclusive) that determines the percentage of viewer requests that are sent".
 * `random` returns [0, 1), like Math.random.
 */
export function sampled(rate: number, random: () => number): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 100) return true;
  return random() * 100 < rate;
}
