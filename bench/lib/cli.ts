// The command line of a bench script (bench/run.ts, bench/experiment.ts): parseArgs with
// -h/--help, and a bad command line answered with the script's usage text and exit code 2.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Writes `<script>: <message>`, then `usage`, to stderr and exits 2. */
export function usageFail(script: string, usage: string, message: string): never {
  process.stderr.write(`${script}: ${message}\n\n${usage}`);
  process.exit(2);
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** process.argv's flags; with -h/--help, prints `usage` and exits 0. */
export function benchArgs<T extends NonNullable<ParseArgsConfig['options']>>(script: string, usage: string, options: T, allowPositionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ options: { ...options, ...HELP }, allowPositionals });
  } catch (err) {
    usageFail(script, usage, err instanceof Error ? err.message : String(err));
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  return parsed;
}
