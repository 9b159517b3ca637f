import type { CachePolicy, HttpMethod } from '@cachefront/config';
import { isFresh, type EntryMeta } from './freshness.ts';
import { canServeIfError, canServeWhileRevalidating, isServerError } from './stale.ts';
import { decideStorage, type ResponseHeaders, type StorageDecision } from './ttl.ts';

/**
 * What a cacheable request does with what the cache holds for its key (RFC 9111 §4;
 * CloudFront "Serving stale (expired) content"):
 * - `fresh`: serve it (a Hit);
 * - `stale-while-revalidate`: serve it now and refresh it in the background (RFC 5861 §3);
 * - `revalidate`: expired: ask the origin, with its validators (RFC 9111 §4.3.1);
 * - `fetch`: nothing stored: ask the origin.
 */
export type CacheVerdict = 'fresh' | 'stale-while-revalidate' | 'revalidate' | 'fetch';

export function cacheVerdict(meta: EntryMeta | undefined, now: number): CacheVerdict {
  if (meta === undefined) return 'fetch';
  if (isFresh(meta, now)) return 'fresh';
  return canServeWhileRevalidating(meta, now) ? 'stale-while-revalidate' : 'revalidate';
}

export interface OriginAnswer {
  /** The origin's status, or undefined when it could not be reached or timed out. */
  status: number | undefined;
  headers: ResponseHeaders;
}

export interface OriginResponseInput {
  answer: OriginAnswer;
  /** The expired copy this fetch revalidates, if any. */
  stale: EntryMeta | undefined;
  policy: Pick<CachePolicy, 'minTTL' | 'defaultTTL' | 'maxTTL'>;
  cachedMethods: readonly HttpMethod[];
  /** ErrorCachingMinTTL for the answer's status (customErrorResponses). */
  errorCachingMinTTL: number | undefined;
  /** The origin request carried Authorization and the cache key does not (StorageInput.authorizedRequest). */
  authorizedRequest?: boolean;
  /** Responses announced larger than this (Content-Length) stream through unstored. */
  maxObjectSize: number;
  now: number;
}

/**
 * What a cache fill does with the origin's answer:
 * - `serve-stale`: the origin failed (unreachable, timeout, 500/502/503/504) and the
 *   expired copy may stand in (stale-if-error, RFC 5861 §4; CloudFront serves the previous
 *   copy when the policy's TTLs allow);
 * - `unreachable`: no answer and nothing to stand in: the caller's 502/504;
 * - `refresh`: a 304 to a revalidation: the stored copy, with the 304's headers (RFC 9111 §4.3.4);
 * - `respond`: relay the answer; `store` says whether (and how long) to keep it, `notStored`
 *   why not; `dropStale` when a stored copy must go because its replacement is not storable.
 */
export type OriginResponseVerdict =
  | { kind: 'serve-stale' }
  | { kind: 'unreachable' }
  | { kind: 'refresh' }
  | { kind: 'respond'; store: StorageDecision; storable: boolean; notStored: string | undefined; dropStale: boolean };

export function decideOriginResponse(i: OriginResponseInput): OriginResponseVerdict {
  const { status } = i.answer;
  const failed = status === undefined || isServerError(status);
  if (failed && i.stale && canServeIfError(i.stale, i.now, i.policy)) return { kind: 'serve-stale' };
  if (status === undefined) return { kind: 'unreachable' };
  if (status === 304 && i.stale) return { kind: 'refresh' };
  // The fill is always a GET (a HEAD miss fetches with GET so GET and HEAD share an entry).
  const store = decideStorage({ policy: i.policy, method: 'GET', cachedMethods: i.cachedMethods, status, headers: i.answer.headers, now: i.now, errorCachingMinTTL: i.errorCachingMinTTL, authorizedRequest: i.authorizedRequest });
  const length = contentLength(i.answer.headers);
  const tooBig = length !== undefined && length > i.maxObjectSize;
  const notStored = !store.store ? store.reason : tooBig ? 'larger-than-max-object-size' : undefined;
  const storable = store.store && !tooBig;
  return { kind: 'respond', store, storable, notStored, dropStale: !storable && i.stale !== undefined };
}

/** Content-Length when it is one valid number (RFC 9110 §8.6). */
export function contentLength(headers: ResponseHeaders): number | undefined {
  const raw = headers['content-length'];
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}
