// One variant's stack, fresh for every variant, started with the CLI the way a user would:
// the test origin, a control plane in a temp dir, an optional origin shield
// (`--tier shield`), and one edge per POP following the control plane (with `--parent`
// the shield when there is one, and `--dev-viewer-address-header` so the replay can play
// viewers anywhere). The variant's config goes in through the /v1 API; ready once every
// distribution is Deployed.
import { join } from 'node:path';
import { api, mintToken, type StackOptions } from '../lib/control-plane.ts';
import { waitUntil } from '../lib/http.ts';
import { freePort, retryOnPortClash } from '../lib/ports.ts';
import type { Proc, ProcessGroup } from '../lib/procs.ts';
import { cli, startOrigin } from '../lib/targets.ts';
import { fillOrigins, isObject, type Json, type JsonObject } from './merge.ts';
import type { Experiment, VariantSpec } from './spec.ts';

const READY_MS = 30_000;
const DEPLOY_MS = 60_000;
/** Edges ack (and report usage) once per heartbeat: short, so usage arrives soon after the replay. */
const HEARTBEAT_MS = 500;

export interface StackEdge {
  pop: string;
  tier: 'pop' | 'shield';
  proc: Proc;
  /** Viewer URL. */
  url: string;
  /** Admin URL: /stats, /metrics. */
  adminUrl: string;
}

export interface Stack {
  originUrl: string;
  cpUrl: string;
  /** write scope (also reads). */
  token: string;
  /** The POP edges viewers are sent to, in the variant's order. */
  edges: StackEdge[];
  shield: StackEdge | undefined;
  distributionId: string;
  /** The Host the workload is sent with: distributions[0]'s first alias, else its domain name. */
  host: string;
  /** Everything started, in the order to stop it (edges first, the origin last). */
  procs: Proc[];
  /** Why a process of the stack is gone, or undefined while all run. */
  gone(): string | undefined;
}

export interface StackContext {
  procs: ProcessGroup;
  repoRoot: string;
  /** A fresh directory for this variant: database, state dirs, logs. */
  tmp: string;
  logLevel: string;
  log(line: string): void;
}

