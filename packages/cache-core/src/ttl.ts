import type { CachePolicy, HttpMethod } from '@cachefront/config';
import { deltaSeconds, parseCacheControl, parseHttpDate, type Directives } from './cache-control.ts';

/** Response headers as plain data, names lower-case. */
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface StorageInput {
  policy: Pick<CachePolicy, 'minTTL' | 'defaultTTL' | 'maxTTL'>;
  method: string;
  cachedMethods: readonly HttpMethod[];
  status: number;
  headers: ResponseHeaders;
  /** Clock, ms since epoch (injected; never Date.now() here). */
  now: number;
  /** ErrorCachingMinTTL for this status from customErrorResponses; CloudFront default 10 s. */
  errorCachingMinTTL?: number;
  /**
   * The request sent to the origin carried Authorization while the cache key does not
   * hold it (Managed-AllViewer forwards it): RFC 9111 §3.5 applies (see decideFromOrigin).
   */
  authorizedRequest?: boolean;
}

export type StorageDecision =
  | { store: false; reason: StorageRefusal }
  | {
      store: true;
      /** Seconds the object is fresh for, counted from when it was received. */
      ttl: number;
      /** Age the origin (or a parent tier) already gave it (RFC 9111 §4.2.3), seconds. */
      initialAge: number;
      /** Where the TTL came from, for `explain` and logs. */
      source: TtlSource;
    };

export type StorageRefusal =
  | 'method-not-cached'
  | 'caching-disabled'
  | 'status-not-cacheable'
  | 'no-store'
  | 'error-without-max-age'
  | 'vary-star'
  | 'zero-ttl-without-validator'
  | 'authorized-request';

export type TtlSource = 's-maxage' | 'max-age' | 'expires' | 'default-ttl' | 'min-ttl' | 'max-ttl' | 'error-caching-min-ttl';

/** CloudFront's default ErrorCachingMinTTL ("Control how long CloudFront caches errors"). */
export const DEFAULT_ERROR_CACHING_MIN_TTL = 10;

// "HTTP 4xx and 5xx status codes that CloudFront caches" (HTTPStatusCodes):
/** Always cached, for max(ErrorCachingMinTTL, max-age/s-maxage/Expires). */
export const ALWAYS_CACHED_ERRORS: ReadonlySet<number> = new Set([404, 405, 414, 500, 501, 502, 503, 504]);
/** Cached only when the origin sends Cache-Control max-age or s-maxage. */
export const ERRORS_CACHED_WITH_MAX_AGE: ReadonlySet<number> = new Set([400, 403, 410, 412, 415]);
/** For these, no-store / no-cache / private from the origin prevent error caching;
 * for other error codes CloudFront ignores those directives ("Control how long CloudFront caches errors"). */
const ERRORS_HONOURING_NO_STORE: ReadonlySet<number> = new Set([404, 410, 414, 501]);

/** Non-error statuses cached by the TTL table: 2xx/3xx that RFC 9110 §15 defines as
 * cacheable by default, plus 302/307 (CloudFront "caches the redirect", Redirects). */
export const CACHEABLE_SUCCESS: ReadonlySet<number> = new Set([200, 203, 204, 206, 300, 301, 302, 307, 308]);

/**
 * Marks a response that a parent tier of this CDN (a regional edge cache or origin
 * shield) served. Edges set it on their answers and remove it from origin responses, so
 * an origin cannot set it. Its value says who produced the response (e.g. `shield-hit`).
 */
export const PARENT_TIER_HEADER = 'x-cachefront-tier';

/**
 * Whether and for how long to store an origin response: `decideFromOrigin` below, and
 * for a response from a parent tier (PARENT_TIER_HEADER), its Age counts against every
 * TTL, not only header lifetimes: it is time this CDN already held the object, so all
 * tiers together keep it no longer than one TTL from the top tier's origin fetch
 * (RFC 9111 §4.2.3 current_age; CloudFront's TTL settings apply per CDN, not per tier).
 */
