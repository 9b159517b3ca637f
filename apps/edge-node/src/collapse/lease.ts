import type { LeaseMessage } from '@cachefront/protocol';

/**
 * Request collapsing across the workers of one edge node, coordinated by the primary:
 * the first worker to miss on a key leads (fetches from the origin); workers that miss
 * on it while the lead is in flight are told the leader's sibling port and take the
 * object from the leader, not from the origin. (What a worker stored, every worker has:
 * cache/replica.ts.)
 */
export type LeaseGrant = { leader: true } | { leader: false; port: number };

export interface LeaseClient {
  acquire(key: string): Promise<LeaseGrant>;
  release(key: string): void;
}

/** The worker side, over its cache port (primary/edge-thread.ts). */
export function ipcLeaseClient(
  send: (m: LeaseMessage) => void,
  onMessage: (h: (m: unknown) => void) => void,
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
      send({ t: 'release', key });
    },
  };
}

/** The primary side: who leads which key. */
export class LeaseTable {
  private leases = new Map<string, { worker: number; port: number }>();

  /** Returns the reply for a lease request from `worker` (whose sibling port is `port`). */
  acquire(key: string, worker: number, port: number): { leader: boolean; port: number } {
    const held = this.leases.get(key);
    if (held && held.worker !== worker) return { leader: false, port: held.port };
    this.leases.set(key, { worker, port });
    return { leader: true, port };
  }

  release(key: string, worker: number): void {
    if (this.leases.get(key)?.worker === worker) this.leases.delete(key);
  }

  releaseAll(worker: number): void {
    for (const [k, v] of this.leases) if (v.worker === worker) this.leases.delete(k);
  }

  get size(): number {
    return this.leases.size;
  }
}
