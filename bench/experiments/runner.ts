// Runs an experiment: for each variant, a fresh stack (stack.ts), the same seeded workload
// replayed against it (replay.ts), and the figures collected from the replay, the origin,
// the edges and the control plane's usage endpoint; then the stack is stopped before the
// next variant starts. See experiments/README.md.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '../lib/control-plane.ts';
import { getJson, waitUntil } from '../lib/http.ts';
import type { ProcessGroup } from '../lib/procs.ts';
import { busyCores, machineInfo, type MachineInfo } from '../lib/tools.ts';
import { workload, type WorkloadRequest } from '../workload/workload.ts';
import { isObject } from './merge.ts';
import { replay, type Route } from './replay.ts';
import { chooseEdgePop, type ResolveAnswer } from './routing.ts';
import type { EdgeOptions, Experiment, VariantSpec, WorkloadSpec } from './spec.ts';
import { startStack, stopProcs, type Stack } from './stack.ts';
import { originBytes, summarize, timeline, workloadShape, type ReplaySummary, type TimelineBucket, type WorkloadShape } from './summary.ts';

const USAGE_MS = 30_000;

export interface UsageFigures {
  /** The months (UTC) the usage was read from: one, unless the run crossed a month's end. */
  months: string[];
  requests: number;
  bytesOut: number;
  hits: number;
  hitRatio: number | null;
  byPop: { pop: string; pricingRegion: string; requests: number; bytesOut: number; hits: number }[];
  byRegion: { pricingRegion: string; billedAs: string; requests: number; bytesOut: number; cost: number }[];
  estimate: { currency: string; dataTransfer: number; requests: number; invalidations: number; total: number; priceTable: string };
}

export interface EdgeStat {
  pop: string;
  tier: 'pop' | 'shield';
  /** Bytes the edge's workers read from upstream (the origin, or the shield for a POP edge under one). */
  upstreamBytes: number;
  cacheEntries: number;
  cacheBytes: number;
  evictions: number;
}

export interface Figures {
  replay: ReplaySummary;
  timeline: TimelineBucket[];
  /** What reached the test origin during the replay (its /_origin/stats). */
  origin: { requests: number; bytes: number };
  /** 1 - origin requests / requests, 1 - origin bytes / bytes served. */
  offload: { requests: number | null; bytes: number | null };
  usage: UsageFigures;
  edges: EdgeStat[];
  /** Viewer country -> the POP its requests went to. */
  routes: Record<string, string>;
}

interface VariantCommon {
  name: string;
  description: string;
  edges: string[];
  shield: string | undefined;
  priceClass: string;
  /** Every edge's --workers and --cache-size in this variant (the experiment's, or the variant's own merged over them). */
  edgeOptions: EdgeOptions;
  warnings: string[];
}

export type VariantResult = VariantCommon & ({ failure: string; figures?: undefined } | { failure?: undefined; figures: Figures });

export interface ExperimentResults {
  name: string;
  description: string;
  file: string;
  startedAt: string;
  durationS: number;
  command: string;
  workload: WorkloadSpec;
  shape: WorkloadShape;
  originLatencyMs: number;
  /** The experiment's edgeOptions; each variant's own are in its result. */
  edgeOptions: EdgeOptions;
  buckets: number;
  machine: MachineInfo & { busyCoresAtStart: number };
  variants: VariantResult[];
}

export interface RunContext {
  procs: ProcessGroup;
  repoRoot: string;
  /** A fresh directory for the variants' stacks (one subdirectory each); the caller removes it. */
  tmpRoot: string;
  file: string;
  command: string;
  logLevel: string;
  keepLogs: boolean;
  log(line: string): void;
  interrupted: AbortSignal;
}

