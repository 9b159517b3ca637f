// CloudFront standard logs (legacy), W3C extended log file format version 1.0.
// Source: CloudFront developer guide, "Configuring and using standard logs (access logs)",
// sections "Standard log file format", "Standard log file fields" and "File name format".

import type { RequestRecord } from './record.ts';
import { finishedAt, int, seconds, status, text } from './log-encoding.ts';

/** "Standard log file fields": the 33 fields, in order. */
export const ACCESS_LOG_FIELDS: readonly string[] = Object.freeze([
  'date',
  'time',
  'x-edge-location',
  'sc-bytes',
  'c-ip',
  'cs-method',
  'cs(Host)',
  'cs-uri-stem',
  'sc-status',
  'cs(Referer)',
  'cs(User-Agent)',
  'cs-uri-query',
  'cs(Cookie)',
  'x-edge-result-type',
  'x-edge-request-id',
  'x-host-header',
  'cs-protocol',
  'cs-bytes',
  'time-taken',
  'x-forwarded-for',
  'ssl-protocol',
  'ssl-cipher',
  'x-edge-response-result-type',
  'cs-protocol-version',
  'fle-status',
  'fle-encrypted-fields',
  'c-port',
  'time-to-first-byte',
  'x-edge-detailed-result-type',
  'sc-content-type',
  'sc-content-len',
  'sc-range-start',
  'sc-range-end',
]);

const HEADER = `#Version: 1.0\n#Fields: ${ACCESS_LOG_FIELDS.join(' ')}\n`;

/** The two header lines every log file starts with (format version, then the field names). */
export function accessLogHeader(): string {
  return HEADER;
}

export interface AccessLogOptions {
  /** The distribution's "Cookie logging" setting: cs(Cookie) is `-` when off. */
  includeCookies: boolean;
}

/** One log record: 33 tab-separated values and a newline. */
export function formatAccessLogLine(r: RequestRecord, opts: AccessLogOptions): string {
  // date/time: "when the CloudFront server finished responding to the request (in UTC)".
  const iso = new Date(finishedAt(r)).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  // ssl-protocol, ssl-cipher: "When cs-protocol in field 17 is http, the value is a hyphen".
  const tls = r.protocol === 'https';
  const fields = [
    iso.slice(0, 10),
    iso.slice(11, 19),
    text(r.edgeLocation),
    int(r.scBytes),
    text(r.clientIp),
    text(r.method),
    text(r.distributionDomain),
    text(r.uriStem),
    status(r.status),
    text(r.referer),
    text(r.userAgent),
    text(r.query), // "When a URL doesn't contain a query string, this field's value is a hyphen"
    opts.includeCookies ? text(r.cookie) : '-',
    text(r.resultType),
    text(r.requestId),
    text(r.hostHeader),
    text(r.protocol),
    int(r.csBytes),
    seconds(r.timeTaken),
    text(r.forwardedFor),
    tls ? text(r.sslProtocol) : '-',
    tls ? text(r.sslCipher) : '-',
    text(r.responseResultType),
    text(r.protocolVersion),
    '-', // fle-status: "-" when field-level encryption is not configured (never, here)
    '-', // fle-encrypted-fields: likewise
    int(r.clientPort),
    seconds(r.timeToFirstByte),
    text(r.detailedResultType),
    text(r.contentType),
    int(r.contentLength),
    int(r.rangeStart),
    int(r.rangeEnd),
  ];
  return fields.join('\t') + '\n';
}

/**
 * Splits one record into field name -> raw (still URL-encoded) value. Comment lines (`#...`)
 * give `{}`; missing trailing fields are absent and extra ones ignored.
 */
export function parseAccessLogLine(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const trimmed = line.replace(/\r?\n$/, '');
  if (trimmed.startsWith('#')) return out;
  const values = trimmed.split('\t');
  const n = Math.min(values.length, ACCESS_LOG_FIELDS.length);
  for (let i = 0; i < n; i++) out[ACCESS_LOG_FIELDS[i] as string] = values[i] as string;
  return out;
}

/**
 * "File name format": `<optional prefix>/<distribution ID>.YYYY-MM-DD-HH.unique-ID.gz`, date
 * and hour in UTC. "If your prefix doesn't end with a forward slash (/), CloudFront appends
 * one automatically"; an empty prefix adds nothing.
 */
export function accessLogFileName(prefix: string, distributionId: string, hourStartMs: number, uniqueId: string): string {
  const dir = prefix === '' || prefix.endsWith('/') ? prefix : prefix + '/';
  const iso = new Date(hourStartMs).toISOString();
  return `${dir}${distributionId}.${iso.slice(0, 10)}-${iso.slice(11, 13)}.${uniqueId}.gz`;
}
