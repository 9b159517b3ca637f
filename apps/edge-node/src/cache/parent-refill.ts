import { cacheKeyTarget, compileInvalidation, PARENT_TIER_HEADER, type InvalidationMatcher } from '@cachefront/cache-core';
import type { CacheStore } from './store.ts';

/**
 * Tiers and invalidations: every edge applies an invalidation on its own, so a child may
 * purge an object and, a moment later, refill it from a parent that has not applied the
 * invalidation yet. A child (an edge with --parent) therefore remembers its recent
 * invalidations and does not store an object from its parent that the parent already
 * held before a matching invalidation reached this edge (born before it: now - Age). The
 * viewer who asked still gets it (the invalidation is not Completed before the parent
 * has applied it too); the next request asks the parent again.
 */
export interface ParentRefillGuard {
  /** The store to use: `set` skips such objects; everything else passes through. */
  store: CacheStore;
  /** Call for each invalidation this worker applies (before purging). */
  invalidated(domainName: string, paths: readonly string[]): void;
}

interface Recent {
  at: number;
  domainName: string;
  match: InvalidationMatcher;
}

export function parentRefillGuard(inner: CacheStore, now: () => number, opts: { keepMs?: number; max?: number } = {}): ParentRefillGuard {
  // Longer than a parent may lag behind and still count as live at the control plane.
  const keepMs = opts.keepMs ?? 5 * 60_000;
  const max = opts.max ?? 1000;
  let recent: Recent[] = [];
  const heldBefore = (key: string, born: number, tags: readonly string[] | undefined): boolean => {
    const cutoff = now() - keepMs;
    if (recent.length > 0 && recent[0]!.at < cutoff) recent = recent.filter((r) => r.at >= cutoff);
    if (recent.length === 0) return false;
    const t = cacheKeyTarget(key);
    return recent.some((r) => born < r.at && r.domainName === t.host && r.match({ path: t.path, query: t.query, tags }));
  };
  const store: CacheStore = {
    get: (k) => inner.get(k),
    set(key, obj) {
      const { meta } = obj;
      // Age is whole seconds (floored): the object may be up to 1 s older than it says.
      if (meta.headers[PARENT_TIER_HEADER] !== undefined && heldBefore(key, meta.storedAt - (meta.initialAge + 1) * 1000, obj.tags)) return;
      inner.set(key, obj);
    },
    delete: (k) => inner.delete(k),
    invalidate: (k) => inner.invalidate(k),
    entries: () => inner.entries(),
    get stats() {
      return inner.stats;
    },
  };
  return {
    store,
    invalidated(domainName, paths) {
      recent.push({ at: now(), domainName, match: compileInvalidation(paths) });
      if (recent.length > max) recent = recent.slice(-max);
    },
  };
}