export async function startStack(ctx: StackContext, exp: Experiment, variant: VariantSpec): Promise<Stack> {
  const started: Proc[] = [];
  const names = new Map<Proc, string>();
  const track = (name: string, p: Proc) => (started.unshift(p), names.set(p, name), p);
  const gone = () => {
    for (const p of started) {
      const why = p.exitReason();
      if (why) return `${names.get(p)} ${why}`;
    }
    return undefined;
  };
  try {
    const origin = await startOrigin(ctx.procs, ctx.repoRoot);
    track('origin', origin.proc);
    const originUrl = `http://127.0.0.1:${origin.port}`;
    if (exp.origin.latencyMs > 0) {
      // A global slow-headers fault: every origin response waits this long (apps/origin/README.md, "Faults").
      await jsonPost(`${originUrl}/_origin/faults`, { mode: 'slow-headers', delayMs: exp.origin.latencyMs });
    }

    const cp = await startControlPlane(ctx);
    track('control plane', cp.proc);
    const o: StackOptions = { procs: ctx.procs, repoRoot: ctx.repoRoot, tmp: ctx.tmp, logLevel: ctx.logLevel };
    const [token, edgeToken] = await Promise.all([mintToken(o, cp.db, 'write'), mintToken(o, cp.db, 'edge')]);

    // Fixed free ports rather than --port 0: the "edge listening" line is not logged at --log-level warn.
    // A start whose ports were taken meanwhile is retried on new ones (retryOnPortClash); only
    // the edge that came up is tracked, so the failed attempt does not count as a crash.
    const startEdge = (pop: string, tier: 'pop' | 'shield', parent?: string): Promise<StackEdge> => retryOnPortClash(() => startEdgeOn(pop, tier, parent));
    const startEdgeOn = async (pop: string, tier: 'pop' | 'shield', parent?: string): Promise<StackEdge> => {
      const [port, adminPort] = [await freePort(), await freePort()];
      const args = [
        cli(ctx.repoRoot), 'edge', '--control-plane', cp.url, '--pop', pop, '--token', edgeToken,
        '--state-dir', join(ctx.tmp, `${tier}-${pop}`), '--host', '127.0.0.1', '--port', String(port), '--admin-port', String(adminPort),
        '--workers', String(variant.edgeOptions.workers), '--cache-size', variant.edgeOptions.cacheSize, '--log-level', ctx.logLevel,
      ];
      if (tier === 'shield') args.push('--tier', 'shield');
      else args.push('--dev-viewer-address-header');
      if (parent) args.push('--parent', parent);
      const name = `${tier === 'shield' ? 'shield' : 'edge'} ${pop}`;
      const proc = ctx.procs.start(name, process.execPath, args, { cwd: ctx.repoRoot, logFile: join(ctx.tmp, `${tier}-${pop}.log`) });
      const adminUrl = `http://127.0.0.1:${adminPort}`;
      await waitUntil(`${name} /healthz`, async () => (await fetch(`${adminUrl}/healthz`)).ok, { timeoutMs: READY_MS, gone: () => proc.exitReason() });
      track(name, proc);
      return { pop, tier, proc, url: `http://127.0.0.1:${port}`, adminUrl };
    };
    const shield = variant.shield ? await startEdge(variant.shield.pop, 'shield') : undefined;
    const edges = await Promise.all(variant.edges.map((pop) => startEdge(pop, 'pop', shield?.url)));
    const all = shield ? [shield, ...edges] : edges;
    await waitUntil(
      `${all.length} edges live in GET /v1/edges`,
      async () => {
        const items = (await api(cp.url, token, 'GET', '/v1/edges')).body.items as { pop: string; status: string }[];
        const live = items.filter((e) => e.status === 'live').map((e) => e.pop);
        return all.every((e) => live.filter((p) => p === e.pop).length >= all.filter((x) => x.pop === e.pop).length);
      },
      { timeoutMs: READY_MS, gone },
    );

    const config = fillOrigins(variant.config, origin.port);
    for (const p of list(config.cachePolicies)) await api(cp.url, token, 'POST', '/v1/cache-policies', p);
    for (const p of list(config.originRequestPolicies)) await api(cp.url, token, 'POST', '/v1/origin-request-policies', p);
    const created = [];
    for (const d of list(config.distributions)) created.push((await api(cp.url, token, 'POST', '/v1/distributions', d)).body);
    for (const d of created) await waitDeployed(cp.url, token, String(d.id), gone);
    const first = created[0]!;
    const aliases = isObject(first.distributionConfig as Json) ? (first.distributionConfig as JsonObject).aliases : undefined;
    const host = Array.isArray(aliases) && typeof aliases[0] === 'string' ? aliases[0] : String(first.domainName);
    ctx.log(`  stack: origin ${originUrl}, control plane ${cp.url}, ${all.map((e) => `${e.tier === 'shield' ? 'shield ' : ''}${e.pop} ${e.url}`).join(', ')}; ${String(first.id)} Deployed`);
    return { originUrl, cpUrl: cp.url, token, edges, shield, distributionId: String(first.id), host, procs: started, gone };
  } catch (err) {
    await stopProcs(ctx.procs, started);
    throw err;
  }
}

/** Stops the stack's processes one after the other, edges first (SIGTERM, then SIGKILL). */
export async function stopProcs(procs: ProcessGroup, list: readonly Proc[]): Promise<void> {
  for (const p of list) await procs.stop(p);
}

function startControlPlane(ctx: StackContext): Promise<{ proc: Proc; url: string; db: string }> {
  return retryOnPortClash(() => startControlPlaneOn(ctx));
}

async function startControlPlaneOn(ctx: StackContext): Promise<{ proc: Proc; url: string; db: string }> {
  const port = await freePort();
  const db = join(ctx.tmp, 'cp.db');
  const args = [cli(ctx.repoRoot), 'control-plane', '--port', String(port), '--host', '127.0.0.1', '--data', db, '--log-level', ctx.logLevel, '--heartbeat-ms', String(HEARTBEAT_MS)];
  const proc = ctx.procs.start('control-plane', process.execPath, args, { cwd: ctx.repoRoot, logFile: join(ctx.tmp, 'control-plane.log') });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil('control plane /healthz', async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: READY_MS, gone: () => proc.exitReason() });
  } catch (err) {
    await ctx.procs.stop(proc);
    throw err;
  }
  return { proc, url, db };
}

async function waitDeployed(cpUrl: string, token: string, id: string, gone: () => string | undefined): Promise<void> {
  const deadline = Date.now() + DEPLOY_MS;
  for (;;) {
    const d = (await api(cpUrl, token, 'GET', `/v1/distributions/${id}?wait=5`)).body;
    if (d.status === 'Deployed') return;
    const why = gone();
    if (why) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`distribution ${id} still ${String(d.status)} after ${DEPLOY_MS / 1000} s`);
  }
}

const list = (v: Json | undefined): JsonObject[] => (Array.isArray(v) ? v.filter(isObject) : []);

async function jsonPost(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
}
