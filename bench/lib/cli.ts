// The command line of a bench script (bench/run.ts, bench/experiment.ts): parseArgs with
// -h/--help, and a bad command line answered with the script's usage text and exit code 2.
import { parseArgs } from 'node:util';

/** Writes `<script>: <message>`, then `usage`, to stderr and exits 2. */
export function usageFail(script: string, usage: string, message: string): never {
  process.stderr.write(`${script}: ${message}\n\n${usage}`);
  process.exit(2);
}

const named = <T extends 'string' | 'boolean'>(names: readonly string[], type: T) => Object.fromEntries(names.map((n) => [n, { type }]));

/**
 * process.argv's flags: `strings` take a value (`--name V`), `booleans` do not. With
 * -h/--help, prints `usage` and exits 0; a bad command line exits through usageFail.
 */
export function benchArgs<const S extends string, const B extends string>(script: string, usage: string, flags: { strings: S[]; booleans: B[] }, allowPositionals = false) {
  const options = { ...named(flags.strings, 'string'), ...named(flags.booleans, 'boolean'), help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({ options, allowPositionals });
  } catch (err) {
    usageFail(script, usage, err instanceof Error ? err.message : String(err));
  }
  const values = parsed.values as Partial<Record<S, string> & Record<B | 'help', boolean>>;
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  return { values, positionals: parsed.positionals };
}
