// Medians, ratios against nginx (and signed against unsigned), the console/markdown table
// and the results files; the scenarios suite's table and files; the one file of a whole run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioSuiteResults, ScenarioSummary } from './scenarios.ts';
import type { MachineInfo } from './tools.ts';
import type { TargetName } from './targets.ts';
import type { WrkResult } from './wrk.ts';

export interface Run extends WrkResult {
  /** 1-based: runs of different targets in the same round are compared with each other. */
  round: number;
  /** Requests that reached the origin during this run; undefined when unknown. */
  originRequests: number | undefined;
}

/** One target at one size: its runs, or why it has none. */
export interface Cell {
  target: TargetName;
  size: number;
  runs: Run[];
  error?: string;
}

export interface Row {
  target: TargetName;
  size: string;
  bytes: number;
  rounds: number;
  rps?: number;
  p50Ms?: number;
  p99Ms?: number;
  rpsVsNginx?: number;
  p99VsNginx?: number;
  /** cachefront-signed only: median over rounds of req/s / cachefront's req/s in the same round. */
  rpsVsUnsigned?: number;
  /** The per-round ratios that median is taken over. */
  rpsVsUnsignedByRound?: number[];
  originRequests?: number | null;
  /** cachefront and cachefront-signed: whether the DESIGN.md "Performance targets" hold in this run. */
  goal?: string;
  error?: string;
  runs: Run[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export const sizeLabel = (bytes: number) => (bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`);

// DESIGN.md, "Performance targets": hits at >= 1x nginx's req/s for 1 KiB, >= 0.9x for
// 100 KiB; p99 <= 1.5x nginx's.
function goal(bytes: number, rpsRatio: number | undefined, p99Ratio: number | undefined): string | undefined {
  if (rpsRatio === undefined || p99Ratio === undefined) return undefined;
  const minRps = bytes >= 100 * 1024 ? 0.9 : 1;
  const misses = [
    rpsRatio < minRps ? `req/s < ${minRps.toFixed(1)}x` : '',
    p99Ratio > 1.5 ? 'p99 > 1.5x' : '',
  ].filter(Boolean);
  return misses.length ? `missed (${misses.join(', ')})` : 'met';
}

// DESIGN.md, "Performance targets": signed-URL hits >= 0.8x unsigned hits.
const MIN_SIGNED_VS_UNSIGNED = 0.8;

function signedGoal(ratio: number | undefined): string | undefined {
  if (ratio === undefined) return undefined;
  // Three decimals when missed, so a ratio just under the bar does not read as 0.80x missed.
  return ratio >= MIN_SIGNED_VS_UNSIGNED ? 'met' : `missed (req/s ${ratio.toFixed(3)}x < ${MIN_SIGNED_VS_UNSIGNED.toFixed(1)}x unsigned)`;
}

/** Signed req/s over unsigned req/s, round by round (rounds where either has no run are left out). */
function perRoundRatios(signed: Run[], unsigned: Run[]): number[] {
  const out: number[] = [];
  for (const s of signed) {
    const u = unsigned.find((r) => r.round === s.round);
    if (u && u.rps > 0) out.push(s.rps / u.rps);
  }
  return out;
}

export function summarize(cells: Cell[]): Row[] {
  const rows: Row[] = cells.map((c) => {
    const row: Row = { target: c.target, size: sizeLabel(c.size), bytes: c.size, rounds: c.runs.length, runs: c.runs };
    if (c.runs.length === 0) {
      row.error = c.error ?? 'no runs';
      return row;
    }
    if (c.error) row.error = c.error;
    row.rps = median(c.runs.map((r) => r.rps));
    row.p50Ms = median(c.runs.map((r) => r.p50Ms));
    row.p99Ms = median(c.runs.map((r) => r.p99Ms));
    const origin = c.runs.map((r) => r.originRequests);
    row.originRequests = origin.every((n) => n !== undefined) ? origin.reduce((a, b) => a + b, 0) : null;
    return row;
  });
  for (const row of rows) {
    const nginx = rows.find((r) => r.target === 'nginx' && r.bytes === row.bytes);
    if (row.rps !== undefined && nginx?.rps) row.rpsVsNginx = row.rps / nginx.rps;
    if (row.p99Ms !== undefined && nginx?.p99Ms) row.p99VsNginx = row.p99Ms / nginx.p99Ms;
    if (row.target === 'cachefront') {
      const g = goal(row.bytes, row.rpsVsNginx, row.p99VsNginx);
      if (g) row.goal = g;
    }
    if (row.target === 'cachefront-signed') {
      const unsigned = rows.find((r) => r.target === 'cachefront' && r.bytes === row.bytes);
      const ratios = perRoundRatios(row.runs, unsigned?.runs ?? []);
      if (ratios.length > 0) {
        row.rpsVsUnsignedByRound = ratios;
        row.rpsVsUnsigned = median(ratios);
      }
      const g = signedGoal(row.rpsVsUnsigned);
      if (g) row.goal = g;
    }
  }
  return rows;
}

const HEAD = ['target', 'size', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs nginx', 'p99 vs nginx', 'signed / unsigned', 'origin reqs', 'DESIGN goal'];
/** The right-aligned (numeric) columns of HEAD. */
const numeric = (i: number) => i >= 2 && i <= 8;

function cells(r: Row, caching: boolean): string[] {
  const ratio = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(2)}x`);
  const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
  if (r.rps === undefined) return [r.target, r.size, r.error ?? 'failed'];
  const origin = !caching ? '-' : r.originRequests === null || r.originRequests === undefined ? 'n/a' : String(r.originRequests);
  return [r.target, r.size, Math.round(r.rps).toLocaleString('en-US'), ms(r.p50Ms), ms(r.p99Ms), ratio(r.rpsVsNginx), ratio(r.p99VsNginx), ratio(r.rpsVsUnsigned), origin, r.goal ?? ''];
}

const isCaching = (r: Row) => r.target !== 'bare-node';

/** A fixed-width table for the terminal; a failed row prints its reason after target and size. */
export function textTable(rows: Row[]): string {
  const body = rows.map((r) => cells(r, isCaching(r)));
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.filter((b) => b.length === HEAD.length).map((b) => b[i]?.length ?? 0)));
  const line = (cols: string[]) =>
    cols.map((c, i) => (numeric(i) && cols.length === HEAD.length ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(HEAD), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (numeric(i) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const r of rows) {
    const c = cells(r, isCaching(r));
    const full = c.length === HEAD.length ? c : [...c, ...Array<string>(HEAD.length - c.length).fill('')];
    out.push(`| ${full.map(esc).join(' | ')} |`);
  }
  return out.join('\n');
}

export interface Results {
  date: string;
  startedAt: string;
  settings: { durationS: number; rounds: number; warmupS: number; threads: number; connections: number; workers: number; quick: boolean };
  machine: MachineInfo;
  rows: Row[];
  warnings: string[];
}

/** YYYY-MM-DD in local time: the results files' date. */
export function dateStamp(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** bench/results, or bench/results/tmp (not committed) for partial runs (--quick, subsets). */
export function resultsDir(repoRoot: string, partial: boolean): string {
  return join(repoRoot, 'bench/results', partial ? 'tmp' : '');
}

/** The "## Machine" lines every results file has. */
export function machineLines(m: MachineInfo, startedAt: string): string[] {
  return [
    `- CPU: ${m.cpuModel}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}`,
    `- node ${m.node}${m.nginx === undefined ? '' : `; ${m.nginx}`}${m.wrk === undefined ? '' : `; ${m.wrk}`}`,
    `- commit ${m.commit}; started ${startedAt}; load average ${m.loadAverage} at start`,
  ];
}

/** Writes `<dir>/<name>.json` and `.md` (name: `<date>-<suite>`, or `<date>` for the whole run); returns their paths. */
export function writeResultFiles(dir: string, name: string, data: unknown, md: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, name);
  writeFileSync(`${base}.json`, `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(`${base}.md`, md);
  return { json: `${base}.json`, md: `${base}.md` };
}

export function writeResults(dir: string, results: Results): { json: string; md: string } {
  const s = results.settings;
  const md = [
    `# cachefront wrk benchmark, ${results.date}`,
    '',
    `Cache hits through each target, \`wrk -t${s.threads} -c${s.connections} -d${s.durationS}s --latency\`, ` +
      `median of ${s.rounds} round(s) run in alternation after a ${s.warmupS}s warm-up. Generated by \`npm run bench\` (bench/run.ts).`,
    '',
    markdownTable(results.rows),
    '',
    ...(results.rows.some((r) => r.target === 'cachefront-signed')
      ? [
          'cachefront-signed is the cachefront edge process itself, asked for `/bytes/<n>/signed` (a behavior with `trustedKeyGroups`) ' +
            'with a canned-policy SHA1 signed URL (RSA 2048). `signed / unsigned` is its req/s over cachefront\'s in the same round, ' +
            'median over rounds; the goal is >= 0.8x.',
          '',
        ]
      : []),
    '## Machine',
    '',
    ...machineLines(results.machine, results.startedAt),
    `- ${s.workers} workers for cachefront, nginx and bare-node alike`,
    '',
    ...(results.warnings.length ? ['## Warnings', '', ...results.warnings.map((w) => `- ${w}`), ''] : []),
  ].join('\n');
  return writeResultFiles(dir, `${results.date}-wrk`, results, md);
}

// ---- The scenarios suite (bench/lib/scenarios.ts) ---------------------------------------

export interface ScenarioResults extends ScenarioSuiteResults {
  date: string;
  startedAt: string;
  machine: MachineInfo;
}

const SCENARIO_HEAD = ['scenario', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'req/s vs (per round, median)', 'status codes', 'X-Cache', 'hit ratio', 'checks', 'result'];
const scenarioNumeric = (i: number) => i >= 1 && i <= 4;

const count = (n: number) => n.toLocaleString('en-US');
/** {"Hit from cachefront": 3, "Miss from cachefront": 1} -> "Hit 3, Miss 1". */
const xCacheCell = (x: Record<string, number>) =>
  Object.entries(x)
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v.replace(/ from cachefront$/, '')} ${count(n)}`)
    .join(', ') || '-';
const statusCell = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([code, n]) => `${code}: ${count(n)}`)
    .join(', ') || '-';

/** Why a scenario failed, in a few words; undefined when it passed. */
export function scenarioProblem(s: ScenarioSummary): string | undefined {
  if (s.error) return s.error;
  if (s.passed) return undefined;
  const setup = s.setupChecks.filter((c) => !c.ok).map((c) => `setup: ${c.name}`);
  const checks = Object.entries(s.checks)
    .filter(([, t]) => t.fails > 0 || t.passes === 0)
    .map(([name, t]) => (t.fails > 0 ? `${name}: ${count(t.fails)} failed` : `${name}: never ran`));
  const thresholds = Object.entries(s.thresholds)
    .filter(([, t]) => !t.ok)
    .map(([name]) => name);
  return [...setup, ...checks, ...thresholds].join('; ') || 'no responses';
}

function scenarioCells(s: ScenarioSummary): string[] {
  const ms = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(2));
  const problem = scenarioProblem(s);
  if (s.rps === undefined) return [s.name, problem ?? 'no runs'];
  const versus = s.comparisons
    .filter((c) => c.rpsRatio !== undefined)
    .map((c) => `${c.rpsRatio!.toFixed(2)}x ${c.against}`)
    .join(', ');
  const passes = Object.values(s.checks).reduce((n, t) => n + t.passes, 0);
  const fails = Object.values(s.checks).reduce((n, t) => n + t.fails, 0);
  return [
    s.name,
    Math.round(s.rps).toLocaleString('en-US'),
    ms(s.p50Ms),
    ms(s.p90Ms),
    ms(s.p99Ms),
    versus || '-',
    statusCell(s.statusCodes),
    xCacheCell(s.xCache),
    s.hitRatio === undefined ? '-' : `${(s.hitRatio * 100).toFixed(1)} %`,
    `${count(passes)} passed, ${count(fails)} failed`,
    problem ? `FAILED: ${problem}` : 'passed',
  ];
}

export function scenarioTextTable(scenarios: ScenarioSummary[]): string {
  const body = scenarios.map(scenarioCells);
  const full = body.filter((b) => b.length === SCENARIO_HEAD.length);
  const widths = SCENARIO_HEAD.map((h, i) => Math.max(h.length, ...full.map((b) => b[i]?.length ?? 0)));
  const line = (cols: string[]) =>
    cols.map((c, i) => (scenarioNumeric(i) && cols.length === SCENARIO_HEAD.length ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(SCENARIO_HEAD), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const mdEscape = (s: string) => s.replace(/\|/g, '\\|');

function scenarioMarkdownTable(scenarios: ScenarioSummary[]): string {
  const out = [`| ${SCENARIO_HEAD.join(' | ')} |`, `|${SCENARIO_HEAD.map((_, i) => (scenarioNumeric(i) ? ' ---: ' : ' --- ')).join('|')}|`];
  for (const s of scenarios) {
    const c = scenarioCells(s);
    out.push(`| ${[...c, ...Array<string>(SCENARIO_HEAD.length - c.length).fill('')].map(mdEscape).join(' | ')} |`);
  }
  return out.join('\n');
}

/** Per scenario: what it does, its setup checks, checks, thresholds and comparisons. */
function scenarioDetails(s: ScenarioSummary): string[] {
  const mark = (ok: boolean) => (ok ? 'ok' : '**FAILED**');
  const ratios = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(', ');
  const lines = [`### ${s.name}`, '', `${s.description}. ${s.connections} connections, ${s.durationS} s per run, ${s.rounds} round(s)${s.edgeArgs.length ? `; edge flags \`${s.edgeArgs.join(' ')}\`` : ''}.`, ''];
  if (s.error) lines.push(`- error: ${s.error}`);
  for (const c of s.setupChecks) lines.push(`- setup: ${c.name}: ${mark(c.ok)}${!c.ok && c.detail ? ` (${c.detail})` : ''}`);
  for (const [name, t] of Object.entries(s.checks)) {
    lines.push(`- check: ${name}: ${count(t.passes)} passed, ${count(t.fails)} failed${t.firstFailure ? ` (first: ${t.firstFailure})` : ''}`);
  }
  for (const [name, t] of Object.entries(s.thresholds)) lines.push(`- threshold: ${name}: ${mark(t.ok)}${t.failures.length ? ` (${t.failures.join('; ')})` : ''}`);
  for (const c of s.comparisons) {
    if (c.error) lines.push(`- vs ${c.against}: ${c.error}`);
    else if (c.rpsRatio !== undefined)
      lines.push(
        `- vs ${c.against} (${Math.round(c.rps ?? 0).toLocaleString('en-US')} req/s, p99 ${(c.p99Ms ?? 0).toFixed(2)} ms): req/s ${c.rpsRatio.toFixed(2)}x (rounds ${ratios(c.rpsRatioByRound)}), ` +
          `p99 ${c.p99Ratio?.toFixed(2) ?? '-'}x (rounds ${ratios(c.p99RatioByRound)})`,
      );
  }
  const origin = s.runs.map((r) => r.originRequests);
  if (origin.length) lines.push(`- origin requests during the measured runs: ${origin.map((n) => (n === undefined ? 'n/a' : count(n))).join(', ')}`);
  lines.push('');
  return lines;
}