export async function runExperiment(ctx: RunContext, exp: Experiment): Promise<ExperimentResults> {
  const started = new Date();
  const machine = { ...machineInfo(undefined, ctx.repoRoot), busyCoresAtStart: await busyCores() };
  const requests = () => workload(exp.workload);
  const shape = workloadShape(requests());
  ctx.log(
    `${exp.name}: ${exp.variants.length} variants x ${exp.workload.requests.toLocaleString('en-US')} requests ` +
      `(${shape.distinctObjects} objects, ${shape.distinctUrls} distinct URLs), concurrency ${exp.workload.concurrency}`,
  );
  const variants: VariantResult[] = [];
  for (const [i, v] of exp.variants.entries()) {
    ctx.interrupted.throwIfAborted();
    const tmp = join(ctx.tmpRoot, `${i + 1}-${v.name}`);
    mkdirSync(tmp, { recursive: true });
    ctx.log(`[${i + 1}/${exp.variants.length}] ${v.name}: ${v.edges.join(', ')}${v.shield ? ` + shield ${v.shield.pop}` : ''}; ${edgeProcess(v.edgeOptions)}`);
    const common: VariantCommon = {
      name: v.name, description: v.description, edges: v.edges, shield: v.shield?.pop, priceClass: priceClassOf(v), edgeOptions: v.edgeOptions, warnings: [],
    };
    try {
      const figures = await runVariant(ctx, exp, v, tmp, requests, common.warnings);
      variants.push({ ...common, figures });
      const f = figures;
      ctx.log(
        `  hit ratio ${pct(f.replay.hitRatio)}, origin ${f.origin.requests} requests / ${mb(f.origin.bytes)}, ` +
          `p50/p95/p99 ${f.replay.latency.p50Ms.toFixed(1)}/${f.replay.latency.p95Ms.toFixed(1)}/${f.replay.latency.p99Ms.toFixed(1)} ms, ` +
          `${f.replay.requestsPerSecond.toFixed(0)} req/s, est. ${f.usage.estimate.currency} ${f.usage.estimate.total.toFixed(4)}`,
      );
      if (!ctx.keepLogs) rmSync(tmp, { recursive: true, force: true });
    } catch (err) {
      ctx.interrupted.throwIfAborted();
      const failure = err instanceof Error ? err.message : String(err);
      variants.push({ ...common, failure });
      ctx.log(`  failed: ${failure} (logs in ${tmp})`);
    }
  }
  return {
    name: exp.name,
    description: exp.description,
    file: ctx.file,
    startedAt: started.toISOString(),
    durationS: (Date.now() - started.getTime()) / 1000,
    command: ctx.command,
    workload: exp.workload,
    shape,
    originLatencyMs: exp.origin.latencyMs,
    edgeOptions: exp.edgeOptions,
    buckets: exp.buckets,
    machine,
    variants,
  };
}

/** `2 workers, --cache-size 1GB`: as the edges were started (what the size bounds is the edge's business: see its --help). */
export function edgeProcess(o: EdgeOptions): string {
  return `${o.workers} worker${o.workers === 1 ? '' : 's'}, --cache-size ${o.cacheSize}`;
}

function priceClassOf(v: VariantSpec): string {
  const d = Array.isArray(v.config.distributions) ? v.config.distributions[0] : undefined;
  return isObject(d) && typeof d.priceClass === 'string' ? d.priceClass : 'PriceClass_All';
}

