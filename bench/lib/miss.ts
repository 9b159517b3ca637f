// The miss path (issue 17): the edge passing every request through to the origin (a
// behavior with Managed-CachingDisabled) against nginx proxy_pass with keep-alive upstreams
// and no cache; same origin, same wrk settings, rounds alternating with the hit runs.
// Every measured response is counted by status and by the header that tells a miss
// (bench/count-responses.lua), and the origin's request counter is read around each run:
// a run that turned into cache hits fails its checks instead of reading as a fast miss path.
import { fileURLToPath } from 'node:url';
import { get } from './http.ts';
import type { ProcessGroup } from './procs.ts';
import { median } from './report.ts';
import { countCell, msCell, ratioCell, renderMarkdown, renderText, type TableSpec } from './table.ts';
import { HOST, MISS_PATH, originRequestCount, type PassCheck, type Target, type TargetName } from './targets.ts';
import { parseWrk, wrkOutput } from './wrk.ts';
import type { Run } from './wrk-report.ts';

const COUNT_SCRIPT = fileURLToPath(new URL('../count-responses.lua', import.meta.url));

// The issue's targets for cachefront's miss path: >= 0.8x nginx proxy_pass's req/s, p99 <= 1.5x its p99.
const MIN_RPS_VS_PASS = 0.8;
const MAX_P99_VS_PASS = 1.5;

export interface MissRun extends Run {
  /** Responses by `<status> <header value>` (`(none)`: no such header), as count-responses.lua counted them. */
  responses: Record<string, number>;
}

/** One miss-path target: its runs, or why it has none. */
export interface MissCell {
  target: TargetName;
  pass: PassCheck;
  /** The JSON body's length through this target (the echo differs: each proxy forwards its own headers). */
  bodyBytes?: number;
  runs: MissRun[];
  error?: string;
}

export interface MissCheck {
  name: string;
  ok: boolean;
  /** The first run it failed in, and how. */
  detail?: string;
}

export interface MissRow {
  target: TargetName;
  path: string;
  bodyBytes?: number;
  rounds: number;
  rps?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Ratios of the medians, against nginx-pass. */
  rpsVsNginxPass?: number;
  p99VsNginxPass?: number;
  /** Summed over the rounds: wrk's responses, the script's counts, requests the origin received. */
  requests?: number;
  responses?: Record<string, number>;
  originRequests?: number | null;
  checks: MissCheck[];
  /** Every check held in every round (false with no runs). */
  passed: boolean;
  /** cachefront-miss: whether the issue's targets hold in this run. */
  goal?: string;
  error?: string;
  runs: MissRun[];
}

/** The script's `count <n> <status> <value>` lines, summed over wrk's threads. */
export function parseCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^count (\d+) (.+)$/gm)) out[m[2]!] = (out[m[2]!] ?? 0) + Number(m[1]);
  return out;
}

/**
 * Before anything is measured: two GETs on fresh connections, each a 200 with a JSON body
 * and the pass-through header, each reaching the origin (the second one too: nothing was
 * stored). Resolves with the body's length; rejects with what is wrong.
 */
export async function prepareMiss(t: Target, pass: PassCheck, originPort: number): Promise<number> {
  let bytes = 0;
  for (const attempt of ['first', 'second']) {
    const before = await originRequestCount(originPort);
    const res = await get(`http://127.0.0.1:${t.port}${MISS_PATH}`, { host: HOST });
    const after = await originRequestCount(originPort);
    const what = `${attempt} GET ${MISS_PATH}`;
    if (res.status !== 200) throw new Error(`${what}: HTTP ${res.status}`);
    JSON.parse(res.body.toString('utf8')); // throws on a body that is not the origin's JSON
    const value = headerValue(res.headers[pass.header.toLowerCase()]);
    if (value !== pass.value) throw new Error(`${what}: ${pass.header} is '${value}', expected '${pass.value}'`);
    if (before === undefined || after === undefined || after - before !== 1) throw new Error(`${what}: the origin counted ${before === undefined || after === undefined ? 'n/a' : after - before} requests, expected 1`);
    bytes = res.body.length;
  }
  return bytes;
}

const headerValue = (h: string | string[] | undefined) => (h === undefined ? '(none)' : Array.isArray(h) ? h.join(', ') : h);

