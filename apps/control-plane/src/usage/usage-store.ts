// Usage in the store: edges' counters summed per (distribution, UTC month, POP), and the
// invalidation paths submitted per month (the ledger the invalidations table feeds; storage/migrations.ts,
// step 3). Acks arrive every heartbeat from every edge: one transaction of upserts each.

import type { Db } from '../storage/db.ts';
import type { AckUsage, UsageCounters } from '@cachefront/protocol';
import { monthOf } from './month.ts';

export interface PopUsage extends UsageCounters {
  pop: string;
}

/** One invalidation's paths, in the order submitted (its `seq`). */
export interface InvalidationPaths {
  distributionId: string;
  paths: number;
}

export class UsageStore {
  private readonly db: Db;
  private readonly now: () => number;

  constructor(db: Db, now: () => number) {
    this.db = db;
    this.now = now;
  }

  /**
   * Adds an ack's counters to the month the ack arrived in (the control plane's clock):
   * deltas of the last heartbeat or so, so a delta straddling midnight at the end of a
   * month lands in the month it was delivered in.
   */
  record(pop: string, usage: AckUsage): void {
    const entries = Object.entries(usage).filter(([, c]) => c.requests + c.bytesOut + c.hits + c.misses + c.errors > 0);
    if (entries.length === 0) return;
    const month = monthOf(this.now());
    this.db.tx(() => {
      for (const [id, c] of entries) {
        this.db.run(
          `INSERT INTO usage_monthly (distribution_id, month, pop, requests, bytes_out, hits, misses, errors) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (distribution_id, month, pop) DO UPDATE SET
             requests = requests + excluded.requests, bytes_out = bytes_out + excluded.bytes_out,
             hits = hits + excluded.hits, misses = misses + excluded.misses, errors = errors + excluded.errors`,
          id,
          month,
          pop,
          c.requests,
          c.bytesOut,
          c.hits,
          c.misses,
          c.errors,
        );
      }
    });
  }

  /** A distribution's usage in a month, per POP (by POP code). */
  byPop(distributionId: string, month: string): PopUsage[] {
    return this.db.records<PopUsage>(
      'SELECT pop, requests, bytes_out AS bytesOut, hits, misses, errors FROM usage_monthly WHERE distribution_id = ? AND month = ? ORDER BY pop',
      distributionId,
      month,
    );
  }

  /** Whether anything was ever recorded for this distribution id (usage or invalidation paths). */
  known(distributionId: string): boolean {
    return (
      this.db.get('SELECT 1 FROM usage_monthly WHERE distribution_id = ? LIMIT 1', distributionId) !== undefined ||
      this.db.get('SELECT 1 FROM invalidation_paths WHERE distribution_id = ? LIMIT 1', distributionId) !== undefined
    );
  }

  /** Every invalidation of the account submitted in a month, in submission order. */
  invalidationPaths(month: string): InvalidationPaths[] {
    return this.db
      .all('SELECT distribution_id, paths FROM invalidation_paths WHERE month = ? ORDER BY seq', month)
      .map((r) => ({ distributionId: r.distribution_id as string, paths: r.paths as number }));
  }
}
