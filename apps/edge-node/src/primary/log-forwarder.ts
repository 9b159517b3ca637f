import type { RealtimeEntry } from '@cachefront/protocol';
import type { RealtimeHub } from './admin.ts';

/** Where batches go: the control plane (ControlClient.postLogs); false when not delivered. */
export interface LogPoster {
  postLogs(entries: RealtimeEntry[]): Promise<boolean>;
}

/**
 * Sends the hub's queued real-time log entries to the control plane in batches, one
 * batch in flight at a time. A batch that is not delivered goes back to the front of the
 * hub's bounded queue (kept while the control plane is away; beyond the bound, dropped).
 */
export class LogForwarder {
  private readonly hub: RealtimeHub;
  private readonly poster: LogPoster;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  /** True once started: the hub queues entries for the control plane from then on. */
  started = false;

  constructor(hub: RealtimeHub, poster: LogPoster, intervalMs = 250) {
    this.hub = hub;
    this.poster = poster;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.started = true;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Sends one batch unless one is in flight (then nothing: resolves at once). Resolves
   * when the batch is delivered or put back.
   */
  flush(): Promise<void> {
    if (this.sending) return Promise.resolve();
    const batch = this.hub.take();
    if (batch.length === 0) return Promise.resolve();
    const entries = batch.map((e) => ({ distributionId: e.distributionId, configName: e.configName, fields: e.fields, values: e.values }));
    this.sending = this.poster.postLogs(entries).then((ok) => {
      this.sending = undefined;
      if (ok) this.hub.forwarded.inc(['sent'], batch.length);
      else this.hub.putBack(batch);
    });
    return this.sending;
  }
}
