// `npm run bench`: three suites, one after the other (`--only` picks one).
//   wrk: cache-hit throughput and latency of the cachefront edge (unsigned and signed URLs)
//        against nginx proxy_cache and a bare node:http server, all in front of the same
//        test origin.
//   scenarios: load scenarios in TypeScript (bench/scenarios/*.ts) driven by autocannon,
//        with checks on every response (bench/lib/scenarios.ts).
//   propagation: invalidation -> Completed and config change -> Deployed across three
//        edges following a control plane (bench/propagation.ts).
// Each suite writes its own results files; the run writes one more pair covering them all.
// See bench/README.md. Everything listens on 127.0.0.1 and is stopped on the way out.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, usageFail } from './lib/cli.ts';
import { get } from './lib/http.ts';
import { propagationTextTable, writePropagationResults } from './lib/propagation-report.ts';
import { ProcessGroup } from './lib/procs.ts';
import {
  dateStamp,
  resultsDir,
  scenarioProblem,
  scenarioTextTable,
  sizeLabel,
  summarize,
  textTable,
  writeCombinedResults,
  writeResults,
  writeScenarioResults,
  type Cell,
  type SuiteOutcome,
} from './lib/report.ts';
import { REFERENCE_NAMES, runScenarioSuite } from './lib/scenarios.ts';
import { newSigner } from './lib/signed.ts';
import {
  HOST,
  originRequestCount,
  startBareNode,
  startEdge,
  startNginx,
  startOrigin,
  TARGET_NAMES,
  type Context,
  type Target,
  type TargetName,
} from './lib/targets.ts';
import { busyCores, ensureTools, machineInfo, type Tools } from './lib/tools.ts';
import { runWrk } from './lib/wrk.ts';
import { DEFAULT_RUNS, propagationSuite } from './propagation.ts';
import { SCENARIO_NAMES, SCENARIOS } from './scenarios/index.ts';

const SUITES = ['wrk', 'scenarios', 'propagation'] as const;
type Suite = (typeof SUITES)[number];

const USAGE = `usage: npm run bench -- [options]   (or: node bench/run.ts [options])

  --only <suite>      run one suite: wrk, scenarios or propagation (default: all three, in that order)
  --quick             wrk and scenarios: 3s x 1 round, 1s warm-up; propagation: 10 runs;
                      results go to bench/results/tmp/
  -h, --help

wrk suite (cache hits: cachefront, unsigned and signed URLs, vs nginx vs bare node):
  --duration <N>[s]   seconds per measured wrk run (default 10)
  --rounds <N>        rounds, alternating targets; the median is reported (default 3)
  --warmup <N>[s]     unrecorded wrk run per target and size before round 1 (default 2)
  --connections <N>   wrk connections (default 64); given, also every scenario's
  --targets <list>    comma-separated subset of ${TARGET_NAMES.join(',')} (default all)

scenarios suite (autocannon; bench/scenarios/*.ts; checks on every response):
  --scenarios <list>  comma-separated subset of ${SCENARIO_NAMES.join(',')} (default all)
  --scenario-duration <N>[s]
                      seconds per measured run (default: each scenario's own, 10)
  --scenario-rounds <N>
                      rounds, alternating scenarios; the median is reported (default 3)
                      (--warmup applies here too: per scenario and reference)

propagation suite (control plane -> 3 edges x 2 workers):
  --runs <N>          invalidations and config changes, each (default ${DEFAULT_RUNS});
                      fewer than ${DEFAULT_RUNS}: results go to bench/results/tmp/
  --log-level <L>     the control plane's and edges' log level (default info)
  --keep-logs         keep their logs in bench/results/tmp/propagation-logs/
`;

const SIZES = [1024, 100 * 1024];
const WORKERS = 2;
const THREADS = 2;
const WARM_REQUESTS = 8;
const NAME_WIDTH = Math.max(...TARGET_NAMES.map((n) => n.length));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

function fail(message: string): never {
  usageFail('bench', USAGE, message);
}

function positive(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/s$/, ''));
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) fail(`--${name} needs a whole number${allowZero ? '' : ' > 0'}, got '${raw}'`);
  return n;
}

