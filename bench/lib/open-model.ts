// Latency at a fixed request rate (issue 17). wrk measures a closed model: 64 connections,
// each sending its next request when the last one is answered, so a slow answer delays the
// requests behind it instead of showing in the latencies. Here vegeta sends 1 KiB hits at a
// fixed rate (an open model), 50% and 80% of the req/s nginx reached in this run's wrk
// rounds, to cachefront and to nginx, after the throughput rounds.
import { join } from 'node:path';
import type { ProcessGroup } from './procs.ts';
import { sizeLabel } from './report.ts';
import { countCell, msCell, ratioCell, renderMarkdown, renderText, type TableSpec } from './table.ts';
import { bytesPath, HOST, originRequestCount, type Target, type TargetName } from './targets.ts';
import { runVegeta, VEGETA_VERSION, type Vegeta } from './vegeta.ts';
import type { Row } from './wrk-report.ts';

export const OPEN_MODEL_SIZE = 1024;
/** The rates asked, as shares of nginx's 1 KiB req/s. */
export const RATE_SHARES = [0.5, 0.8];
export const OPEN_MODEL_TARGETS: readonly TargetName[] = ['cachefront', 'nginx'];
/**
 * vegeta starts a worker (a connection) whenever every one is busy. At a rate the target
 * keeps up with, a few dozen are enough (Little's law: 25,000 req/s x 1 ms); a target that
 * falls behind would get ever more, so they are capped, and a run that hits the cap sends
 * fewer requests than asked: the achieved rate shows it.
 */
export const MAX_WORKERS = 1000;

export interface OpenModelRow {
  target: TargetName;
  size: string;
  share?: number;
  /** req/s asked for: share x nginx's 1 KiB req/s. */
  askedRps?: number;
  /** req/s vegeta sent. */
  achievedRps?: number;
  /** Successful responses per second (waiting for the last ones included). */
  throughput?: number;
  /** Share of 2xx/3xx responses (0..1). */
  success?: number;
  requests?: number;
  statusCodes?: Record<string, number>;
  errors?: string[];
  /** Nearest-rank, over every request. */
  p50Ms?: number;
  p99Ms?: number;
  p999Ms?: number;
  maxMs?: number;
  /** vegeta's own report (a t-digest estimate), for comparison. */
  reportP50Ms?: number;
  reportP99Ms?: number;
  /** p99 over nginx's at the same rate. */
  p99VsNginx?: number;
  /** Requests that reached the origin during the run (0: every one was a hit). */
  originRequests?: number;
  error?: string;
}

export interface OpenModel {
  /** `vegeta v12.13.0`, or undefined when it could not be built. */
  tool?: string;
  /** nginx's 1 KiB req/s (median of the wrk rounds) the rates are shares of. */
  nginxRps?: number;
  durationS: number;
  maxWorkers: number;
  rows: OpenModelRow[];
}

export interface OpenModelRun {
  procs: ProcessGroup;
  vegeta: Vegeta;
  /** The targets running; `selected` those of OPEN_MODEL_TARGETS the run asked for. */
  targets: Target[];
  selected: TargetName[];
  hitRows: Row[];
  durationS: number;
  originPort: number;
  tmp: string;
  log: (line: string) => void;
  interrupted: AbortSignal;
}

/** Each rate in turn, cachefront then nginx at it; a row saying why for whatever cannot run. */
export async function runOpenModel(o: OpenModelRun): Promise<OpenModel> {
  const size = sizeLabel(OPEN_MODEL_SIZE);
  const nginxRps = o.hitRows.find((r) => r.target === 'nginx' && r.bytes === OPEN_MODEL_SIZE)?.rps;
  const out: OpenModel = { durationS: o.durationS, maxWorkers: MAX_WORKERS, rows: [], ...('path' in o.vegeta && { tool: `vegeta ${VEGETA_VERSION}` }), ...(nginxRps && { nginxRps }) };
  const skip = (error: string) => {
    o.log(`vegeta: ${error}`);
    out.rows = o.selected.map((target) => ({ target, size, error }));
    return out;
  };
  if (!nginxRps) return skip(`not run: it needs nginx's ${size} req/s from this run (${o.selected.includes('nginx') ? 'nginx was not measured' : 'nginx is not among --targets'})`);
  if (!('path' in o.vegeta)) return skip(`not run: ${o.vegeta.missing}`);
  for (const share of RATE_SHARES) {
    const askedRps = Math.round(share * nginxRps);
    for (const name of o.selected) {
      if (o.interrupted.aborted) return out;
      const row: OpenModelRow = { target: name, size, share, askedRps };
      out.rows.push(row);
      const t = o.targets.find((x) => x.name === name);
      const gone = t ? t.proc.exitReason() : (o.hitRows.find((r) => r.target === name && r.bytes === OPEN_MODEL_SIZE)?.error ?? 'not running');
      if (!t || gone) {
        row.error = gone ?? 'not running';
        continue;
      }
      try {
        Object.assign(row, await attack(o, o.vegeta.path, t, askedRps));
        o.log(
          `vegeta ${name.padEnd(10)} ${size} at ${askedRps} req/s (${Math.round(share * 100)}% of nginx): sent ${Math.round(row.achievedRps ?? 0)}/s, ` +
            `success ${((row.success ?? 0) * 100).toFixed(2)}%, p50 ${msCell(row.p50Ms)} ms, p99 ${msCell(row.p99Ms)} ms, p99.9 ${msCell(row.p999Ms)} ms, origin ${row.originRequests ?? 'n/a'}`,
        );
      } catch (err) {
        row.error = `vegeta failed: ${err instanceof Error ? err.message : String(err)}`;
        o.log(`${name} ${size}: ${row.error}`);
      }
    }
  }
  for (const row of out.rows) {
    const nginx = out.rows.find((r) => r.target === 'nginx' && r.share === row.share);
    if (row.p99Ms !== undefined && nginx?.p99Ms) row.p99VsNginx = row.p99Ms / nginx.p99Ms;
  }
  return out;
}

