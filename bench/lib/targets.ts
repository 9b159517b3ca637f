// The processes under test: the test origin, and the targets that serve its bytes (the
// cachefront edge, unsigned and signed URLs, nginx proxy_cache with and without
// open_file_cache, a bare node:http server), and the miss-path pair (the edge's
// CachingDisabled behavior, nginx proxy_pass).
// Each start function resolves once the target answers a real request, or rejects with the
// reason it did not.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { issueCertificate, localCa } from '../../apps/edge-node/src/tls/local-ca.ts';
import { get, getJson, waitUntil } from './http.ts';
import { prepareNginx, type NginxSetup } from './nginx.ts';
import { freePort, retryOnPortClash } from './ports.ts';
import type { Proc, ProcessGroup } from './procs.ts';
import { keysYaml, SIGNED_BEHAVIORS_YAML, signedTarget, type Signer } from './signed.ts';
import type { Tools } from './tools.ts';

export const HOST = 'bench.localhost';
export const DISTRIBUTION_ID = 'EBENCH0000001A';
/** The origin's Cache-Control knob; the edge's CachingOptimized policy caches without it too. */
export const CC_QUERY = '?cc=max-age%3D3600';

// cachefront-signed, cachefront-tls, cachefront-gzip and cachefront-miss are the same edge
// process as cachefront (see startEdge). cachefront-gzip and nginx-gzip serve text objects
// gzip-compressed (the edge stores the compressed copy, nginx compresses each response).
// cachefront-miss and nginx-pass measure the miss path, not cache hits.
export const TARGET_NAMES = ['cachefront', 'cachefront-signed', 'cachefront-node', 'nginx', 'nginx-ofc', 'bare-node', 'cachefront-tls', 'nginx-tls', 'cachefront-gzip', 'nginx-gzip', 'cachefront-miss', 'nginx-pass'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** What the miss-path targets request: the origin's /echo (a JSON report of the request, a few hundred bytes), never cached. */
export const MISS_PATH = '/echo/miss';
/** The edge's behavior for it: Managed-CachingDisabled, so every request passes through to the origin. */
const MISS_BEHAVIOR_YAML = `      - pathPattern: /echo/*
        targetOriginId: origin
        cachePolicyId: Managed-CachingDisabled
`;

/** A response header every measured response must carry, and its value ('(none)': absent). */
export interface PassCheck {
  header: string;
  value: string;
}

/** The miss-path targets (they request MISS_PATH, not sizes), and what tells that a response passed through. */
export const PASS_CHECKS: Partial<Record<TargetName, PassCheck>> = {
  'cachefront-miss': { header: 'X-Cache', value: 'Miss from cachefront' },
  // Nothing caches there, so nginx adds no X-Cache-Status at all.
  'nginx-pass': { header: 'X-Cache-Status', value: '(none)' },
};

export interface Target {
  name: TargetName;
  proc: Proc;
  port: number;
  /** https for the TLS targets (HTTP/1.1 over TLS, as wrk speaks it). */
  scheme?: 'https';
  /** Fronts the origin through a cache (so origin requests during its runs are misses). */
  caching: boolean;
  /** The request target (path and query) for `size` bytes. */
  path(size: number): string;
  /** gzip: requests say `Accept-Encoding: gzip` and the answer must be gzip of `size` bytes. */
  encoding?: 'gzip';
  /** Why a warmed response does not look like a cache hit; undefined when it does. */
  notAHit(headers: IncomingHttpHeaders): string | undefined;
  /** Checks to pass after warm-up, before anything is measured; rejects with what is wrong. */
  verify?(size: number): Promise<void>;
}

export interface Context {
  procs: ProcessGroup;
  repoRoot: string;
  tools: Tools;
  /** Scratch directory for configs, pid files and logs. */
  tmp: string;
  /** tmpfs directory for nginx's cache. */
  shm: string;
  originPort: number;
}

const READY_MS = 20_000;
/** The CLI's entry point (`cachefront ...`), run with this node. */
export const cli = (repoRoot: string) => join(repoRoot, 'apps/cli/src/main.ts');
export const bytesPath = (size: number) => `/bytes/${size}${CC_QUERY}`;
/** The same bytes under the signed behavior's path pattern, before the signing parameters. */
export const signedBytesPath = (size: number) => `/bytes/${size}/signed${CC_QUERY}`;
/** `size` bytes of compressible text (the origin's /text/:n, text/plain): what the gzip targets request. */
export const textPath = (size: number) => `/text/${size}${CC_QUERY}`;
/** The edge's behavior for it: compress: true, so hits of gzip viewers are the stored gzip copy. */
const TEXT_BEHAVIOR_YAML = `      - pathPattern: /text/*
        targetOriginId: origin
        cachePolicyId: Managed-CachingOptimized
        compress: true
`;

/** GET through `port` with the bench Host; true when it returns `size` bytes. */
async function servesBytes(port: number, size: number, scheme: 'http' | 'https' = 'http'): Promise<boolean> {
  const res = await get(`${scheme}://127.0.0.1:${port}${bytesPath(size)}`, { host: HOST, timeoutMs: 2000 });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${oneLine(res.body.toString('utf8'))}`);
  return res.body.length === size;
}

/** An error body (often HTML) as a short line of text. */
function oneLine(body: string): string {
  const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

export function startOrigin(procs: ProcessGroup, repoRoot: string): Promise<{ proc: Proc; port: number }> {
  return retryOnPortClash(() => startOriginOn(procs, repoRoot));
}

async function startOriginOn(procs: ProcessGroup, repoRoot: string): Promise<{ proc: Proc; port: number }> {
  const port = await freePort();
  const proc = procs.start('origin', process.execPath, [cli(repoRoot), 'origin', '--port', String(port), '--host', '127.0.0.1'], { cwd: repoRoot });
  await waitUntil('origin', () => servesBytes(port, 1024), { timeoutMs: READY_MS, gone: () => proc.exitReason() });
  return { proc, port };
}

/** The origin's request count (it leaves out its own /_origin/* and /healthz). */
export async function originRequestCount(originPort: number): Promise<number | undefined> {
  try {
    const stats = (await getJson(`http://127.0.0.1:${originPort}/_origin/stats`)) as { total?: unknown };
    return typeof stats.total === 'number' ? stats.total : undefined;
  } catch {
    return undefined;
  }
}

