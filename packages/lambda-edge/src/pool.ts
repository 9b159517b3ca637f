// The children of one function version (and memory size): warm ones reused, new ones started
// up to `max`, invocations queued beyond that up to `maxQueue`, then refused (Lambda's
// throttling, CloudFront's 503 LambdaLimitExceeded). A child that timed out, crashed or ran
// out of memory is gone; the next invocation starts a new one. Idle children are stopped
// after `idleMs` (min 0: a version nobody calls costs nothing).
import { Child, type ChildInvoke, type ChildResult, type ChildSpec } from './child.ts';

export interface PoolOptions {
  /** Children per version (concurrent invocations). */
  max: number;
  /** Invocations waiting for a child before new ones are refused. */
  maxQueue: number;
  /** An idle child is stopped after this long. */
  idleMs: number;
}

export type PoolResult = (ChildResult & { initMs?: number }) | { ok: false; kind: 'throttled' | 'init'; errorType: string; message: string; logs: string[]; durationMs: number; initMs?: number };

export interface PoolStats {
  children: number;
  idle: number;
  busy: number;
  queued: number;
  started: number;
}

export class Pool {
  readonly spec: ChildSpec;
  readonly opts: PoolOptions;
  private idle: Array<{ child: Child; timer: NodeJS.Timeout }> = [];
  private all = new Set<Child>();
  private queue: Array<(child: { child: Child; initMs?: number } | PoolResult) => void> = [];
  private starting = 0;
  private started = 0;
  private closed = false;

  constructor(spec: ChildSpec, opts: PoolOptions) {
    this.spec = spec;
    this.opts = opts;
  }

  stats(): PoolStats {
    return { children: this.all.size, idle: this.idle.length, busy: this.all.size - this.idle.length, queued: this.queue.length, started: this.started };
  }

  async invoke(req: ChildInvoke): Promise<PoolResult> {
    const got = await this.acquire();
    if (!('child' in got)) return got;
    const { child, initMs } = got;
    const result = await child.invoke(req);
    this.release(child);
    return initMs === undefined ? result : { ...result, initMs };
  }

  /** Stops every child; queued invocations fail. */
  close(): void {
    this.closed = true;
    for (const { timer } of this.idle) clearTimeout(timer);
    this.idle = [];
    for (const child of this.all) child.kill();
    this.all.clear();
    for (const waiter of this.queue.splice(0)) waiter({ ok: false, kind: 'throttled', errorType: 'Runtime.Closed', message: 'The runtime is closing', logs: [], durationMs: 0 });
  }

  private acquire(): Promise<{ child: Child; initMs?: number } | PoolResult> {
    if (this.closed) return Promise.resolve({ ok: false, kind: 'throttled', errorType: 'Runtime.Closed', message: 'The runtime is closed', logs: [], durationMs: 0 });
    const warm = this.idle.pop();
    if (warm) {
      clearTimeout(warm.timer);
      return Promise.resolve({ child: warm.child });
    }
    if (this.all.size + this.starting < this.opts.max) return this.start();
    if (this.queue.length >= this.opts.maxQueue) {
      return Promise.resolve({ ok: false, kind: 'throttled', errorType: 'TooManyRequestsException', message: `Rate Exceeded: ${this.opts.max} concurrent executions of ${this.spec.name}:${this.spec.version} and ${this.opts.maxQueue} waiting`, logs: [], durationMs: 0 });
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private async start(): Promise<{ child: Child; initMs?: number } | PoolResult> {
    this.starting++;
    this.started++;
    const child = new Child(this.spec);
    const ready = await child.ready;
    this.starting--;
    if (!ready.ok) {
      child.kill();
      // The slot this start held may serve a queued invocation.
      this.drain();
      return { ok: false, kind: 'init', errorType: ready.errorType, message: ready.message, logs: ready.logs, durationMs: 0 };
    }
    if (this.closed) {
      child.kill();
      return { ok: false, kind: 'throttled', errorType: 'Runtime.Closed', message: 'The runtime is closed', logs: [], durationMs: 0 };
    }
    this.all.add(child);
    child.proc.once('exit', () => {
      this.all.delete(child);
      this.idle = this.idle.filter((i) => i.child !== child);
      this.drain();
    });
    return { child, initMs: ready.initMs };
  }

  private release(child: Child): void {
    if (child.gone || this.closed) return;
    const waiter = this.queue.shift();
    if (waiter) return waiter({ child });
    const timer = setTimeout(() => {
      this.idle = this.idle.filter((i) => i.child !== child);
      child.kill();
    }, this.opts.idleMs);
    timer.unref();
    this.idle.push({ child, timer });
  }

  /** A slot freed (a child exited or failed to start): start one for the first waiter. */
  private drain(): void {
    if (this.closed || this.queue.length === 0 || this.all.size + this.starting >= this.opts.max) return;
    const waiter = this.queue.shift()!;
    void this.start().then(waiter);
  }
}