/**
 * The origin's request count once it has stopped moving: requests a proxy sent just before
 * wrk stopped may sit unread in the origin's socket buffers for a while (the origin is one
 * busy Node process), and would otherwise land in the next run's count.
 */
async function settledOriginCount(originPort: number): Promise<number | undefined> {
  let last = await originRequestCount(originPort);
  for (let i = 0; i < SETTLE_POLLS; i++) {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const now = await originRequestCount(originPort);
    if (now === last) return now;
    last = now;
  }
  return last;
}

const SETTLE_MS = 100;
const SETTLE_POLLS = 30;

/** One measured wrk run of MISS_PATH with count-responses.lua, the origin's counter read (settled) before and after. */
export async function measureMiss(
  procs: ProcessGroup,
  wrk: string,
  t: Target,
  pass: PassCheck,
  load: { threads: number; connections: number; durationS: number },
  originPort: number,
  round: number,
): Promise<MissRun> {
  const before = await settledOriginCount(originPort);
  const out = await wrkOutput(procs, wrk, { ...load, url: `http://127.0.0.1:${t.port}${MISS_PATH}`, host: HOST, script: COUNT_SCRIPT, scriptArgs: [pass.header] });
  const after = await settledOriginCount(originPort);
  const originRequests = before !== undefined && after !== undefined ? after - before : undefined;
  return { ...parseWrk(out), round, originRequests, responses: parseCounts(out) };
}

/**
 * The checks on every run: each response counted and a 200 with the pass-through header;
 * the origin received every request (responses <= origin requests <= responses + the
 * connections: each may have had one request on its way when wrk stopped reading).
 */
export function missChecks(c: MissCell, connections: number): MissCheck[] {
  const expected = `200 ${c.pass.value}`;
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const check = (name: string, problem: (r: MissRun) => string | undefined): MissCheck => {
    for (const r of c.runs) {
      const p = problem(r);
      if (p) return { name, ok: false, detail: `round ${r.round}: ${p}` };
    }
    return { name, ok: c.runs.length > 0 };
  };
  const header = c.pass.value === '(none)' ? `without ${c.pass.header}` : `with ${c.pass.header}: ${c.pass.value}`;
  return [
    check(`every response is a 200 ${header}`, (r) => {
      if (sum(r.responses) !== r.requests) return `the script counted ${countCell(sum(r.responses))} of ${countCell(r.requests)} responses`;
      const other = Object.entries(r.responses).filter(([k]) => k !== expected);
      return other.length ? `${other.map(([k, n]) => `${countCell(n)} x '${k}'`).join(', ')}` : undefined;
    }),
    check('the origin received every request', (r) => {
      if (r.originRequests === undefined) return 'the origin\'s counter could not be read';
      const ok = r.originRequests >= r.requests && r.originRequests <= r.requests + connections;
      return ok ? undefined : `${countCell(r.requests)} responses, ${countCell(r.originRequests)} origin requests`;
    }),
  ];
}

function goal(rpsRatio: number | undefined, p99Ratio: number | undefined): string | undefined {
  if (rpsRatio === undefined || p99Ratio === undefined) return undefined;
  const misses = [rpsRatio < MIN_RPS_VS_PASS ? `req/s < ${MIN_RPS_VS_PASS}x` : '', p99Ratio > MAX_P99_VS_PASS ? `p99 > ${MAX_P99_VS_PASS}x` : ''].filter(Boolean);
  return misses.length ? `missed (${misses.join(', ')})` : 'met';
}

