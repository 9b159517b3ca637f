// Load scenarios (bench/scenarios/*.ts), driven by autocannon, in a k6-like shape: each
// scenario module exports `options` (description, duration, connections), `plan(env)`
// (the edge config it needs, an optional setup, the requests), `checks` (named boolean
// assertions evaluated on every response, like k6's check()) and `thresholds` (named
// conditions on the whole run, like k6's thresholds). This file is the runner: it starts
// an origin and an edge (2 workers) per scenario and the references (bare node:http,
// nginx), warms up, runs the rounds in alternation (each run: ./autocannon.ts) and
// summarizes them. See bench/README.md ("Scenarios").
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { cacheOutcomes, runLoad, type Checks, type CheckTally, type LoadRun, type PlannedRequest } from './autocannon.ts';
import type { HttpResult } from './http.ts';
import type { Proc, ProcessGroup } from './procs.ts';
import { median } from './report.ts';
import { newSigner, type Signer } from './signed.ts';
import { cli, HOST, originRequestCount, startBareNode, startNginx, startOrigin, type Context, type Target } from './targets.ts';
import type { Tools } from './tools.ts';

export type { CheckedResponse, Checks, CheckTally, LoadRun, OutgoingRequest, PlannedRequest, RequestContext } from './autocannon.ts';

export const HIT = 'Hit from cachefront';
export const MISS = 'Miss from cachefront';

// ---- What a scenario module exports -------------------------------------------------

export interface ScenarioOptions {
  description: string;
  /** Seconds per measured run (`--scenario-duration` overrides it). */
  duration: number;
  /** Concurrent connections (`--connections` overrides it). */
  connections: number;
  /** Extra `cachefront edge` flags, e.g. `--dev-viewer-address-header`. */
  edgeArgs?: readonly string[];
  /**
   * A throughput scenario: also measure this request target (same Host) on the bare
   * node:http server and nginx proxy_cache in the same round, and report the ratios.
   */
  reference?: { path: string };
  /** Another scenario to compare with, round by round (e.g. signed hits vs unsigned hits). */
  versus?: string;
  /**
   * The checks read the body. autocannon then decodes every body into a string, which for
   * binary bodies costs the load generator more than anything else; without this, checks
   * see an empty body (judge binary bodies by content-length anyway).
   */
  body?: boolean;
}

/** What plan() gets: the scenario's own origin, the Host to send, the bench's key pair. */
export interface ScenarioEnv {
  originPort: number;
  host: string;
  repoRoot: string;
  /** Tells this run's URLs from any other's. */
  runId: string;
  /** The bench's RSA 2048 key pair (made on first use, one per suite). */
  signer(): Signer;
}

/** The edge a scenario runs against, for its setup. */
export interface EdgeUnderTest {
  port: number;
  host: string;
  workers: number;
  /** One GET on a fresh connection (so the workers take turns), with the scenario's Host. */
  get(path: string, headers?: Record<string, string>): Promise<HttpResult>;
  /** A GET straight to the scenario's origin (what the edge would get without its config). */
  getFromOrigin(path: string, headers?: Record<string, string>): Promise<HttpResult>;
  /** Requests the scenario's origin has answered so far. */
  originRequests(): Promise<number | undefined>;
}

/** One setup assertion (made once, before anything is measured). */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/** A whole measured run, for thresholds. */
export interface RunFacts {
  responses: number;
  statusCodes: Readonly<Record<string, number>>;
  /** Responses by X-Cache value ('(none)' without one). */
  xCache: Readonly<Record<string, number>>;
  /** Hit and RefreshHit responses. */
  hits: number;
  misses: number;
  errors: number;
  timeouts: number;
  /** Requests the scenario's origin answered during the run; undefined when unknown. */
  originRequests: number | undefined;
  connections: number;
}

/** k6's thresholds: name -> why the run fails it, or undefined when it passes. */
export type Thresholds = Readonly<Record<string, (run: RunFacts) => string | undefined>>;

