// `npm run bench`: cache-hit throughput and latency of the cachefront edge against nginx
// proxy_cache and a bare node:http server, all in front of the same test origin, with wrk.
// See bench/README.md. Everything listens on 127.0.0.1 and is stopped on the way out.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { get } from './lib/http.ts';
import { ProcessGroup } from './lib/procs.ts';
import { sizeLabel, summarize, textTable, writeResults, type Cell } from './lib/report.ts';
import {
  bytesPath,
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
import { ensureTools, machineInfo } from './lib/tools.ts';
import { runWrk } from './lib/wrk.ts';

const USAGE = `usage: npm run bench -- [options]   (or: node bench/run.ts [options])

  --duration <N>[s]   seconds per measured wrk run (default 10)
  --rounds <N>        rounds, alternating targets; the median is reported (default 3)
  --quick             3s x 1 round, 1s warm-up; results go to bench/results/tmp/
  --warmup <N>[s]     unrecorded wrk run per target and size before round 1 (default 2)
  --connections <N>   wrk connections (default 64)
  --targets <list>    comma-separated subset of ${TARGET_NAMES.join(',')} (default all)
  -h, --help
`;

const SIZES = [1024, 100 * 1024];
const WORKERS = 2;
const THREADS = 2;
const WARM_REQUESTS = 8;
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function positive(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/s$/, ''));
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) fail(`--${name} needs a whole number${allowZero ? '' : ' > 0'}, got '${raw}'`);
  return n;
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        duration: { type: 'string' },
        rounds: { type: 'string' },
        quick: { type: 'boolean', default: false },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        targets: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const quick = parsed.quick === true;
  const targets = (parsed.targets?.split(',').map((t) => t.trim()) ?? [...TARGET_NAMES]) as TargetName[];
  const unknown = targets.filter((t) => !TARGET_NAMES.includes(t));
  if (unknown.length) fail(`unknown target(s) ${unknown.join(', ')}; choose from ${TARGET_NAMES.join(', ')}`);
  return {
    quick,
    durationS: positive('duration', parsed.duration, quick ? 3 : 10),
    rounds: positive('rounds', parsed.rounds, quick ? 1 : 3),
    warmupS: positive('warmup', parsed.warmup, quick ? 1 : 2, true),
    connections: positive('connections', parsed.connections, 64),
    targets: TARGET_NAMES.filter((t) => targets.includes(t)),
  };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

async function main(): Promise<void> {
  const opts = options();
  const tools = ensureTools();
  const machine = machineInfo(tools, REPO_ROOT);
  const startedAt = new Date();
  const procs = new ProcessGroup();
  const tmp = mkdtempSync(join(tmpdir(), 'cachefront-bench-'));
  const shm = mkdtempSync(join('/dev/shm', 'cachefront-bench-'));
  // Started as root, nginx's workers run as `nobody` and must reach their files in here.
  for (const dir of [tmp, shm]) chmodSync(dir, 0o755);

  // One way out, whichever comes first: the end of main, an error, Ctrl-C, SIGTERM.
  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= procs.stopAll().finally(() => {
      rmSync(tmp, { recursive: true, force: true });
      rmSync(shm, { recursive: true, force: true });
    }));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      log(`\nbench: ${sig}, stopping everything it started`);
      void shutdown().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    procs.killAllNow();
    rmSync(shm, { recursive: true, force: true });
  });

  const warnings: string[] = [];
  try {
    log(`bench: ${machine.cpuModel}, ${machine.cores} cores; node ${machine.node}; ${machine.nginx}; ${machine.wrk}`);
    if (machine.loadAverage > 0.5) {
      warnings.push(`load average was ${machine.loadAverage} when the run started: something else is using the CPUs, numbers are noisy`);
      log(`warning: ${warnings.at(-1)}`);
    }
    log(`bench: wrk -t${THREADS} -c${opts.connections} -d${opts.durationS}s x ${opts.rounds} round(s), warm-up ${opts.warmupS}s; ${WORKERS} workers each`);
    const origin = await startOrigin(procs, REPO_ROOT);
    log(`origin: http://127.0.0.1:${origin.port}`);
    const ctx: Context = { procs, repoRoot: REPO_ROOT, tools, tmp, shm, originPort: origin.port };
    const starters: Record<TargetName, () => Promise<Target>> = {
      cachefront: () => startEdge(ctx, WORKERS),
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
        log(`${name}: http://127.0.0.1:${t.port}`);
      } catch (err) {
        const label = name === 'cachefront' ? 'edge' : name;
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
              url: `http://127.0.0.1:${t.port}${bytesPath(size)}`,
              host: HOST,
              threads: THREADS,
              connections: opts.connections,
              durationS: opts.durationS,
            });
            const after = t.caching ? await originRequestCount(origin.port) : undefined;
            const originRequests = before !== undefined && after !== undefined ? after - before : undefined;
            c.runs.push({ ...res, originRequests });
            const what = `${t.name} ${sizeLabel(size)} round ${round}`;
            if (res.non2xx > 0 || res.socketErrors > 0) warnings.push(`${what}: ${res.non2xx} non-2xx responses, ${res.socketErrors} socket errors`);
            if (originRequests) warnings.push(`${what}: ${originRequests} requests reached the origin during the measured run`);
            log(
              `round ${round}/${opts.rounds}  ${t.name.padEnd(10)} ${sizeLabel(size).padStart(7)}  ` +
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

    const rows = summarize([...cells.values()]);
    log(`\n${textTable(rows)}`);
    for (const w of warnings) log(`warning: ${w}`);
    const partial = opts.quick || opts.targets.length < TARGET_NAMES.length;
    const dir = join(REPO_ROOT, 'bench/results', partial ? 'tmp' : '');
    const date = `${startedAt.getFullYear()}-${String(startedAt.getMonth() + 1).padStart(2, '0')}-${String(startedAt.getDate()).padStart(2, '0')}`;
    const files = writeResults(dir, {
      date,
      startedAt: startedAt.toISOString(),
      settings: { durationS: opts.durationS, rounds: opts.rounds, warmupS: opts.warmupS, threads: THREADS, connections: opts.connections, workers: WORKERS, quick: opts.quick },
      machine,
      rows,
      warnings,
    });
    log(`\nresults: ${files.md}\n         ${files.json}`);
  } finally {
    await shutdown();
  }
}

/**
 * Fills the target's cache (a few GETs on fresh connections, so every worker sees one,
 * each checked for its length), runs wrk once unrecorded so JITs are warm too, then
 * checks that one more GET is a cache hit.
 */
async function warm(t: Target, size: number, warmupS: number, connections: number, wrk: string, procs: ProcessGroup, warnings: string[]): Promise<void> {
  const url = `http://127.0.0.1:${t.port}${bytesPath(size)}`;
  for (let i = 0; i < WARM_REQUESTS; i++) {
    const res = await get(url, { host: HOST });
    if (res.status !== 200) throw new Error(`GET ${bytesPath(size)}: HTTP ${res.status}`);
    if (res.body.length !== size) throw new Error(`GET ${bytesPath(size)}: ${res.body.length} bytes, expected ${size}`);
  }
  if (warmupS > 0) await runWrk(procs, wrk, { url, host: HOST, threads: THREADS, connections, durationS: warmupS });
  const problem = t.notAHit((await get(url, { host: HOST })).headers);
  if (problem) {
    warnings.push(`${t.name} ${sizeLabel(size)}: warmed response is not a cache hit: ${problem}`);
    log(`warning: ${t.name} ${sizeLabel(size)}: warmed response is not a cache hit: ${problem}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
