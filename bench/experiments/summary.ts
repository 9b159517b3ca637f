// Request records to the figures of a report: hit ratio, latency percentiles, bytes, per
// POP, and the same over the replay in buckets. Pure: no clock, no I/O.
import { percentile } from '../lib/latency.ts';
import type { RequestRecord, Result } from './replay.ts';

export interface Latency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
}

export interface ReplaySummary {
  requests: number;
  /** Requests that got a response (any status). */
  responses: number;
  /** Requests without a response (connection errors, timeouts). */
  failed: number;
  results: Record<Result, number>;
  /** (Hit + RefreshHit) / responses; null without responses. */
  hitRatio: number | null;
  /** Responses that waited on the origin (see fromOrigin). */
  originResponses: number;
  /** Body bytes the viewers received. */
  bytesServed: number;
  latency: Latency;
  hitLatency: Latency;
  missLatency: Latency;
  durationS: number;
  requestsPerSecond: number;
  byPop: { pop: string; requests: number; hits: number; bytes: number }[];
  /** X-Cachefront-Tier values (edges with a parent tier), e.g. {pop-hit: 9000, shield-hit: 600, origin: 400}. */
  tiers: Record<string, number>;
  statuses: Record<string, number>;
}

export interface TimelineBucket {
  bucket: number;
  /** Workload positions [firstIndex, lastIndex] of the bucket's requests. */
  firstIndex: number;
  lastIndex: number;
  requests: number;
  hits: number;
  misses: number;
  errors: number;
  hitRatio: number | null;
  /** Responses that waited on the origin (fromOrigin), and 1 - that / responses. */
  originResponses: number;
  servedWithoutOrigin: number | null;
  bytes: number;
  p50Ms: number;
  p95Ms: number;
  /** When the bucket's first request was sent and its last one answered, s from the start. */
  startS: number;
  endS: number;
}

const isHit = (r: RequestRecord) => r.result === 'Hit' || r.result === 'RefreshHit';

/**
 * Whether the response waited on the origin: `X-Cachefront-Tier: origin` on an edge with a
 * parent tier (a shield hit does not), else a Miss. Concurrent misses collapsed onto one
 * origin fetch each count, so this can be a little above the origin's own request count.
 */
export const fromOrigin = (r: RequestRecord): boolean => (r.tier !== undefined ? r.tier === 'origin' : r.result === 'Miss');

export function latencyOf(samples: readonly number[]): Latency {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50Ms: percentile(s, 50),
    p95Ms: percentile(s, 95),
    p99Ms: percentile(s, 99),
    meanMs: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
    maxMs: s.at(-1) ?? NaN,
  };
}

