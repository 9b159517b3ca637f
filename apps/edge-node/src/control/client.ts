import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Logger } from 'pino';
import type { CachefrontConfig } from '@cachefront/config';
import { EDGE_STREAM_PATH, edgeAckPath, edgeLogsPath, parseParents, type AckBody, type ControlEvent, type EdgeTier, type LogEntriesBody, type RealtimeEntry, type ShieldRoute } from '@cachefront/protocol';

export type { ControlEvent } from '@cachefront/protocol';

export interface ControlClientOptions {
  url: string;
  token: string;
  edgeId: string;
  pop: string;
  /** Where viewers reach this edge, told to the control plane (its resolver hands it out). */
  viewerUrl?: string;
  /** This edge's admin URL (explain, metrics), told to the control plane. */
  adminUrl?: string;
  /** This edge's cache tier (`--tier`), told to the control plane: a shield becomes its Region's Origin Shield. */
  tier?: EdgeTier;
  /** The control plane's Origin Shield routes (`parents` events), each replacing the last; not acked. */
  parents?(routes: ShieldRoute[]): void;
  /** The last sequence number applied (from the state dir; 0 for none). */
  since: number;
  log: Logger;
  /** Applies one event everywhere (every worker); resolves when done. Events come one at a time, in order. */
  apply(event: ControlEvent): Promise<void>;
  /** Extra fields for each ack (usage counters); `failed` is called when that ack was not delivered. */
  ackExtras?: () => Promise<{ body: Omit<AckBody, 'seq'>; failed(): void }>;
  /** First backoff after a failed connection; doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'stopped';

/**
 * The edge primary's side of the control-plane stream: holds `GET /v1/edges/stream`
 * open, applies snapshots and invalidations strictly in order, acks each one after it is
 * applied (and re-acks as a heartbeat), reconnects with jittered exponential backoff, and
 * treats a stream that falls silent for three heartbeats as dead.
 */
export class ControlClient {
  /** Everything up to and including this sequence number is applied in every worker. */
  seq: number;
  state: ConnectionState = 'disconnected';
  /** The control plane's head when we last heard from it. */
  remoteSeq = 0;
  private readonly o: ControlClientOptions;
  private abort: AbortController | undefined;
  private stopped = false;
  private chain: Promise<void> = Promise.resolve();
  private heartbeatMs = 2000;
  private heartbeat: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(o: ControlClientOptions) {
    this.o = o;
    this.seq = o.since;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    this.abort?.abort();
    clearInterval(this.heartbeat);
    clearTimeout(this.watchdog);
    await this.loop;
    await this.chain;
  }

  /** Resolves after the next successful ack (tests and `cachefront dev` wait on it). */
  nextAck(): Promise<void> {
    return new Promise((resolve) => this.listeners.add(resolve));
  }

  private async run(): Promise<void> {
    let backoff = this.o.minBackoffMs ?? 100;
    const max = this.o.maxBackoffMs ?? 5000;
    while (!this.stopped) {
      const ok = await this.connectOnce();
      if (this.stopped) break;
      if (ok) backoff = this.o.minBackoffMs ?? 100;
      const wait = backoff / 2 + Math.random() * (backoff / 2);
      this.o.log.debug({ waitMs: Math.round(wait) }, 'control plane: reconnecting');
      await new Promise((r) => setTimeout(r, wait));
      backoff = Math.min(max, backoff * 2);
    }
  }

  /** One connection: returns true when it got as far as a hello (the server was healthy). */
  private async connectOnce(): Promise<boolean> {
    await this.chain; // since must be what is really applied
    const abort = new AbortController();
    this.abort = abort;
    this.state = 'connecting';
    const q = new URLSearchParams({ edge: this.o.edgeId, pop: this.o.pop, since: String(this.seq) });
    if (this.o.viewerUrl) q.set('url', this.o.viewerUrl);
    if (this.o.adminUrl) q.set('admin', this.o.adminUrl);
    if (this.o.tier && this.o.tier !== 'pop') q.set('tier', this.o.tier);
    let greeted = false;
    try {
      const res = await fetch(`${this.o.url}${EDGE_STREAM_PATH}?${q}`, {
        headers: { authorization: `Bearer ${this.o.token}`, accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => '');
        const level = res.status === 401 || res.status === 403 ? 'error' : 'warn';
        this.o.log[level]({ status: res.status, body: text.slice(0, 300) }, `control plane refused the edge stream (${res.status}); retrying`);
        return false;
      }
      const parser = createParser({
        onEvent: (ev) => {
          if (ev.event === 'hello') greeted = true;
          this.onMessage(ev);
        },
      });
      this.kick(abort);
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        this.kick(abort);
        parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      }
      if (!this.stopped) this.o.log.warn('control plane closed the edge stream; reconnecting');
    } catch (err) {
      if (!this.stopped) this.o.log.warn({ err: (err as Error).message }, `control plane unreachable at ${this.o.url}; serving the last applied config (seq ${this.seq})`);
    } finally {
      clearTimeout(this.watchdog);
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      if (!this.stopped) this.state = 'disconnected';
    }
    return greeted;
  }

