import { LRUCache } from 'lru-cache';
import type { LeaseMessage } from '@cachefront/protocol';

/**
 * Request collapsing across the workers of one edge node, coordinated by the primary:
 * the first worker to miss on a key leads (fetches from the origin); workers that miss
 * on it while the lead is in flight are told the leader's sibling port and take the
 * object from the leader, not from the origin.
 *
 * On a parent tier (regional edge cache, origin shield) the primary also remembers which
 * worker stored a fresh copy of each key, and sends a worker that misses on it to that
 * copy: its workers act as one cache, so a child's request that lands on another worker
 * is still a hit for the tier, not a second origin request.
 */
export type LeaseGrant = { leader: true } | { leader: false; port: number };

export interface LeaseClient {
  acquire(key: string): Promise<LeaseGrant>;
  release(key: string): void;
}

/**
 * The worker side, over the cluster IPC channel. `freshUntil` (parent tiers): until when
 * the copy this worker stored for a key is fresh (ms), reported when it releases the lead.
 */
export function ipcLeaseClient(
  send: (m: LeaseMessage) => void,
  onMessage: (h: (m: unknown) => void) => void,
  freshUntil?: (key: string) => number | undefined,
): LeaseClient {
  let nextId = 1;
  const pending = new Map<number, (g: LeaseGrant) => void>();
  onMessage((m) => {
    const msg = m as LeaseMessage;
    if (msg?.t !== 'lease-r') return;
    const resolve = pending.get(msg.id);
    if (!resolve) return;
    pending.delete(msg.id);
    resolve(msg.leader ? { leader: true } : { leader: false, port: msg.port });
  });
  return {
    acquire(key) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ t: 'lease', id, key });
      });
    },
    release(key) {
      const until = freshUntil?.(key);
      send(until === undefined ? { t: 'release', key } : { t: 'release', key, freshUntil: until });
    },
  };
}

interface Copy {
  worker: number;
  port: number;
  freshUntil: number;
}

/** The primary side: who leads which key (and, on a parent tier, who holds a fresh copy). */
export class LeaseTable {
  private leases = new Map<string, { worker: number; port: number }>();
  /** Parent tiers only: the worker holding a fresh copy of a key; bounded by key bytes. */
  private readonly copies: LRUCache<string, Copy> | undefined;
  private readonly now: () => number;

  constructor(opts: { shareCopies?: boolean; now?: () => number; maxKeyBytes?: number } = {}) {
    this.now = opts.now ?? Date.now;
    if (opts.shareCopies) this.copies = new LRUCache<string, Copy>({ maxSize: opts.maxKeyBytes ?? 32 * 1024 * 1024, sizeCalculation: (_v, k) => k.length + 32 });
  }

  /** Returns the reply for a lease request from `worker` (whose sibling port is `port`). */
  acquire(key: string, worker: number, port: number): { leader: boolean; port: number } {
    const held = this.leases.get(key);
    if (held && held.worker !== worker) return { leader: false, port: held.port };
    const copy = this.copies?.get(key);
    if (copy) {
      if (copy.worker !== worker && copy.freshUntil > this.now()) return { leader: false, port: copy.port };
      // Expired, or the holder itself missed (evicted or purged): a new lead fetches it.
      this.copies!.delete(key);
    }
    this.leases.set(key, { worker, port });
    return { leader: true, port };
  }

  /** `freshUntil`: the leader stored a copy, fresh until then (ms). */
  release(key: string, worker: number, freshUntil?: number): void {
    const held = this.leases.get(key);
    if (held?.worker !== worker) return;
    this.leases.delete(key);
    if (this.copies && freshUntil !== undefined && freshUntil > this.now()) this.copies.set(key, { worker, port: held.port, freshUntil });
  }

  releaseAll(worker: number): void {
    for (const [k, v] of this.leases) if (v.worker === worker) this.leases.delete(k);
    this.dropCopies((k, c) => c.worker === worker);
  }

  /** An invalidation: forget the copies of keys starting with `prefix` (a distribution's). */
  forget(prefix: string): void {
    this.dropCopies((k) => k.startsWith(prefix));
  }

  private dropCopies(match: (key: string, copy: Copy) => boolean): void {
    if (!this.copies) return;
    const gone: string[] = [];
    for (const [k, c] of this.copies.entries()) if (match(k, c)) gone.push(k);
    for (const k of gone) this.copies.delete(k);
  }

  get size(): number {
    return this.leases.size;
  }
}
