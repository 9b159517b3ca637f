import type { CacheMessage, SharedEntry, Stamp } from '@cachefront/protocol';
import { cachedObject, type CachedObject, type CacheStore } from './store.ts';

/** Whether `a` is a newer version of a key than `b` (newest wins on every worker and the directory). */
export function newer(a: Stamp, b: Stamp): boolean {
  return a.at > b.at || (a.at === b.at && a.writer > b.writer);
}

interface Held {
  obj: CachedObject;
  stamp: Stamp;
}

export interface ReplicaStore extends CacheStore {
  /** A change from the primary's directory (another worker stored or deleted, an eviction, a snapshot). */
  apply(m: CacheMessage): void;
  /** Sends the keys hit since the last call (the directory's recency for eviction). */
  flushTouches(): void;
}

/**
 * One worker's view of the edge's one cache (docs/design-one-cache.md). Every worker holds
 * every object the edge holds: the body is a SharedArrayBuffer that all worker threads
 * share, the rest (headers, metadata) a small per-worker copy, so a hit is a lookup in this
 * worker's own Map, with no hop and no lock. What this worker stores or deletes goes to the
 * primary's directory (primary/cache-directory.ts), which bounds the edge's size, evicts,
 * and passes every change on to the other workers. Versions of one key are ordered by
 * stamp, so every worker ends with the newest whatever order the messages arrive in.
 *
 * `purged`: the last invalidation this worker applied, sent with each store so the
 * directory can refuse one that crossed a newer invalidation on the way.
 */
export function replicaStore(o: { maxBytes: number; writer: number; send(m: CacheMessage): void; purged(): number }): ReplicaStore {
  const held = new Map<string, Held>();
  let bytes = 0;
  let evictions = 0;
  let touched = new Set<string>();

  const put = (key: string, h: Held) => {
    const old = held.get(key);
    if (old) bytes -= old.obj.size;
    held.set(key, h);
    bytes += h.obj.size;
  };
  const remove = (key: string): boolean => {
    const old = held.get(key);
    if (!old) return false;
    held.delete(key);
    bytes -= old.obj.size;
    return true;
  };
  const receive = (key: string, e: SharedEntry) => {
    const mine = held.get(key);
    if (mine && newer(mine.stamp, e.stamp)) return;
    put(key, { obj: cachedObject(e.meta, Buffer.from(e.body), e.viewerHeaders, e.tags), stamp: e.stamp });
  };

  return {
    get(key) {
      const h = held.get(key);
      if (h === undefined) return undefined;
      touched.add(key);
      return h.obj;
    },
    set(key, value) {
      if (value.size > o.maxBytes) return;
      // The body moves to shared memory once, here; other workers get a reference to it.
      const shared = new SharedArrayBuffer(value.body.length);
      const body = Buffer.from(shared);
      value.body.copy(body);
      const obj = cachedObject(value.meta, body, value.viewerHeaders, value.tags);
      const stamp: Stamp = { at: value.meta.storedAt, writer: o.writer };
      const mine = held.get(key);
      if (mine && newer(mine.stamp, stamp)) return;
      put(key, { obj, stamp });
      o.send({ t: 'cache-put', key, entry: { meta: value.meta, body: shared, viewerHeaders: value.viewerHeaders, tags: value.tags, size: obj.size, stamp }, purged: o.purged() });
    },
    delete(key) {
      const h = held.get(key);
      if (!h || !remove(key)) return false;
      o.send({ t: 'cache-drop', keys: [{ key, stamp: h.stamp }] });
      return true;
    },
    // Every worker and the directory apply an invalidation themselves: nothing to send.
    invalidate: remove,
    entries: () => [...held].map(([k, h]) => [k, h.obj]),
    get stats() {
      return { entries: held.size, bytes, maxBytes: o.maxBytes, evictions };
    },
    apply(m) {
      switch (m.t) {
        case 'cache-put':
          receive(m.key, m.entry);
          break;
        case 'cache-snapshot':
          for (const [key, e] of m.entries) receive(key, e);
          break;
        case 'cache-drop':
          for (const { key, stamp } of m.keys) {
            const mine = held.get(key);
            if (mine && !newer(mine.stamp, stamp) && remove(key) && m.evicted) evictions++;
          }
          break;
      }
    },
    flushTouches() {
      if (touched.size === 0) return;
      const keys = [...touched];
      touched = new Set();
      o.send({ t: 'cache-touch', keys });
    },
  };
}