  /** Restart the silence watchdog: three missed heartbeats and the stream is dead. */
  private kick(abort: AbortController): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.o.log.warn({ silentMs: this.heartbeatMs * 3 }, 'control plane stream went silent; reconnecting');
      abort.abort();
    }, this.heartbeatMs * 3);
    this.watchdog.unref();
  }

  private onMessage(ev: EventSourceMessage): void {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(ev.data) as Record<string, unknown>;
    } catch {
      return void this.o.log.warn({ event: ev.event }, 'control plane sent an event that is not JSON; ignored');
    }
    if (typeof data.seq === 'number') this.remoteSeq = ev.event === 'hello' ? data.seq : Math.max(this.remoteSeq, data.seq);
    switch (ev.event) {
      case 'hello': {
        this.state = 'connected';
        if (typeof data.heartbeatMs === 'number' && data.heartbeatMs > 0) this.heartbeatMs = data.heartbeatMs;
        if (this.abort) this.kick(this.abort); // the watchdog now knows the real heartbeat
        this.o.log.info({ url: this.o.url, edgeId: this.o.edgeId, since: this.seq, head: data.seq }, 'connected to the control plane');
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => void this.ack(this.seq), this.heartbeatMs);
        this.heartbeat.unref();
        const head = typeof data.seq === 'number' ? data.seq : 0;
        if (head < this.seq) {
          // The control plane is behind this edge's state (its database was replaced):
          // it sends its own snapshot as if to a new edge; take it.
          this.o.log.warn({ edgeSeq: this.seq, head }, 'control plane is behind this edge; taking its state');
          this.enqueue(async () => void (this.seq = 0));
          this.remoteSeq = head;
          return;
        }
        // Tell it at once where we are (also what makes a freshly connected edge current).
        this.enqueue(() => this.ack(this.seq));
        return;
      }
      case 'config':
        if (typeof data.seq !== 'number') return;
        return this.enqueue(() => this.applyAndAck({ type: 'config', seq: data.seq as number, config: data.config }));
      case 'invalidation':
        if (typeof data.seq !== 'number' || typeof data.distributionId !== 'string' || !Array.isArray(data.paths)) return;
        return this.enqueue(() =>
          this.applyAndAck({ type: 'invalidation', seq: data.seq as number, id: String(data.id), distributionId: data.distributionId as string, paths: data.paths as string[] }),
        );
      case 'parents': {
        // Not versioned: applied as it comes (the edge checks each route against its own config).
        const parsed = parseParents(data);
        if (parsed.issues) return void this.o.log.warn({ issues: parsed.issues }, 'control plane sent origin shield routes this edge cannot read; keeping the previous ones');
        return this.o.parents?.(parsed.value);
      }
      default:
        return; // ping and anything newer than this edge
    }
  }

  private enqueue(fn: () => Promise<void>): void {
    this.chain = this.chain.then(fn).catch((err: unknown) => this.o.log.error({ err }, 'control plane event failed'));
  }

  private async applyAndAck(ev: ControlEvent): Promise<void> {
    if (ev.seq <= this.seq) return; // already applied (replayed after a reconnect)
    await this.o.apply(ev);
    this.seq = ev.seq;
    await this.ack(ev.seq);
  }

  /** Sends sampled real-time log entries (`POST /v1/edges/:id/logs`); false when not delivered. */
  async postLogs(entries: RealtimeEntry[]): Promise<boolean> {
    const body: LogEntriesBody = { pop: this.o.pop, entries };
    try {
      const res = await fetch(`${this.o.url}${edgeLogsPath(this.o.edgeId)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  private async ack(seq: number): Promise<void> {
    const extras = this.o.ackExtras ? await this.o.ackExtras().catch(() => undefined) : undefined;
    let delivered = false;
    try {
      const res = await fetch(`${this.o.url}${edgeAckPath(this.o.edgeId)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ seq, ...extras?.body } satisfies AckBody),
        signal: AbortSignal.timeout(5000),
      });
      await res.body?.cancel();
      if (!res.ok) {
        // A 4xx will not get better by resending the same usage: drop it (5xx: retry).
        if (res.status < 500) delivered = true;
        return void this.o.log.warn({ status: res.status, seq }, 'control plane refused an ack');
      }
      delivered = true;
      for (const l of this.listeners) l();
      this.listeners.clear();
    } catch (err) {
      this.o.log.debug({ err: (err as Error).message, seq }, 'ack not delivered (the next heartbeat repeats it)');
    } finally {
      if (!delivered) extras?.failed();
    }
  }
}

export const EMPTY_CONFIG: CachefrontConfig = { distributions: [], cachePolicies: [], originRequestPolicies: [], responseHeadersPolicies: [], originAccessControls: [], publicKeys: [], keyGroups: [], trustedProxies: [], functions: [], lambdaFunctions: [], keyValueStores: [], realtimeLogConfigs: [] };
