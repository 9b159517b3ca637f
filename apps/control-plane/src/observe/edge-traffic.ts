// Each edge's recent traffic, from the usage its acks carry: the dashboard's map shows it
// (docs/control-plane.md, "Observability").

import type { UsageCounters } from '@cachefront/protocol';

const WINDOW_MS = 5 * 60_000;

/** Per edge: the usage its acks reported over the last five minutes (hit ratio on the map). */
export class EdgeTraffic {
  private readonly samples = new Map<string, { at: number; c: UsageCounters }[]>();

  record(edgeId: string, usage: Record<string, UsageCounters>, now: number): void {
    const sum: UsageCounters = { requests: 0, bytesOut: 0, hits: 0, misses: 0, errors: 0 };
    for (const u of Object.values(usage)) {
      sum.requests += u.requests;
      sum.bytesOut += u.bytesOut;
      sum.hits += u.hits;
      sum.misses += u.misses;
      sum.errors += u.errors;
    }
    const list = this.samples.get(edgeId) ?? [];
    list.push({ at: now, c: sum });
    while (list.length > 0 && now - list[0]!.at > WINDOW_MS) list.shift();
    this.samples.set(edgeId, list);
  }

  stats(edgeId: string, now: number): UsageCounters & { hitRatio: number | null } {
    const out = { requests: 0, bytesOut: 0, hits: 0, misses: 0, errors: 0 };
    for (const s of this.samples.get(edgeId) ?? []) {
      if (now - s.at > WINDOW_MS) continue;
      out.requests += s.c.requests;
      out.bytesOut += s.c.bytesOut;
      out.hits += s.c.hits;
      out.misses += s.c.misses;
      out.errors += s.c.errors;
    }
    const lookups = out.hits + out.misses;
    return { ...out, hitRatio: lookups === 0 ? null : out.hits / lookups };
  }
}
