import type { CachePolicy } from '@cachefront/config';
import { deltaSeconds, parseCacheControl } from './cache-control.ts';
import { currentAge, type EntryMeta } from './freshness.ts';

/**
 * Serving expired ("stale") objects, as CloudFront does ("Serving stale (expired)
 * content", May 2023) and RFC 5861 defines:
 * - `stale-while-revalidate=N`: for N seconds after expiry, a request gets the stale
 *   object at once while the edge refreshes it in the background (once).
 * - `stale-if-error=N`: for N seconds after expiry, when the origin is unreachable, times
 *   out, or answers 5xx, the stale object is served instead of the error.
 * - Without `stale-if-error`, CloudFront serves the previous copy when the origin is
 *   unreachable (or answers 5xx while revalidating) as long as the cache policy's minimum or
 *   maximum TTL is above 0 ("Managing how long content stays in the cache"); the origin
 *   opts out with `stale-if-error=0`.
 */

/** Seconds since the object expired (0 while it is fresh). */
export function staleFor(meta: EntryMeta, now: number): number {
  return Math.max(0, currentAge(meta, now) - meta.ttl);
}

/** Serve this expired object now and refresh it in the background? */
export function canServeWhileRevalidating(meta: EntryMeta, now: number): boolean {
  const swr = deltaSeconds(parseCacheControl(meta.headers['cache-control']), 'stale-while-revalidate');
  return swr !== undefined && staleFor(meta, now) <= swr;
}

/** The origin failed (unreachable, timeout, 5xx): may this expired object be served instead? */
export function canServeIfError(meta: EntryMeta, now: number, policy: Pick<CachePolicy, 'minTTL' | 'maxTTL'>): boolean {
  if (meta.status >= 400) return false; // an error is never a substitute for an error
  const cc = parseCacheControl(meta.headers['cache-control']);
  const sie = deltaSeconds(cc, 'stale-if-error');
  if (sie !== undefined) return staleFor(meta, now) <= sie;
  // RFC 9111 §4.2.4: never stale against must-revalidate, proxy-revalidate, s-maxage (which
  // implies proxy-revalidate in a shared cache, §5.2.2.10) or no-cache. CloudFront's
  // "Origin unavailable" serving of the previous copy is a default, not something the
  // origin asked for, so those directives turn it off; an explicit stale-if-error (above)
  // is the origin's own permission and still applies.
  if (STALE_FORBIDDEN.some((d) => cc.has(d))) return false;
  return policy.minTTL > 0 || policy.maxTTL > 0;
}

const STALE_FORBIDDEN = ['must-revalidate', 'proxy-revalidate', 's-maxage', 'no-cache'];

/** Origin answers that count as errors for stale-if-error (RFC 5861 §4: 500, 502, 503, 504). */
export function isServerError(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}
