import { createServer } from 'node:net';
import type { Logger } from 'pino';
import type { CachefrontConfig } from '@cachefront/config';
import { receiveMessageOnPort } from 'node:worker_threads';
import type { CacheMessage, FromWorker, LeaseMessage, RealtimeEntry, ShieldRoute, ToWorker, UsageCounters } from '@cachefront/protocol';
import { LeaseTable } from '../collapse/lease.ts';
import type { EdgeOptions } from '../options.ts';
import { distributionDomain } from '../runtime/compile.ts';
import type { ConfigSink, VersionedConfig } from './config-source.ts';
import { StartupError } from './errors.ts';
import { UsageDrain } from './usage-drain.ts';
import { askWorkers, EdgeThread } from './edge-thread.ts';
import { CacheDirectory } from './cache-directory.ts';

interface WorkerState {
  worker: EdgeThread;
  port: number;
  httpsPort?: number | undefined;
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
 * The edge's workers (threads, primary/edge-thread.ts): starts them, relays config versions and invalidations,
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
  /** The edge's one cache: what every worker holds (cache-directory.ts). */
  readonly cache: CacheDirectory;
  /** The workers' usage replies, each counted once (usage-drain.ts). */
  private readonly usage = new UsageDrain();
  private config: CachefrontConfig;
  private currentVersion: number;
  /** The control plane's last Origin Shield routes, for workers started later. */
  private parents: ShieldRoute[] = [];
  private lastPurge = 0;
  private closing = false;
  /** The viewer port (every worker listens on it). */
  port = 0;
  /** The HTTPS viewer port, with `--https-port`. */
  httpsPort: number | undefined;

  constructor(o: FleetOptions) {
    this.o = o;
    this.config = o.initial.config;
    this.currentVersion = o.initial.version;
    this.leases = new LeaseTable();
    this.cache = new CacheDirectory({
      maxBytes: o.opts.cacheSize,
      send: (m, except) => {
        for (const s of this.states.values()) if (s.worker.id !== except) s.worker.sendCache(m);
      },
    });
  }

