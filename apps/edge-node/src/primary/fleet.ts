import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { CachefrontConfig } from '@cachefront/config';
import type { FromWorker, LeaseMessage, RealtimeEntry, ToWorker, UsageCounters } from '@cachefront/protocol';
import { LeaseTable } from '../collapse/lease.ts';
import { WORKER_ENV, type EdgeOptions } from '../options.ts';
import { distributionDomain } from '../runtime/compile.ts';
import type { ConfigSink, VersionedConfig } from './config-source.ts';
import { StartupError } from './errors.ts';
import { UsageDrain } from './usage-drain.ts';

interface WorkerState {
  worker: Worker;
  port: number;
  siblingPort: number;
  applied: number;
  /** Sequence number of the last invalidation this worker applied. */
  purged: number;
}

export interface FleetOptions {
  opts: EdgeOptions;
  log: Logger;
  /** The config the workers start with. */
  initial: VersionedConfig;
  /** Sampled real-time log entries from a worker. */
  onRealtime(entries: RealtimeEntry[]): void;
  /** Every worker applied a config version or an invalidation, `seconds` after it was sent. */
  onApplied?(kind: 'config' | 'invalidation', seconds: number): void;
}

/**
 * The edge's workers (cluster): forks them, relays config versions and invalidations,
 * coordinates request collapsing between them (collapse/lease.ts), replaces one that
 * dies, and shuts them down.
 */
export class WorkerFleet implements ConfigSink {
  private readonly o: FleetOptions;
  private readonly states = new Map<number, WorkerState>();
  /** Waiters for "every worker has applied X": checked on every worker report and exit. */
  private readonly waiters = new Set<() => boolean>();
  /** A parent tier's workers act as one cache (collapse/lease.ts). */
  private readonly leases: LeaseTable;
  /** The workers' usage replies, each counted once (usage-drain.ts). */
  private readonly usage = new UsageDrain();
  private config: CachefrontConfig;
  private currentVersion: number;
  private lastPurge = 0;
  private closing = false;
  /** The viewer port (every worker listens on it). */
  port = 0;

  constructor(o: FleetOptions) {
    this.o = o;
    this.config = o.initial.config;
    this.currentVersion = o.initial.version;
    this.leases = new LeaseTable({ shareCopies: o.opts.tier !== 'pop' });
  }

  /** Forks the workers; resolves once every one listens and serves the initial config. */
  async start(): Promise<void> {
    cluster.setupPrimary({ exec: fileURLToPath(new URL('../worker.ts', import.meta.url)), silent: false });
    try {
      const started = await Promise.all(Array.from({ length: this.o.opts.workers }, () => this.fork()));
      this.port = started[0]!.port;
    } catch (err) {
      this.closing = true;
      for (const s of this.states.values()) s.worker.kill();
      throw err;
    }
  }

  /** The config version last published. */
  get version(): number {
    return this.currentVersion;
  }

  /** The version every worker has applied (0 with no workers). */
  appliedVersion(): number {
    const workers = [...this.states.values()];
    return workers.length ? Math.min(...workers.map((s) => s.applied)) : 0;
  }

  get size(): number {
    return this.states.size;
  }

  get leaseCount(): number {
    return this.leases.size;
  }

  workers(): Worker[] {
    return [...this.states.values()].map((s) => s.worker);
  }

  async publishConfig(config: CachefrontConfig, version: number): Promise<void> {
    this.config = config;
    this.currentVersion = version;
    const started = performance.now();
    this.sendAll({ t: 'config', version, config });
    await this.everyWorker((s) => s.applied >= version);
    this.o.onApplied?.('config', (performance.now() - started) / 1000);
  }

  async invalidate(seq: number, distributionId: string, paths: string[]): Promise<void> {
    this.lastPurge = seq;
    this.leases.forget(`${distributionDomain(distributionId)}\n`);
    this.sendAll({ t: 'invalidate', seq, distributionId, paths });
    const started = performance.now();
    await this.everyWorker((s) => s.purged >= seq);
    this.o.onApplied?.('invalidation', (performance.now() - started) / 1000);
  }

