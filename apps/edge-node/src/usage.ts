import { emptyUsage, type UsageCounters } from '@cachefront/protocol';
import type { Outcome } from './outcome.ts';

/**
 * Per-distribution request and byte counters of one worker: a Map lookup and a few
 * additions per request. The primary drains every worker on each heartbeat and sends
 * the sums to the control plane (usage and cost per POP and pricing region).
 */
export class UsageTable {
  private counters = new Map<string, UsageCounters>();

  record(o: Outcome): void {
    const id = o.distributionId;
    // A child tier's request is traffic between edges: usage counts what viewers were served.
    if (id === undefined || o.fromChild) return;
    let c = this.counters.get(id);
    if (c === undefined) {
      c = emptyUsage();
      this.counters.set(id, c);
    }
    c.requests++;
    c.bytesOut += o.bytesOut;
    if (o.result === 'Hit' || o.result === 'RefreshHit') c.hits++;
    else if (o.result === 'Error') c.errors++;
    else c.misses++;
  }

  /** The counters so far, and a fresh start. */
  drain(): Record<string, UsageCounters> {
    const out = Object.fromEntries(this.counters);
    this.counters = new Map();
    return out;
  }
}