/** A distribution's first lines (to be followed by its behaviors): `id`, `host`, one origin on loopback at `originPort`. */
export function distributionYaml(id: string, host: string, originPort: number): string {
  return `  - id: ${id}
    aliases: [${host}]
    origins:
      - id: origin
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${originPort}, originProtocolPolicy: http-only }
`;
}

/**
 * One distribution; `SIGNED_PATH_PATTERN` (same origin, same cache policy) needs a URL
 * signed with `signer`'s key; `/echo/*` is not cached (the miss path).
 */
export function edgeConfigYaml(originPort: number, signer: Signer): string {
  return `${keysYaml(signer)}distributions:
${distributionYaml(DISTRIBUTION_ID, HOST, originPort)}${SIGNED_BEHAVIORS_YAML}${MISS_BEHAVIOR_YAML}${TEXT_BEHAVIOR_YAML}`;
}

const edgeHit = (h: IncomingHttpHeaders) => (String(h['x-cache'] ?? '').startsWith('Hit') ? undefined : `X-Cache is '${h['x-cache'] ?? '(none)'}', not Hit`);

/**
 * cachefront-node: a second edge process like cachefront's, started with `--no-fast-path`
 * (every hit through node:http), so the fast path's gain is measured in the same run.
 */
export async function startEdgeNoFastPath(ctx: Context, workers: number, signer: Signer): Promise<Target> {
  const edge = await startEdge(ctx, workers, signer, ['--no-fast-path']);
  return { ...edge.unsigned, name: 'cachefront-node' };
}

/**
 * One edge process serves the cachefront, cachefront-signed and cachefront-miss targets
 * (same workers, origin, distribution and Host; only the path, and so the behavior,
 * differs), so the signed/unsigned ratio measures the signature check and nothing else.
 */
