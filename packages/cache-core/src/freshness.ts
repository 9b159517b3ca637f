import { parseHttpDate } from './cache-control.ts';
import { decideStorage, type ResponseHeaders, type StorageDecision, type StorageInput } from './ttl.ts';

/** What the cache remembers about a stored response, besides its body. */
export interface EntryMeta {
  status: number;
  headers: ResponseHeaders;
  /** ms since epoch when this cache received (or last refreshed) the response. */
  storedAt: number;
  ttl: number;
  initialAge: number;
}

/** RFC 9111 §4.2.3 current_age, in seconds (fractional). */
export function currentAge(meta: EntryMeta, now: number): number {
  return meta.initialAge + Math.max(0, now - meta.storedAt) / 1000;
}

/** RFC 9111 §4.2: fresh while current_age < freshness_lifetime. */
export function isFresh(meta: EntryMeta, now: number): boolean {
  return currentAge(meta, now) < meta.ttl;
}

/** The `Age` response header value (RFC 9111 §5.1): whole seconds. */
export function ageHeader(meta: EntryMeta, now: number): string {
  return String(Math.floor(currentAge(meta, now)));
}

/**
 * Headers for revalidating a stale entry (RFC 9111 §4.3.1): If-None-Match with the
 * stored ETag, If-Modified-Since with the stored Last-Modified. Empty when the entry
 * has no validators (then the origin request is unconditional).
 */
export function conditionalHeaders(meta: EntryMeta): Record<string, string> {
  const out: Record<string, string> = {};
  const etag = one(meta.headers.etag);
  const lastModified = one(meta.headers['last-modified']);
  if (etag !== undefined) out['if-none-match'] = etag;
  if (lastModified !== undefined && parseHttpDate(lastModified) !== undefined) out['if-modified-since'] = lastModified;
  return out;
}

/**
 * Headers a 304 must not overwrite in the stored response (RFC 9111 §3.2): framing, and
 * what describes the stored body itself (its ETag and Content-MD5; http-cache-tests
 * "304-etag-update-response-*": a 304 validates the body the cache has, it does not
 * describe a different one).
 */
const NOT_UPDATED_BY_304 = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'content-range', 'connection', 'keep-alive', 'etag', 'content-md5']);

/**
 * A 304 to a revalidation refreshes the stored entry (RFC 9111 §4.3.4): its headers
 * replace the stored ones (except framing headers), and the TTL is decided again from
 * the merged headers. The entry then counts as `RefreshHit`.
 */
export function refreshFrom304(
  meta: EntryMeta,
  notModifiedHeaders: ResponseHeaders,
  input: Omit<StorageInput, 'status' | 'headers'>,
): { meta: EntryMeta; decision: StorageDecision } {
  const merged: Record<string, string | string[] | undefined> = { ...meta.headers };
  // The stored Age was the age when first received; the 304 is a new validation, so only
  // its own Age (if any) counts from now on (RFC 9111 §4.3.4).
  delete merged.age;
  for (const [name, value] of Object.entries(notModifiedHeaders)) {
    if (value === undefined || NOT_UPDATED_BY_304.has(name)) continue;
    merged[name] = value;
  }
  const decision = decideStorage({ ...input, status: meta.status, headers: merged });
  const refreshed: EntryMeta = {
    status: meta.status,
    headers: merged,
    storedAt: input.now,
    ttl: decision.store ? decision.ttl : 0,
    initialAge: decision.store ? decision.initialAge : 0,
  };
  return { meta: refreshed, decision };
}

/**
 * Vary toward the viewer ("HTTP response headers that CloudFront removes or replaces"):
 * CloudFront keeps Accept-Encoding, Cookie, and the header names it forwards to the
 * origin (from the cache key or the origin request policy), `*`, and User-Agent when a
 * device-type header is forwarded; it removes every other value. `allViewerExcept`: the
 * origin request policy forwards every viewer header but these (allViewer: none excepted).
 */
export function viewerVary(vary: string | string[] | undefined, forwarded: ReadonlySet<string>, allViewerExcept?: ReadonlySet<string>): string | undefined {
  if (vary === undefined) return undefined;
  const text = Array.isArray(vary) ? vary.join(',') : vary;
  const deviceHeaderForwarded = [...forwarded].some((h) => h.startsWith('cloudfront-is-') && h.endsWith('-viewer'));
  const kept = text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => {
      const lower = v.toLowerCase();
      const sent = forwarded.has(lower) || (allViewerExcept !== undefined && !allViewerExcept.has(lower));
      return lower === '*' || lower === 'accept-encoding' || lower === 'cookie' || sent || (lower === 'user-agent' && deviceHeaderForwarded);
    });
  return kept.length > 0 ? kept.join(', ') : undefined;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
