// A control plane and the edges that follow it, started with the CLI the way a user would
// (docs/control-plane.md), and a small JSON client for its /v1 API.
import { join } from 'node:path';
import { waitUntil } from './http.ts';
import { freePort, retryOnPortClash } from './ports.ts';
import type { Proc, ProcessGroup } from './procs.ts';
import { cli } from './targets.ts';

const READY_MS = 20_000;

export interface StackOptions {
  procs: ProcessGroup;
  repoRoot: string;
  /** Fresh directory for the database, the edges' state dirs and the logs. */
  tmp: string;
  /** trace|debug|info|...: the control plane's and the edges' --log-level. */
  logLevel: string;
}

/** `cachefront control-plane` on a free loopback port; ready when /healthz answers. */
export function startControlPlane(o: StackOptions): Promise<{ proc: Proc; url: string; db: string }> {
  return retryOnPortClash(() => startControlPlaneOn(o));
}

async function startControlPlaneOn(o: StackOptions): Promise<{ proc: Proc; url: string; db: string }> {
  const port = await freePort();
  const db = join(o.tmp, 'cp.db');
  const args = [cli(o.repoRoot), 'control-plane', '--port', String(port), '--host', '127.0.0.1', '--data', db, '--log-level', o.logLevel];
  const proc = o.procs.start('control-plane', process.execPath, args, { cwd: o.repoRoot, logFile: join(o.tmp, 'control-plane.log') });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil('control plane /healthz', async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: READY_MS, gone: () => proc.exitReason() });
  return { proc, url, db };
}

/** `cachefront token --scope S --data DB`: prints only the token. */
export async function mintToken(o: StackOptions, db: string, scope: string): Promise<string> {
  const r = await o.procs.run(`token --scope ${scope}`, process.execPath, [cli(o.repoRoot), 'token', '--scope', scope, '--data', db], 15_000);
  const token = r.stdout.trim();
  if (r.exit.code !== 0 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw new Error(`cachefront token --scope ${scope} failed (${r.exit.signal ?? r.exit.code}): ${r.stderr.trim() || token}`);
  return token;
}

export interface FollowingEdge {
  pop: string;
  proc: Proc;
  /** The viewer URL from its "edge listening" log line. */
  url: string;
}

/** `cachefront edge --control-plane URL --pop POP --port 0`; resolves when it logs its url. */
export async function startFollowingEdge(o: StackOptions, cpUrl: string, token: string, pop: string, workers: number): Promise<FollowingEdge> {
  const args = [
    cli(o.repoRoot), 'edge', '--control-plane', cpUrl, '--pop', pop, '--token', token,
    '--state-dir', join(o.tmp, `edge-${pop}`), '--host', '127.0.0.1', '--port', '0', '--workers', String(workers), '--log-level', o.logLevel,
  ];
  const proc = o.procs.start(`edge ${pop}`, process.execPath, args, { cwd: o.repoRoot, logFile: join(o.tmp, `edge-${pop}.log`) });
  const url = await proc.waitForLine('"edge listening" log line', listeningUrl, READY_MS);
  return { pop, proc, url };
}

/** The `url` of the edge's JSON "edge listening on <url>" line (pino). */
function listeningUrl(line: string): string | undefined {
  if (!line.includes('"url"')) return undefined;
  try {
    const entry = JSON.parse(line) as { url?: unknown; msg?: unknown };
    return typeof entry.url === 'string' && String(entry.msg).startsWith('edge listening') ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

export interface ApiResponse {
  status: number;
  etag: string | undefined;
  body: Record<string, unknown>;
}

/** One JSON call to the /v1 API over a kept-alive connection (fetch). Non-2xx throws. */
export async function api(cpUrl: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const res = await fetch(`${cpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return { status: res.status, etag: res.headers.get('etag') ?? undefined, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> };
}
