import { askWorkers, type EdgeThread } from './edge-thread.ts';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { GaugeTable, HistogramTable, CounterTable, mergeSnapshots, pumpEvents, renderExposition, StreamHub, type MetricSnapshot } from '@cachefront/observe';
import type { ExplainInput, Explanation, RealtimeEntry, WorkerCacheStats } from '@cachefront/protocol';

/** One real-time log entry as the stream sends it: the worker's entry plus where it came from. */
export interface StreamedEntry extends RealtimeEntry {
  pop: string;
  edgeId?: string;
}

/**
 * Fans sampled real-time log entries out to the admin stream's subscribers and keeps a
 * bounded queue for the control plane (entries beyond it are dropped and counted).
 */
export class RealtimeHub {
  readonly streams = new StreamHub<StreamedEntry>();
  private queue: StreamedEntry[] = [];
  readonly forwarded = new CounterTable('cachefront_edge_realtime_log_entries_total', 'Sampled real-time log entries, by what happened to them.', ['outcome']);
  private readonly maxQueue: number;

  constructor(maxQueue = 5000) {
    this.maxQueue = maxQueue;
  }

  publish(entries: StreamedEntry[], toControlPlane: boolean): void {
    this.streams.publish(entries);
    if (!toControlPlane) return;
    const room = this.maxQueue - this.queue.length;
    if (room < entries.length) this.forwarded.inc(['dropped'], entries.length - Math.max(0, room));
    if (room > 0) this.queue.push(...entries.slice(0, room));
  }

  take(max = 1000): StreamedEntry[] {
    return this.queue.splice(0, max);
  }

  putBack(entries: StreamedEntry[]): void {
    this.queue.unshift(...entries.slice(0, Math.max(0, this.maxQueue - this.queue.length)));
  }
}

