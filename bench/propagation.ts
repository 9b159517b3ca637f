// The propagation suite of `npm run bench`: how long a change takes to reach every edge.
// A control plane, three edges (FRA, IAD, NRT; 2 workers each) and the test origin, all
// started with the CLI on 127.0.0.1; then, one after the other,
//   - invalidations: POST .../invalidations -> the long-poll sees `Completed`,
//   - config changes: PUT the distribution (new comment, If-Match) -> it is `Deployed`,
// each timed from just before the request is sent to the answer that shows the new status.
// See bench/README.md ("Propagation") and docs/control-plane.md.
import { performance } from 'node:perf_hooks';
import { api, mintToken, startControlPlane, startFollowingEdge, type FollowingEdge, type StackOptions } from './lib/control-plane.ts';
import { get, waitUntil } from './lib/http.ts';
import { summarizeLatencies } from './lib/latency.ts';
import { TARGET_P99_MS, type Measure, type PropagationResults } from './lib/propagation-report.ts';
import type { Proc, ProcessGroup } from './lib/procs.ts';
import { dateStamp } from './lib/report.ts';
import { startOrigin } from './lib/targets.ts';
import type { MachineInfo } from './lib/tools.ts';

export const POPS = ['FRA', 'IAD', 'NRT'];
export const EDGE_WORKERS = 2;
export const DEFAULT_RUNS = 100;
const HOST = 'propagation.bench.localhost';
export const PATHS = ['/some/path', '/images/*'];
/** Objects the invalidation matches, cached on every edge before each run so purges do real work. */
const WARM_PATHS = ['/some/path', '/images/a.png', '/images/b.png', '/images/c.png'];
/** Objects it does not match, cached once: a purge scans the whole cache. */
const BYSTANDERS = 32;
/** Long-poll length; the control plane answers as soon as the status changes. */
const WAIT_S = 30;
/** One run that takes longer than this is a failure; this many failures end the suite. */
const RUN_TIMEOUT_MS = 60_000;
const MAX_FAILURES = 3;
/** Unrecorded runs before the measured ones (cold code paths; their times are in the JSON). */
const WARMUP_RUNS = 3;

export interface PropagationContext {
  procs: ProcessGroup;
  repoRoot: string;
  /** A fresh directory: the database, the edges' state dirs, the process logs. */
  tmp: string;
  machine: MachineInfo;
  runs: number;
  quick: boolean;
  logLevel: string;
  log(line: string): void;
  /** Ctrl-C: stop at once (the processes are going away), measure nothing more. */
  interrupted: AbortSignal;
}

interface Stack {
  cpUrl: string;
  token: string;
  edges: FollowingEdge[];
  distributionId: string;
  /** Everything started, by name, to tell which one died. */
  procs: [string, Proc][];
}

