import cluster, { type Worker } from 'node:cluster';
import { availableParallelism, hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FSWatcher } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { formatIssues, parseConfig, type CachefrontConfig } from '@cachefront/config';
import { loadConfigFile, watchConfigFile } from './config-file.ts';
import { ControlClient, EMPTY_CONFIG, type ControlEvent } from './control/client.ts';
import { loadState, lockStateDir, saveState, type EdgeState } from './control/state.ts';
import { addUsage, type FromWorker, type LeaseMessage, type ToWorker, type UsageCounters } from '@cachefront/protocol';
import { LeaseTable } from './collapse/lease.ts';
import { WORKER_ENV, type EdgeOptions } from './options.ts';
import { distributionDomain } from './runtime/compile.ts';
import { trustedChildren, type TierName } from './runtime/tier.ts';
import { adminApp, PrimaryMetrics, RealtimeHub } from './admin.ts';

export interface StartEdgeOptions {
  /** File mode: serve this config file, reloading it on change. */
  configPath?: string;
  /** Control-plane mode: follow this control plane (instead of configPath). */
  controlPlane?: { url: string; token: string; stateDir: string };
  port: number;
  host?: string;
  adminPort?: number;
  workers?: number;
  cacheSize?: number;
  maxObjectSize?: number;
  pop?: string;
  logLevel?: string;
  logger?: Logger;
  /** X-Forwarded-For is believed only from these peers (CIDRs), plus the config's trustedProxies. */
  trustedProxies?: string[];
  /** Dev only: `X-Cachefront-Viewer-Address` sets the viewer address (a warning is logged). */
  devViewerAddressHeader?: boolean;
  /** City-level geo data (~100 MB more per worker); country only by default. */
  geoCity?: boolean;
  /** Cache tier (default pop): a regional edge cache or origin shield takes child edges' requests. */
  tier?: TierName;
  /** A parent tier edge's viewer URL: cacheable misses are fetched through it, not from the origin. */
  parent?: string;
  /** Regional/shield: peers besides loopback whose tier requests are trusted (CIDRs). */
  trustedChildren?: string[];
  /** Standard logs of distributions with `logging.enabled` go here (CloudFront's format, hourly files). */
  accessLogDir?: string;
}

export interface RunningEdge {
  url: string;
  adminUrl: string;
  /** Control-plane mode: resolves once the edge has acked the control plane's current state. */
  synced(): Promise<void>;
  close(): Promise<void>;
}

/** The config file is missing or invalid: the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The edge could not start (e.g. its port is in use): the message says why. */
export class StartupError extends Error {
  override name = 'StartupError';
}

interface WorkerState {
  worker: Worker;
  port: number;
  siblingPort: number;
  applied: number;
  /** Sequence number of the last invalidation this worker applied. */
  purged: number;
}

/**
 * The edge node's primary process: owns the config (file mode: watches it), forks the
 * workers and relays config versions to them, coordinates request collapsing between
 * workers, replaces workers that die, serves /healthz on the admin port, and drains
 * everything on shutdown.
 */