export function summarizeMiss(cells: MissCell[], connections: number): MissRow[] {
  const rows = cells.map((c): MissRow => {
    const checks = c.runs.length ? missChecks(c, connections) : [];
    const row: MissRow = { target: c.target, path: MISS_PATH, rounds: c.runs.length, checks, passed: checks.length > 0 && checks.every((k) => k.ok), runs: c.runs };
    if (c.bodyBytes !== undefined) row.bodyBytes = c.bodyBytes;
    if (c.error || c.runs.length === 0) row.error = c.error ?? 'no runs';
    if (c.runs.length === 0) return row;
    row.rps = median(c.runs.map((r) => r.rps));
    row.p50Ms = median(c.runs.map((r) => r.p50Ms));
    row.p99Ms = median(c.runs.map((r) => r.p99Ms));
    row.requests = c.runs.reduce((n, r) => n + r.requests, 0);
    row.responses = {};
    for (const r of c.runs) for (const [k, n] of Object.entries(r.responses)) row.responses[k] = (row.responses[k] ?? 0) + n;
    const origin = c.runs.map((r) => r.originRequests);
    row.originRequests = origin.every((n) => n !== undefined) ? origin.reduce((a, b) => a + b, 0) : null;
    return row;
  });
  const nginx = rows.find((r) => r.target === 'nginx-pass');
  for (const row of rows) {
    if (row.rps !== undefined && nginx?.rps) row.rpsVsNginxPass = row.rps / nginx.rps;
    if (row.p99Ms !== undefined && nginx?.p99Ms) row.p99VsNginxPass = row.p99Ms / nginx.p99Ms;
    if (row.target === 'cachefront-miss') {
      const g = goal(row.rpsVsNginxPass, row.p99VsNginxPass);
      if (g) row.goal = g;
    }
  }
  return rows;
}

/** Why a row's measurement cannot be trusted, in a few words; undefined when every check held. */
export function missProblem(r: MissRow): string | undefined {
  if (r.rounds === 0) return undefined; // its error says why
  const failed = r.checks.filter((c) => !c.ok);
  return failed.length ? failed.map((c) => `${c.name}${c.detail ? ` (${c.detail})` : ''}`).join('; ') : undefined;
}

const SPEC: TableSpec = {
  head: ['target', 'request', 'body', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs nginx-pass', 'p99 vs nginx-pass', 'responses', 'origin reqs', 'checks', 'issue goal'],
  numeric: (i) => i >= 2 && i <= 9,
};

function missCells(r: MissRow): string[] {
  if (r.rps === undefined) return [r.target, r.path, r.error ?? 'failed'];
  const origin = r.originRequests === null || r.originRequests === undefined ? 'n/a' : countCell(r.originRequests);
  const checks = r.passed ? 'passed' : `FAILED: ${r.checks.filter((c) => !c.ok).map((c) => c.name).join('; ')}`;
  return [
    r.target,
    r.path,
    r.bodyBytes === undefined ? '-' : `${r.bodyBytes} B`,
    countCell(r.rps),
    msCell(r.p50Ms),
    msCell(r.p99Ms),
    ratioCell(r.rpsVsNginxPass),
    ratioCell(r.p99VsNginxPass),
    countCell(r.requests ?? 0),
    origin,
    checks,
    r.goal ?? '',
  ];
}

export const missTextTable = (rows: MissRow[]) => renderText(SPEC, rows.map(missCells));

/** The markdown section: what was measured, the table, each row's checks. */
export function missMarkdown(rows: MissRow[], wrk: string): string[] {
  const lines = [
    '## Miss path',
    '',
    `Every request passes through to the origin's \`GET ${MISS_PATH}\` (a JSON echo of the request): cachefront-miss is the cachefront edge ` +
      'process, on a behavior (`/echo/*`) with `Managed-CachingDisabled`; nginx-pass is nginx `proxy_pass` with a keep-alive upstream ' +
      `(\`keepalive 64\`) and no cache; 2 workers each. ${wrk}, with bench/count-responses.lua counting every response by status and header. ` +
      'The issue\'s goal: cachefront >= 0.8x nginx-pass\'s req/s, p99 <= 1.5x. Both share the one test origin (a single Node process), ' +
      'which may cap both: compare the ratios with that in mind.',
    '',
    renderMarkdown(SPEC, rows.map(missCells)),
    '',
  ];
  for (const r of rows) {
    if (r.rounds === 0) continue;
    const counts = Object.entries(r.responses ?? {}).map(([k, n]) => `${countCell(n)} x '${k}'`).join(', ');
    lines.push(`- ${r.target}: responses by status and header: ${counts || 'none counted'}`);
    for (const c of r.checks) lines.push(`  - ${c.name}: ${c.ok ? 'ok' : `**FAILED**${c.detail ? ` (${c.detail})` : ''}`}`);
  }
  lines.push('');
  return lines;
}
