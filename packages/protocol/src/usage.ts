// Usage counters: what a distribution served at an edge. Workers count them, the primary
// sums them, and an edge's ack carries them to the control plane (docs/control-plane.md,
// "Edges"), where they are validated here, once; every problem is listed with its path.

import type { Issue } from '@cachefront/config';

export const COUNTERS = ['requests', 'bytesOut', 'hits', 'misses', 'errors'] as const;
export type Counter = (typeof COUNTERS)[number];

/** What a distribution served at one edge since the counters were last drained. */
export interface UsageCounters {
  requests: number;
  /** Body bytes sent to viewers. */
  bytesOut: number;
  hits: number;
  misses: number;
  errors: number;
}

/** Distribution id -> counters. */
export type AckUsage = Record<string, UsageCounters>;

export function emptyUsage(): UsageCounters {
  return { requests: 0, bytesOut: 0, hits: 0, misses: 0, errors: 0 };
}

/** Adds `b` into `a` (a sum over workers, kept until an ack delivers it). */
export function addUsage(a: AckUsage, b: AckUsage): void {
  for (const [id, c] of Object.entries(b)) {
    const t = (a[id] ??= emptyUsage());
    for (const k of COUNTERS) t[k] += c[k];
  }
}

/** As lenient as an edge's config allows (ids are `E` + 11 to 13 characters when the control plane makes them). */
const DISTRIBUTION_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** More than an account may have (CloudFront: 500 distributions); an edge reports only the ones it serves. */
export const MAX_USAGE_ENTRIES = 1000;

/**
 * `usage` from an ack body: absent is `{}`. Each entry needs all five counters, integers
 * >= 0; other fields of an entry are ignored (a newer edge may count more).
 */
export function parseAckUsage(raw: unknown): { value: AckUsage; issues?: undefined } | { value?: undefined; issues: Issue[] } {
  if (raw === undefined) return { value: {} };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { issues: [{ path: 'usage', message: 'must be an object: distribution id -> {requests, bytesOut, hits, misses, errors}' }] };
  }
  const entries = Object.entries(raw);
  if (entries.length > MAX_USAGE_ENTRIES) return { issues: [{ path: 'usage', message: `must have at most ${MAX_USAGE_ENTRIES} distributions (got ${entries.length})` }] };
  const issues: Issue[] = [];
  const value: AckUsage = {};
  for (const [id, entry] of entries) {
    const at = `usage${/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(id) ? `.${id}` : `[${JSON.stringify(id)}]`}`;
    if (!DISTRIBUTION_ID.test(id)) issues.push({ path: at, message: 'must be keyed by a distribution id: 1 to 128 letters, digits, - or _' });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.push({ path: at, message: 'must be an object {requests, bytesOut, hits, misses, errors}' });
      continue;
    }
    const counters = {} as UsageCounters;
    for (const k of COUNTERS) {
      const n = (entry as Record<string, unknown>)[k];
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) issues.push({ path: `${at}.${k}`, message: 'must be an integer >= 0 (a count since the previous delivered ack)' });
      else counters[k] = n;
    }
    value[id] = counters;
  }
  return issues.length > 0 ? { issues } : { value };
}