export async function startEdge(o: StartEdgeOptions): Promise<RunningEdge> {
  const pop = o.pop ?? 'DEV1';
  const log = o.logger ?? pino({ level: o.logLevel ?? 'info', base: { role: 'edge', pop } });
  checkTiers(o);
  let config: CachefrontConfig;
  let version: number;
  let state: EdgeState | undefined;
  let unlock: (() => Promise<void>) | undefined;
  if (o.controlPlane) {
    try {
      unlock = await lockStateDir(o.controlPlane.stateDir);
      state = await loadState(o.controlPlane.stateDir, pop);
    } catch (err) {
      await unlock?.();
      throw new StartupError((err as Error).message);
    }
    // Static stability: serve the last applied config until the control plane answers.
    config = state.config ?? EMPTY_CONFIG;
    version = state.seq;
  } else if (o.configPath !== undefined) {
    const first = await loadConfigFile(o.configPath);
    if (first.issues) throw new ConfigError(`${o.configPath} is not a valid config:\n${formatIssues(first.issues)}`);
    config = first.value;
    version = 1;
  } else {
    throw new ConfigError('an edge needs a config file or a control plane');
  }
  let lastPurge = 0;
  const opts: EdgeOptions = {
    port: o.port,
    host: o.host ?? '127.0.0.1',
    workers: o.workers ?? availableParallelism(),
    cacheSize: o.cacheSize ?? 256 * 1024 * 1024,
    maxObjectSize: o.maxObjectSize ?? 32 * 1024 * 1024,
    pop,
    nodeName: createHash('sha256').update(`${hostname()}|${pop}|${process.pid}`).digest('hex').slice(0, 32),
    logLevel: o.logLevel ?? 'info',
    trustedProxies: o.trustedProxies ?? [],
    devViewerAddressHeader: o.devViewerAddressHeader ?? false,
    geoCity: o.geoCity ?? false,
    tier: o.tier ?? 'pop',
    parent: o.parent,
    trustedChildren: o.trustedChildren ?? [],
    accessLogDir: o.accessLogDir,
  };
  if (opts.devViewerAddressHeader) {
    log.warn('DEV ONLY: any viewer can set its address with X-Cachefront-Viewer-Address (geo restriction and CloudFront-Viewer-* headers follow it); never expose this edge');
  }
  // A parent tier's workers act as one cache (collapse/lease.ts).
  const leases = new LeaseTable({ shareCopies: opts.tier !== 'pop' });
  const states = new Map<number, WorkerState>();
  let closing = false;
  const hub = new RealtimeHub();
  const primaryMetrics = new PrimaryMetrics();
  let client: ControlClient | undefined;

  // Waiters for "every worker has applied X": checked on every worker report and exit.
  const waiters = new Set<() => boolean>();
  const settle = () => {
    for (const w of waiters) if (w()) waiters.delete(w);
  };
  const everyWorker = (done: (s: WorkerState) => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = () => {
        for (const s of states.values()) if (s.port !== 0 && !done(s)) return false;
        resolve();
        return true;
      };
      if (!check()) waiters.add(check);
    });

  cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.ts', import.meta.url)), silent: false });

  const fork = (): Promise<WorkerState> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ [WORKER_ENV]: JSON.stringify(opts) });
      // A new worker starts with an empty cache: no invalidation concerns it yet.
      const state: WorkerState = { worker, port: 0, siblingPort: 0, applied: 0, purged: lastPurge };
      states.set(worker.id, state);
      let fatal = '';
      worker.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'fatal':
            fatal = m.message;
            break;
          case 'listening':
            state.port = m.port;
            state.siblingPort = m.siblingPort;
            worker.send({ t: 'config', version, config } satisfies ToWorker);
            break;
          case 'applied':
            state.applied = m.version;
            if (state.port && m.version === version) resolve(state);
            settle();
            break;
          case 'purged':
            state.purged = Math.max(state.purged, m.seq);
            settle();
            break;
          case 'lease': {
            const r = leases.acquire(m.key, worker.id, state.siblingPort);
            worker.send({ t: 'lease-r', id: m.id, leader: r.leader, port: r.port } satisfies LeaseMessage);
            break;
          }
          case 'release':
            leases.release(m.key, worker.id, m.freshUntil);
            break;
          case 'realtime':
            hub.publish(m.entries.map((e) => ({ ...e, pop })), client !== undefined);
            break;
        }
      });
      worker.once('exit', (code, signal) => {
        states.delete(worker.id);
        leases.releaseAll(worker.id);
        settle();
        // A worker that never got to listen would fail again: report it, do not respawn.
        if (state.port === 0) return reject(new StartupError(fatal || `edge worker exited during startup (code ${code}, signal ${signal})`));
        if (closing) return;
        log.warn({ pid: worker.process.pid, code, signal }, 'edge worker died; starting a replacement');
        fork().catch((err) => log.error({ err }, 'replacement worker failed to start'));
      });
    });

  let started: WorkerState[];
  try {
    started = await Promise.all(Array.from({ length: opts.workers }, fork));
  } catch (err) {
    closing = true;
    for (const s of states.values()) s.worker.kill();
    await unlock?.();
    throw err;
  }
  const port = started[0]!.port;

  const publishConfig = async (next: CachefrontConfig, v: number): Promise<void> => {
    config = next;
    version = v;
    const started = performance.now();
    for (const s of states.values()) s.worker.send({ t: 'config', version, config } satisfies ToWorker);
    await everyWorker((s) => s.applied >= v);
    primaryMetrics.applySeconds.observe(['config'], (performance.now() - started) / 1000);
  };

  const admin = adminApp({
    pop,
    workers: () => [...states.values()].map((s) => s.worker),
    health: () => {
      const workers = [...states.values()];
      const applied = workers.length ? Math.min(...workers.map((s) => s.applied)) : 0;
      const controlPlane = client && { url: o.controlPlane?.url, edgeId: state?.edgeId, state: client.state, appliedSeq: client.seq, remoteSeq: client.remoteSeq };
      return { status: 'ok', pop, tier: opts.tier, parent: opts.parent, configVersion: version, appliedVersion: applied, workers: workers.length, leases: leases.size, controlPlane };
    },
    stats: () => collectStats(states),
    hub,
    primary: primaryMetrics,
    beforeScrape: () => {
      primaryMetrics.state.set(['config_version'], version);
      primaryMetrics.state.set(['workers'], states.size);
      if (client) {
        primaryMetrics.state.set(['control_plane_applied_seq'], client.seq);
        primaryMetrics.state.set(['control_plane_head_seq'], client.remoteSeq);
      }
    },
  });
  const adminServer: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: admin.fetch, port: o.adminPort ?? 0, hostname: opts.host }, () => resolve(s));
  });
  const adminAddr = adminServer.address();
  const adminPort = typeof adminAddr === 'object' && adminAddr ? adminAddr.port : 0;

  let watcher: FSWatcher | undefined;
  let logTimer: NodeJS.Timeout | undefined;
  if (o.controlPlane && state) {
    const cp = o.controlPlane;
    const st = state;
    const apply = async (ev: ControlEvent): Promise<void> => {
      if (ev.type === 'config') {
        const parsed = parseConfig(ev.config);
        if (parsed.issues) {
          // Never expected (the control plane validates): keep serving, do not ack.
          log.error({ seq: ev.seq, issues: parsed.issues }, `control plane sent a config this edge cannot use:\n${formatIssues(parsed.issues)}`);
          throw new Error(`config seq ${ev.seq} rejected`);
        }
        await publishConfig(parsed.value, ev.seq);
        st.config = parsed.value;
        log.info({ seq: ev.seq, distributions: parsed.value.distributions.length }, 'config applied');
      } else {
        lastPurge = ev.seq;
        leases.forget(`${distributionDomain(ev.distributionId)}\n`);
        for (const s of states.values()) s.worker.send({ t: 'invalidate', seq: ev.seq, distributionId: ev.distributionId, paths: ev.paths } satisfies ToWorker);
        const started = performance.now();
        await everyWorker((s) => s.purged >= ev.seq);
        primaryMetrics.applySeconds.observe(['invalidation'], (performance.now() - started) / 1000);
        log.info({ seq: ev.seq, invalidation: ev.id, distribution: ev.distributionId, paths: ev.paths.length }, 'invalidation applied');
      }
      st.seq = ev.seq;
      await saveState(cp.stateDir, st);
    };
    // Usage counters travel with acks: drained from every worker, kept until delivered.
    let pendingUsage: Record<string, UsageCounters> = {};
    const ackExtras = async () => {
      addUsage(pendingUsage, await drainUsage(states));
      const usage = pendingUsage;
      pendingUsage = {};
      return { body: Object.keys(usage).length > 0 ? { usage } : {}, failed: () => addUsage(pendingUsage, usage) };
    };
    client = new ControlClient({ url: cp.url.replace(/\/+$/, ''), token: cp.token, edgeId: st.edgeId, pop, since: st.seq, log, apply, ackExtras, viewerUrl: `http://${opts.host}:${started[0]!.port}`, adminUrl: `http://${opts.host}:${adminPort}` });
    client.start();
    // Sampled real-time log entries go to the control plane in batches; kept (bounded) while it is away.
    const c = client;
    let sending = false;
    logTimer = setInterval(() => {
      if (sending) return;
      const batch = hub.take();
      if (batch.length === 0) return;
      sending = true;
      void c.postLogs(batch.map((e) => ({ distributionId: e.distributionId, configName: e.configName, fields: e.fields, values: e.values }))).then((ok) => {
        sending = false;
        if (ok) hub.forwarded.inc(['sent'], batch.length);
        else hub.putBack(batch);
      });
    }, 250);
    logTimer.unref();
  } else if (o.configPath !== undefined) {
    const configPath = o.configPath;
    const reload = async () => {
      const next = await loadConfigFile(configPath);
      if (next.issues) {
        log.error({ file: configPath, issues: next.issues }, `config change rejected; still serving version ${version}:\n${formatIssues(next.issues)}`);
        return;
      }
      void publishConfig(next.value, version + 1);
      log.info({ version, distributions: next.value.distributions.length }, 'config reloaded');
    };
    watcher = watchConfigFile(configPath, () => void reload());
  }

  const url = `http://${opts.host}:${port}`;
  const adminUrl = `http://${opts.host}:${adminPort}`;
  const source = o.controlPlane ? { controlPlane: o.controlPlane.url, stateDir: o.controlPlane.stateDir, edgeId: state?.edgeId, seq: version } : { config: o.configPath };
  const tier = opts.tier !== 'pop' || opts.parent ? { tier: opts.tier, parent: opts.parent } : {};
  log.info({ url, adminUrl, workers: opts.workers, ...source, ...tier, distributions: config.distributions.length }, `edge listening on ${url}`);

  const close = async () => {
    if (closing) return;
    closing = true;
    watcher?.close();
    clearInterval(logTimer);
    await client?.stop();
    const exits = [...states.values()].map((s) => new Promise<void>((r) => (s.worker.isDead() ? r() : s.worker.once('exit', () => r()))));
    for (const s of states.values()) s.worker.send({ t: 'shutdown' } satisfies ToWorker);
    await Promise.all(exits);
    // Admin answers are short, except the real-time log streams: end those too.
    const closed = new Promise<void>((r) => adminServer.close(() => r()));
    (adminServer as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await closed;
    await unlock?.();
    log.info('edge stopped');
  };
  const synced = async (): Promise<void> => {
    if (!client) return;
    while (client.state !== 'connected' || client.seq < client.remoteSeq) await client.nextAck();
  };
  return { url, adminUrl, synced, close };
}