function options() {
  const parsed = benchArgs('bench', USAGE, {
    strings: ['duration', 'rounds', 'warmup', 'connections', 'targets', 'scenarios', 'scenario-duration', 'scenario-rounds', 'only', 'runs', 'log-level'],
    booleans: ['quick', 'keep-logs'],
  }).values;
  const quick = parsed.quick === true;
  const targets = (parsed.targets?.split(',').map((t) => t.trim()) ?? [...TARGET_NAMES]) as TargetName[];
  const unknown = targets.filter((t) => !TARGET_NAMES.includes(t));
  if (unknown.length) fail(`unknown target(s) ${unknown.join(', ')}; choose from ${TARGET_NAMES.join(', ')}`);
  const scenarios = parsed.scenarios?.split(',').map((t) => t.trim()) ?? [...SCENARIO_NAMES];
  const unknownScenarios = scenarios.filter((t) => !SCENARIO_NAMES.includes(t));
  if (unknownScenarios.length) fail(`unknown scenario(s) ${unknownScenarios.join(', ')}; choose from ${SCENARIO_NAMES.join(', ')}`);
  const only = parsed.only as Suite | undefined;
  if (only !== undefined && !SUITES.includes(only)) fail(`--only takes ${SUITES.join(', ')}, got '${only}'`);
  const logLevel = parsed['log-level'] ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error'].includes(logLevel)) fail(`--log-level takes trace, debug, info, warn or error, got '${logLevel}'`);
  return {
    suites: only ? [only] : [...SUITES],
    quick,
    durationS: positive('duration', parsed.duration, quick ? 3 : 10),
    rounds: positive('rounds', parsed.rounds, quick ? 1 : 3),
    warmupS: positive('warmup', parsed.warmup, quick ? 1 : 2, true),
    connections: positive('connections', parsed.connections, 64),
    targets: TARGET_NAMES.filter((t) => targets.includes(t)),
    scenarios: SCENARIOS.filter((s) => scenarios.includes(s.name)),
    /** undefined: each scenario's own duration. */
    scenarioDurationS: parsed['scenario-duration'] === undefined && !quick ? undefined : positive('scenario-duration', parsed['scenario-duration'], 3),
    scenarioRounds: positive('scenario-rounds', parsed['scenario-rounds'], quick ? 1 : 3),
    /** undefined: each scenario's own connections. */
    scenarioConnections: parsed.connections === undefined ? undefined : positive('connections', parsed.connections, 64),
    runs: positive('runs', parsed.runs, quick ? 10 : DEFAULT_RUNS),
    logLevel,
    keepLogs: parsed['keep-logs'] === true,
  };
}

type Options = ReturnType<typeof options>;