  /**
   * Starts the workers; resolves once every one listens and serves the initial config. They
   * share the viewer port with `reusePort`: the first one picks it when any port will do.
   */
  async start(): Promise<void> {
    const { host, port, workers } = this.o.opts;
    try {
      // reusePort would let this edge share a port with another edge's threads: refuse it.
      if (port !== 0) await assertFree(host, port);
      const httpsPort = this.o.opts.httpsPort;
      if (httpsPort !== undefined && httpsPort !== 0) await assertFree(host, httpsPort);
      const first = await this.fork(port, httpsPort);
      this.port = first.port;
      this.httpsPort = first.httpsPort;
      await Promise.all(Array.from({ length: workers - 1 }, () => this.fork(this.port, this.httpsPort)));
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

  workers(): EdgeThread[] {
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
    this.cache.invalidate(seq, distributionDomain(distributionId), paths);
    // On the cache port, after every store the directory passed on before it (edge-thread.ts).
    for (const s of this.states.values()) s.worker.sendCache({ t: 'invalidate', seq, distributionId, paths });
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

  /** Every worker's `stats-r` reply (a worker that does not answer in 2 s, e.g. one dying, is left out). */
  stats(): Promise<unknown[]> {
    return askWorkers(this.workers(), { t: 'stats' }, (m) => (m.t === 'stats-r' ? m : undefined));
  }

  /** The control plane's Origin Shield routes: every worker, and the ones started later. */
  setParents(routes: ShieldRoute[]): void {
    this.parents = routes;
    this.sendAll({ t: 'parents', routes });
  }

  /** A new viewer certificate (`--tls-cert`/`--tls-key` changed): every worker, and the ones started later. */
  setCertificate(cert: string, key: string): void {
    this.o.opts.tls = { fixed: { cert, key } };
    for (const s of this.states.values()) s.worker.send({ t: 'tls', cert, key } satisfies ToWorker);
  }

  /** No more replacements: a worker that dies from now on stays dead. */
  stopReplacing(): void {
    this.closing = true;
  }

  /** Asks every worker to drain and exit; resolves once all have. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const exits = this.workers().map((w) => new Promise<void>((r) => (w.isDead() ? r() : w.worker.once('exit', () => r()))));
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

  /** A lease or cache message from a worker (its cache port, edge-thread.ts). */
  private onCache(state: WorkerState, m: CacheMessage | LeaseMessage): void {
    const { worker } = state;
    switch (m.t) {
      case 'lease': {
        // First everything any worker sent before this request (a store, a release): a
        // worker that stored the object before this one asked has then passed it on, and
        // the reply (after it, on one channel) finds it in the asking worker's cache.
        for (const s of this.states.values()) {
          for (let r = receiveMessageOnPort(s.worker.cachePort); r !== undefined; r = receiveMessageOnPort(s.worker.cachePort)) this.onCache(s, r.message as CacheMessage | LeaseMessage);
        }
        const r = this.leases.acquire(m.key, worker.id, state.siblingPort);
        worker.sendCache({ t: 'lease-r', id: m.id, leader: r.leader, port: r.port });
        return;
      }
      case 'release':
        return this.leases.release(m.key, worker.id);
      case 'cache-put':
      case 'cache-drop':
      case 'cache-touch':
        return this.cache.receive(worker.id, m);
    }
  }

  /** Resolves once the new worker listens and has applied the current version. */
  private fork(port: number, httpsPort: number | undefined): Promise<WorkerState> {
    return new Promise((resolve, reject) => {
      const worker = new EdgeThread({ opts: this.o.opts, port, httpsPort });
      // A new worker starts with an empty cache: no invalidation concerns it yet.
      const state: WorkerState = { worker, port: 0, siblingPort: 0, applied: 0, purged: this.lastPurge };
      this.states.set(worker.id, state);
      let fatal = '';
      worker.cachePort.on('message', (m: CacheMessage | LeaseMessage) => this.onCache(state, m));
      worker.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'fatal':
            fatal = m.message;
            break;
          case 'listening':
            state.port = m.port;
            state.httpsPort = m.httpsPort;
            state.siblingPort = m.siblingPort;
            // Everything the edge holds. A request that misses before this is applied asks for
            // a lease, whose reply comes after it on the same port, and looks again (serve-miss.ts).
            worker.sendCache(this.cache.snapshot());
            worker.send({ t: 'config', version: this.currentVersion, config: this.config } satisfies ToWorker);
            if (this.parents.length > 0) worker.send({ t: 'parents', routes: this.parents } satisfies ToWorker);
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
          case 'realtime':
            this.o.onRealtime(m.entries);
            break;
          case 'usage-r':
            this.usage.received(worker.id, m.usage);
            break;
        }
      });
      worker.onExit(
        (code) => {
          this.states.delete(worker.id);
          this.leases.releaseAll(worker.id);
          this.usage.forget(worker.id);
          this.settle();
          // A worker that never got to listen would fail again: report it, do not respawn.
          if (state.port === 0) return reject(new StartupError(fatal || `edge worker exited during startup (code ${code})`));
          if (this.closing) return;
          this.o.log.warn({ thread: worker.id, code }, 'edge worker died; starting a replacement');
          this.fork(this.port, this.httpsPort).catch((err) => this.o.log.error({ err }, 'replacement worker failed to start'));
        },
        (err) => {
          fatal ||= err.message;
          this.o.log.error({ err, thread: worker.id }, 'edge worker failed');
        },
      );
    });
  }
}

/** Resolves if `host:port` can be bound by a socket without `reusePort`; else the listen error. */
function assertFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err) => reject(new StartupError(`cannot listen on ${host}:${port}: ${err.message}`)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