export function scenarioMarkdown(r: ScenarioResults): string {
  const s = r.settings;
  const duration = s.durationS === 'per scenario' ? 'each scenario\'s duration' : `${s.durationS} s`;
  return [
    `# cachefront load scenarios, ${r.date}`,
    '',
    `autocannon (one Node process, HTTP/1.1 keep-alive) against an origin and a ${s.workers}-worker edge per scenario; ` +
      `${duration} per run after a ${s.warmupS} s warm-up, median of ${s.rounds} round(s) run in alternation. ` +
      `Latency is request written -> response complete, nearest-rank percentiles. Ratios are taken per round (against ${s.references.join(' and ') || 'no reference'} ` +
      `measured right after the scenario, or another scenario of the same round), then the median. Checks are evaluated on every measured response; ` +
      `the load generator shares the cores with what it measures, so compare ratios, not absolute req/s (nor with the wrk suite). Generated by \`npm run bench\` (bench/lib/scenarios.ts).`,
    '',
    scenarioMarkdownTable(r.scenarios),
    '',
    '## Scenarios',
    '',
    ...r.scenarios.flatMap(scenarioDetails),
    '## Machine',
    '',
    ...machineLines(r.machine, r.startedAt),
    `- ${s.workers} workers for every edge, bare-node and nginx`,
    '',
    ...(r.warnings.length ? ['## Warnings', '', ...r.warnings.map((w) => `- ${w}`), ''] : []),
  ].join('\n');
}