/** The primary's own metrics: config applies and the control plane's distance. */
export class PrimaryMetrics {
  readonly applySeconds = new HistogramTable('cachefront_edge_config_apply_seconds', 'Time for every worker to apply a config version or invalidation.', ['kind'], [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  readonly state = new GaugeTable('cachefront_edge_state', 'Applied config version/seq, the control plane head seq, and workers.', ['measure']);
  /** The edge's one cache (primary/cache-directory.ts). */
  readonly cache = new GaugeTable('cachefront_edge_cache', 'Cache contents: objects, bytes and capacity (bytes).', ['measure']);
  readonly evictions = new GaugeTable('cachefront_edge_cache_evictions_total', 'Objects evicted to make room.', []);

  setCache(s: WorkerCacheStats): void {
    this.cache.set(['objects'], s.entries);
    this.cache.set(['bytes'], s.bytes);
    this.cache.set(['capacity_bytes'], s.maxBytes);
    this.evictions.set([], s.evictions);
  }
}

/** Sums hits and misses per distribution out of the requests counter: `cachefront_edge_hit_ratio`. */
function hitRatio(merged: MetricSnapshot[]): MetricSnapshot {
  const requests = merged.find((m) => m.name === 'cachefront_edge_requests_total');
  const by = new Map<string, { hits: number; lookups: number }>();
  for (const s of requests?.series ?? []) {
    const [dist, result] = s.labels;
    if (dist === undefined || dist === '-') continue;
    const e = by.get(dist) ?? { hits: 0, lookups: 0 };
    const v = s.value ?? 0;
    if (result === 'Hit' || result === 'RefreshHit') {
      e.hits += v;
      e.lookups += v;
    } else if (result === 'Miss') e.lookups += v;
    by.set(dist, e);
  }
  const g = new GaugeTable('cachefront_edge_hit_ratio', 'Hits / (hits + misses) since the edge started, by distribution.', ['distribution']);
  for (const [dist, e] of by) if (e.lookups > 0) g.set([dist], e.hits / e.lookups);
  return g.snapshot();
}

export interface AdminDeps {
  pop: string;
  workers(): EdgeThread[];
  health(): Record<string, unknown>;
  stats(): Promise<unknown[]>;
  /** The edge's one cache. */
  cache(): WorkerCacheStats;
  hub: RealtimeHub;
  primary: PrimaryMetrics;
  /** Called before each scrape: sets the primary's gauges. */
  beforeScrape(): void;
}

let explainIds = 0;

/** The admin port: /healthz, /stats, /metrics (Prometheus), POST /explain, GET /realtime-logs/stream. */
export function adminApp(d: AdminDeps): Hono {
  const admin = new Hono();
  admin.get('/healthz', (c) => c.json(d.health()));
  admin.get('/stats', async (c) => c.json({ cache: d.cache(), workers: await d.stats() }));
  admin.get('/metrics', async (c) => {
    d.beforeScrape();
    const perWorker = await askWorkers(d.workers(), { t: 'metrics' }, (m) => (m.t === 'metrics-r' ? m.metrics : undefined));
    const merged = mergeSnapshots(perWorker);
    const all = [...merged, hitRatio(merged), d.primary.applySeconds.snapshot(), d.primary.state.snapshot(), d.primary.cache.snapshot(), d.primary.evictions.snapshot(), d.hub.forwarded.snapshot()];
    return c.text(renderExposition(all, { pop: d.pop }), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  admin.post('/explain', async (c) => {
    let input: ExplainInput;
    try {
      input = (await c.req.json()) as ExplainInput;
      if (typeof input?.url !== 'string') throw new Error('url is required');
    } catch (err) {
      return c.json({ error: { code: 'MalformedInput', message: `body must be JSON {url, method?, headers?, cookies?, viewerAddress?}: ${(err as Error).message}` } }, 400);
    }
    const id = ++explainIds;
    const answers = await askWorkers(d.workers(), { t: 'explain', id, input }, (m) => (m.t === 'explain-r' && m.id === id ? m.explanation : undefined));
    const ok = answers.filter((a): a is Explanation => !('error' in a));
    if (ok.length === 0) return c.json({ error: { code: 'ExplainFailed', message: answers.map((a) => ('error' in a ? a.error : '')).join('; ') || 'no worker answered' } }, 500);
    return c.json(combine(ok));
  });
  // Tests only: freeze one worker thread (what SIGSTOP did to a worker process), or kill it.
  if (process.env.CACHEFRONT_TEST_HOOKS === '1') {
    admin.post('/debug/stall', (c) => {
      const ms = Math.min(10_000, Number(c.req.query('ms')) || 1000);
      d.workers()[0]?.send({ t: 'stall', ms });
      return c.json({ stalled: d.workers()[0]?.id, ms });
    });
    admin.post('/debug/crash', (c) => {
      d.workers()[0]?.send({ t: 'crash' });
      return c.json({ crashed: d.workers()[0]?.id });
    });
  }
  admin.get('/realtime-logs/stream', (c) => {
    const distributionId = c.req.query('distributionId') || undefined;
    return streamSSE(c, async (stream) => {
      const sub = d.hub.streams.subscribe(distributionId, 1000);
      stream.onAbort(() => sub.close());
      await pumpEvents(sub, { pop: d.pop }, (e) => stream.writeSSE(e));
    });
  });
  return admin;
}

export interface AdminServer {
  port: number;
  /** Closes the server and every open connection (the real-time log streams too). */
  close(): Promise<void>;
}

/** Serves the admin app on `host:port` (0: any free port). */
export async function serveAdmin(app: Hono, port: number, host: string): Promise<AdminServer> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    close: async () => {
      // Admin answers are short, except the real-time log streams: end those too.
      const closed = new Promise<void>((r) => server.close(() => r()));
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
    },
  };
}

/**
 * Every worker explains the same request the same way except for its own cache: the
 * answer says in how many workers the object is, and "would hit" only when it is fresh in
 * all of them (a viewer's connection may land on any worker).
 */
function combine(answers: Explanation[]): Explanation {
  const first = answers[0]!;
  if (!first.cache) return first;
  const fresh = answers.filter((a) => a.cache?.state === 'fresh').length;
  const cached = answers.filter((a) => a.cache?.state !== 'absent').length;
  const best = answers.find((a) => a.cache?.state === 'fresh') ?? answers.find((a) => a.cache?.state === 'stale') ?? first;
  const wouldHit = answers.every((a) => a.cache?.wouldHit);
  const out: Explanation = { ...best, cache: { state: best.cache!.state, wouldHit, workers: { cached, total: answers.length } } };
  if (!wouldHit && best.cache!.wouldHit) {
    out.verdict = { ...best.verdict, summary: `${best.verdict.summary} in ${fresh} of ${answers.length} workers; a request landing on another worker is a miss` };
  }
  return out;
}
