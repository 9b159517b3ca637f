import type { EntryMeta } from '@cachefront/cache-core';

/**
 * One cached response. `viewerHeaders` is the flat header list for the viewer (origin
 * headers cleaned + Via + X-Amz-Cf-Pop). `hitHeaders` is the same list with three empty
 * slots at the end (X-Cache, Age, X-Amz-Cf-Id): a hit copies it and fills the slots,
 * which is ten times cheaper than building or concatenating a header list per request.
 */
export interface CachedObject {
  meta: EntryMeta;
  body: Buffer;
  viewerHeaders: string[];
  hitHeaders: string[];
  etag: string | undefined;
  /** Cache tags from the distribution's cacheTagHeader, for `#tag` invalidations. */
  tags: string[] | undefined;
  /** Bytes charged against the cache size (body + an estimate for headers). */
  size: number;
}

/** Slots of the per-request values in `hitHeaders`, counted from the end. */
export const HIT_SLOT = { xCache: 5, age: 3, requestId: 1 } as const;

export function cachedObject(meta: EntryMeta, body: Buffer, viewerHeaders: string[], tags?: string[]): CachedObject {
  let size = body.length + 64;
  for (const h of viewerHeaders) size += h.length;
  const etag = meta.headers.etag;
  return {
    meta,
    body,
    viewerHeaders,
    hitHeaders: viewerHeaders.concat('x-cache', '', 'age', '', 'x-amz-cf-id', ''),
    etag: Array.isArray(etag) ? etag[0] : etag,
    tags,
    size,
  };
}

export interface CacheStore {
  get(key: string): CachedObject | undefined;
  set(key: string, value: CachedObject): void;
  /** Deletes it from the edge's cache (every worker). */
  delete(key: string): boolean;
  /** An invalidation removes it here (every worker and the directory apply the invalidation themselves). */
  invalidate(key: string): boolean;
  /** Every key with its object (for invalidation; a snapshot, safe to delete while iterating). */
  entries(): [string, CachedObject][];
  readonly stats: { entries: number; bytes: number; maxBytes: number; evictions: number };
}