/** Tier options, checked before anything starts (the workers rely on them). */
function checkTiers(o: StartEdgeOptions): void {
  if (o.parent !== undefined) {
    if (o.tier === 'shield') throw new StartupError('an origin shield fetches from the origin: --parent applies to pop and regional edges');
    if (!/^https?:\/\/[^/?#]+\/?$/.test(o.parent)) throw new StartupError(`--parent must be a parent edge's viewer URL like http://127.0.0.1:8090, got '${o.parent}'`);
  }
  if (o.trustedChildren?.length) {
    if ((o.tier ?? 'pop') === 'pop') throw new StartupError('--trusted-child applies to --tier regional or shield');
    try {
      trustedChildren(o.trustedChildren);
    } catch (err) {
      throw new StartupError((err as Error).message);
    }
  }
}

/** Every worker's usage counters since the last drain, summed. */
async function drainUsage(states: Map<number, WorkerState>): Promise<Record<string, UsageCounters>> {
  const total: Record<string, UsageCounters> = {};
  const replies = await Promise.all(
    [...states.values()].map(
      (s) =>
        new Promise<Record<string, UsageCounters>>((resolve) => {
          const timer = setTimeout(() => done({}), 1000);
          const onMsg = (m: FromWorker) => {
            if (m.t === 'usage-r') done(m.usage);
          };
          const done = (u: Record<string, UsageCounters>) => {
            clearTimeout(timer);
            s.worker.off('message', onMsg);
            resolve(u);
          };
          s.worker.on('message', onMsg);
          s.worker.send({ t: 'usage' } satisfies ToWorker);
        }),
    ),
  );
  for (const r of replies) addUsage(total, r);
  return total;
}

function collectStats(states: Map<number, WorkerState>): Promise<unknown[]> {
  return Promise.all(
    [...states.values()].map(
      (s) =>
        new Promise((resolve) => {
          const onMsg = (m: FromWorker) => {
            if (m.t !== 'stats-r') return;
            s.worker.off('message', onMsg);
            resolve(m);
          };
          s.worker.on('message', onMsg);
          s.worker.send({ t: 'stats' } satisfies ToWorker);
        }),
    ),
  );
}
