import cluster, { type Worker } from 'node:cluster';
import { availableParallelism, hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FSWatcher } from 'node:fs';
import { Hono } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { formatIssues, type CachefrontConfig } from '@cachefront/config';
import { loadConfigFile, watchConfigFile } from './config-file.ts';
import { LeaseTable, type LeaseMessage } from './collapse/lease.ts';
import { WORKER_ENV, type EdgeOptions } from './options.ts';
import type { FromWorker, ToWorker } from './worker.ts';

export interface StartEdgeOptions {
  configPath: string;
  port: number;
  host?: string;
  adminPort?: number;
  workers?: number;
  cacheSize?: number;
  maxObjectSize?: number;
  pop?: string;
  logLevel?: string;
  logger?: Logger;
}

export interface RunningEdge {
  url: string;
  adminUrl: string;
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
}

/**
 * The edge node's primary process: owns the config (file mode: watches it), forks the
 * workers and relays config versions to them, coordinates request collapsing between
 * workers, replaces workers that die, serves /healthz on the admin port, and drains
 * everything on shutdown.
 */
export async function startEdge(o: StartEdgeOptions): Promise<RunningEdge> {
  const log = o.logger ?? pino({ level: o.logLevel ?? 'info', base: { role: 'edge' } });
  const first = await loadConfigFile(o.configPath);
  if (first.issues) throw new ConfigError(`${o.configPath} is not a valid config:\n${formatIssues(first.issues)}`);

  let config: CachefrontConfig = first.value;
  let version = 1;
  const pop = o.pop ?? 'DEV1';
  const opts: EdgeOptions = {
    port: o.port,
    host: o.host ?? '127.0.0.1',
    workers: o.workers ?? availableParallelism(),
    cacheSize: o.cacheSize ?? 256 * 1024 * 1024,
    maxObjectSize: o.maxObjectSize ?? 32 * 1024 * 1024,
    pop,
    nodeName: createHash('sha256').update(`${hostname()}|${pop}|${process.pid}`).digest('hex').slice(0, 32),
    logLevel: o.logLevel ?? 'info',
  };
  const leases = new LeaseTable();
  const states = new Map<number, WorkerState>();
  let closing = false;

  cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.ts', import.meta.url)), silent: false });

  const fork = (): Promise<WorkerState> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ [WORKER_ENV]: JSON.stringify(opts) });
      const state: WorkerState = { worker, port: 0, siblingPort: 0, applied: 0 };
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
            break;
          case 'lease': {
            const r = leases.acquire(m.key, worker.id, state.siblingPort);
            worker.send({ t: 'lease-r', id: m.id, leader: r.leader, port: r.port } satisfies LeaseMessage);
            break;
          }
          case 'release':
            leases.release(m.key, worker.id);
            break;
        }
      });
      worker.once('exit', (code, signal) => {
        states.delete(worker.id);
        leases.releaseAll(worker.id);
        // A worker that never got to listen would fail again: report it, do not respawn.
        if (state.port === 0) return reject(new StartupError(fatal || `edge worker exited during startup (code ${code}, signal ${signal})`));
        if (closing) return;
        log.warn({ pid: worker.process.pid, code, signal }, 'edge worker died; starting a replacement');
        fork().catch((err) => log.error({ err }, 'replacement worker failed to start'));
      });
    });

  const started = await Promise.all(Array.from({ length: opts.workers }, fork));
  const port = started[0]!.port;

  const reload = async () => {
    const next = await loadConfigFile(o.configPath);
    if (next.issues) {
      log.error({ file: o.configPath, issues: next.issues }, `config change rejected; still serving version ${version}:\n${formatIssues(next.issues)}`);
      return;
    }
    config = next.value;
    version++;
    for (const s of states.values()) s.worker.send({ t: 'config', version, config } satisfies ToWorker);
    log.info({ version, distributions: config.distributions.length }, 'config reloaded');
  };
  const watcher: FSWatcher = watchConfigFile(o.configPath, () => void reload());

  const admin = new Hono();
  admin.get('/healthz', (c) => {
    const workers = [...states.values()];
    const applied = workers.length ? Math.min(...workers.map((s) => s.applied)) : 0;
    return c.json({ status: 'ok', pop, configVersion: version, appliedVersion: applied, workers: workers.length, leases: leases.size });
  });
  admin.get('/stats', async (c) => c.json({ workers: await collectStats(states) }));
  const adminServer: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: admin.fetch, port: o.adminPort ?? 0, hostname: opts.host }, () => resolve(s));
  });
  const adminAddr = adminServer.address();
  const adminPort = typeof adminAddr === 'object' && adminAddr ? adminAddr.port : 0;

  const url = `http://${opts.host}:${port}`;
  const adminUrl = `http://${opts.host}:${adminPort}`;
  log.info({ url, adminUrl, workers: opts.workers, pop, config: o.configPath, distributions: config.distributions.length }, `edge listening on ${url}`);

  const close = async () => {
    if (closing) return;
    closing = true;
    watcher.close();
    const exits = [...states.values()].map((s) => new Promise<void>((r) => (s.worker.isDead() ? r() : s.worker.once('exit', () => r()))));
    for (const s of states.values()) s.worker.send({ t: 'shutdown' } satisfies ToWorker);
    await Promise.all(exits);
    await new Promise<void>((r) => adminServer.close(() => r()));
    log.info('edge stopped');
  };
  return { url, adminUrl, close };
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