const log = (line: string) => process.stdout.write(`${line}\n`);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function main(): Promise<void> {
  const opts = options();
  // wrk needs both; scenarios use nginx as a reference.
  const tools = opts.suites.includes('wrk') || opts.suites.includes('scenarios') ? ensureTools() : undefined;
  const startedAt = new Date();
  const procs = new ProcessGroup();
  // Temp dirs (configs, logs, the tmpfs cache, the control plane's database) of the suite running.
  const dirs = new Set<string>();
  const tempDir = (parent: string, prefix: string) => {
    const dir = mkdtempSync(join(parent, prefix));
    dirs.add(dir);
    return dir;
  };
  const removeDirs = () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs.clear();
  };

  // One way out, whichever comes first: the end of main, an error, Ctrl-C, SIGTERM.
  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= procs.stopAll().finally(removeDirs));
  // Interrupted: the suite stops measuring and writes no (partial) results.
  const interrupted = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      interrupted.abort();
      log(`\nbench: ${sig}, stopping everything it started`);
      void shutdown().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    procs.killAllNow();
    removeDirs();
  });

  const suites: Record<Suite, () => Promise<SuiteOutput | undefined>> = {
    wrk: () => wrkSuite(opts, procs, tools!, tempDir, interrupted.signal),
    scenarios: () => scenariosSuite(opts, procs, tools!, tempDir, interrupted.signal),
    propagation: () => propagation(opts, procs, tempDir, interrupted.signal),
  };
  const outcomes: SuiteOutcome[] = [];
  let partial = opts.quick || opts.suites.length < SUITES.length;
  try {
    for (const name of opts.suites) {
      try {
        const out = await suites[name]();
        if (out) {
          outcomes.push({ suite: name, results: out.results, markdown: readFileSync(out.files.md, 'utf8'), files: out.files, ...(out.failed && { error: out.failed }) });
          partial ||= out.partial;
        }
      } catch (err) {
        if (interrupted.signal.aborted) break; // what failed is the processes going away
        process.stderr.write(`bench: the ${name} suite failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
        outcomes.push({ suite: name, error: message(err) });
      } finally {
        // Nothing of one suite runs (or takes CPU) during the next.
        await procs.stopStarted();
        removeDirs();
      }
    }
    if (!interrupted.signal.aborted && outcomes.length > 0) {
      // One pair of files for the whole run: bench/results/<date>.{md,json} for a full run
      // of every suite, bench/results/tmp/ otherwise (--quick, --only, subsets).
      const files = writeCombinedResults(resultsDir(REPO_ROOT, partial), { date: dateStamp(startedAt), startedAt: startedAt.toISOString(), machine: machineInfo(tools, REPO_ROOT), suites: outcomes });
      log(`\nall suites: ${files.md}\n            ${files.json}`);
    }
  } finally {
    await shutdown();
  }
}

/** What a suite wrote: its results, their files, and whether they went to bench/results/tmp. */
interface SuiteOutput {
  results: unknown;
  files: { json: string; md: string };
  partial: boolean;
  /** Results were written, but the suite did not pass (a failed check, a missed run). */
  failed?: string;
}

type TempDir = (parent: string, prefix: string) => string;

/** A suite's temp dir and tmpfs dir (the cache). Started as root, nginx's workers run as `nobody` and must reach their files in both. */
function nginxDirs(tempDir: TempDir, prefix: string): { tmp: string; shm: string } {
  const tmp = tempDir(tmpdir(), prefix);
  const shm = tempDir('/dev/shm', prefix);
  for (const dir of [tmp, shm]) chmodSync(dir, 0o755);
  return { tmp, shm };
}

async function wrkSuite(opts: Options, procs: ProcessGroup, tools: Tools, tempDir: TempDir, interrupted: AbortSignal): Promise<SuiteOutput | undefined> {
  const machine = machineInfo(tools, REPO_ROOT);
  const startedAt = new Date();
  const { tmp, shm } = nginxDirs(tempDir, 'cachefront-bench-');

  const warnings: string[] = [];
  log(`bench: ${machine.cpuModel}, ${machine.cores} cores; node ${machine.node}; ${machine.nginx}; ${machine.wrk}`);
  if (machine.loadAverage > 0.5) {
    warnings.push(`load average was ${machine.loadAverage} when the run started: something else is using the CPUs, numbers are noisy`);
    log(`warning: ${warnings.at(-1)}`);
  }
  log(`bench: wrk -t${THREADS} -c${opts.connections} -d${opts.durationS}s x ${opts.rounds} round(s), warm-up ${opts.warmupS}s; ${WORKERS} workers each`);
  const origin = await startOrigin(procs, REPO_ROOT);
  log(`origin: http://127.0.0.1:${origin.port}`);
  const ctx: Context = { procs, repoRoot: REPO_ROOT, tools, tmp, shm, originPort: origin.port };
  // cachefront and cachefront-signed are one edge process, started once (for either).
  let edge: ReturnType<typeof startEdge> | undefined;
  const startSharedEdge = () => (edge ??= startEdge(ctx, WORKERS, newSigner(startedAt.getTime())));
  const starters: Record<TargetName, () => Promise<Target>> = {
    cachefront: async () => (await startSharedEdge()).unsigned,
    'cachefront-signed': async () => (await startSharedEdge()).signed,
    nginx: () => startNginx(ctx),
    'bare-node': () => startBareNode(ctx, WORKERS),
  };

  const cells = new Map<string, Cell>();
  const cell = (t: TargetName, size: number) => {
    const key = `${t}/${size}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { target: t, size, runs: [] }));
    return c;
  };
  const targets: Target[] = [];
  for (const name of opts.targets) {
    for (const size of SIZES) cell(name, size);
    try {
      const t = await starters[name]();
      targets.push(t);
      log(`${name}: http://127.0.0.1:${t.port}${name === 'cachefront-signed' ? ` (${t.path(SIZES[0] ?? 1024).split('?')[0]}, signed)` : ''}`);
    } catch (err) {
      const label = name.startsWith('cachefront') ? 'edge' : name;
      const why = `${label}: failed to start (${message(err)})`;
      log(why);
      for (const size of SIZES) cell(name, size).error = why;
    }
  }

  // Warm every cache (and every JIT) before anything is measured.
  const ready = new Set<string>();
  for (const size of SIZES) {
    for (const t of targets) {
      const c = cell(t.name, size);
      try {
        await warm(t, size, opts.warmupS, opts.connections, tools.wrk, procs, warnings);
        ready.add(`${t.name}/${size}`);
      } catch (err) {
        c.error = `warm-up failed: ${message(err)}`;
        log(`${t.name} ${sizeLabel(size)}: ${c.error}`);
      }
    }
  }

  for (let round = 1; round <= opts.rounds; round++) {
    for (const size of SIZES) {
      for (const t of targets) {
        if (!ready.has(`${t.name}/${size}`)) continue;
        const c = cell(t.name, size);
        if (t.proc.exitReason()) {
          c.error = `${t.name} ${t.proc.exitReason()}`;
          continue;
        }
        try {
          const before = t.caching ? await originRequestCount(origin.port) : undefined;
          const res = await runWrk(procs, tools.wrk, {
            url: `http://127.0.0.1:${t.port}${t.path(size)}`,
            host: HOST,
            threads: THREADS,
            connections: opts.connections,
            durationS: opts.durationS,
          });
          const after = t.caching ? await originRequestCount(origin.port) : undefined;
          const originRequests = before !== undefined && after !== undefined ? after - before : undefined;
          c.runs.push({ ...res, round, originRequests });
          const what = `${t.name} ${sizeLabel(size)} round ${round}`;
          if (res.non2xx > 0 || res.socketErrors > 0) warnings.push(`${what}: ${res.non2xx} non-2xx responses, ${res.socketErrors} socket errors`);
          if (originRequests) warnings.push(`${what}: ${originRequests} requests reached the origin during the measured run`);
          log(
            `round ${round}/${opts.rounds}  ${t.name.padEnd(NAME_WIDTH)} ${sizeLabel(size).padStart(7)}  ` +
              `${Math.round(res.rps).toString().padStart(7)} req/s  p50 ${res.p50Ms.toFixed(2)} ms  p99 ${res.p99Ms.toFixed(2)} ms` +
              (t.caching ? `  origin ${originRequests ?? 'n/a'}` : ''),
          );
        } catch (err) {
          c.error = `run failed: ${message(err)}`;
          log(`${t.name} ${sizeLabel(size)}: ${c.error}`);
        }
      }
    }
  }

  if (interrupted.aborted) return undefined;
  const rows = summarize([...cells.values()]);
  log(`\n${textTable(rows)}`);
  for (const w of warnings) log(`warning: ${w}`);
  const partial = opts.quick || opts.targets.length < TARGET_NAMES.length;
  const results = {
    date: dateStamp(startedAt),
    startedAt: startedAt.toISOString(),
    settings: { durationS: opts.durationS, rounds: opts.rounds, warmupS: opts.warmupS, threads: THREADS, connections: opts.connections, workers: WORKERS, quick: opts.quick },
    machine,
    rows,
    warnings,
  };
  const files = writeResults(resultsDir(REPO_ROOT, partial), results);
  log(`\nresults: ${files.md}\n         ${files.json}`);
  return { results, files, partial };
}

async function scenariosSuite(opts: Options, procs: ProcessGroup, tools: Tools, tempDir: TempDir, interrupted: AbortSignal): Promise<SuiteOutput | undefined> {
  const busy = await busyCores();
  const machine = machineInfo(tools, REPO_ROOT);
  const startedAt = new Date();
  const { tmp, shm } = nginxDirs(tempDir, 'cachefront-scenarios-');
  const early: string[] = [];
  log(`\nbench: scenarios (${opts.scenarios.map((s) => s.name).join(', ')}); ${machine.cpuModel}, ${machine.cores} cores; node ${machine.node}`);
  if (busy > 0.5) {
    early.push(`${busy} cores were busy in the second before the run started: something else is using the CPUs, numbers are noisy`);
    log(`warning: ${early.at(-1)}`);
  }
  const duration = opts.scenarioDurationS === undefined ? 'each scenario\'s duration' : `${opts.scenarioDurationS}s`;
  log(`bench: autocannon, ${duration} x ${opts.scenarioRounds} round(s), warm-up ${opts.warmupS}s; an origin and a ${WORKERS}-worker edge per scenario`);
  const suite = await runScenarioSuite({
    procs,
    repoRoot: REPO_ROOT,
    tmp,
    scenarios: opts.scenarios,
    rounds: opts.scenarioRounds,
    durationS: opts.scenarioDurationS,
    connections: opts.scenarioConnections,
    warmupS: opts.warmupS,
    workers: WORKERS,
    references: REFERENCE_NAMES,
    nginx: { tools, shm },
    log,
    interrupted,
  });
  if (interrupted.aborted) return undefined;
  suite.warnings.unshift(...early);
  log(`\n${scenarioTextTable(suite.scenarios)}`);
  for (const w of suite.warnings.slice(early.length)) log(`warning: ${w}`);
  const partial = opts.quick || opts.scenarios.length < SCENARIOS.length;
  const results = { date: dateStamp(startedAt), startedAt: startedAt.toISOString(), machine, ...suite };
  const files = writeScenarioResults(resultsDir(REPO_ROOT, partial), results);
  log(`\nresults: ${files.md}\n         ${files.json}`);
  const failed = suite.scenarios.filter((s) => !s.passed);
  if (failed.length === 0) return { results, files, partial };
  process.exitCode = 1;
  return { results, files, partial, failed: failed.map((s) => `${s.name}: ${scenarioProblem(s) ?? 'failed'}`).join('; ') };
}

async function propagation(opts: Options, procs: ProcessGroup, tempDir: TempDir, interrupted: AbortSignal): Promise<SuiteOutput | undefined> {
  const busy = await busyCores();
  const machine = machineInfo(undefined, REPO_ROOT);
  log(`\nbench: propagation; ${machine.cpuModel}, ${machine.cores} cores; node ${machine.node}`);
  const tmp = tempDir(tmpdir(), 'cachefront-propagation-');
  const early: string[] = [];
  if (busy > 0.5) {
    early.push(`${busy} cores were busy in the second before the run started: something else is using the CPUs, numbers are noisy`);
    log(`warning: ${early.at(-1)}`);
  }
  try {
    const results = await propagationSuite({ procs, repoRoot: REPO_ROOT, tmp, machine, runs: opts.runs, quick: opts.quick, logLevel: opts.logLevel, log, interrupted });
    results.warnings.unshift(...early);
    log(`\n${propagationTextTable(results.measures)}`);
    for (const w of results.warnings.slice(early.length)) log(`warning: ${w}`);
    const partial = opts.quick || opts.runs < DEFAULT_RUNS;
    const files = writePropagationResults(resultsDir(REPO_ROOT, partial), results);
    log(`\nresults: ${files.md}\n         ${files.json}`);
    const failures = results.measures.filter((m) => m.failures.length > 0);
    if (failures.length > 0) process.exitCode = 1;
    return { results, files, partial, ...(failures.length > 0 && { failed: failures.map((m) => `${m.name}: ${m.failures.length} failed run(s)`).join('; ') }) };
  } finally {
    if (opts.keepLogs && !interrupted.aborted) {
      await procs.stopStarted(); // so the logs are complete
      const dest = join(REPO_ROOT, 'bench/results/tmp/propagation-logs');
      rmSync(dest, { recursive: true, force: true });
      mkdirSync(dest, { recursive: true });
      cpSync(tmp, dest, { recursive: true, filter: (src) => src === tmp || src.endsWith('.log') });
      log(`logs: ${dest}`);
    }
  }
}

/**
 * Fills the target's cache (a few GETs on fresh connections, so every worker sees one,
 * each checked for its length), runs wrk once unrecorded so JITs are warm too, then
 * checks that one more GET is a cache hit, and runs the target's own checks (the signed
 * target: unsigned and badly signed requests are refused).
 */
async function warm(t: Target, size: number, warmupS: number, connections: number, wrk: string, procs: ProcessGroup, warnings: string[]): Promise<void> {
  const path = t.path(size);
  const url = `http://127.0.0.1:${t.port}${path}`;
  const shown = path.split('?')[0];
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const res = await get(url, { host: HOST });
    if (res.status !== 200) throw new Error(`GET ${shown}: HTTP ${res.status}`);
    if (res.body.length !== size) throw new Error(`GET ${shown}: ${res.body.length} bytes, expected ${size}`);
  }
  if (warmupS > 0) await runWrk(procs, wrk, { url, host: HOST, threads: THREADS, connections, durationS: warmupS });
  const problem = t.notAHit((await get(url, { host: HOST })).headers);
  if (problem) {
    warnings.push(`${t.name} ${sizeLabel(size)}: warmed response is not a cache hit: ${problem}`);
    log(`warning: ${t.name} ${sizeLabel(size)}: warmed response is not a cache hit: ${problem}`);
  }
  await t.verify?.(size);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