export interface Plan {
  /** The YAML for `cachefront edge --config`. */
  config: string;
  /** Before the warm-up: fill the cache, assert what one request at a time can show. */
  setup?(edge: EdgeUnderTest): Promise<CheckResult[]>;
  /** The request sequence each connection loops over; called once per run (warm-up, each round). */
  requests(): PlannedRequest[];
}

export interface ScenarioModule {
  options: ScenarioOptions;
  plan(env: ScenarioEnv): Plan;
  checks: Checks;
  thresholds?: Thresholds;
}

export interface Scenario extends ScenarioModule {
  name: string;
}

export function runFacts(run: LoadRun, originRequests: number | undefined, connections: number): RunFacts {
  const { hits, misses } = cacheOutcomes(run.xCache);
  return { responses: run.responses, statusCodes: run.statusCodes, xCache: run.xCache, hits, misses, errors: run.errors, timeouts: run.timeouts, originRequests, connections };
}

// ---- Processes ------------------------------------------------------------------------

const READY_MS = 20_000;

/** GET on a fresh connection with these headers (node:http, so Host can be set). */
export function httpGet(port: number, path: string, headers: Record<string, string>, timeoutMs = 5000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** `cachefront edge --config <file> --port 0`; ready when it logs its url (every worker listens). */
export async function startScenarioEdge(procs: ProcessGroup, repoRoot: string, name: string, configFile: string, workers: number, extraArgs: readonly string[]): Promise<{ proc: Proc; port: number }> {
  const args = [cli(repoRoot), 'edge', '--config', configFile, '--port', '0', '--host', '127.0.0.1', '--workers', String(workers), ...extraArgs];
  const proc = procs.start(`edge ${name}`, process.execPath, args, { cwd: repoRoot });
  const url = (line: string): string | undefined => {
    if (!line.startsWith('{')) return undefined;
    try {
      const u = (JSON.parse(line) as { url?: unknown }).url;
      return typeof u === 'string' ? u : undefined;
    } catch {
      return undefined;
    }
  };
  try {
    const listening = await proc.waitForLine('its url', url, READY_MS);
    return { proc, port: Number(new URL(listening).port) };
  } catch (err) {
    await procs.stop(proc);
    throw err;
  }
}

// ---- The suite -------------------------------------------------------------------------

export const REFERENCE_NAMES = ['bare-node', 'nginx'] as const;
export type ReferenceName = (typeof REFERENCE_NAMES)[number];

export interface SuiteOptions {
  procs: ProcessGroup;
  repoRoot: string;
  /** Scratch directory: configs, nginx's files. */
  tmp: string;
  scenarios: readonly Scenario[];
  rounds: number;
  /** Overrides each scenario's duration. */
  durationS?: number;
  /** Overrides each scenario's connections. */
  connections?: number;
  /** Seconds of unrecorded load per scenario and reference before round 1 (0: none). */
  warmupS: number;
  /** Edge (and bare-node, nginx) workers. */
  workers: number;
  references: readonly ReferenceName[];
  /** Needed for the nginx reference: its binary, and a tmpfs directory for its cache. */
  nginx?: { tools: Tools; shm: string };
  log(line: string): void;
  interrupted?: AbortSignal;
}

export interface ScenarioRun extends LoadRun {
  round: number;
  originRequests: number | undefined;
  /** Threshold name -> why it failed in this run; null when it passed. */
  thresholds: Record<string, string | null>;
}

export interface ReferenceRun {
  round: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  responses: number;
  non2xx: number;
  errors: number;
}

/** This scenario against another target or scenario, round by round, then the median. */
export interface Comparison {
  against: string;
  /** The other side's median figures. */
  rps?: number;
  p99Ms?: number;
  rpsRatioByRound: number[];
  rpsRatio?: number;
  p99RatioByRound: number[];
  p99Ratio?: number;
  /** The reference's own runs (bare-node, nginx); a scenario's are in its own summary. */
  runs?: ReferenceRun[];
  error?: string;
}

export interface ScenarioSummary {
  name: string;
  description: string;
  durationS: number;
  connections: number;
  edgeArgs: string[];
  /** Measured runs done. */
  rounds: number;
  /** Medians over the rounds (each taken on its own). */
  rps?: number;
  p50Ms?: number;
  p90Ms?: number;
  p99Ms?: number;
  /** Sums over the rounds. */
  responses: number;
  statusCodes: Record<string, number>;
  xCache: Record<string, number>;
  /** (Hit + RefreshHit) / responses over all rounds. */
  hitRatio?: number;
  setupChecks: CheckResult[];
  checks: Record<string, CheckTally>;
  thresholds: Record<string, { ok: boolean; failures: string[] }>;
  comparisons: Comparison[];
  /** Every setup check, check and threshold passed, with at least one response. */
  passed: boolean;
  error?: string;
  runs: ScenarioRun[];
}

export interface ScenarioSuiteResults {
  settings: { rounds: number; durationS: number | 'per scenario'; connections: number | 'per scenario'; warmupS: number; workers: number; references: ReferenceName[] };
  scenarios: ScenarioSummary[];
  warnings: string[];
}

interface Live {
  scenario: Scenario;
  durationS: number;
  connections: number;
  plan?: Plan;
  origin?: { proc: Proc; port: number };
  edge?: { proc: Proc; port: number };
  setupChecks: CheckResult[];
  runs: ScenarioRun[];
  refRuns: Map<ReferenceName, ReferenceRun[]>;
  error?: string;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
/** Requests on fresh connections that fill every worker's cache of a reference. */
const REFERENCE_FILL = 8;

/**
 * Starts an origin and an edge per scenario (all at once), and the references; then per
 * scenario its setup and an unrecorded warm-up; then `rounds` rounds, each running every
 * scenario (and right after it, its references) once. Everything it started is stopped
 * before it returns.
 */
export async function runScenarioSuite(o: SuiteOptions): Promise<ScenarioSuiteResults> {
  const { procs, log } = o;
  const warnings: string[] = [];
  const runId = Date.now().toString(36);
  let signer: Signer | undefined;
  const started: Proc[] = [];
  const live: Live[] = o.scenarios.map((scenario) => ({
    scenario,
    durationS: o.durationS ?? scenario.options.duration,
    connections: o.connections ?? scenario.options.connections,
    setupChecks: [],
    runs: [],
    refRuns: new Map(),
  }));

  try {
    // Each scenario has its own origin, so its origin count is its own (a miss in flight
    // when another scenario's run stops cannot land in this one's).
    await Promise.all(
      live.map(async (l) => {
        const name = l.scenario.name;
        try {
          l.origin = await startOrigin(procs, o.repoRoot);
          started.push(l.origin.proc);
          const env: ScenarioEnv = { originPort: l.origin.port, host: HOST, repoRoot: o.repoRoot, runId, signer: () => (signer ??= newSigner(Date.now())) };
          l.plan = l.scenario.plan(env);
          const dir = join(o.tmp, name);
          mkdirSync(dir, { recursive: true });
          const config = join(dir, 'edge.yaml');
          writeFileSync(config, l.plan.config);
          l.edge = await startScenarioEdge(procs, o.repoRoot, name, config, o.workers, l.scenario.options.edgeArgs ?? []);
          started.push(l.edge.proc);
          log(`${name}: edge http://127.0.0.1:${l.edge.port}, origin http://127.0.0.1:${l.origin.port}`);
        } catch (err) {
          l.error = `failed to start: ${message(err)}`;
          log(`${name}: ${l.error}`);
        }
      }),
    );
    o.interrupted?.throwIfAborted();

    const references = await startReferences(o, live, started, warnings);
    o.interrupted?.throwIfAborted();

    for (const l of live) {
      if (l.error || !l.plan || !l.edge || !l.origin) continue;
      const originPort = l.origin.port;
      const edge: EdgeUnderTest = {
        port: l.edge.port,
        host: HOST,
        workers: o.workers,
        get: (path, headers = {}) => httpGet(l.edge!.port, path, { host: HOST, ...headers }),
        getFromOrigin: (path, headers = {}) => httpGet(originPort, path, { host: HOST, ...headers }),
        originRequests: () => originRequestCount(originPort),
      };
      try {
        l.setupChecks = (await l.plan.setup?.(edge)) ?? [];
        for (const c of l.setupChecks.filter((c) => !c.ok)) log(`${l.scenario.name}: setup check failed: ${c.name}${c.detail ? ` (${c.detail})` : ''}`);
        if (o.warmupS > 0) await runLoad({ port: l.edge.port, host: HOST, durationS: o.warmupS, connections: l.connections, requests: l.plan.requests(), checks: l.scenario.checks, body: l.scenario.options.body, signal: o.interrupted });
      } catch (err) {
        l.error = `setup failed: ${message(err)}`;
        log(`${l.scenario.name}: ${l.error}`);
      }
    }

    const width = Math.max(...live.map((l) => l.scenario.name.length), ...REFERENCE_NAMES.map((n) => n.length + 2));
    for (let round = 1; round <= o.rounds; round++) {
      for (const l of live) {
        if (o.interrupted?.aborted) break;
        if (l.error || !l.plan || !l.edge || !l.origin) continue;
        const gone = l.edge.proc.exitReason() ?? l.origin.proc.exitReason();
        if (gone) {
          l.error = `round ${round}: ${gone}`;
          continue;
        }
        try {
          const before = await originRequestCount(l.origin.port);
          const run = await runLoad({ port: l.edge.port, host: HOST, durationS: l.durationS, connections: l.connections, requests: l.plan.requests(), checks: l.scenario.checks, body: l.scenario.options.body, signal: o.interrupted });
          const after = await originRequestCount(l.origin.port);
          const originRequests = before !== undefined && after !== undefined ? after - before : undefined;
          const facts = runFacts(run, originRequests, l.connections);
          const thresholds: Record<string, string | null> = {};
          for (const [name, t] of Object.entries(l.scenario.thresholds ?? {})) thresholds[name] = t(facts) ?? null;
          l.runs.push({ ...run, round, originRequests, thresholds });
          const failed = Object.values(run.checks).reduce((n, t) => n + t.fails, 0);
          const passed = Object.values(run.checks).reduce((n, t) => n + t.passes, 0);
          log(
            `round ${round}/${o.rounds}  ${l.scenario.name.padEnd(width)}  ${Math.round(run.rps).toString().padStart(6)} req/s  ` +
              `p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms  checks ${passed} passed, ${failed} failed  ` +
              `hits ${facts.hits}/${facts.responses}  origin ${originRequests ?? 'n/a'}`,
          );
        } catch (err) {
          l.error = `round ${round}: ${message(err)}`;
          log(`${l.scenario.name}: ${l.error}`);
          continue;
        }
        const path = l.scenario.options.reference?.path;
        if (path === undefined) continue;
        for (const [name, target] of references) {
          if (target.proc.exitReason()) continue;
          try {
            const run = await runLoad({ port: target.port, host: HOST, durationS: l.durationS, connections: l.connections, requests: [{ path }], checks: l.scenario.checks, body: l.scenario.options.body, signal: o.interrupted });
            const non2xx = Object.entries(run.statusCodes).reduce((n, [code, c]) => n + (code.startsWith('2') ? 0 : c), 0);
            const ref: ReferenceRun = { round, rps: run.rps, p50Ms: run.p50Ms, p90Ms: run.p90Ms, p99Ms: run.p99Ms, responses: run.responses, non2xx, errors: run.errors };
            l.refRuns.set(name, [...(l.refRuns.get(name) ?? []), ref]);
            if (non2xx > 0 || run.errors > 0) warnings.push(`${name} for ${l.scenario.name}, round ${round}: ${non2xx} non-2xx responses, ${run.errors} errors`);
            log(`round ${round}/${o.rounds}  ${`  ${name}`.padEnd(width)}  ${Math.round(run.rps).toString().padStart(6)} req/s  p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms`);
          } catch (err) {
            warnings.push(`${name} for ${l.scenario.name}, round ${round}: ${message(err)}`);
          }
        }
      }
    }

    const referenceErrors = new Map<ReferenceName, string>();
    for (const name of o.references) if (!references.has(name)) referenceErrors.set(name, warnings.find((w) => w.startsWith(`${name}:`)) ?? `${name}: not started`);
    const summaries = live.map((l) => summarizeScenario(l, o.references, referenceErrors));
    for (const s of summaries) addVersus(s, summaries, o.scenarios);
    return {
      settings: {
        rounds: o.rounds,
        durationS: o.durationS ?? 'per scenario',
        connections: o.connections ?? 'per scenario',
        warmupS: o.warmupS,
        workers: o.workers,
        references: [...o.references],
      },
      scenarios: summaries,
      warnings,
    };
  } finally {
    await Promise.all(started.map((p) => procs.stop(p)));
  }
}

/**
 * The references the selected scenarios ask for, each filled and warmed on every reference
 * path; one that fails to start or warm is left out with a warning.
 */
async function startReferences(o: SuiteOptions, live: Live[], started: Proc[], warnings: string[]): Promise<Map<ReferenceName, Target>> {
  const out = new Map<ReferenceName, Target>();
  const paths = [...new Set(live.filter((l) => !l.error).flatMap((l) => (l.scenario.options.reference ? [l.scenario.options.reference.path] : [])))];
  if (paths.length === 0) return out;
  const connections = Math.max(...live.map((l) => l.connections));
  for (const name of o.references) {
    try {
      let target: Target;
      if (name === 'nginx') {
        if (!o.nginx) throw new Error('no nginx binary given');
        // nginx caches in front of an origin of its own (it is never asked for anything else).
        const origin = await startOrigin(o.procs, o.repoRoot);
        started.push(origin.proc);
        const ctx: Context = { procs: o.procs, repoRoot: o.repoRoot, tools: o.nginx.tools, tmp: o.tmp, shm: o.nginx.shm, originPort: origin.port };
        target = await startNginx(ctx);
      } else {
        // bare-node has no origin and needs no tools: the context's tools are never used.
        const ctx: Context = { procs: o.procs, repoRoot: o.repoRoot, tools: { wrk: '', nginx: '' }, tmp: o.tmp, shm: o.tmp, originPort: 0 };
        target = await startBareNode(ctx, o.workers);
      }
      started.push(target.proc);
      for (const path of paths) {
        for (let i = 0; i < REFERENCE_FILL; i++) {
          const res = await httpGet(target.port, path, { host: HOST });
          if (res.status !== 200) throw new Error(`GET ${path.split('?')[0]}: HTTP ${res.status}`);
        }
        if (o.warmupS > 0) await runLoad({ port: target.port, host: HOST, durationS: o.warmupS, connections, requests: [{ path }], checks: {}, signal: o.interrupted });
        const problem = target.notAHit((await httpGet(target.port, path, { host: HOST })).headers);
        if (problem) warnings.push(`${name}: warmed ${path.split('?')[0]} is not a cache hit: ${problem}`);
      }
      out.set(name, target);
      o.log(`${name}: http://127.0.0.1:${target.port} (reference)`);
    } catch (err) {
      warnings.push(`${name}: failed to start (${message(err)})`);
      o.log(`${name}: failed to start (${message(err)})`);
    }
  }
  return out;
}

const sumInto = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
};

/** Per-round ratios of `mine` over `theirs` (rounds where either has no run are left out). */
export function ratiosByRound(mine: readonly { round: number; value: number }[], theirs: readonly { round: number; value: number }[]): number[] {
  const out: number[] = [];
  for (const m of mine) {
    const t = theirs.find((r) => r.round === m.round);
    if (t && t.value > 0) out.push(m.value / t.value);
  }
  return out;
}

function compare(against: string, mine: readonly ScenarioRun[], theirs: readonly ReferenceRun[]): Comparison {
  const rpsRatioByRound = ratiosByRound(mine.map((r) => ({ round: r.round, value: r.rps })), theirs.map((r) => ({ round: r.round, value: r.rps })));
  const p99RatioByRound = ratiosByRound(mine.map((r) => ({ round: r.round, value: r.p99Ms })), theirs.map((r) => ({ round: r.round, value: r.p99Ms })));
  return {
    against,
    ...(theirs.length > 0 && { rps: median(theirs.map((r) => r.rps)), p99Ms: median(theirs.map((r) => r.p99Ms)) }),
    rpsRatioByRound,
    ...(rpsRatioByRound.length > 0 && { rpsRatio: median(rpsRatioByRound) }),
    p99RatioByRound,
    ...(p99RatioByRound.length > 0 && { p99Ratio: median(p99RatioByRound) }),
  };
}

function summarizeScenario(l: Live, references: readonly ReferenceName[], referenceErrors: Map<ReferenceName, string>): ScenarioSummary {
  const { scenario, runs } = l;
  const statusCodes: Record<string, number> = {};
  const xCache: Record<string, number> = {};
  const checks: Record<string, CheckTally> = Object.fromEntries(Object.keys(scenario.checks).map((n) => [n, { passes: 0, fails: 0 }]));
  const thresholds: Record<string, { ok: boolean; failures: string[] }> = Object.fromEntries(Object.keys(scenario.thresholds ?? {}).map((n) => [n, { ok: true, failures: [] }]));
  for (const r of runs) {
    sumInto(statusCodes, r.statusCodes);
    sumInto(xCache, r.xCache);
    for (const [name, t] of Object.entries(r.checks)) {
      const into = (checks[name] ??= { passes: 0, fails: 0 });
      into.passes += t.passes;
      into.fails += t.fails;
      if (t.firstFailure && !into.firstFailure) into.firstFailure = `round ${r.round}: ${t.firstFailure}`;
    }
    for (const [name, why] of Object.entries(r.thresholds)) {
      if (why === null) continue;
      const into = (thresholds[name] ??= { ok: true, failures: [] });
      into.ok = false;
      into.failures.push(`round ${r.round}: ${why}`);
    }
  }
  const responses = runs.reduce((n, r) => n + r.responses, 0);
  const { hits } = cacheOutcomes(xCache);
  const comparisons: Comparison[] = [];
  if (scenario.options.reference) {
    for (const name of references) {
      const c = compare(name, runs, l.refRuns.get(name) ?? []);
      c.runs = l.refRuns.get(name) ?? [];
      const why = referenceErrors.get(name);
      if (why) c.error = why;
      comparisons.push(c);
    }
  }
  const passed =
    !l.error &&
    runs.length > 0 &&
    responses > 0 &&
    l.setupChecks.every((c) => c.ok) &&
    Object.values(checks).every((t) => t.fails === 0 && t.passes > 0) &&
    Object.values(thresholds).every((t) => t.ok);
  return {
    name: scenario.name,
    description: scenario.options.description,
    durationS: l.durationS,
    connections: l.connections,
    edgeArgs: [...(scenario.options.edgeArgs ?? [])],
    rounds: runs.length,
    ...(runs.length > 0 && {
      rps: median(runs.map((r) => r.rps)),
      p50Ms: median(runs.map((r) => r.p50Ms)),
      p90Ms: median(runs.map((r) => r.p90Ms)),
      p99Ms: median(runs.map((r) => r.p99Ms)),
    }),
    responses,
    statusCodes,
    xCache,
    ...(responses > 0 && { hitRatio: hits / responses }),
    setupChecks: l.setupChecks,
    checks,
    thresholds,
    comparisons,
    passed,
    ...(l.error && { error: l.error }),
    runs,
  };
}

/** `options.versus`: this scenario's runs against the other scenario's in the same rounds. */
function addVersus(s: ScenarioSummary, all: readonly ScenarioSummary[], scenarios: readonly Scenario[]): void {
  const versus = scenarios.find((x) => x.name === s.name)?.options.versus;
  if (!versus) return;
  const other = all.find((x) => x.name === versus);
  if (!other) return; // not selected in this run
  const theirs: ReferenceRun[] = other.runs.map((r) => ({ round: r.round, rps: r.rps, p50Ms: r.p50Ms, p90Ms: r.p90Ms, p99Ms: r.p99Ms, responses: r.responses, non2xx: 0, errors: r.errors }));
  s.comparisons.push(compare(versus, s.runs, theirs));
}
