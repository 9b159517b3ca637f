// The open edge streams: one per edge id (a reconnect replaces the previous stream), each
// fed events in seq order, with a `ping` every heartbeat. docs/control-plane.md, "Edges".

import type { ConfigData, EdgeEvent, EdgeTier, InvalidationData, ParentsData, ShieldRoute } from '@cachefront/protocol';
import type { InvalidationRecord } from '../storage/invalidation-store.ts';
import type { Snapshot } from '../storage/store.ts';

/** Where a stream's events go (the SSE response); `close()` ends the stream. */
export interface EdgeSink {
  send(event: EdgeEvent): void;
  close(): void;
}

export function configEvent(seq: number, snapshot: Snapshot): EdgeEvent {
  const data: ConfigData = { seq, config: snapshot.config };
  return { event: 'config', data: JSON.stringify(data) };
}

/** An invalidation event carries its seq for the tier order (tier-order.ts); the edge reads only `event` and `data`. */
export type HubEvent = EdgeEvent & { invalidationSeq?: number };

export function invalidationEvent(i: InvalidationRecord): HubEvent {
  const data: InvalidationData = { seq: i.seq, id: i.id, distributionId: i.distributionId, paths: i.paths };
  return { event: 'invalidation', data: JSON.stringify(data), invalidationSeq: i.seq };
}

export function parentsEvent(routes: ShieldRoute[]): EdgeEvent {
  const data: ParentsData = { routes };
  return { event: 'parents', data: JSON.stringify(data) };
}

/**
 * What an edge that has applied everything up to `since` needs, in seq order: the latest
 * snapshot if it is newer, and (when `since` > 0) every invalidation after `since`,
 * interleaved with it. A fresh edge (`since` 0) has an empty cache, so it gets no
 * invalidations, and its snapshot is labelled with the head: applying it brings the edge
 * to `head` (the invalidations it skipped have nothing to drop), so its ack of that seq
 * releases them too.
 */
export function catchUpEvents(since: number, head: number, snapshot: Snapshot, invalidations: readonly InvalidationRecord[]): HubEvent[] {
  if (since === 0) return snapshot.seq > 0 ? [configEvent(head, snapshot)] : [];
  const pending: { seq: number; event: HubEvent }[] = invalidations.filter((i) => i.seq > since).map((i) => ({ seq: i.seq, event: invalidationEvent(i) }));
  if (snapshot.seq > since) pending.push({ seq: snapshot.seq, event: configEvent(snapshot.seq, snapshot) });
  return pending.sort((a, b) => a.seq - b.seq).map((p) => p.event);
}

interface Connection {
  sink: EdgeSink;
  ping: NodeJS.Timeout;
  /** The edge's POP: which distributions its snapshots hold depends on it (price class). */
  pop: string;
  tier: EdgeTier;
  /** Events held back by the tier order (tier-order.ts), oldest first, with when each was held. */
  held: { event: HubEvent; since: number }[];
}

/** The tier order (tier-order.ts): whether an edge of `tier` may get invalidation `seq` now. */
export interface TierGate {
  ready(tier: EdgeTier, seq: number): boolean;
  now(): number;
  /** A held invalidation older than this is sent anyway (a parent that stays live but never acks must not stall its children). */
  maxHoldMs: number;
  /** Told when that happens. */
  overdue(edgeId: string, seq: number): void;
}

const NO_GATE: TierGate = { ready: () => true, now: Date.now, maxHoldMs: Infinity, overdue: () => {} };

export class EdgeHub {
  private readonly connections = new Map<string, Connection>();
  private readonly heartbeatMs: number;
  private readonly head: () => number;
  private readonly gate: TierGate;

  constructor(heartbeatMs: number, head: () => number, gate: TierGate = NO_GATE) {
    this.heartbeatMs = heartbeatMs;
    this.head = head;
    this.gate = gate;
  }

  /** Opens `edgeId`'s stream with `first` (hello and catch-up); an older stream is closed. */
  attach(edgeId: string, pop: string, sink: EdgeSink, first: readonly HubEvent[], tier: EdgeTier = 'pop'): void {
    this.close(edgeId);
    const ping = setInterval(() => sink.send({ event: 'ping', data: JSON.stringify({ seq: this.head() }) }), this.heartbeatMs);
    ping.unref();
    const c: Connection = { sink, ping, pop, tier, held: [] };
    this.connections.set(edgeId, c);
    for (const e of first) this.deliver(c, e);
  }

  /** In seq order: behind a held event, or held itself when a parent tier has not applied its invalidation yet. */
  private deliver(c: Connection, e: HubEvent): void {
    if (c.held.length > 0 || (e.invalidationSeq !== undefined && !this.gate.ready(c.tier, e.invalidationSeq))) c.held.push({ event: e, since: this.gate.now() });
    else c.sink.send(e);
  }

  /** Sends what the tier order no longer holds back (after acks, the liveness sweep, connects). */
  release(): void {
    const now = this.gate.now();
    for (const [id, c] of this.connections) {
      while (c.held.length > 0) {
        const { event, since } = c.held[0]!;
        const seq = event.invalidationSeq;
        if (seq !== undefined && !this.gate.ready(c.tier, seq)) {
          if (now - since <= this.gate.maxHoldMs) break;
          this.gate.overdue(id, seq);
        }
        c.held.shift();
        c.sink.send(event);
      }
    }
  }

  /** Sends `event` now (not seq-ordered, never held) to the edges `to` accepts. */
  sendNow(event: EdgeEvent, to: (tier: EdgeTier, edgeId: string) => boolean): void {
    for (const [id, c] of this.connections) if (to(c.tier, id)) c.sink.send(event);
  }

  /** The stream ended on its own; true if `sink` was still `edgeId`'s current stream. */
  detach(edgeId: string, sink: EdgeSink): boolean {
    const c = this.connections.get(edgeId);
    if (c === undefined || c.sink !== sink) return false;
    clearInterval(c.ping);
    this.connections.delete(edgeId);
    return true;
  }

  broadcast(event: HubEvent): void {
    for (const c of this.connections.values()) this.deliver(c, event);
  }

  /** An event that depends on the edge's POP and tier (its config snapshot), built once per pair. */
  broadcastPerPop(eventFor: (pop: string, tier: EdgeTier) => EdgeEvent): void {
    const byPop = new Map<string, EdgeEvent>();
    for (const c of this.connections.values()) {
      const key = `${c.pop} ${c.tier}`;
      let e = byPop.get(key);
      if (e === undefined) byPop.set(key, (e = eventFor(c.pop, c.tier)));
      this.deliver(c, e);
    }
  }

  /** Ends one edge's stream, or all of them. */
  close(edgeId?: string): void {
    for (const [id, c] of this.connections) {
      if (edgeId !== undefined && id !== edgeId) continue;
      clearInterval(c.ping);
      this.connections.delete(id);
      c.sink.close();
    }
  }
}
