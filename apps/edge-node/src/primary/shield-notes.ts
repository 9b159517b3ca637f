import type { ShieldRoute } from '@cachefront/protocol';

/** A log line about one origin's Origin Shield route. */
export interface ShieldNote {
  level: 'info' | 'warn';
  fields: { distribution: string; origin: string; region: string; shield?: string; url?: string };
  message: string;
}

const key = (r: ShieldRoute) => `${r.distributionId}\n${r.originId}`;
const same = (a: ShieldRoute | undefined, b: ShieldRoute) => a !== undefined && a.region === b.region && a.shield?.edgeId === b.shield?.edgeId && a.shield?.url === b.shield?.url;

/**
 * What changed between two sets of Origin Shield routes, one line per origin whose route
 * changed (so an edge says once, not per request, that an origin goes to the origin
 * directly because no shield edge is live in its Region; and again when one is).
 */
export function shieldNotes(previous: readonly ShieldRoute[], next: readonly ShieldRoute[]): ShieldNote[] {
  const before = new Map(previous.map((r) => [key(r), r]));
  const notes: ShieldNote[] = [];
  for (const r of next) {
    if (same(before.get(key(r)), r)) continue;
    const fields = { distribution: r.distributionId, origin: r.originId, region: r.region };
    notes.push(
      r.shield
        ? { level: 'info', fields: { ...fields, shield: r.shield.edgeId, url: r.shield.url }, message: `origin ${r.originId} of ${r.distributionId}: cacheable misses go through its Origin Shield in ${r.region} (edge ${r.shield.edgeId} at ${r.shield.url})` }
        : { level: 'warn', fields, message: `origin ${r.originId} of ${r.distributionId} has Origin Shield in ${r.region}, but no shield edge (--tier shield in a POP of ${r.region}) is live there: fetching from the origin directly` },
    );
  }
  return notes;
}
