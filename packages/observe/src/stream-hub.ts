// Fan-out of real-time log entries to streaming subscribers (the edge's admin stream, the
// control plane's /v1/realtime-logs/stream): each subscriber filters by distribution and
// has its own bounded queue, so a slow reader loses its own entries (counted), never
// anyone else's, and never grows memory without bound.

export class Subscription<T> {
  /** Entries this subscriber lost because its queue was full. */
  dropped = 0;
  readonly distributionId: string | undefined;
  private queue: T[] = [];
  private wake: (() => void) | undefined;
  private readonly max: number;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(distributionId: string | undefined, max: number, unsubscribe: () => void) {
    this.distributionId = distributionId;
    this.max = max;
    this.unsubscribe = unsubscribe;
  }

  push(e: T): void {
    if (this.queue.length < this.max) this.queue.push(e);
    else this.dropped++;
    this.wake?.();
  }

  /**
   * The entries queued so far; when there are none, waits until some arrive, the
   * subscription is closed, or `timeoutMs` passes (then `[]`: time for a keep-alive).
   */
  async next(timeoutMs: number): Promise<T[]> {
    if (this.queue.length === 0 && !this.closed) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.wake = undefined;
    }
    return this.queue.splice(0);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Stops delivery and releases a pending next(). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.wake?.();
  }
}

export class StreamHub<T extends { distributionId: string }> {
  private readonly subscribers = new Set<Subscription<T>>();

  get size(): number {
    return this.subscribers.size;
  }

  /** A subscriber for one distribution (undefined: all), keeping at most `max` unread entries. */
  subscribe(distributionId: string | undefined, max: number): Subscription<T> {
    const sub: Subscription<T> = new Subscription<T>(distributionId, max, () => void this.subscribers.delete(sub));
    this.subscribers.add(sub);
    return sub;
  }

  publish(entries: readonly T[]): void {
    for (const e of entries) for (const s of this.subscribers) if (s.distributionId === undefined || s.distributionId === e.distributionId) s.push(e);
  }
}

/** Idle time after which a stream gets a keep-alive (`ping`) event. */
export const STREAM_KEEPALIVE_MS = 15_000;

/**
 * A subscription as server-sent events, until it is closed: `hello` first, then each entry
 * as a `log` event, and a `ping` (with the dropped count) whenever nothing arrived for
 * `keepAliveMs`. `write` sends one event (the HTTP layer's, e.g. hono's writeSSE).
 */
export async function pumpEvents<T>(
  sub: Subscription<T>,
  hello: unknown,
  write: (event: { event: string; data: string }) => Promise<void>,
  keepAliveMs = STREAM_KEEPALIVE_MS,
): Promise<void> {
  await write({ event: 'hello', data: JSON.stringify(hello) });
  while (!sub.isClosed) {
    const batch = await sub.next(keepAliveMs);
    if (sub.isClosed) break;
    if (batch.length === 0) await write({ event: 'ping', data: JSON.stringify({ dropped: sub.dropped }) });
    for (const e of batch) await write({ event: 'log', data: JSON.stringify(e) });
  }
  sub.close();
}
