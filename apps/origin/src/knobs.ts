// Query-string knobs every endpoint honours: `cc`, `etag`, `lm`, `vary`, `tags`.
import { formatEntityTag, parseEntityTag } from './etag.ts';
import { badRequest } from './errors.ts';
import { parseHttpDate } from './http-date.ts';

export interface Knobs {
  /** Cache-Control value replacing the endpoint's own (`?cc=`); '' removes it. */
  cacheControl?: string;
  /** ETag field value (`?etag=abc` -> `"abc"`; `?etag=W/"abc"` kept as is). */
  etag?: string;
  /** Last-Modified, epoch ms (`?lm=<HTTP-date>`). */
  lastModified?: number;
  /** Vary field value (`?vary=Accept-Encoding`). */
  vary?: string;
  /** Cache-Tag field value (`?tags=a,b`), for cache-tag invalidation. */
  tags?: string;
}

/** Reads the knobs from a query; throws a 400 OriginError for malformed values. */
export function parseKnobs(query: URLSearchParams, now: number): Knobs {
  const knobs: Knobs = {};
  const cc = query.get('cc');
  if (cc !== null) knobs.cacheControl = fieldValue('cc', cc);
  const etag = query.get('etag');
  if (etag !== null) knobs.etag = toEntityTag(etag);
  const lm = query.get('lm');
  if (lm !== null) {
    const ms = parseHttpDate(lm, now);
    if (ms === undefined) throw badRequest(`lm must be an HTTP-date (RFC 9110 §5.6.7), got '${lm}'`);
    knobs.lastModified = ms;
  }
  const vary = query.get('vary');
  if (vary !== null) knobs.vary = fieldValue('vary', vary);
  const tags = query.get('tags');
  if (tags !== null) knobs.tags = fieldValue('tags', tags);
  return knobs;
}

function toEntityTag(value: string): string {
  const parsed = parseEntityTag(value);
  if (parsed) return formatEntityTag(parsed);
  const quoted = parseEntityTag(`"${value}"`);
  if (!quoted) throw badRequest(`etag must be an entity-tag or its opaque characters (RFC 9110 §8.8.3), got '${value}'`);
  return formatEntityTag(quoted);
}

// RFC 9110 §5.5: field values are visible ASCII, SP, HTAB (and obs-text).
function fieldValue(name: string, value: string): string {
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) throw badRequest(`${name} contains characters not allowed in a header field`);
  return value.trim();
}