export function decideStorage(input: StorageInput): StorageDecision {
  const decision = decideFromOrigin(input);
  if (!decision.store || input.headers[PARENT_TIER_HEADER] === undefined) return decision;
  const age = ageOf(input.headers);
  if (decision.ttl - age <= 0 && !hasValidator(input.headers)) return { store: false, reason: 'zero-ttl-without-validator' };
  return { ...decision, initialAge: age };
}

/**
 * Whether and for how long to store an origin response, by the table in "Managing how
 * long content stays in the cache (expiration)":
 *
 * | origin sends                    | minTTL = 0                    | minTTL > 0                          |
 * | s-maxage (wins over max-age)    | min(s-maxage, maxTTL)         | clamp(s-maxage, minTTL, maxTTL)     |
 * | max-age                         | min(max-age, maxTTL)          | clamp(max-age, minTTL, maxTTL)      |
 * | Expires (max-age wins over it)  | min(Expires - now, maxTTL)    | clamp(Expires - now, minTTL, maxTTL)|
 * | none of these                   | defaultTTL                    | max(minTTL, defaultTTL)             |
 * | no-cache / no-store / private   | not cached                    | minTTL                              |
 *
 * A policy whose TTLs are all 0 (Managed-CachingDisabled) caches nothing. A TTL of 0
 * with minTTL 0 stores the object only when it has a validator, so every request
 * revalidates it (If-None-Match / If-Modified-Since) and a 304 gives RefreshHit.
 */
function decideFromOrigin(input: StorageInput): StorageDecision {
  const { policy, status, headers } = input;
  if (!isCachedMethod(input.method, input.cachedMethods)) return { store: false, reason: 'method-not-cached' };
  if (policy.maxTTL === 0 && policy.defaultTTL === 0) return { store: false, reason: 'caching-disabled' };

  const cc = parseCacheControl(headers['cache-control']);
  const initialAge = ageOf(headers);
  // RFC 9111 §3.5: a shared cache stores a response to a request with Authorization only
  // when the response says it may (public, s-maxage, must-revalidate). This applies when
  // the credentials reached the origin without being in the cache key (an "all viewer
  // headers" origin request policy): otherwise one viewer's authorized answer would be
  // served to everyone. With Authorization in the cache key (CloudFront's documented way
  // to forward it), each credential has its own entry and CloudFront's rules apply alone.
  // This holds even when minTTL > 0: no TTL setting can make a private answer shared.
  if (input.authorizedRequest === true && !(cc.has('public') || cc.has('s-maxage') || cc.has('must-revalidate'))) {
    return { store: false, reason: 'authorized-request' };
  }

  if (status >= 400) return decideError(input, cc);
  if (!CACHEABLE_SUCCESS.has(status)) return { store: false, reason: 'status-not-cacheable' };

  // "Content negotiation": Vary: * with minTTL 0 is forwarded to the origin every time.
  if (policy.minTTL === 0 && varyHasStar(headers.vary)) return { store: false, reason: 'vary-star' };

  if (cc.has('no-store') || cc.has('no-cache') || cc.has('private')) {
    if (policy.minTTL === 0) return { store: false, reason: 'no-store' };
    // CachePolicyConfig: "If your minimum TTL is greater than 0, CloudFront will cache
    // content for at least the duration specified in the cache policy's minimum TTL, even
    // if the Cache-Control: no-cache, no-store, or private directives are present".
    return { store: true, ttl: policy.minTTL, initialAge: 0, source: 'min-ttl' };
  }

  const fromHeaders = headerTtl(cc, headers, input.now);
  let ttl: number;
  let source: TtlSource;
  if (fromHeaders) {
    ttl = clamp(fromHeaders.ttl, policy.minTTL, policy.maxTTL);
    source = ttl === fromHeaders.ttl ? fromHeaders.source : fromHeaders.ttl < policy.minTTL ? 'min-ttl' : 'max-ttl';
  } else {
    ttl = Math.max(policy.minTTL, policy.defaultTTL);
    source = 'default-ttl';
  }
  // Age already spent upstream counts against header-derived lifetimes only (§4.2.3);
  // CloudFront's own TTL settings apply from when this cache received the object.
  const age = source === 's-maxage' || source === 'max-age' || source === 'expires' ? initialAge : 0;
  if (ttl - age <= 0 && !hasValidator(headers)) return { store: false, reason: 'zero-ttl-without-validator' };
  return { store: true, ttl, initialAge: age, source };
}