export function writeScenarioResults(dir: string, r: ScenarioResults): { json: string; md: string } {
  return writeResultFiles(dir, `${r.date}-scenarios`, r, scenarioMarkdown(r));
}

// ---- One file for the whole run ----------------------------------------------------------

export interface SuiteOutcome {
  suite: string;
  /** The suite's own results (what its JSON file holds); absent when it failed before any. */
  results?: unknown;
  /** The suite's own markdown. */
  markdown?: string;
  files?: { json: string; md: string };
  error?: string;
}

/** `<date>.md` and `<date>.json`: every suite of this run, each as its own file has it. */
export function writeCombinedResults(dir: string, run: { date: string; startedAt: string; machine: MachineInfo; suites: SuiteOutcome[] }): { json: string; md: string } {
  const demote = (md: string) => md.replace(/^(#+) /gm, '#$1 ');
  const md = [
    `# cachefront benchmark, ${run.date}`,
    '',
    `Suites run, in order: ${run.suites.map((s) => `${s.suite} (${s.error ? `failed: ${s.error}` : 'done'})`).join(', ')}. ` +
      'Each section is that suite\'s own results file' +
      `${run.suites.some((s) => s.files) ? ` (${run.suites.flatMap((s) => (s.files ? [`\`${s.files.md.split('/').pop() ?? ''}\``] : [])).join(', ')})` : ''}, ` +
      'headings one level down. Generated by `npm run bench` (bench/run.ts).',
    '',
    ...run.suites.flatMap((s) => (s.markdown ? [demote(s.markdown).trimEnd(), ''] : [`## ${s.suite}`, '', `Failed: ${s.error ?? 'no results'}`, ''])),
  ].join('\n');
  const data = {
    date: run.date,
    startedAt: run.startedAt,
    machine: run.machine,
    suites: Object.fromEntries(run.suites.map((s) => [s.suite, s.error ? { error: s.error, ...(s.results !== undefined && { results: s.results }) } : s.results])),
  };
  return writeResultFiles(dir, run.date, data, md);
}
