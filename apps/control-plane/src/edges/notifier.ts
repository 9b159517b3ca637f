// "Something may have changed" for long-polls (`?wait=SECONDS`): waiters re-check their
// condition on each notification and give up at their deadline.

interface Waiter {
  onChange(): void;
  finish(): void;
}

export class ChangeNotifier {
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  notify(): void {
    // Deleting the current entry while iterating a Set is safe (a waiter that finishes does).
    for (const w of this.waiters) w.onChange();
  }

  /** Resolves once `done()` is true, after `ms`, when `signal` aborts, or on `close()`. */
  waitFor(done: () => boolean, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || ms <= 0 || signal?.aborted || done()) return resolve();
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.waiters.delete(waiter);
        resolve();
      };
      const waiter: Waiter = { onChange: () => done() && finish(), finish };
      const timer = setTimeout(finish, ms);
      signal?.addEventListener('abort', finish, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Releases every waiter now (shutdown). */
  close(): void {
    this.closed = true;
    for (const w of this.waiters) w.finish();
  }
}