  /**
   * Every worker's usage counters since the last drain, summed. A worker silent for 1 s is
   * not waited for: its reply goes to the next drain.
   */
  drainUsage(): Promise<Record<string, UsageCounters>> {
    return this.usage.drain(this.workers());
  }

  /** Every worker's `stats-r` reply. */
  stats(): Promise<unknown[]> {
    return Promise.all(this.workers().map((w) => ask(w, { t: 'stats' }, (m) => (m.t === 'stats-r' ? m : undefined))));
  }

  /** No more replacements: a worker that dies from now on stays dead. */
  stopReplacing(): void {
    this.closing = true;
  }

  /** Asks every worker to drain and exit; resolves once all have. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const exits = this.workers().map((w) => new Promise<void>((r) => (w.isDead() ? r() : w.once('exit', () => r()))));
    this.sendAll({ t: 'shutdown' });
    await Promise.all(exits);
  }

  private sendAll(m: ToWorker): void {
    for (const s of this.states.values()) s.worker.send(m);
  }

  private settle(): void {
    for (const w of this.waiters) if (w()) this.waiters.delete(w);
  }

  private everyWorker(done: (s: WorkerState) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        for (const s of this.states.values()) if (s.port !== 0 && !done(s)) return false;
        resolve();
        return true;
      };
      if (!check()) this.waiters.add(check);
    });
  }

  /** Resolves once the new worker listens and has applied the current version. */
  private fork(): Promise<WorkerState> {
    return new Promise((resolve, reject) => {
      const worker = cluster.fork({ [WORKER_ENV]: JSON.stringify(this.o.opts) });
      // A new worker starts with an empty cache: no invalidation concerns it yet.
      const state: WorkerState = { worker, port: 0, siblingPort: 0, applied: 0, purged: this.lastPurge };
      this.states.set(worker.id, state);
      let fatal = '';
      worker.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'fatal':
            fatal = m.message;
            break;
          case 'listening':
            state.port = m.port;
            state.siblingPort = m.siblingPort;
            worker.send({ t: 'config', version: this.currentVersion, config: this.config } satisfies ToWorker);
            break;
          case 'applied':
            state.applied = m.version;
            if (state.port && m.version === this.currentVersion) resolve(state);
            this.settle();
            break;
          case 'purged':
            state.purged = Math.max(state.purged, m.seq);
            this.settle();
            break;
          case 'lease': {
            const r = this.leases.acquire(m.key, worker.id, state.siblingPort);
            worker.send({ t: 'lease-r', id: m.id, leader: r.leader, port: r.port } satisfies LeaseMessage);
            break;
          }
          case 'release':
            this.leases.release(m.key, worker.id, m.freshUntil);
            break;
          case 'realtime':
            this.o.onRealtime(m.entries);
            break;
          case 'usage-r':
            this.usage.received(worker.id, m.usage);
            break;
        }
      });
      worker.once('exit', (code, signal) => {
        this.states.delete(worker.id);
        this.leases.releaseAll(worker.id);
        this.usage.forget(worker.id);
        this.settle();
        // A worker that never got to listen would fail again: report it, do not respawn.
        if (state.port === 0) return reject(new StartupError(fatal || `edge worker exited during startup (code ${code}, signal ${signal})`));
        if (this.closing) return;
        this.o.log.warn({ pid: worker.process.pid, code, signal }, 'edge worker died; starting a replacement');
        this.fork().catch((err) => this.o.log.error({ err }, 'replacement worker failed to start'));
      });
    });
  }
}

/** Sends `m` to one worker and resolves with the first reply `pick` accepts. */
function ask<T>(w: Worker, m: ToWorker, pick: (r: FromWorker) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const onMsg = (r: FromWorker) => {
      const v = pick(r);
      if (v === undefined) return;
      w.off('message', onMsg);
      resolve(v);
    };
    w.on('message', onMsg);
    w.send(m);
  });
}
