// The open edge streams: one per edge id (a reconnect replaces the previous stream), each
// fed events in seq order, with a `ping` every heartbeat. docs/control-plane.md, "Edges".

import type { ConfigData, EdgeEvent, InvalidationData } from '@cachefront/protocol';
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

export function invalidationEvent(i: InvalidationRecord): EdgeEvent {
  const data: InvalidationData = { seq: i.seq, id: i.id, distributionId: i.distributionId, paths: i.paths };
  return { event: 'invalidation', data: JSON.stringify(data) };
}

/**
 * What an edge that has applied everything up to `since` needs, in seq order: the latest
 * snapshot if it is newer, and (when `since` > 0) every invalidation after `since`,
 * interleaved with it. A fresh edge (`since` 0) has an empty cache, so it gets no
 * invalidations, and its snapshot is labelled with the head: applying it brings the edge
 * to `head` (the invalidations it skipped have nothing to drop), so its ack of that seq
 * releases them too.
 */
export function catchUpEvents(since: number, head: number, snapshot: Snapshot, invalidations: readonly InvalidationRecord[]): EdgeEvent[] {
  if (since === 0) return snapshot.seq > 0 ? [configEvent(head, snapshot)] : [];
  const pending: { seq: number; event: EdgeEvent }[] = invalidations.filter((i) => i.seq > since).map((i) => ({ seq: i.seq, event: invalidationEvent(i) }));
  if (snapshot.seq > since) pending.push({ seq: snapshot.seq, event: configEvent(snapshot.seq, snapshot) });
  return pending.sort((a, b) => a.seq - b.seq).map((p) => p.event);
}

interface Connection {
  sink: EdgeSink;
  ping: NodeJS.Timeout;
  /** The edge's POP: which distributions its snapshots hold depends on it (price class). */
  pop: string;
}

export class EdgeHub {
  private readonly connections = new Map<string, Connection>();
  private readonly heartbeatMs: number;
  private readonly head: () => number;

  constructor(heartbeatMs: number, head: () => number) {
    this.heartbeatMs = heartbeatMs;
    this.head = head;
  }

  /** Opens `edgeId`'s stream with `first` (hello and catch-up); an older stream is closed. */
  attach(edgeId: string, pop: string, sink: EdgeSink, first: readonly EdgeEvent[]): void {
    this.close(edgeId);
    for (const e of first) sink.send(e);
    const ping = setInterval(() => sink.send({ event: 'ping', data: JSON.stringify({ seq: this.head() }) }), this.heartbeatMs);
    ping.unref();
    this.connections.set(edgeId, { sink, ping, pop });
  }

  /** The stream ended on its own; true if `sink` was still `edgeId`'s current stream. */
  detach(edgeId: string, sink: EdgeSink): boolean {
    const c = this.connections.get(edgeId);
    if (c === undefined || c.sink !== sink) return false;
    clearInterval(c.ping);
    this.connections.delete(edgeId);
    return true;
  }

  broadcast(event: EdgeEvent): void {
    for (const c of this.connections.values()) c.sink.send(event);
  }

  /** An event that depends on the edge's POP (its config snapshot), built once per POP. */
  broadcastPerPop(eventFor: (pop: string) => EdgeEvent): void {
    const byPop = new Map<string, EdgeEvent>();
    for (const c of this.connections.values()) {
      let e = byPop.get(c.pop);
      if (e === undefined) byPop.set(c.pop, (e = eventFor(c.pop)));
      c.sink.send(e);
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
