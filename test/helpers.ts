// Helpers for end-to-end tests: real processes on ephemeral loopback ports, plain HTTP,
// and polling with deadlines instead of sleeps.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'apps/cli/src/main.ts');

export interface Proc {
  child: ChildProcess;
  /** Every stdout+stderr line so far. */
  lines: string[];
  /** The first JSON log line that had a `url` field. */
  ready: Record<string, unknown>;
  stop(): Promise<void>;
  /** Resolves with the first line (from now on or already seen after `from`) matching `re`. */
  waitForLine(re: RegExp, timeoutMs?: number, from?: number): Promise<string>;
}

/** Runs `cachefront <args>` and waits for its "listening" log line (one carrying `url`). */
export async function startCli(args: string[], timeoutMs = 15_000): Promise<Proc> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (buf: Buffer) => {
    for (const line of buf.toString().split('\n')) if (line.trim()) lines.push(line);
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    for (const w of waiters) w();
  });

  const waitForLine = (re: RegExp, ms = timeoutMs, from = 0): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(from).find((l) => re.test(l));
        if (hit !== undefined) {
          cleanup();
          resolve(hit);
        } else if (exited) {
          cleanup();
          reject(new Error(`process exited before printing ${re}:\n${lines.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms waiting for ${re}:\n${lines.join('\n')}`));
      }, ms);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const line = await waitForLine(/"url":"http/);
  const ready = JSON.parse(line) as Record<string, unknown>;
  const stop = async () => {
    if (exited) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(t);
  };
  return { child, lines, ready, stop, waitForLine };
}

export interface Origin extends Proc {
  url: string;
  port: number;
  stats(): Promise<{ total: number; byPath: Record<string, number> }>;
  reset(): Promise<void>;
}

export async function startOrigin(): Promise<Origin> {
  const p = await startCli(['origin', '--port', '0']);
  const url = String(p.ready.url);
  return {
    ...p,
    url,
    port: Number(new URL(url).port),
    stats: async () => JSON.parse((await get(`${url}/_origin/stats`)).text),
    reset: async () => void (await get(`${url}/_origin/stats/reset`, { method: 'POST' })),
  };
}

export interface Edge extends Proc {
  url: string;
  adminUrl: string;
  configPath: string;
  /** GET (or another method) through the edge with the given Host. */
  fetch(path: string, opts?: { host?: string; method?: string; headers?: Record<string, string> }): Promise<Res>;
}

/** An origin on the test origin (127.0.0.1:`port`), under `originPath`: one YAML flow mapping, for an `origins:` list item. */
export function loopbackOrigin(id: string, port: number, originPath?: string): string {
  return `{ id: ${id}, domainName: 127.0.0.1${originPath === undefined ? '' : `, originPath: ${originPath}`}, customOriginConfig: { httpPort: ${port} } }`;
}

/** A cache policy, one YAML item for a `cachePolicies:` list: min TTL 0, no compression in the key, the given configs (flow mappings; default: none). */
export function cachePolicy(id: string, o: { headersConfig?: string; cookiesConfig?: string; queryStringsConfig?: string; defaultTTL?: number; maxTTL?: number } = {}): string {
  return `  - id: ${id}
    minTTL: 0
    defaultTTL: ${o.defaultTTL ?? 3600}
    maxTTL: ${o.maxTTL ?? 86400}
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: false
      enableAcceptEncodingBrotli: false
      headersConfig: ${o.headersConfig ?? '{ headerBehavior: none }'}
      cookiesConfig: ${o.cookiesConfig ?? '{ cookieBehavior: none }'}
      queryStringsConfig: ${o.queryStringsConfig ?? '{ queryStringBehavior: none }'}
`;
}

export async function writeConfig(yaml: string, dir?: string): Promise<string> {
  const d = dir ?? (await mkdtemp(join(tmpdir(), 'cachefront-test-')));
  const path = join(d, 'cdn.yaml');
  await writeFile(path, yaml);
  return path;
}

export async function startEdge(yaml: string, extra: string[] = [], defaultHost = 'test.localhost', workers = 2): Promise<Edge> {
  return startEdgeWith(await writeConfig(yaml), extra, defaultHost, workers);
}

/** An edge serving an existing config file (several edges can serve one file). */
export async function startEdgeWith(configPath: string, extra: string[] = [], defaultHost = 'test.localhost', workers = 2): Promise<Edge> {
  const p = await startCli(['edge', '--config', configPath, '--port', '0', '--workers', String(workers), ...extra]);
  const url = String(p.ready.url);
  return {
    ...p,
    url,
    adminUrl: String(p.ready.adminUrl),
    configPath,
    fetch: (path, opts = {}) => get(`${url}${path}`, { method: opts.method, headers: { host: opts.host ?? defaultHost, ...opts.headers } }),
  };
}

export interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

// `timeout` makes node:http honor a server's `Keep-Alive: timeout=N` (it closes idle
// connections 1 s before; without a timeout of its own it keeps them until the server
// closes them, and a request sent just then is reset: bench/experiments/replay.ts).
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, timeout: 30_000 });

/** A plain node:http request (fetch() cannot set Host). */
export function get(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString() });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Polls `fn` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A token for the control plane whose database is `dataPath` (`cachefront token`). */
export function tokenFor(dataPath: string, scope: string): string {
  const r = spawnSync(process.execPath, [CLI, 'token', '--scope', scope, '--data', dataPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cachefront token failed: ${r.stderr}`);
  return r.stdout.trim();
}

export interface ControlPlane extends Proc {
  url: string;
  /** Its temp dir (the database is `cp.db` in it). */
  dir: string;
  /** A token of these scopes for it. */
  token(scope: string): string;
}

/** A control plane on a new database in a new temp dir named `prefix…`: heartbeats every 200 ms, an edge silent 1.5 s is down. */
export async function startControlPlane(prefix: string): Promise<ControlPlane> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const data = join(dir, 'cp.db');
  const p = await startCli(['control-plane', '--port', '0', '--data', data, '--heartbeat-ms', '200', '--edge-timeout-ms', '1500']);
  return { ...p, url: String(p.ready.url), dir, token: (scope) => tokenFor(data, scope) };
}

/** An edge (1 worker) of the control plane `cp` as POP `pop`, its state in `<cp.dir>/<stateDir>`. */
export function startPopEdge(cp: ControlPlane, pop: string, token: string, { stateDir = pop, extra = [] }: { stateDir?: string; extra?: string[] } = {}): Promise<Proc> {
  return startCli(['edge', '--control-plane', cp.url, '--pop', pop, '--token', token, '--state-dir', join(cp.dir, stateDir), '--port', '0', '--workers', '1', ...extra]);
}

export interface ApiAnswer {
  status: number;
  etag: string;
  /** Parsed JSON (any shape; tests assert field by field). */
  body: ReturnType<typeof JSON.parse>;
}

/** JSON calls to a control plane with one token. */
export function apiClient(baseUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag') ?? '', body: text ? JSON.parse(text) : undefined };
  };
}
