import { LRUCache } from 'lru-cache';
import type { EntryMeta } from '@cachefront/cache-core';

/**
 * One cached response. `viewerHeaders` is the prebuilt flat header list sent on a hit
 * (origin headers cleaned for the viewer + Via + X-Amz-Cf-Pop); only X-Cache, Age and
 * X-Amz-Cf-Id are added per request.
 */
export interface CachedObject {
  meta: EntryMeta;
  body: Buffer;
  viewerHeaders: string[];
  etag: string | undefined;
  /** Bytes charged against the cache size (body + an estimate for headers). */
  size: number;
}

export interface CacheStore {
  get(key: string): CachedObject | undefined;
  set(key: string, value: CachedObject): void;
  delete(key: string): boolean;
  clear(): void;
  readonly stats: { entries: number; bytes: number; maxBytes: number; evictions: number };
}

/** A per-worker in-memory store bounded in bytes (lru-cache `maxSize`). Stale entries stay
 * until evicted, so they can be revalidated (RefreshHit) or served stale. */
export function memoryStore(maxBytes: number): CacheStore {
  let evictions = 0;
  const lru = new LRUCache<string, CachedObject>({
    maxSize: maxBytes,
    sizeCalculation: (o) => Math.max(1, o.size),
    dispose: (_v, _k, reason) => {
      if (reason === 'evict') evictions++;
    },
  });
  return {
    get: (k) => lru.get(k),
    set: (k, v) => {
      if (v.size <= maxBytes) lru.set(k, v);
    },
    delete: (k) => lru.delete(k),
    clear: () => lru.clear(),
    get stats() {
      return { entries: lru.size, bytes: lru.calculatedSize, maxBytes, evictions };
    },
  };
}

export function objectSize(body: Buffer, headers: string[]): number {
  let n = body.length + 64;
  for (const h of headers) n += h.length;
  return n;
}
