import { addUsage, type UsageCounters } from '@cachefront/protocol';

/** A worker as the drain sees it: an id, and a way to ask it for its counters. */
export interface UsageWorker {
  readonly id: number;
  send(m: { t: 'usage' }): unknown;
}

/**
 * The workers' usage counters, collected for the control plane's acks. A worker hands its
 * counters over when asked and starts again from zero, so every reply must be counted
 * exactly once, whichever drain asked for it. Replies go into one pool as they arrive
 * (`received`, from the worker's message handler), and a drain takes the whole pool once
 * every worker answered it or `waitMs` passed. Acks run concurrently (the heartbeat's and
 * an applied event's): two drains no longer both take the first reply while the second is
 * dropped, and a reply later than `waitMs` (a busy worker) is not lost: the next drain
 * takes it. A worker answers in the order it was asked (one IPC channel, one event loop):
 * its n-th reply answers the n-th request.
 */
export class UsageDrain {
  private pool: Record<string, UsageCounters> = {};
  private readonly asked = new Map<number, number>();
  private readonly answered = new Map<number, number>();
  private readonly waiters = new Set<() => void>();
  private readonly waitMs: number;

  constructor(waitMs = 1000) {
    this.waitMs = waitMs;
  }

  /** A worker's `usage-r` reply. */
  received(workerId: number, usage: Record<string, UsageCounters>): void {
    addUsage(this.pool, usage);
    this.answered.set(workerId, (this.answered.get(workerId) ?? 0) + 1);
    for (const w of this.waiters) w();
  }

  /** The worker is gone: nothing more will come from it. */
  forget(workerId: number): void {
    this.asked.delete(workerId);
    this.answered.delete(workerId);
    for (const w of this.waiters) w();
  }

  /** Asks every worker, waits for their replies (at most waitMs), and takes every count received so far. */
  async drain(workers: readonly UsageWorker[]): Promise<Record<string, UsageCounters>> {
    await Promise.all(workers.map((w) => this.ask(w)));
    const taken = this.pool;
    this.pool = {};
    return taken;
  }

  private ask(w: UsageWorker): Promise<void> {
    const n = (this.asked.get(w.id) ?? 0) + 1;
    this.asked.set(w.id, n);
    return new Promise((resolve) => {
      const check = () => {
        // Answered, or forgotten (the worker exited: its counts died with it).
        if (!this.asked.has(w.id) || (this.answered.get(w.id) ?? 0) >= n) done();
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(done, this.waitMs);
      this.waiters.add(check);
      w.send({ t: 'usage' });
    });
  }
}

/**
 * Usage on its way to the control plane: each ack takes what the workers counted since the
 * last one (`drain`) plus what earlier acks failed to deliver. Acks run concurrently, and a
 * drain can outlast the next heartbeat (a worker busy for a while): whatever an ack drained
 * is added to the outbox when its drain resolves, never to a batch an earlier ack already
 * took and sent.
 */
export class UsageOutbox {
  private pending: Record<string, UsageCounters> = {};
  private readonly drain: () => Promise<Record<string, UsageCounters>>;

  constructor(drain: () => Promise<Record<string, UsageCounters>>) {
    this.drain = drain;
  }

  /** The counters for the next ack; `failed()` puts them back when that ack was not delivered. */
  async take(): Promise<{ usage: Record<string, UsageCounters>; failed(): void }> {
    const drained = await this.drain();
    addUsage(this.pending, drained);
    const usage = this.pending;
    this.pending = {};
    return { usage, failed: () => addUsage(this.pending, usage) };
  }
}