function decideError(input: StorageInput, cc: Directives): StorageDecision {
  const { status, policy, headers } = input;
  const minErrorTtl = input.errorCachingMinTTL ?? DEFAULT_ERROR_CACHING_MIN_TTL;
  const always = ALWAYS_CACHED_ERRORS.has(status);
  const withMaxAge = ERRORS_CACHED_WITH_MAX_AGE.has(status);
  if (!always && !withMaxAge) return { store: false, reason: 'status-not-cacheable' };
  const explicitAge = deltaSeconds(cc, 's-maxage') ?? deltaSeconds(cc, 'max-age');
  if (withMaxAge && explicitAge === undefined) return { store: false, reason: 'error-without-max-age' };
  if (ERRORS_HONOURING_NO_STORE.has(status) && (cc.has('no-store') || cc.has('no-cache') || cc.has('private'))) {
    return { store: false, reason: 'no-store' };
  }
  // "Control how long CloudFront caches errors": the greater of the header's value
  // (capped at the behavior's maximum TTL) and ErrorCachingMinTTL.
  const fromHeaders = headerTtl(cc, headers, input.now);
  const headerValue = fromHeaders ? Math.min(fromHeaders.ttl, policy.maxTTL) : 0;
  if (headerValue > minErrorTtl) return { store: true, ttl: headerValue, initialAge: 0, source: fromHeaders!.source };
  if (minErrorTtl <= 0) return { store: false, reason: 'status-not-cacheable' };
  return { store: true, ttl: minErrorTtl, initialAge: 0, source: 'error-caching-min-ttl' };
}

function headerTtl(cc: Directives, headers: ResponseHeaders, now: number): { ttl: number; source: TtlSource } | undefined {
  const sMaxAge = deltaSeconds(cc, 's-maxage');
  if (sMaxAge !== undefined) return { ttl: sMaxAge, source: 's-maxage' };
  const maxAge = deltaSeconds(cc, 'max-age');
  if (maxAge !== undefined) return { ttl: maxAge, source: 'max-age' };
  const expiresRaw = single(headers.expires);
  if (expiresRaw !== undefined) {
    // RFC 9111 §5.3: an invalid Expires (e.g. "0") means "already expired".
    const expires = parseHttpDate(expiresRaw);
    const date = parseHttpDate(single(headers.date)) ?? now;
    const ttl = expires === undefined ? 0 : Math.max(0, Math.floor((expires - date) / 1000));
    return { ttl, source: 'expires' };
  }
  return undefined;
}

export function isCachedMethod(method: string, cachedMethods: readonly string[]): boolean {
  return cachedMethods.includes(method);
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(Math.max(v, min), max);
}

/**
 * RFC 9111 §1.2.2: a delta-seconds value too large to represent counts as 2^31 seconds.
 * It is also the age of a response whose Age cannot be trusted (ageOf), so it is stale.
 */
export const AGE_TOO_OLD = 2147483648;

/**
 * The Age a response arrived with (RFC 9111 §5.1), seconds: 0 without one. An Age that is
 * not exactly one non-negative integer on one line (a list, two lines, a sign, a fraction,
 * a parameter, text) makes the response stale (AGE_TOO_OLD): it may be older than any
 * value in it, and a cache should never serve it as fresh for longer than its origin
 * meant (http-cache-tests "age-parse"; RFC 9111 §4.2.3 takes the larger of the ages it has).
 */
export function ageOf(headers: ResponseHeaders): number {
  const raw = headers.age;
  if (raw === undefined) return 0;
  if (Array.isArray(raw) || !/^\d+$/.test(raw.trim())) return AGE_TOO_OLD;
  return Math.min(Number(raw.trim()), AGE_TOO_OLD);
}

function varyHasStar(vary: string | string[] | undefined): boolean {
  if (vary === undefined) return false;
  const text = Array.isArray(vary) ? vary.join(',') : vary;
  return text.split(',').some((v) => v.trim() === '*');
}

export function hasValidator(headers: ResponseHeaders): boolean {
  return headers.etag !== undefined || headers['last-modified'] !== undefined;
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