async function attack(o: OpenModelRun, vegeta: string, t: Target, askedRps: number): Promise<Partial<OpenModelRow>> {
  const before = await originRequestCount(o.originPort);
  const r = await runVegeta(o.procs, vegeta, {
    url: `http://127.0.0.1:${t.port}${bytesPath(OPEN_MODEL_SIZE)}`,
    host: HOST,
    rate: askedRps,
    durationS: o.durationS,
    maxWorkers: MAX_WORKERS,
    dir: join(o.tmp, 'vegeta'),
  });
  const after = await originRequestCount(o.originPort);
  const { rate, ...rest } = r;
  return { ...rest, achievedRps: rate, ...(before !== undefined && after !== undefined && { originRequests: after - before }) };
}

/** Problems worth a warning: requests that failed, a rate not kept up, hits that went to the origin. */
export function openModelWarnings(m: OpenModel): string[] {
  const out: string[] = [];
  for (const r of m.rows) {
    if (r.askedRps === undefined || r.achievedRps === undefined) continue;
    const what = `vegeta ${r.target} at ${r.askedRps} req/s`;
    if ((r.success ?? 0) < 1) out.push(`${what}: success ${((r.success ?? 0) * 100).toFixed(2)}% (${(r.errors ?? []).join('; ') || JSON.stringify(r.statusCodes)})`);
    if (r.achievedRps < 0.98 * r.askedRps) out.push(`${what}: sent ${Math.round(r.achievedRps)} req/s, less than asked (vegeta out of workers or CPU)`);
    if (r.originRequests) out.push(`${what}: ${r.originRequests} requests reached the origin`);
  }
  return out;
}

const SPEC: TableSpec = {
  head: ['target', 'size', 'rate asked', 'sent req/s', 'success', 'p50 ms', 'p99 ms', 'p99.9 ms', 'p99 vs nginx', 'origin reqs'],
  numeric: (i) => i >= 2,
};

function openModelCells(r: OpenModelRow): string[] {
  const asked = r.askedRps === undefined ? '' : `${countCell(r.askedRps)} (${Math.round((r.share ?? 0) * 100)}%)`;
  if (r.achievedRps === undefined) return [r.target, r.size, ...(asked ? [asked] : []), r.error ?? 'failed'];
  return [
    r.target,
    r.size,
    asked,
    countCell(r.achievedRps),
    `${((r.success ?? 0) * 100).toFixed(2)}%`,
    msCell(r.p50Ms),
    msCell(r.p99Ms),
    msCell(r.p999Ms),
    ratioCell(r.p99VsNginx),
    r.originRequests === undefined ? 'n/a' : countCell(r.originRequests),
  ];
}

export const openModelTextTable = (m: OpenModel) => renderText(SPEC, m.rows.map(openModelCells));

export function openModelMarkdown(m: OpenModel): string[] {
  const base = m.nginxRps === undefined ? 'nginx\'s 1 KiB req/s from this run' : `nginx's 1 KiB req/s in this run's wrk rounds (${countCell(m.nginxRps)})`;
  return [
    '## Latency at a fixed request rate (vegeta)',
    '',
    `${m.tool ?? 'vegeta'} \`attack\` sends \`GET /bytes/1024\` hits at a fixed rate, ${RATE_SHARES.map((s) => `${Math.round(s * 100)}%`).join(' and ')} of ${base}, ` +
      `for ${m.durationS} s per target and rate, keep-alive connections (at most ${m.maxWorkers}), after the throughput rounds; one run each, cachefront and nginx alternating. ` +
      'Requests go out on schedule whether or not earlier ones were answered (an open model), so queueing at the target shows in the latencies; ' +
      'percentiles are nearest-rank over every request, each timed from when vegeta sent it. `sent req/s` below the rate asked means vegeta ' +
      'could not keep the schedule (workers or CPU): the time its late requests waited to be sent is in no latency.',
    '',
    renderMarkdown(SPEC, m.rows.map(openModelCells)),
    '',
  ];
}