async function runVariant(ctx: RunContext, exp: Experiment, v: VariantSpec, tmp: string, requests: () => Iterable<WorkloadRequest>, warnings: string[]): Promise<Figures> {
  const stack = await startStack({ procs: ctx.procs, repoRoot: ctx.repoRoot, tmp, logLevel: ctx.logLevel, log: ctx.log }, exp, v);
  try {
    ctx.interrupted.throwIfAborted();
    const { route, routes } = await routing(stack, v, requests());
    ctx.log(`  routes: ${Object.entries(routes).map(([c, p]) => `${c}->${p}`).join(' ')}`);
    await postJson(`${stack.originUrl}/_origin/stats/reset`);
    const months = new Set([month()]);
    const every = Math.max(1000, Math.round(exp.workload.requests / 4 / 1000) * 1000);
    const run = await replay({
      requests: requests(),
      concurrency: exp.workload.concurrency,
      host: stack.host,
      route,
      progressEvery: every,
      onProgress: (done) => ctx.log(`  ${done.toLocaleString('en-US')} / ${exp.workload.requests.toLocaleString('en-US')}`),
    });
    ctx.interrupted.throwIfAborted();
    const why = stack.gone();
    if (why) throw new Error(`during the replay: ${why}`);
    const replaySummary = summarize(run.records, run.durationMs);
    if (replaySummary.failed > 0) {
      const first = run.records.find((r) => r.status === 0);
      warnings.push(`${replaySummary.failed} requests got no response (first: ${first?.error ?? '?'})`);
    }
    const originStats = (await getJson(`${stack.originUrl}/_origin/stats`)) as { total: number; byPath: Record<string, number> };
    const origin = { requests: originStats.total, bytes: originBytes(originStats.byPath) };
    const usage = await waitForUsage(stack, months, replaySummary.responses, warnings);
    const edges = await edgeStats(stack);
    for (const e of edges) if (e.evictions > 0) warnings.push(`${e.tier === 'shield' ? 'shield' : 'edge'} ${e.pop} evicted ${e.evictions} objects (${edgeProcess(v.edgeOptions)})`);
    if (usage.requests !== replaySummary.responses) warnings.push(`the control plane counted ${usage.requests} requests, the replay ${replaySummary.responses} responses`);
    return {
      replay: replaySummary,
      timeline: timeline(run.records, exp.buckets),
      origin,
      offload: {
        requests: replaySummary.requests ? 1 - origin.requests / replaySummary.requests : null,
        bytes: replaySummary.bytesServed ? 1 - origin.bytes / replaySummary.bytesServed : null,
      },
      usage,
      edges,
      routes,
    };
  } finally {
    await stopProcs(ctx.procs, stack.procs);
  }
}

/** Resolves every distinct viewer address once (GET /v1/resolve) to one of the variant's POP edges. */
async function routing(stack: Stack, v: VariantSpec, requests: Iterable<WorkloadRequest>): Promise<{ route: (address: string) => Route; routes: Record<string, string> }> {
  const countryOf = new Map<string, string>();
  for (const r of requests) countryOf.set(r.viewerAddress, r.country);
  const byAddress = new Map<string, Route>();
  const routes: Record<string, string> = {};
  for (const [address, country] of countryOf) {
    const answer = (await api(stack.cpUrl, stack.token, 'GET', `/v1/resolve?host=${encodeURIComponent(stack.host)}&ip=${encodeURIComponent(address)}`)).body as unknown as ResolveAnswer;
    const pop = chooseEdgePop(answer, v.edges);
    const edge = stack.edges.find((e) => e.pop === pop);
    if (pop === undefined || edge === undefined) {
      throw new Error(`no POP edge of this variant (${v.edges.join(', ')}) serves viewers in ${country} (${address}); in-class candidates: ${answer.candidates.map((c) => c.pop).join(', ') || 'none'}`);
    }
    byAddress.set(address, { pop, url: edge.url });
    routes[country] = pop;
  }
  return {
    route: (address) => {
      const r = byAddress.get(address);
      if (r === undefined) throw new Error(`no route for viewer ${address}`);
      return r;
    },
    routes: Object.fromEntries(Object.entries(routes).sort(([a], [b]) => a.localeCompare(b))),
  };
}

interface UsageAnswer {
  totals: { requests: number; bytesOut: number; hits: number };
  byPop: { pop: string; pricingRegion: string; requests: number; bytesOut: number; hits: number }[];
  byRegion: { pricingRegion: string; billedAs: string; requests: number; bytesOut: number; cost: { total: number } }[];
  estimate: { currency: string; dataTransfer: number; requests: number; invalidations: number; total: number; priceTable: string };
}

