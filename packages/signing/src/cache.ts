// A bounded map with insertion-order (FIFO) eviction: once full, each new entry evicts the
// oldest one. Eviction order is kept in a ring of keys rather than read from the Map's own
// iteration order: V8 leaves deleted Map entries as holes until it rehashes, so
// `map.keys().next()` after many front deletions scans holes (measured: ~6 µs per insert at
// 10,000 entries), and re-inserting on every hit to get true LRU order costs even more.
// A hit is a plain Map#get.

export class BoundedCache<V> {
  readonly capacity: number;
  readonly #entries = new Map<string, V>();
  readonly #ring: (string | undefined)[];
  #next = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(0, Math.floor(capacity));
    this.#ring = Array.from<string | undefined>({ length: this.capacity });
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.capacity === 0) return;
    if (this.#entries.has(key)) {
      this.#entries.set(key, value);
      return;
    }
    const oldest = this.#ring[this.#next];
    if (oldest !== undefined) this.#entries.delete(oldest);
    this.#ring[this.#next] = key;
    this.#next = (this.#next + 1) % this.capacity;
    this.#entries.set(key, value);
  }

  clear(): void {
    this.#entries.clear();
    this.#ring.fill(undefined);
    this.#next = 0;
  }
}
