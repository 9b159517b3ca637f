// What every suite's results use (medians, the results directory, date and machine lines,
// writing the files); the scenarios suite's table and files; the one file of a whole run.
// The wrk suite's table and files are in wrk-report.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioSuiteResults, ScenarioSummary } from './scenarios.ts';
import type { MachineInfo } from './tools.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

export const sizeLabel = (bytes: number) => (bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`);

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

/** What a suite wrote: its results, their files, and whether they went to bench/results/tmp. */
export interface SuiteOutput {
  results: unknown;
  files: { json: string; md: string };
  partial: boolean;
  /** Results were written, but the suite did not pass (a failed check, a missed run). */
  failed?: string;
}

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
