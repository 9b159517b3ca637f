// `npm run experiment -- experiments/<name>.yaml`: cache-policy experiments. The same seeded
// traffic against each variant of a config, each on a fresh stack (origin, control plane,
// edges, optionally an origin shield), and a report with tables, CSVs and SVG charts.
// See experiments/README.md. Everything listens on 127.0.0.1 and is stopped on the way out.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, usageFail } from './lib/cli.ts';
import { ProcessGroup } from './lib/procs.ts';
import { defaultReportDir, writeReport } from './experiments/report.ts';
import { runExperiment } from './experiments/runner.ts';
import { formatIssues, parseExperimentText, type Experiment } from './experiments/spec.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Ctrl-C / SIGTERM: the processes are being stopped; nothing more is measured or written. */
const abort = new AbortController();

const USAGE = `usage: npm run experiment -- FILE [options]   (or: node bench/experiment.ts FILE [options])

  FILE               an experiment file, e.g. experiments/query-string-in-key.yaml
  --out DIR          the report directory (default: reports/<name>/ next to FILE; with
                     --requests or --only: bench/results/tmp/experiments/<name>/)
  --requests N       replay N requests instead of the file's (a quick look)
  --only a,b         run only these variants
  --check            check the file, list every problem, run nothing
  --log-level L      the stack's log level: trace|debug|info|warn|error (default warn)
  --keep-logs        keep the processes' logs (the path is printed)
  -h, --help
`;

function fail(message: string): never {
  usageFail('experiment', USAGE, message);
}

function options() {
  const { values, positionals } = benchArgs('experiment', USAGE, { strings: ['out', 'requests', 'only', 'log-level'], booleans: ['check', 'keep-logs'] }, true);
  if (positionals.length !== 1) fail(positionals.length === 0 ? 'which experiment file?' : `one experiment file at a time, got ${positionals.join(' ')}`);
  const requests = values.requests === undefined ? undefined : Number(values.requests);
  if (requests !== undefined && (!Number.isInteger(requests) || requests < 1)) fail(`--requests needs a whole number > 0, got '${values.requests}'`);
  const logLevel = values['log-level'] ?? 'warn';
  if (!['trace', 'debug', 'info', 'warn', 'error'].includes(logLevel)) fail(`--log-level must be trace, debug, info, warn or error, got '${logLevel}'`);
  return {
    file: resolve(positionals[0]!),
    out: values.out === undefined ? undefined : resolve(values.out),
    requests,
    only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
    check: values.check ?? false,
    logLevel,
    keepLogs: values['keep-logs'] ?? false,
  };
}

function load(file: string): Experiment {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`experiment: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const parsed = parseExperimentText(text);
  if (parsed.issues) {
    process.stderr.write(`experiment: ${file} has ${parsed.issues.length} problem(s):\n${formatIssues(parsed.issues)}\n`);
    process.exit(1);
  }
  return parsed.value;
}

async function main(): Promise<void> {
  const o = options();
  let exp = load(o.file);
  if (o.check) {
    process.stdout.write(`${o.file}: ${exp.variants.length} variants (${exp.variants.map((v) => v.name).join(', ')}), ${exp.workload.requests} requests: fine\n`);
    return;
  }
  if (o.only) {
    const unknown = o.only.filter((n) => !exp.variants.some((v) => v.name === n));
    if (unknown.length) fail(`--only: no variant ${unknown.join(', ')} (variants: ${exp.variants.map((v) => v.name).join(', ')})`);
    exp = { ...exp, variants: exp.variants.filter((v) => o.only!.includes(v.name)) };
  }
  if (o.requests !== undefined) exp = { ...exp, workload: { ...exp.workload, requests: o.requests } };
  const partial = o.requests !== undefined || o.only !== undefined;
  const out = o.out ?? (partial ? join(REPO_ROOT, 'bench/results/tmp/experiments', exp.name) : defaultReportDir(o.file, exp.name));

  const procs = new ProcessGroup();
  const tmpRoot = mkdtempSync(join(tmpdir(), `cachefront-experiment-${exp.name}-`));
  const cleanUp = (keep: boolean) => {
    if (keep) process.stdout.write(`logs: ${tmpRoot}\n`);
    else rmSync(tmpRoot, { recursive: true, force: true });
  };
  process.on('exit', () => procs.killAllNow());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      process.stderr.write(`\nexperiment: ${sig}: stopping everything, writing no report\n`);
      abort.abort();
      void procs.stopAll(2000).finally(() => {
        cleanUp(o.keepLogs);
        process.exit(130);
      });
    });
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const command = `npm run experiment -- ${process.argv.slice(2).join(' ')}`;
  const results = await runExperiment({ procs, repoRoot: REPO_ROOT, tmpRoot, file: o.file, command, logLevel: o.logLevel, keepLogs: o.keepLogs, log, interrupted: abort.signal }, exp);
  await procs.stopAll();
  cleanUp(o.keepLogs || results.variants.some((v) => v.failure));
  const files = await writeReport(out, results, exp.variants);
  log(`report: ${files.map((f) => f.replace(`${REPO_ROOT}`, '')).join(', ')}`);
  const failed = results.variants.filter((v) => v.failure);
  if (failed.length) {
    process.stderr.write(`experiment: ${failed.length} variant(s) failed: ${failed.map((v) => v.name).join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  if (abort.signal.aborted) return; // the signal handler exits once everything is stopped
  process.stderr.write(`experiment: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
