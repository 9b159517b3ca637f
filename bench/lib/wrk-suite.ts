// The wrk suite (bench/README.md, "What the wrk suite does"): the origin and the targets,
// each warmed, then rounds that alternate targets (cache hits at two sizes, then the miss
// path), then latency at a fixed request rate with vegeta; the table and results files.
import type { ProcessGroup } from './procs.ts';
import { gunzipSync } from 'node:zlib';
import { get } from './http.ts';
import { measureMiss, missProblem, prepareMiss, summarizeMiss, type MissCell } from './miss.ts';
import { OPEN_MODEL_TARGETS, openModelWarnings, runOpenModel, type OpenModel } from './open-model.ts';
import { dateStamp, resultsDir, sizeLabel, type SuiteOutput } from './report.ts';
import { newSigner } from './signed.ts';
import {
  HOST,
  originRequestCount,
  PASS_CHECKS,
  startBareNode,
  startEdgeNoFastPath,
  targetUrl,
  startEdge,
  startNginx,
  startNginxPass,
  startOrigin,
  TARGET_NAMES,
  type Context,
  type Target,
  type TargetName,
} from './targets.ts';
import { machineInfo, type Tools } from './tools.ts';
import { ensureVegeta, type Vegeta } from './vegeta.ts';
import { runWrk } from './wrk.ts';
import { allTextTables, summarize, writeResults, type Cell, type Results } from './wrk-report.ts';

export const SIZES = [1024, 100 * 1024];
const WORKERS = 2;
const THREADS = 2;
const WARM_REQUESTS = 8;
const NAME_WIDTH = Math.max(...TARGET_NAMES.map((n) => n.length));

export interface WrkSuiteOptions {
  durationS: number;
  rounds: number;
  warmupS: number;
  connections: number;
  targets: TargetName[];
  quick: boolean;
}

export interface WrkSuiteEnv {
  procs: ProcessGroup;
  tools: Tools;
  repoRoot: string;
  /** Scratch dir and tmpfs dir (nginx's caches), both reachable by nginx's workers. */
  tmp: string;
  shm: string;
  log: (line: string) => void;
  interrupted: AbortSignal;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const isMiss = (name: TargetName) => PASS_CHECKS[name] !== undefined;

/** Each target's measurements: hits by size, the miss path by target. */
class Cells {
  readonly hits = new Map<string, Cell>();
  readonly misses = new Map<TargetName, MissCell>();

  hit(t: TargetName, size: number): Cell {
    const key = `${t}/${size}`;
    let c = this.hits.get(key);
    if (!c) this.hits.set(key, (c = { target: t, size, runs: [] }));
    return c;
  }

  miss(t: TargetName): MissCell {
    let c = this.misses.get(t);
    if (!c) this.misses.set(t, (c = { target: t, pass: PASS_CHECKS[t]!, runs: [] }));
    return c;
  }