/** A target's URL for `path`. */
export const targetUrl = (t: Pick<Target, 'scheme' | 'port'>, path: string) => `${t.scheme ?? 'http'}://127.0.0.1:${t.port}${path}`;

export async function startEdge(ctx: Context, workers: number, signer: Signer, extraArgs: string[] = []): Promise<{ unsigned: Target; signed: Target; miss: Target; tls: Target; gzip: Target }> {
  const config = join(ctx.tmp, `edge${extraArgs.join('')}.yaml`);
  writeFileSync(config, edgeConfigYaml(ctx.originPort, signer));
  const [port, adminPort, httpsPort] = [await freePort(), await freePort(), await freePort()];
  const args = [cli(ctx.repoRoot), 'edge', '--config', config, '--port', String(port), '--workers', String(workers), '--admin-port', String(adminPort), '--https-port', String(httpsPort), '--state-dir', join(ctx.tmp, `edge-state${extraArgs.join('')}`), ...extraArgs];
  // Loopback only, when the edge lets us say so.
  const help = await ctx.procs.run('edge --help', process.execPath, [cli(ctx.repoRoot), 'edge', '--help'], 10_000);
  if (/--host\b/.test(help.stdout + help.stderr)) args.push('--host', '127.0.0.1');
  const proc = ctx.procs.start('cachefront', process.execPath, args, { cwd: ctx.repoRoot });
  const gone = () => proc.exitReason();
  try {
    await waitUntil('edge /healthz', async () => (await get(`http://127.0.0.1:${adminPort}/healthz`)).status === 200, { timeoutMs: READY_MS, gone });
    await waitUntil('edge', () => servesBytes(port, 1024), { timeoutMs: READY_MS, gone });
  } catch (err) {
    await ctx.procs.stop(proc);
    const tail = proc.tail();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail && !proc.exitReason() ? ` (${tail})` : ''}`);
  }
  const signedPaths = new Map<number, string>();
  const signedPath = (size: number) => {
    let p = signedPaths.get(size);
    if (p === undefined) signedPaths.set(size, (p = signedTarget(signer, HOST, signedBytesPath(size))));
    return p;
  };
  return {
    unsigned: { name: 'cachefront', proc, port, caching: true, path: bytesPath, notAHit: edgeHit },
    signed: {
      name: 'cachefront-signed',
      proc,
      port,
      caching: true,
      path: signedPath,
      notAHit: edgeHit,
      verify: (size) => verifySigned(port, size, signedPath(size)),
    },
    miss: { name: 'cachefront-miss', proc, port, caching: false, path: () => MISS_PATH, notAHit: () => undefined },
    tls: { name: 'cachefront-tls', proc, port: httpsPort, scheme: 'https', caching: true, path: bytesPath, notAHit: edgeHit },
    gzip: { name: 'cachefront-gzip', proc, port, caching: true, path: textPath, encoding: 'gzip', notAHit: edgeHit },
  };
}

/**
 * The signed path really is private: unsigned, or with a signature that does not verify,
 * it is a 403; the signed URL is a 200 of the right length served from the cache.
 */
async function verifySigned(port: number, size: number, signed: string): Promise<void> {
  const at = (target: string) => get(`http://127.0.0.1:${port}${target}`, { host: HOST });
  const unsigned = await at(signedBytesPath(size));
  if (unsigned.status !== 403) throw new Error(`unsigned GET ${signedBytesPath(size)}: HTTP ${unsigned.status}, expected 403 (is the signature checked?)`);
  // Another first character: well-formed, same length, but not the signature of this URL.
  const tampered = signed.replace(/Signature=(.)/, (_m, first: string) => `Signature=${first === 'A' ? 'B' : 'A'}`);
  const bad = await at(tampered);
  if (bad.status !== 403) throw new Error(`GET with a tampered Signature: HTTP ${bad.status}, expected 403`);
  const ok = await at(signed);
  if (ok.status !== 200) throw new Error(`signed GET: HTTP ${ok.status}: ${oneLine(ok.body.toString('utf8'))}`);
  if (ok.body.length !== size) throw new Error(`signed GET: ${ok.body.length} bytes, expected ${size}`);
  if (ok.headers['x-cache'] !== 'Hit from cachefront') throw new Error(`signed GET: X-Cache is '${ok.headers['x-cache'] ?? '(none)'}', expected 'Hit from cachefront'`);
}

