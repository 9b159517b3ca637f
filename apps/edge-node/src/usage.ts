import type { Outcome } from './outcome.ts';

/** What a distribution served at this edge since the counters were last drained. */
export interface UsageCounters {
  requests: number;
  /** Body bytes sent to viewers. */
  bytesOut: number;
  hits: number;
  misses: number;
  errors: number;
}

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
      c = { requests: 0, bytesOut: 0, hits: 0, misses: 0, errors: 0 };
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

/** Adds `b` into `a` (the primary's sum over workers, kept until an ack delivers it). */
export function addUsage(a: Record<string, UsageCounters>, b: Record<string, UsageCounters>): void {
  for (const [id, c] of Object.entries(b)) {
    const t = (a[id] ??= { requests: 0, bytesOut: 0, hits: 0, misses: 0, errors: 0 });
    t.requests += c.requests;
    t.bytesOut += c.bytesOut;
    t.hits += c.hits;
    t.misses += c.misses;
    t.errors += c.errors;
  }
}
