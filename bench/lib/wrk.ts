// Running wrk and reading its report.
import type { ProcessGroup } from './procs.ts';

export interface WrkOptions {
  url: string;
  host: string;
  /** More request headers (name: value), each one `-H`. */
  headers?: Record<string, string>;
  threads: number;
  connections: number;
  durationS: number;
  /** A Lua script (`-s`), and the arguments its init() gets (after `--`). */
  script?: string;
  scriptArgs?: string[];
}

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** connect + read + write + timeout socket errors. */
  socketErrors: number;
  non2xx: number;
}

export async function runWrk(procs: ProcessGroup, wrk: string, o: WrkOptions): Promise<WrkResult> {
  return parseWrk(await wrkOutput(procs, wrk, o));
}

/** Runs wrk and returns its whole report (with what a script's done() printed after it). */
export async function wrkOutput(procs: ProcessGroup, wrk: string, o: WrkOptions): Promise<string> {
  const script = o.script === undefined ? [] : ['-s', o.script];
  const args = ['-t', String(o.threads), '-c', String(o.connections), '-d', `${o.durationS}s`, '--latency', '-H', `Host: ${o.host}`, ...Object.entries(o.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), ...script, o.url, ...(o.scriptArgs ? ['--', ...o.scriptArgs] : [])];
  const { exit, stdout, stderr } = await procs.run('wrk', wrk, args, (o.durationS + 30) * 1000);
  if (exit.code !== 0) throw new Error(`wrk ${args.join(' ')} failed (${exit.signal ?? exit.code}): ${stderr.trim() || stdout.trim()}`);
  return stdout;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Reads wrk 4.x output (with --latency). Throws when a number we need is missing. */
export function parseWrk(text: string): WrkResult {
  const num = (re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(text);
    if (!m) throw new Error(`wrk output has no ${what}:\n${text}`);
    return m;
  };
  const latency = (pct: string): number => {
    const m = num(new RegExp(`^\\s*${pct}%\\s+([\\d.]+)(us|ms|s|m|h)\\s*$`, 'm'), `${pct}% latency`);
    return Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    rps: Number(num(/^Requests\/sec:\s+([\d.]+)/m, 'Requests/sec')[1]),
    p50Ms: latency('50'),
    p99Ms: latency('99'),
    requests: Number(num(/^\s*(\d+) requests in /m, 'request count')[1]),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
  };
}