/**
 * nginx proxy_cache (`nginx`), the same with open_file_cache (`nginx-ofc`), over TLS
 * (`nginx-tls`), or with its gzip filter on text (`nginx-gzip`), each its own process,
 * config and cache.
 */
export async function startNginx(ctx: Context, name: 'nginx' | 'nginx-ofc' | 'nginx-tls' | 'nginx-gzip' = 'nginx'): Promise<Target> {
  let tls: NginxSetup['tls'];
  if (name === 'nginx-tls') {
    // A certificate from a local CA, like the edge's (apps/edge-node/src/tls/local-ca.ts).
    const pair = await issueCertificate(await localCa(join(ctx.tmp, 'nginx-ca')), [HOST, '127.0.0.1']);
    tls = { certFile: join(ctx.tmp, 'nginx-tls.pem'), keyFile: join(ctx.tmp, 'nginx-tls-key.pem') };
    writeFileSync(tls.certFile, pair.cert);
    writeFileSync(tls.keyFile, pair.key, { mode: 0o600 });
  }
  const gzip = name === 'nginx-gzip';
  const { proc, port } = await startNginxProcess(ctx, name, { openFileCache: name === 'nginx-ofc', gzip, ...(tls && { tls }) });
  return {
    name,
    proc,
    port,
    ...(tls && { scheme: 'https' as const }),
    ...(gzip && { encoding: 'gzip' as const }),
    caching: true,
    path: gzip ? textPath : bytesPath,
    notAHit: (h) => (h['x-cache-status'] === 'HIT' ? undefined : `X-Cache-Status is '${h['x-cache-status'] ?? '(none)'}', not HIT`),
  };
}

/** nginx proxy_pass with keep-alive upstreams and no cache: the miss path's reference. */
export async function startNginxPass(ctx: Context): Promise<Target> {
  const { proc, port } = await startNginxProcess(ctx, 'nginx-pass', { kind: 'pass' });
  return { name: 'nginx-pass', proc, port, caching: false, path: () => MISS_PATH, notAHit: () => undefined };
}

/** Renders the config into `<tmp>/<name>` (cache in `<shm>/<name>-cache`), starts nginx, and waits until it serves the origin's bytes. */
async function startNginxProcess(ctx: Context, name: string, setup: Pick<NginxSetup, 'kind' | 'openFileCache' | 'tls' | 'gzip'>): Promise<{ proc: Proc; port: number }> {
  const port = await freePort();
  const prefix = join(ctx.tmp, name);
  mkdirSync(prefix, { recursive: true });
  const args = prepareNginx({ ...setup, prefix, cacheDir: join(ctx.shm, `${name}-cache`), port, originPort: ctx.originPort });
  const proc = ctx.procs.start(name, ctx.tools.nginx, args);
  const gone = () => proc.exitReason();
  try {
    await waitUntil(name, () => servesBytes(port, 1024, setup.tls ? 'https' : 'http'), { timeoutMs: READY_MS, gone });
  } catch (err) {
    await ctx.procs.stop(proc);
    const log = join(prefix, 'error.log');
    const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail ? `; error.log: ${tail}` : ''}`);
  }
  return { proc, port };
}

export async function startBareNode(ctx: Context, workers: number): Promise<Target> {
  const port = await freePort();
  const script = join(ctx.repoRoot, 'bench/bare-node.ts');
  const proc = ctx.procs.start('bare-node', process.execPath, [script, '--port', String(port), '--workers', String(workers)]);
  try {
    await waitUntil('bare-node', () => servesBytes(port, 1024), { timeoutMs: READY_MS, gone: () => proc.exitReason() });
  } catch (err) {
    await ctx.procs.stop(proc);
    throw err;
  }
  return { name: 'bare-node', proc, port, caching: false, path: bytesPath, notAHit: () => undefined };
}