export async function propagationSuite(ctx: PropagationContext): Promise<PropagationResults> {
  const startedAt = new Date();
  const warnings: string[] = [];
  const { log } = ctx;
  log(`propagation: ${POPS.length} edges x ${EDGE_WORKERS} workers, ${ctx.runs} runs each; control plane and edges at log level ${ctx.logLevel}`);
  const stack = await startStack(ctx);
  ctx.interrupted.throwIfAborted();

  const invalidations = await measure(ctx, 'invalidation', 'POST invalidation -> Completed', async (n) => {
    await warmEdges(stack.edges, WARM_PATHS);
    const base = `/v1/distributions/${stack.distributionId}/invalidations`;
    const t0 = performance.now();
    const created = await api(stack.cpUrl, stack.token, 'POST', base, { callerReference: `bench-${startedAt.getTime()}-${n}`, paths: PATHS });
    const answered = performance.now();
    let inv = created.body;
    while (inv.status !== 'Completed') {
      if (performance.now() - t0 > RUN_TIMEOUT_MS) throw new Error(`invalidation ${String(inv.id)} still ${String(inv.status)} after ${RUN_TIMEOUT_MS} ms`);
      inv = (await api(stack.cpUrl, stack.token, 'GET', `${base}/${String(inv.id)}?wait=${WAIT_S}`)).body;
    }
    const done = performance.now();
    if (n === 1) await checkPurged(stack.edges, warnings, log);
    return { totalMs: done - t0, requestMs: answered - t0 };
  });

  const configChanges = await measure(ctx, 'config change', 'PUT distribution -> Deployed', async (n) => {
    const path = `/v1/distributions/${stack.distributionId}`;
    const current = await api(stack.cpUrl, stack.token, 'GET', path);
    const config = { ...(current.body.distributionConfig as Record<string, unknown>), comment: `propagation bench, change ${n}` };
    const t0 = performance.now();
    const put = await api(stack.cpUrl, stack.token, 'PUT', path, config, { 'if-match': current.etag ?? '' });
    const answered = performance.now();
    let d = put.body;
    while (d.status !== 'Deployed') {
      if (performance.now() - t0 > RUN_TIMEOUT_MS) throw new Error(`distribution still ${String(d.status)} after ${RUN_TIMEOUT_MS} ms`);
      d = (await api(stack.cpUrl, stack.token, 'GET', `${path}?wait=${WAIT_S}`)).body;
    }
    return { totalMs: performance.now() - t0, requestMs: answered - t0 };
  });

  const measures = [invalidations, configChanges];
  for (const m of measures) {
    if (m.failures.length) warnings.push(`${m.name}: ${m.failures.length} failed run(s): ${m.failures.join('; ')}`);
  }
  for (const [name, proc] of stack.procs) if (proc.exitReason()) warnings.push(`${name} ${proc.exitReason()}`);
  return {
    date: dateStamp(startedAt),
    startedAt: startedAt.toISOString(),
    settings: { runs: ctx.runs, warmupRuns: WARMUP_RUNS, edges: POPS, workersPerEdge: EDGE_WORKERS, paths: PATHS, warmPaths: WARM_PATHS, waitS: WAIT_S, logLevel: ctx.logLevel, quick: ctx.quick },
    machine: ctx.machine,
    measures,
    warnings,
  };
}

/** Control plane, tokens, origin, three edges (all live), one distribution (Deployed). */
async function startStack(ctx: PropagationContext): Promise<Stack> {
  const o: StackOptions = { procs: ctx.procs, repoRoot: ctx.repoRoot, tmp: ctx.tmp, logLevel: ctx.logLevel };
  const cp = await startControlPlane(o);
  ctx.log(`control plane: ${cp.url}`);
  const [token, edgeToken] = [await mintToken(o, cp.db, 'write'), await mintToken(o, cp.db, 'edge')];
  const origin = await startOrigin(ctx.procs, ctx.repoRoot);
  ctx.log(`origin: http://127.0.0.1:${origin.port}`);
  const edges = await Promise.all(POPS.map((pop) => startFollowingEdge(o, cp.url, edgeToken, pop, EDGE_WORKERS)));
  ctx.log(`edges: ${edges.map((e) => `${e.pop} ${e.url}`).join(', ')}`);
  const gone = () => cp.proc.exitReason() ?? edges.map((e) => e.proc.exitReason()).find(Boolean);
  await waitUntil(
    'the 3 edges live in GET /v1/edges',
    async () => {
      const items = (await api(cp.url, token, 'GET', '/v1/edges')).body.items as { pop: string; status: string }[];
      return POPS.every((pop) => items.some((e) => e.pop === pop && e.status === 'live'));
    },
    { timeoutMs: 20_000, gone },
  );

  const created = await api(cp.url, token, 'POST', '/v1/distributions', {
    comment: 'propagation bench',
    aliases: [HOST],
    // The origin's /cache/<directives>/* answers any path with these caching headers.
    origins: [{ id: 'origin', domainName: '127.0.0.1', originPath: '/cache/max-age=3600', customOriginConfig: { httpPort: origin.port, originProtocolPolicy: 'http-only' } }],
    defaultCacheBehavior: { targetOriginId: 'origin', cachePolicyId: 'Managed-CachingOptimized' },
  });
  const id = String(created.body.id);
  let status = created.body.status;
  const deadline = Date.now() + 60_000;
  while (status !== 'Deployed') {
    if (Date.now() > deadline) throw new Error(`distribution ${id} not Deployed after 60 s (edges: ${JSON.stringify((await api(cp.url, token, 'GET', '/v1/edges')).body.items)})`);
    status = (await api(cp.url, token, 'GET', `/v1/distributions/${id}?wait=${WAIT_S}`)).body.status;
  }
  ctx.log(`distribution ${id}: Deployed on ${edges.length} edges`);
  const procs: [string, Proc][] = [['control plane', cp.proc], ['origin', origin.proc], ...edges.map((e): [string, Proc] => [`edge ${e.pop}`, e.proc])];
  const stack = { cpUrl: cp.url, token, edges, distributionId: id, procs };
  await warmEdges(edges, Array.from({ length: BYSTANDERS }, (_, n) => `/static/${n}.css`));
  return stack;
}

