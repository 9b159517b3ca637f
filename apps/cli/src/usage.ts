import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs, with its errors turned into UsageErrors. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true, allowNegative: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The flags of a command that calls the control plane's API (what `apiTarget` reads). */
export const API_FLAGS = { 'control-plane': { type: 'string' }, token: { type: 'string' } } as const;

/** API_FLAGS as a command's help shows them. */
export function apiFlagsHelp(scope: 'read' | 'write'): string {
  return `  --control-plane URL       default $CACHEFRONT_CONTROL_PLANE or http://127.0.0.1:8787
  --token T                 a ${scope}-scoped token (default $CACHEFRONT_TOKEN)`;
}

/** Flags of these names, each taking a value (`--name V`): parseArgs options. */
export function stringFlags<const N extends string>(...names: N[]): Record<N, { type: 'string' }> {
  return Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as Record<N, { type: 'string' }>;
}

const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * A command's flags: `parseFlags` with -h/--help added. With --help, prints `help` and
 * returns undefined (the command does nothing else). `positionals: false`: a command that
 * takes no arguments, so one is a UsageError followed by `help`.
 */
export function commandFlags<T extends Options>(argv: string[], help: string, options: T, { positionals = true }: { positionals?: boolean } = {}) {
  const parsed = parseFlags(argv, { ...options, ...HELP_FLAG });
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(help);
    return undefined;
  }
  if (!positionals && parsed.positionals.length > 0) throw new UsageError(`unexpected argument '${parsed.positionals[0]}'\n\n${help}`);
  return parsed;
}

/** A TCP port flag: an integer 0-65535 (0 = ephemeral). */
export function portFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} must be a port number 0-65535, got '${value}'`);
  return n;
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte-size flag: `1024`, `64KB`, `256MB`, `1GiB` (KB/MB/GB are powers of 1000... except bare K/M/G). */
export function sizeFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`--${name} must be a size like 1048576, 64MB or 1GiB, got '${value}'`);
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 1) throw new UsageError(`--${name} must be at least 1 byte`);
  return n;
}
