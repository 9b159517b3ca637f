// Issue 17, design input: what does a hit's lookup cost when the index is shared by worker
// threads (open addressing over a SharedArrayBuffer, key bytes in a shared arena, checked
// byte for byte) against a per-worker Map? Single thread, `n` cache keys shaped like the
// edge's (`<domain>\n<path>?<query>`), random lookups of stored keys.
//   node bench/prototypes/shared-index.ts [--keys N] [--lookups N]
// Results: docs/design-one-cache.md.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const ENCODER = new TextEncoder();

/** One slot: hash, key offset, key length, value (an object's offset in the arena). 0 hash = empty. */
const SLOT = 4;

export class SharedIndex {
  readonly slots: Int32Array;
  readonly arena: Uint8Array;
  private used = 0;
  private readonly mask: number;
  private readonly scratch = new Uint8Array(4096);

  constructor(capacity: number, arenaBytes: number) {
    const size = 2 ** Math.ceil(Math.log2(capacity * 2));
    this.mask = size - 1;
    this.slots = new Int32Array(new SharedArrayBuffer(size * SLOT * 4));
    this.arena = new Uint8Array(new SharedArrayBuffer(arenaBytes));
  }

  set(key: string, value: number): void {
    const len = this.encode(key);
    const h = fnv(this.scratch, len);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = i * SLOT;
      if (this.slots[s] === 0) {
        this.arena.set(this.scratch.subarray(0, len), this.used);
        this.slots[s + 1] = this.used;
        this.slots[s + 2] = len;
        this.slots[s + 3] = value;
        Atomics.store(this.slots, s, h); // published last: readers see a whole slot
        this.used += len;
        return;
      }
    }
  }

  get(key: string): number | undefined {
    const len = this.encode(key);
    const h = fnv(this.scratch, len);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = i * SLOT;
      const sh = Atomics.load(this.slots, s);
      if (sh === 0) return undefined;
      if (sh === h && this.slots[s + 2] === len && equal(this.arena, this.slots[s + 1]!, this.scratch, len)) return this.slots[s + 3];
    }
  }

  private encode(key: string): number {
    return ENCODER.encodeInto(key, this.scratch).written;
  }
}

function fnv(bytes: Uint8Array, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h === 0 ? 1 : h;
}

function equal(a: Uint8Array, offset: number, b: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (a[offset + i] !== b[i]) return false;
  return true;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { keys: { type: 'string', default: '100000' }, lookups: { type: 'string', default: '2000000' } } });
  const n = Number(values.keys);
  const keys = Array.from({ length: n }, (_, i) => `d111111abcdef8.cloudfront.net\n/static/assets/app-${i.toString(36)}.js?v=${i % 7}`);
  const map = new Map<string, number>();
  const shared = new SharedIndex(n, n * 96);
  keys.forEach((k, i) => (map.set(k, i), shared.set(k, i)));
  const order = Array.from({ length: Number(values.lookups) }, (_, i) => keys[(i * 7919) % n]!);
  const time = (name: string, get: (k: string) => number | undefined) => {
    let found = 0;
    const t0 = performance.now();
    for (const k of order) if (get(k) !== undefined) found++;
    const ns = ((performance.now() - t0) * 1e6) / order.length;
    if (found !== order.length) throw new Error(`${name}: ${found} of ${order.length} found`);
    console.log(`${name.padEnd(14)} ${ns.toFixed(0)} ns per lookup (${n} keys)`);
  };
  for (let round = 0; round < 3; round++) {
    time('Map', (k) => map.get(k));
    time('shared index', (k) => shared.get(k));
  }
}
