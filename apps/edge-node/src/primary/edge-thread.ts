import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { CacheMessage, FromWorker, LeaseMessage, ToWorker } from '@cachefront/protocol';
import type { EdgeOptions } from '../options.ts';

/** What a worker thread starts with (`workerData`). */
export interface WorkerData {
  opts: EdgeOptions;
  /** The viewer port to share (`reusePort`); 0 for the first thread when any port will do. */
  port: number;
  /** The HTTPS viewer port, the same way (undefined without `--https-port`). */
  httpsPort?: number | undefined;
  /** Leases and the cache's messages (see `EdgeThread.cachePort`). */
  cachePort?: MessagePort;
}

/**
 * One edge worker: a thread of the edge's process (docs/design-one-cache.md). Threads share
 * the cache's object bytes (SharedArrayBuffer) and each listens on the viewer port with
 * `reusePort`, so the kernel spreads connections over them. This wraps node:worker_threads
 * with the few calls the primary makes, so the rest of it does not care what a worker is.
 */
export class EdgeThread {
  readonly worker: Worker;
  readonly id: number;
  /**
   * Request collapsing's leases and the cache's stores, deletes and hits
   * (`LeaseMessage`, `CacheMessage`) have their own channel, so the primary can take
   * every worker's pending ones synchronously (`receiveMessageOnPort`) before it answers a
   * lease: what a worker stored before another asked is then always seen first.
   */
  readonly cachePort: MessagePort;
  private dead = false;

  constructor(data: WorkerData) {
    const { port1, port2 } = new MessageChannel();
    this.cachePort = port1;
    this.worker = new Worker(new URL('../worker.ts', import.meta.url), { workerData: { ...data, cachePort: port2 } satisfies WorkerData, transferList: [port2] });
    this.id = this.worker.threadId;
    this.worker.once('exit', () => {
      this.dead = true;
      this.cachePort.close();
    });
  }

  /** On the cache port: also invalidations, so a worker applies one after every store passed on before it. */
  sendCache(m: CacheMessage | LeaseMessage | Extract<ToWorker, { t: 'invalidate' }>): void {
    if (!this.dead) this.cachePort.postMessage(m);
  }

  send(m: ToWorker): void {
    if (!this.dead) this.worker.postMessage(m);
  }

  on(event: 'message', h: (m: FromWorker) => void): this {
    this.worker.on(event, h);
    return this;
  }

  off(event: 'message', h: (m: FromWorker) => void): this {
    this.worker.off(event, h);
    return this;
  }

  /** Called once with the thread's exit code (an uncaught error: 1, after `onError`). */
  onExit(h: (code: number) => void, onError: (err: Error) => void): void {
    this.worker.on('error', onError);
    this.worker.once('exit', h);
  }

  isDead(): boolean {
    return this.dead;
  }

  kill(): void {
    void this.worker.terminate();
  }
}

/** Asks every worker and collects one reply each (a worker that does not answer in time is skipped). */
export function askWorkers<T extends object>(workers: EdgeThread[], ask: ToWorker, pick: (m: FromWorker) => T | undefined, timeoutMs = 2000): Promise<T[]> {
  return Promise.all(
    workers.map(
      (w) =>
        new Promise<T | undefined>((resolve) => {
          const onMsg = (m: FromWorker) => {
            const v = pick(m);
            if (v !== undefined) done(v);
          };
          const timer = setTimeout(() => done(undefined), timeoutMs);
          const done = (v: T | undefined) => {
            clearTimeout(timer);
            w.off('message', onMsg);
            resolve(v);
          };
          w.on('message', onMsg);
          w.send(ask);
        }),
    ),
  ).then((all) => all.filter((v) => v !== undefined) as T[]);
}
