// A per-function circuit breaker for runs that hit a limit (time or memory). Each such run
// costs its limit plus a fresh sandbox (~20 ms here), all on the worker's one thread: a
// function that always loops would take every worker it runs in away from other viewers.
// After `threshold` limit hits within `windowMs`, the function is not run for `cooldownMs`
// (its viewers get the same 503 at once, counted as THROTTLED); then one trial run: a limit
// hit reopens it for twice as long (up to `maxCooldownMs`), a clean run closes it.

export interface BreakerOptions {
  threshold: number;
  windowMs: number;
  cooldownMs: number;
  maxCooldownMs: number;
  /** Monotonic clock, ms. */
  now: () => number;
}

export const DEFAULT_BREAKER: Omit<BreakerOptions, 'now'> = { threshold: 3, windowMs: 10_000, cooldownMs: 1_000, maxCooldownMs: 30_000 };

export class LimitBreaker {
  private readonly o: BreakerOptions;
  private hits: number[] = [];
  private openUntil = -Infinity;
  private cooldown: number;
  private trial = false;

  constructor(o: BreakerOptions) {
    this.o = o;
    this.cooldown = o.cooldownMs;
  }

  /** May the function run now? (While open: no.) */
  allow(): boolean {
    const now = this.o.now();
    if (now < this.openUntil) return false;
    if (this.openUntil !== -Infinity) {
      this.trial = true;
      this.openUntil = -Infinity;
    }
    return true;
  }

  /** The run that allow() let through ended: with a limit hit or not. */
  record(limitHit: boolean): void {
    const now = this.o.now();
    if (!limitHit) {
      if (this.trial) this.cooldown = this.o.cooldownMs;
      this.trial = false;
      return;
    }
    if (this.trial) return this.open(now, Math.min(this.cooldown * 2, this.o.maxCooldownMs));
    this.hits = this.hits.filter((t) => now - t < this.o.windowMs);
    this.hits.push(now);
    if (this.hits.length >= this.o.threshold) this.open(now, this.cooldown);
  }

  get isOpen(): boolean {
    return this.o.now() < this.openUntil;
  }

  private open(now: number, cooldown: number): void {
    this.cooldown = cooldown;
    this.openUntil = now + cooldown;
    this.hits = [];
    this.trial = false;
  }
}