/** Polls the usage endpoint until the edges' acks add up to `expected` requests (or the deadline). */
async function waitForUsage(stack: Stack, months: Set<string>, expected: number, warnings: string[]): Promise<UsageFigures> {
  let latest: UsageFigures | undefined;
  const read = async () => {
    months.add(month());
    const answers: UsageAnswer[] = [];
    for (const m of months) {
      try {
        answers.push((await api(stack.cpUrl, stack.token, 'GET', `/v1/distributions/${stack.distributionId}/usage?month=${m}`)).body as unknown as UsageAnswer);
      } catch (err) {
        // A month without traffic for a distribution created in another month is a 404.
        if (!(err instanceof Error && /HTTP 404/.test(err.message))) throw err;
      }
    }
    latest = addUsage([...months].sort(), answers);
    return latest.requests >= expected;
  };
  try {
    await waitUntil('the edges\' usage at the control plane', read, { timeoutMs: USAGE_MS, gone: stack.gone });
  } catch (err) {
    if (latest === undefined) throw err;
    warnings.push(`usage incomplete after ${USAGE_MS / 1000} s: ${latest.requests} of ${expected} requests reported`);
  }
  return latest!;
}

function addUsage(months: string[], answers: UsageAnswer[]): UsageFigures {
  const u: UsageFigures = {
    months,
    requests: 0,
    bytesOut: 0,
    hits: 0,
    hitRatio: null,
    byPop: [],
    byRegion: [],
    estimate: { currency: answers[0]?.estimate.currency ?? 'USD', dataTransfer: 0, requests: 0, invalidations: 0, total: 0, priceTable: answers[0]?.estimate.priceTable ?? 'built-in' },
  };
  for (const a of answers) {
    u.requests += a.totals.requests;
    u.bytesOut += a.totals.bytesOut;
    u.hits += a.totals.hits;
    for (const p of a.byPop) {
      const t = u.byPop.find((x) => x.pop === p.pop) ?? (u.byPop.push({ pop: p.pop, pricingRegion: p.pricingRegion, requests: 0, bytesOut: 0, hits: 0 }), u.byPop.at(-1)!);
      t.requests += p.requests;
      t.bytesOut += p.bytesOut;
      t.hits += p.hits;
    }
    for (const r of a.byRegion) {
      const t =
        u.byRegion.find((x) => x.pricingRegion === r.pricingRegion) ??
        (u.byRegion.push({ pricingRegion: r.pricingRegion, billedAs: r.billedAs, requests: 0, bytesOut: 0, cost: 0 }), u.byRegion.at(-1)!);
      t.requests += r.requests;
      t.bytesOut += r.bytesOut;
      t.cost += r.cost.total;
    }
    for (const k of ['dataTransfer', 'requests', 'invalidations', 'total'] as const) u.estimate[k] += a.estimate[k];
  }
  u.hitRatio = u.requests ? u.hits / u.requests : null;
  return u;
}

interface WorkerStats {
  originBytes: number;
}

interface CacheStats {
  entries: number;
  bytes: number;
  evictions: number;
}

async function edgeStats(stack: Stack): Promise<EdgeStat[]> {
  const all = stack.shield ? [...stack.edges, stack.shield] : stack.edges;
  return Promise.all(
    all.map(async (e) => {
      // The edge is one cache (`cache`); bytes from upstream are counted per worker.
      const { cache, workers } = (await getJson(`${e.adminUrl}/stats`)) as { cache: CacheStats; workers: WorkerStats[] };
      return {
        pop: e.pop,
        tier: e.tier,
        upstreamBytes: workers.reduce((s, w) => s + w.originBytes, 0),
        cacheEntries: cache.entries,
        cacheBytes: cache.bytes,
        evictions: cache.evictions,
      };
    }),
  );
}

async function postJson(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST' });
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status}`);
  await res.arrayBuffer();
}

const month = () => new Date().toISOString().slice(0, 7);
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