  /** Marks every measurement of `t` as not run, and why. */
  fail(t: TargetName, why: string): void {
    if (isMiss(t)) this.miss(t).error = why;
    else for (const size of SIZES) this.hit(t, size).error = why;
  }
}

export async function wrkSuite(opts: WrkSuiteOptions, env: WrkSuiteEnv): Promise<SuiteOutput | undefined> {
  const { procs, tools, repoRoot, log } = env;
  const machine = machineInfo(tools, repoRoot);
  const startedAt = new Date();
  const warnings: string[] = [];
  log(`bench: ${machine.cpuModel}, ${machine.cores} cores; node ${machine.node}; ${machine.nginx}; ${machine.wrk}`);
  if (machine.loadAverage > 0.5) {
    warnings.push(`load average was ${machine.loadAverage} when the run started: something else is using the CPUs, numbers are noisy`);
    log(`warning: ${warnings.at(-1)}`);
  }
  const openModelTargets = opts.targets.filter((t) => OPEN_MODEL_TARGETS.includes(t));
  // Built (once) before anything starts, since the build takes every core for a minute; only
  // with nginx among the targets, since the fixed rates are shares of its req/s.
  let vegeta: Vegeta | undefined;
  if (openModelTargets.includes('nginx')) {
    vegeta = await ensureVegeta(procs, repoRoot, log);
    if ('missing' in vegeta) log(`vegeta: ${vegeta.missing}; the fixed-rate runs are skipped`);
  } else if (openModelTargets.length) vegeta = { missing: 'not built: nginx is not among --targets' };
  log(`bench: wrk -t${THREADS} -c${opts.connections} -d${opts.durationS}s x ${opts.rounds} round(s), warm-up ${opts.warmupS}s; ${WORKERS} workers each`);
  const origin = await startOrigin(procs, repoRoot);
  log(`origin: http://127.0.0.1:${origin.port}`);
  const ctx: Context = { procs, repoRoot, tools, tmp: env.tmp, shm: env.shm, originPort: origin.port };

  const cells = new Cells();
  const targets = await startTargets(ctx, opts.targets, cells, startedAt, log);
  const ready = await warmAll(ctx, opts, targets, cells, warnings, log);
  await measureRounds(ctx, opts, targets, ready, cells, warnings, log);
  if (env.interrupted.aborted) return undefined;

  const rows = summarize([...cells.hits.values()]);
  const missRows = cells.misses.size ? summarizeMiss([...cells.misses.values()], opts.connections) : undefined;
  let openModel: OpenModel | undefined;
  if (vegeta) {
    log('');
    openModel = await runOpenModel({ procs, vegeta, targets, selected: openModelTargets, hitRows: rows, durationS: opts.durationS, originPort: origin.port, tmp: env.tmp, log, interrupted: env.interrupted });
    warnings.push(...openModelWarnings(openModel));
  }
  if (env.interrupted.aborted) return undefined;
  const problems = (missRows ?? []).flatMap((r) => (missProblem(r) ? [`${r.target}: ${missProblem(r)}`] : []));
  warnings.push(...problems.map((p) => `miss path, ${p}`));

  log(`\n${allTextTables({ rows, missRows, openModel })}`);
  for (const w of warnings) log(`warning: ${w}`);
  const partial = opts.quick || opts.targets.length < TARGET_NAMES.length;
  const results: Results = {
    date: dateStamp(startedAt),
    startedAt: startedAt.toISOString(),
    settings: { durationS: opts.durationS, rounds: opts.rounds, warmupS: opts.warmupS, threads: THREADS, connections: opts.connections, workers: WORKERS, quick: opts.quick },
    machine,
    rows,
    ...(missRows && { missRows }),
    ...(openModel && { openModel }),
    warnings,
  };
  const files = writeResults(resultsDir(repoRoot, partial), results);
  log(`\nresults: ${files.md}\n         ${files.json}`);
  if (problems.length === 0) return { results, files, partial };
  process.exitCode = 1;
  return { results, files, partial, failed: `miss-path checks failed: ${problems.join('; ')}` };
}

async function startTargets(ctx: Context, names: TargetName[], cells: Cells, startedAt: Date, log: (line: string) => void): Promise<Target[]> {
  // cachefront, cachefront-signed and cachefront-miss are one edge process, started once (for any of them).
  let edge: ReturnType<typeof startEdge> | undefined;
  const startSharedEdge = () => (edge ??= startEdge(ctx, WORKERS, newSigner(startedAt.getTime())));
  const starters: Record<TargetName, () => Promise<Target>> = {
    cachefront: async () => (await startSharedEdge()).unsigned,
    'cachefront-signed': async () => (await startSharedEdge()).signed,
    'cachefront-miss': async () => (await startSharedEdge()).miss,
    nginx: () => startNginx(ctx, 'nginx'),
    'nginx-ofc': () => startNginx(ctx, 'nginx-ofc'),
    'nginx-pass': () => startNginxPass(ctx),
    'cachefront-node': () => startEdgeNoFastPath(ctx, WORKERS, newSigner(startedAt.getTime())),
    'cachefront-tls': async () => (await startSharedEdge()).tls,
    'nginx-tls': () => startNginx(ctx, 'nginx-tls'),
    'cachefront-gzip': async () => (await startSharedEdge()).gzip,
    'nginx-gzip': () => startNginx(ctx, 'nginx-gzip'),
    'bare-node': () => startBareNode(ctx, WORKERS),
  };
  const targets: Target[] = [];
  for (const name of names) {
    if (isMiss(name)) cells.miss(name);
    else for (const size of SIZES) cells.hit(name, size);
    try {
      const t = await starters[name]();
      targets.push(t);
      const shown = name === 'cachefront-signed' || isMiss(name) || t.encoding ? ` (${t.path(SIZES[0] ?? 1024).split('?')[0]}${name === 'cachefront-signed' ? ', signed' : ''}${t.encoding ? `, Accept-Encoding: ${t.encoding}` : ''})` : '';
      log(`${name}: ${targetUrl(t, '')}${shown}`);
    } catch (err) {
      const label = name.startsWith('cachefront') ? 'edge' : name;
      const why = `${label}: failed to start (${message(err)})`;
      log(why);
      cells.fail(name, why);
    }
  }
  return targets;
}

/** Warms every cache (and every JIT) before anything is measured; returns the `<target>/<size>` (`<target>/miss`) keys ready to measure. */
async function warmAll(ctx: Context, opts: WrkSuiteOptions, targets: Target[], cells: Cells, warnings: string[], log: (line: string) => void): Promise<Set<string>> {
  const ready = new Set<string>();
  for (const size of SIZES) {
    for (const t of targets.filter((x) => !isMiss(x.name))) {
      try {
        await warm(ctx, t, size, opts, warnings, log);
        ready.add(`${t.name}/${size}`);
      } catch (err) {
        const c = cells.hit(t.name, size);
        c.error = `warm-up failed: ${message(err)}`;
        log(`${t.name} ${sizeLabel(size)}: ${c.error}`);
      }
    }
  }
  for (const t of targets.filter((x) => isMiss(x.name))) {
    const c = cells.miss(t.name);
    try {
      c.bodyBytes = await prepareMiss(t, c.pass, ctx.originPort);
      if (opts.warmupS > 0) await runWrk(ctx.procs, ctx.tools.wrk, { url: targetUrl(t, t.path(0)), host: HOST, threads: THREADS, connections: opts.connections, durationS: opts.warmupS });
      ready.add(`${t.name}/miss`);
    } catch (err) {
      c.error = `setup failed: ${message(err)}`;
      log(`${t.name}: ${c.error}`);
    }
  }
  return ready;
}

/** Rounds alternating targets: each size's hits, then the miss path. */
async function measureRounds(ctx: Context, opts: WrkSuiteOptions, targets: Target[], ready: Set<string>, cells: Cells, warnings: string[], log: (line: string) => void): Promise<void> {
  const load = { threads: THREADS, connections: opts.connections, durationS: opts.durationS };
  const line = (round: number, t: Target, label: string, res: { rps: number; p50Ms: number; p99Ms: number }, origin?: string) =>
    log(
      `round ${round}/${opts.rounds}  ${t.name.padEnd(NAME_WIDTH)} ${label.padStart(7)}  ` +
        `${Math.round(res.rps).toString().padStart(7)} req/s  p50 ${res.p50Ms.toFixed(2)} ms  p99 ${res.p99Ms.toFixed(2)} ms${origin === undefined ? '' : `  origin ${origin}`}`,
    );
  for (let round = 1; round <= opts.rounds; round++) {
    for (const size of SIZES) {
      for (const t of targets.filter((x) => ready.has(`${x.name}/${size}`))) {
        const c = cells.hit(t.name, size);
        if (t.proc.exitReason()) {
          c.error = `${t.name} ${t.proc.exitReason()}`;
          continue;
        }
        try {
          const before = t.caching ? await originRequestCount(ctx.originPort) : undefined;
          const res = await runWrk(ctx.procs, ctx.tools.wrk, { ...load, url: targetUrl(t, t.path(size)), host: HOST, headers: encodingHeaders(t) });
          const after = t.caching ? await originRequestCount(ctx.originPort) : undefined;
          const originRequests = before !== undefined && after !== undefined ? after - before : undefined;
          c.runs.push({ ...res, round, originRequests });
          const what = `${t.name} ${sizeLabel(size)} round ${round}`;
          if (res.non2xx > 0 || res.socketErrors > 0) warnings.push(`${what}: ${res.non2xx} non-2xx responses, ${res.socketErrors} socket errors`);
          if (originRequests) warnings.push(`${what}: ${originRequests} requests reached the origin during the measured run`);
          line(round, t, sizeLabel(size), res, t.caching ? String(originRequests ?? 'n/a') : undefined);
        } catch (err) {
          c.error = `run failed: ${message(err)}`;
          log(`${t.name} ${sizeLabel(size)}: ${c.error}`);
        }
      }
    }
    for (const t of targets.filter((x) => ready.has(`${x.name}/miss`))) {
      const c = cells.miss(t.name);
      if (t.proc.exitReason()) {
        c.error = `${t.name} ${t.proc.exitReason()}`;
        continue;
      }
      try {
        const run = await measureMiss(ctx.procs, ctx.tools.wrk, t, c.pass, load, ctx.originPort, round);
        c.runs.push(run);
        if (run.non2xx > 0 || run.socketErrors > 0) warnings.push(`${t.name} round ${round}: ${run.non2xx} non-2xx responses, ${run.socketErrors} socket errors`);
        line(round, t, 'miss', run, String(run.originRequests ?? 'n/a'));
      } catch (err) {
        c.error = `run failed: ${message(err)}`;
        log(`${t.name}: ${c.error}`);
      }
    }
  }
}

/**
 * Fills the target's cache (a few GETs on fresh connections, so every worker sees one,
 * each checked for its length), runs wrk once unrecorded so JITs are warm too, then
 * checks that one more GET is a cache hit, and runs the target's own checks (the signed
 * target: unsigned and badly signed requests are refused).
 */
/** The request headers a target's requests carry beyond Host (Accept-Encoding for the gzip targets). */
const encodingHeaders = (t: Target): Record<string, string> => (t.encoding ? { 'accept-encoding': t.encoding } : {});

async function warm(ctx: Context, t: Target, size: number, opts: WrkSuiteOptions, warnings: string[], log: (line: string) => void): Promise<void> {
  const path = t.path(size);
  const url = targetUrl(t, path);
  const shown = path.split('?')[0] ?? path;
  const headers = encodingHeaders(t);
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const res = await get(url, { host: HOST, headers });
    if (res.status !== 200) throw new Error(`GET ${shown}: HTTP ${res.status}`);
    const body = t.encoding ? decoded(res, t.encoding, shown) : res.body;
    if (body.length !== size) throw new Error(`GET ${shown}: ${body.length} bytes, expected ${size}`);
  }
  if (opts.warmupS > 0) await runWrk(ctx.procs, ctx.tools.wrk, { url, host: HOST, headers, threads: THREADS, connections: opts.connections, durationS: opts.warmupS });
  const problem = t.notAHit((await get(url, { host: HOST, headers })).headers);
  if (problem) {
    warnings.push(`${t.name} ${sizeLabel(size)}: warmed response is not a cache hit: ${problem}`);
    log(`warning: ${t.name} ${sizeLabel(size)}: warmed response is not a cache hit: ${problem}`);
  }
  await t.verify?.(size);
}

/** The body of an answer that must be `encoding`-compressed, decompressed (so its length can be checked). */
function decoded(res: { headers: Record<string, unknown>; body: Buffer }, encoding: 'gzip', shown: string): Buffer {
  if (res.headers['content-encoding'] !== encoding) throw new Error(`GET ${shown} with Accept-Encoding: ${encoding}: Content-Encoding is '${String(res.headers['content-encoding'] ?? '(none)')}'`);
  return gunzipSync(res.body);
}
