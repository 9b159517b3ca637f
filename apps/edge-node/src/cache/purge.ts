import { cacheKeyTarget, compileInvalidation } from '@cachefront/cache-core';
import type { InFlight } from './inflight.ts';
import type { CacheStore } from './store.ts';

/**
 * Applies one invalidation to a worker: drops every cached object of the distribution
 * (its cache keys start with its domain name) that a path matches, and marks matching
 * fetches in flight so what they bring back from before the invalidation is not stored
 * (their current readers still get it; new requests start a fresh fetch).
 */
export function purge(store: CacheStore, inflight: Map<string, InFlight>, domainName: string, paths: readonly string[]): number {
  const match = compileInvalidation(paths);
  const byTag = paths.some((p) => p.startsWith('#'));
  let removed = 0;
  for (const [key, obj] of store.entries()) {
    const t = cacheKeyTarget(key);
    if (t.host !== domainName) continue;
    if (match({ path: t.path, query: t.query, tags: obj.tags }) && store.invalidate(key)) removed++;
  }
  for (const [key, fl] of inflight) {
    const t = cacheKeyTarget(key);
    if (t.host !== domainName) continue;
    // A fetch whose origin has not answered yet has no tags to check: with a tag path,
    // it is not stored (costs one refetch; never keeps an invalidated object).
    if ((byTag && !fl.head) || match({ path: t.path, query: t.query, tags: fl.tags })) {
      fl.invalidated = true;
      inflight.delete(key);
    }
  }
  return removed;
}