/** One run; `n` counts from 1 over the warm-up runs and the measured ones. */
type Run = (n: number) => Promise<{ totalMs: number; requestMs: number }>;

/**
 * WARMUP_RUNS unrecorded runs, then `ctx.runs` measured ones, one after the other. A
 * failed run is noted and skipped; MAX_FAILURES end the measure.
 */
async function measure(ctx: PropagationContext, name: string, what: string, run: Run): Promise<Measure> {
  const totalMs: number[] = [];
  const requestMs: number[] = [];
  const warmupMs: number[] = [];
  const failures: string[] = [];
  const every = Math.max(1, Math.round(ctx.runs / 5));
  for (let n = 1; n <= WARMUP_RUNS + ctx.runs && failures.length < MAX_FAILURES; n++) {
    const i = n - WARMUP_RUNS; // the measured run's number; <= 0 during the warm-up
    try {
      const r = await run(n);
      ctx.interrupted.throwIfAborted();
      if (i <= 0) warmupMs.push(r.totalMs);
      else {
        totalMs.push(r.totalMs);
        requestMs.push(r.requestMs);
      }
    } catch (err) {
      ctx.interrupted.throwIfAborted();
      failures.push(`${i <= 0 ? `warm-up run ${n}` : `run ${i}`}: ${err instanceof Error ? err.message : String(err)}`);
      ctx.log(`${name} ${failures.at(-1)}`);
    }
    if (i > 0 && (i % every === 0 || i === ctx.runs)) {
      const s = summarizeLatencies(totalMs);
      ctx.log(`${name.padEnd(13)} ${String(i).padStart(4)}/${ctx.runs}  p50 ${s.p50Ms.toFixed(1)} ms  p99 ${s.p99Ms.toFixed(1)} ms  max ${s.maxMs.toFixed(1)} ms`);
    }
  }
  const summary = totalMs.length ? summarizeLatencies(totalMs) : undefined;
  return {
    name,
    what,
    summary,
    request: requestMs.length ? summarizeLatencies(requestMs) : undefined,
    targetMet: summary && failures.length === 0 ? summary.p99Ms < TARGET_P99_MS : false,
    failures,
    samplesMs: totalMs.map(round),
    requestSamplesMs: requestMs.map(round),
    warmupSamplesMs: warmupMs.map(round),
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Two GETs per path and edge on fresh connections, so both workers of each edge cache it. */
async function warmEdges(edges: FollowingEdge[], paths: string[]): Promise<void> {
  await Promise.all(
    edges.map(async (e) => {
      for (const path of paths) {
        for (let n = 0; n < EDGE_WORKERS; n++) {
          const res = await get(`${e.url}${path}`, { host: HOST });
          if (res.status !== 200) throw new Error(`warming ${path} on edge ${e.pop}: HTTP ${res.status}`);
        }
      }
    }),
  );
}

/** After the first Completed: an invalidated object is no longer a hit anywhere. */
async function checkPurged(edges: FollowingEdge[], warnings: string[], log: (line: string) => void): Promise<void> {
  for (const e of edges) {
    for (let n = 0; n < EDGE_WORKERS; n++) {
      // A fresh path under /images/* each time: the first GET re-caches what it fetches.
      const res = await get(`${e.url}${WARM_PATHS[1 + n]}`, { host: HOST });
      const xCache = String(res.headers['x-cache'] ?? '');
      if (xCache.startsWith('Hit')) {
        warnings.push(`edge ${e.pop}: ${WARM_PATHS[1 + n]} is still '${xCache}' after the invalidation Completed`);
        log(`warning: ${warnings.at(-1)}`);
      }
    }
  }
}