export function summarize(records: readonly RequestRecord[], durationMs: number): ReplaySummary {
  const results: Record<Result, number> = { Hit: 0, RefreshHit: 0, Miss: 0, Error: 0, Other: 0, Failed: 0 };
  const byPop = new Map<string, { pop: string; requests: number; hits: number; bytes: number }>();
  const tiers: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  let bytesServed = 0;
  for (const r of records) {
    results[r.result]++;
    bytesServed += r.bytes;
    const p = byPop.get(r.pop) ?? { pop: r.pop, requests: 0, hits: 0, bytes: 0 };
    p.requests++;
    if (isHit(r)) p.hits++;
    p.bytes += r.bytes;
    byPop.set(r.pop, p);
    if (r.tier !== undefined) tiers[r.tier] = (tiers[r.tier] ?? 0) + 1;
    const status = r.status === 0 ? 'none' : String(r.status);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const answered = records.filter((r) => r.status !== 0);
  const hits = results.Hit + results.RefreshHit;
  return {
    requests: records.length,
    responses: answered.length,
    failed: records.length - answered.length,
    results,
    hitRatio: answered.length ? hits / answered.length : null,
    originResponses: answered.filter(fromOrigin).length,
    bytesServed,
    latency: latencyOf(answered.map((r) => r.latencyMs)),
    hitLatency: latencyOf(answered.filter(isHit).map((r) => r.latencyMs)),
    missLatency: latencyOf(answered.filter((r) => r.result === 'Miss').map((r) => r.latencyMs)),
    durationS: durationMs / 1000,
    requestsPerSecond: durationMs > 0 ? records.length / (durationMs / 1000) : 0,
    byPop: [...byPop.values()].sort((a, b) => a.pop.localeCompare(b.pop)),
    tiers,
    statuses,
  };
}

/** `buckets` consecutive slices of the workload (by position, so every variant's buckets hold the same requests). */
export function timeline(records: readonly RequestRecord[], buckets: number): TimelineBucket[] {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  const size = Math.max(1, Math.ceil(sorted.length / buckets));
  const out: TimelineBucket[] = [];
  for (let b = 0; b * size < sorted.length; b++) {
    const slice = sorted.slice(b * size, (b + 1) * size);
    const answered = slice.filter((r) => r.status !== 0);
    const latencies = answered.map((r) => r.latencyMs).sort((x, y) => x - y);
    const hits = slice.filter(isHit).length;
    const origin = answered.filter(fromOrigin).length;
    out.push({
      bucket: b + 1,
      firstIndex: slice[0]!.index,
      lastIndex: slice.at(-1)!.index,
      requests: slice.length,
      hits,
      misses: slice.filter((r) => r.result === 'Miss').length,
      errors: slice.filter((r) => r.result === 'Error' || r.result === 'Failed').length,
      hitRatio: answered.length ? hits / answered.length : null,
      originResponses: origin,
      servedWithoutOrigin: answered.length ? 1 - origin / answered.length : null,
      bytes: slice.reduce((s, r) => s + r.bytes, 0),
      p50Ms: percentile(latencies, 50),
      p95Ms: percentile(latencies, 95),
      startS: slice.reduce((m, r) => Math.min(m, r.startMs), Infinity) / 1000,
      endS: slice.reduce((m, r) => Math.max(m, r.startMs + r.latencyMs), 0) / 1000,
    });
  }
  return out;
}

/**
 * Body bytes the test origin sent, from its request counts by path: `/bytes/<n>/...`
 * answers n bytes (a 304 revalidation would count as n too; the shipped experiments have
 * day-long TTLs, so there are none). Other paths count 0.
 */
export function originBytes(byPath: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const [path, count] of Object.entries(byPath)) {
    const m = /^\/bytes\/(\d+)(?:\/|$)/.exec(path);
    if (m) total += Number(m[1]) * count;
  }
  return total;
}

/** What a workload looks like before it is sent: distinct objects and URLs, shares. */
export interface WorkloadShape {
  requests: number;
  distinctObjects: number;
  distinctUrls: number;
  /** Distinct URLs without the tracking parameters (utm_*, fbclid). */
  distinctUrlsWithoutTracking: number;
  trackingShare: number;
  versionedShare: number;
  cookieShare: number;
  bytes: number;
  byCountry: Record<string, number>;
}

export function workloadShape(requests: Iterable<{ rank: number; path: string; query: string; headers: Record<string, string>; country: string; size: number }>): WorkloadShape {
  const objects = new Set<number>();
  const urls = new Set<string>();
  const untracked = new Set<string>();
  const byCountry: Record<string, number> = {};
  let n = 0;
  let tracking = 0;
  let versioned = 0;
  let cookies = 0;
  let bytes = 0;
  for (const r of requests) {
    n++;
    objects.add(r.rank);
    urls.add(`${r.path}?${r.query}`);
    const kept = r.query.split('&').filter((p) => p !== '' && !/^(utm_[a-z]+|fbclid)=/.test(p));
    untracked.add(`${r.path}?${kept.join('&')}`);
    if (/(^|&)(utm_[a-z]+|fbclid)=/.test(r.query)) tracking++;
    if (/(^|&)v=/.test(r.query)) versioned++;
    if (r.headers.cookie !== undefined) cookies++;
    bytes += r.size;
    byCountry[r.country] = (byCountry[r.country] ?? 0) + 1;
  }
  return {
    requests: n,
    distinctObjects: objects.size,
    distinctUrls: urls.size,
    distinctUrlsWithoutTracking: untracked.size,
    trackingShare: n ? tracking / n : 0,
    versionedShare: n ? versioned / n : 0,
    cookieShare: n ? cookies / n : 0,
    bytes,
    byCountry,
  };
}
