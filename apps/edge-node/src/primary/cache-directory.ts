import { LRUCache } from 'lru-cache';
import { cacheKeyTarget, compileInvalidation, type InvalidationMatcher } from '@cachefront/cache-core';
import type { CacheMessage, SharedEntry, Stamp, WorkerCacheStats } from '@cachefront/protocol';
import { newer } from '../cache/replica.ts';

interface Invalidation {
  seq: number;
  domainName: string;
  match: InvalidationMatcher;
}

/**
 * The edge's one cache, as the primary keeps it (docs/design-one-cache.md): every object
 * any worker stored, in LRU order, bounded by `--cache-size` for the whole edge. Workers
 * report what they store, delete and hit (cache/replica.ts); the directory passes stores
 * and deletes on to the other workers and tells every worker what it evicts. Bodies are
 * SharedArrayBuffers: the directory and the workers reference one copy of each.
 *
 * It also keeps the objects for a worker that starts later (a replacement for one that
 * died): that worker gets a snapshot, so a dead worker does not take the cache with it.
 */
export class CacheDirectory {
  private readonly lru: LRUCache<string, SharedEntry>;
  private readonly send: (m: CacheMessage, except?: number) => void;
  private evictions = 0;
  private evicted: { key: string; stamp: Stamp }[] = [];
  private recent: Invalidation[] = [];
  private lastPurge = 0;

  /** `send`: to every worker but `except`. */
  constructor(o: { maxBytes: number; send(m: CacheMessage, except?: number): void }) {
    this.send = o.send;
    this.lru = new LRUCache<string, SharedEntry>({
      maxSize: o.maxBytes,
      sizeCalculation: (e) => Math.max(1, e.size),
      dispose: (e, key, reason) => {
        if (reason !== 'evict') return;
        this.evictions++;
        if (this.evicted.length === 0) queueMicrotask(() => this.flushEvicted());
        this.evicted.push({ key, stamp: e.stamp });
      },
    });
  }

  /** A worker's message. */
  receive(from: number, m: CacheMessage): void {
    switch (m.t) {
      case 'cache-put':
        return this.put(from, m.key, m.entry, m.purged ?? 0);
      case 'cache-drop':
        return this.drop(from, m.keys);
      case 'cache-touch':
        for (const k of m.keys) this.lru.get(k);
        return;
    }
  }

  /** Everything held, least recently used first (for a starting worker). */
  snapshot(): CacheMessage {
    return { t: 'cache-snapshot', entries: [...this.lru.rentries()] as [string, SharedEntry][] };
  }

  /** An invalidation: drops what it matches here (each worker does the same on its own). */
  invalidate(seq: number, domainName: string, paths: readonly string[]): number {
    const match = compileInvalidation(paths);
    const gone: string[] = [];
    for (const [key, e] of this.lru.entries()) if (matches({ seq, domainName, match }, key, e)) gone.push(key);
    for (const key of gone) this.lru.delete(key);
    this.lastPurge = Math.max(this.lastPurge, seq);
    this.recent.push({ seq, domainName, match });
    if (this.recent.length > 1000) this.recent = this.recent.slice(-1000);
    return gone.length;
  }

  get stats(): WorkerCacheStats {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize, maxBytes: this.lru.maxSize, evictions: this.evictions };
  }

  private put(from: number, key: string, entry: SharedEntry, purged: number): void {
    // Stored by a worker that had not applied an invalidation since made: the worker drops
    // its own copy when it applies it; nobody else gets it.
    if (purged < this.lastPurge && this.recent.some((i) => i.seq > purged && matches(i, key, entry))) return;
    const held = this.lru.peek(key);
    if (held && newer(held.stamp, entry.stamp)) return;
    this.lru.set(key, entry);
    if (!this.lru.has(key)) return; // larger than the whole cache: the worker's size check keeps it out too
    this.send({ t: 'cache-put', key, entry }, from);
  }

  private drop(from: number, keys: { key: string; stamp: Stamp }[]): void {
    const gone = keys.filter(({ key, stamp }) => {
      const held = this.lru.peek(key);
      return held !== undefined && !newer(held.stamp, stamp) && this.lru.delete(key);
    });
    if (gone.length > 0) this.send({ t: 'cache-drop', keys: gone }, from);
  }

  private flushEvicted(): void {
    const keys = this.evicted;
    this.evicted = [];
    if (keys.length > 0) this.send({ t: 'cache-drop', keys, evicted: true });
  }
}

function matches(i: Invalidation, key: string, e: SharedEntry): boolean {
  const t = cacheKeyTarget(key);
  return t.host === i.domainName && i.match({ path: t.path, query: t.query, tags: e.tags });
}
