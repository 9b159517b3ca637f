// vegeta (github.com/tsenart/vegeta, MIT): an HTTP load generator that sends requests at a
// fixed rate whatever the answers (an open model), where wrk keeps N connections busy (a
// closed one, whose latencies hide the queueing a slow answer causes). Built from its Go
// module on first use into bench/.cache/ (git ignores it) and reused from there.
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { percentile } from './latency.ts';
import type { ProcessGroup } from './procs.ts';
import { which } from './tools.ts';

export const VEGETA_MODULE = 'github.com/tsenart/vegeta/v12';
export const VEGETA_VERSION = 'v12.13.0';
/** Where the Go toolchain's tarball installs it, when it is not on PATH. */
const GO_HOME_BIN = '/usr/local/go/bin/go';
const BUILD_MS = 5 * 60_000;

/** The vegeta binary, or why there is none. */
export type Vegeta = { path: string } | { missing: string };

/** bench/.cache/vegeta-<version>/vegeta, built with `go install` when it is not there yet. */
export async function ensureVegeta(procs: ProcessGroup, repoRoot: string, log: (line: string) => void): Promise<Vegeta> {
  const dir = join(repoRoot, 'bench/.cache', `vegeta-${VEGETA_VERSION}`);
  const bin = join(dir, 'vegeta');
  if (existsSync(bin)) return { path: bin };
  const go = which('go') ?? (existsSync(GO_HOME_BIN) ? GO_HOME_BIN : undefined);
  if (!go) return { missing: `Go not found (not on PATH, nor ${GO_HOME_BIN}), so vegeta could not be built` };
  log(`vegeta: building ${VEGETA_MODULE}@${VEGETA_VERSION} into ${dir} (once, about a minute)`);
  // Built beside its place and moved there whole, so a build cut short is never taken for one.
  const building = `${dir}.building-${process.pid}`;
  try {
    const env = { ...process.env, GOBIN: building };
    const { exit, stdout, stderr } = await procs.run('go install vegeta', go, ['install', `${VEGETA_MODULE}@${VEGETA_VERSION}`], BUILD_MS, { env });
    if (exit.code !== 0 || !existsSync(join(building, 'vegeta'))) {
      const last = (stderr.trim() || stdout.trim()).split('\n').slice(-2).join(' | ');
      return { missing: `go install ${VEGETA_MODULE}@${VEGETA_VERSION} failed (${exit.signal ?? exit.code})${last ? `: ${last}` : ''}` };
    }
    mkdirSync(dirname(dir), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
    return { path: bin };
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

export interface VegetaOptions {
  url: string;
  host: string;
  /** Requests per second. */
  rate: number;
  durationS: number;
  /** vegeta adds a worker (and so a connection) whenever every one is busy; this caps them. */
  maxWorkers: number;
  /** Scratch directory for the targets and results files. */
  dir: string;
}

export interface VegetaResult {
  requests: number;
  /** Requests sent per second: the rate achieved (below the one asked when vegeta ran out of workers or CPU). */
  rate: number;
  /** Successful responses per second, waiting for the last ones included. */
  throughput: number;
  /** Share of responses that were 2xx/3xx (0..1). */
  success: number;
  statusCodes: Record<string, number>;
  /** vegeta's distinct error messages (first 5). */
  errors: string[];
  /** Nearest-rank percentiles over every request's latency (vegeta's own report estimates them, and has no p99.9). */
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** What `vegeta report -type=json` says (a t-digest estimate), for comparison. */
  reportP50Ms: number;
  reportP99Ms: number;
}

/** `vegeta attack` at a fixed rate with keep-alive connections, then its report and every request's latency. */
export async function runVegeta(procs: ProcessGroup, vegeta: string, o: VegetaOptions): Promise<VegetaResult> {
  mkdirSync(o.dir, { recursive: true });
  const targets = join(o.dir, 'targets.txt');
  const results = join(o.dir, 'results.bin');
  const csv = join(o.dir, 'results.csv');
  // Go's client asks for gzip unless told otherwise, and CachingOptimized keys gzip apart:
  // identity is the request wrk sends (no Accept-Encoding), the object the warm-up cached.
  writeFileSync(targets, `GET ${o.url}\nHost: ${o.host}\nAccept-Encoding: identity\n`);
  try {
    const attack = ['attack', '-targets', targets, '-rate', `${o.rate}/1s`, '-duration', `${o.durationS}s`, '-keepalive=true', '-http2=false'];
    // -max-body 0: bodies are read and dropped, not kept in the results file.
    attack.push('-max-body', '0', '-max-workers', String(o.maxWorkers), '-timeout', '10s', '-output', results);
    await vegetaRun(procs, vegeta, attack, (o.durationS + 60) * 1000);
    const report = JSON.parse(await vegetaRun(procs, vegeta, ['report', '-type=json', results], 60_000)) as VegetaReport;
    await vegetaRun(procs, vegeta, ['encode', '--to', 'csv', '--output', csv, results], 60_000);
    const latencies = await csvLatenciesMs(csv);
    const ns = (x: number | undefined) => (x ?? NaN) / 1e6;
    return {
      requests: report.requests,
      rate: report.rate,
      throughput: report.throughput,
      success: report.success,
      statusCodes: report.status_codes ?? {},
      errors: (report.errors ?? []).slice(0, 5),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      p999Ms: percentile(latencies, 99.9),
      maxMs: latencies.at(-1) ?? NaN,
      reportP50Ms: ns(report.latencies['50th']),
      reportP99Ms: ns(report.latencies['99th']),
    };
  } finally {
    for (const f of [results, csv]) rmSync(f, { force: true });
  }
}

/** The fields of `vegeta report -type=json` used here; latencies in ns. */
interface VegetaReport {
  requests: number;
  rate: number;
  throughput: number;
  success: number;
  latencies: Record<string, number>;
  status_codes?: Record<string, number>;
  errors?: string[];
}

async function vegetaRun(procs: ProcessGroup, vegeta: string, args: string[], timeoutMs: number): Promise<string> {
  const { exit, stdout, stderr } = await procs.run(`vegeta ${args[0]}`, vegeta, args, timeoutMs);
  if (exit.code !== 0) throw new Error(`vegeta ${args.join(' ')} failed (${exit.signal ?? exit.code}): ${stderr.trim() || stdout.trim()}`);
  return stdout;
}

/** Every request's latency (the CSV's third column, ns), in ms, sorted. */
export async function csvLatenciesMs(file: string): Promise<number[]> {
  const out: number[] = [];
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const ns = Number(line.split(',', 3)[2]);
    if (line !== '' && Number.isFinite(ns)) out.push(ns / 1e6);
  }
  return out.sort((a, b) => a - b);
}
