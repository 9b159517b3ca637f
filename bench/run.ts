// `npm run bench`: three suites, one after the other (`--only` picks one).
//   wrk: cache-hit throughput and latency of the cachefront edge (unsigned and signed URLs)
//        against nginx proxy_cache (with and without open_file_cache) and a bare node:http
//        server, the miss path against nginx proxy_pass, and hit latency at a fixed rate
//        (vegeta), all in front of the same test origin (bench/lib/wrk-suite.ts).
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
import { propagationTextTable, writePropagationResults } from './lib/propagation-report.ts';
import { ProcessGroup } from './lib/procs.ts';
import { dateStamp, resultsDir, scenarioProblem, scenarioTextTable, writeCombinedResults, writeScenarioResults, type SuiteOutcome, type SuiteOutput } from './lib/report.ts';
import { REFERENCE_NAMES, runScenarioSuite } from './lib/scenarios.ts';
import { TARGET_NAMES, type TargetName } from './lib/targets.ts';
import { busyCores, ensureTools, machineInfo, type Tools } from './lib/tools.ts';
import { wrkSuite } from './lib/wrk-suite.ts';
import { DEFAULT_RUNS, propagationSuite } from './propagation.ts';
import { SCENARIO_NAMES, SCENARIOS } from './scenarios/index.ts';

const SUITES = ['wrk', 'scenarios', 'propagation'] as const;
type Suite = (typeof SUITES)[number];

const USAGE = `usage: npm run bench -- [options]   (or: node bench/run.ts [options])

  --only <suite>      run one suite: wrk, scenarios or propagation (default: all three, in that order)
  --quick             wrk and scenarios: 3s x 1 round, 1s warm-up; propagation: 10 runs;
                      results go to bench/results/tmp/
  -h, --help

wrk suite (cache hits: cachefront, unsigned and signed URLs, vs nginx (also with
open_file_cache) vs bare node; the miss path vs nginx proxy_pass; hits at a fixed rate, vegeta):
  --duration <N>[s]   seconds per measured wrk run, and per vegeta run (default 10)
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

/** The scenarios suite's edges and references. */
const WORKERS = 2;
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
    wrk: () => wrkSuite(opts, { procs, tools: tools!, repoRoot: REPO_ROOT, ...nginxDirs(tempDir, 'cachefront-bench-'), log, interrupted: interrupted.signal }),
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

type TempDir = (parent: string, prefix: string) => string;

/** A suite's temp dir and tmpfs dir (the cache). Started as root, nginx's workers run as `nobody` and must reach their files in both. */
function nginxDirs(tempDir: TempDir, prefix: string): { tmp: string; shm: string } {
  const tmp = tempDir(tmpdir(), prefix);
  const shm = tempDir('/dev/shm', prefix);
  for (const dir of [tmp, shm]) chmodSync(dir, 0o755);
  return { tmp, shm };
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

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
