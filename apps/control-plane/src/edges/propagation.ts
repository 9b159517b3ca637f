// How changes reach the edges and how their acks turn into statuses: edges connect and
// get caught up, every committed change is pushed to every open stream, acks and the
// liveness sweep move `appliedByAll`, which completes invalidations and wakes long-polls.
// docs/control-plane.md, "Edges" and the status rules under "Distributions" and "Invalidations".

import type { Logger } from 'pino';
import { DEFAULT_EDGE_REAP_MS, EdgeRegistry, type EdgeState } from './edge-registry.ts';
import { ControlPlaneError } from '../errors.ts';
import type { EdgeTier, HelloData, ShieldRoute, StreamRequest } from '@cachefront/protocol';
import { catchUpEvents, configEvent, EdgeHub, invalidationEvent, parentsEvent, type EdgeSink } from './hub.ts';
import { shieldRoutes } from './shield-routes.ts';
import { parentsBehind } from './tier-order.ts';
import type { InvalidationRecord } from '../storage/invalidation-store.ts';
import { ChangeNotifier } from './notifier.ts';
import type { PriceClass } from '@cachefront/config';
import type { Snapshot, Store } from '../storage/store.ts';

/** Which POPs serve which price classes (from the POP catalog). */
export interface PopScope {
  serves(pop: string, priceClass: PriceClass): boolean;
}

/** Every POP serves every distribution (no catalog). */
export const EVERY_POP: PopScope = { serves: () => true };

export interface PropagationOptions {
  store: Store;
  scope?: PopScope;
  now: () => number;
  log: Logger;
  heartbeatMs: number;
  edgeTimeoutMs: number;
  /** Down edges are forgotten after this long (default DEFAULT_EDGE_REAP_MS). */
  edgeReapMs?: number;
  /** A POP's AWS Region (the catalog's awsRegion): a `--tier shield` edge there is that Region's Origin Shield. */
  regionOf?: (pop: string) => string | undefined;
}

/** Told about commits and acks (metrics: propagation lag per edge and change). */
export interface PropagationObserver {
  committed(seq: number, kind: 'config' | 'invalidation', now: number): void;
  applied(from: number, to: number, now: number, everywhere: number): void;
}

export class Propagation {
  readonly registry: EdgeRegistry;
  readonly notifier = new ChangeNotifier();
  private readonly hub: EdgeHub;
  private readonly o: PropagationOptions;
  private closed = false;
  /** The last `parents` event data sent (shield-routes.ts), to send only changes; none yet: no routes. */
  private parents = '[]';
  observer: PropagationObserver | undefined;

  constructor(o: PropagationOptions) {
    this.o = o;
    this.registry = new EdgeRegistry(o.store.edges.load(), o.edgeTimeoutMs);
    // Invalidations reach shields, then regional edges, then POPs (tier-order.ts).
    this.hub = new EdgeHub(o.heartbeatMs, () => o.store.head(), {
      ready: (tier, seq) => parentsBehind(tier, seq, this.registry.list()).length === 0,
      now: o.now,
      maxHoldMs: o.edgeTimeoutMs,
      overdue: (edgeId, seq) =>
        o.log.warn({ edge: edgeId, seq, behind: parentsBehind(this.registry.get(edgeId)?.tier ?? 'pop', seq, this.registry.list()).map((e) => e.id) }, 'invalidation sent before its parent tiers acked it: they are live but have not applied it in time'),
    });
  }

  /**
   * Whether edge `e` counts for a distribution of `priceClass`: a POP edge when its POP is
   * in the class; a parent tier (shield, regional) always, as an Origin Shield serves
   * whichever POPs fetch through it.
   */
  private counts(e: { pop: string; tier?: EdgeTier | undefined }, priceClass: PriceClass): boolean {
    return (e.tier ?? 'pop') !== 'pop' || (this.o.scope ?? EVERY_POP).serves(e.pop, priceClass);
  }

  /** A distribution whose last change is at `configSeq` is on every live edge of its price class. */
  deployed(configSeq: number, priceClass: PriceClass): boolean {
    return configSeq <= this.appliedFor(priceClass);
  }

  /** The seq every live edge in `priceClass` has applied (Infinity when there is none). */
  appliedFor(priceClass: PriceClass): number {
    return this.registry.appliedBy((e) => this.counts(e, priceClass));
  }

  /** Of the live edges serving `priceClass`, how many have applied `seq` (invalidation progress). */
  progress(seq: number, priceClass: PriceClass): { acked: number; total: number } {
    let acked = 0;
    let total = 0;
    for (const e of this.registry.list()) {
      if (e.status !== 'live' || !this.counts(e, priceClass)) continue;
      total++;
      if (e.appliedSeq >= seq) acked++;
    }
    return { acked, total };
  }

  appliedByAll(): number {
    return this.registry.appliedByAll();
  }

  /** The snapshot an edge in `pop` serves: the distributions whose price class includes it (a parent tier: all). */
  snapshotFor(pop: string, tier: EdgeTier = 'pop'): Snapshot {
    const all = this.o.store.snapshot();
    const distributions = all.config.distributions.filter((d) => this.counts({ pop, tier }, d.priceClass));
    if (distributions.length === all.config.distributions.length) return all;
    return { ...all, config: { ...all.config, distributions } };
  }

  /** An edge opened its stream: hello, its catch-up, then live events. */
  connect(req: StreamRequest, sink: EdgeSink, subject?: string): void {
    if (this.closed) return sink.close();
    const { store } = this.o;
    const head = store.head();
    // An edge ahead of the head applied another control plane's history: start it afresh.
    const since = req.since > head ? 0 : req.since;
    const tier = req.tier ?? 'pop';
    const edge = this.registry.connect(req.edge, req.pop, since, this.o.now(), req.url, req.admin, subject, tier);
    store.edges.save(edge);
    const helloData: HelloData = { edgeId: req.edge, seq: head, heartbeatMs: this.o.heartbeatMs };
    const hello = { event: 'hello' as const, data: JSON.stringify(helloData) };
    const catchUp = catchUpEvents(since, head, this.snapshotFor(req.pop, tier), since > 0 ? store.invalidations.after(since) : []);
    this.hub.attach(req.edge, req.pop, sink, [hello, ...catchUp], tier);
    this.o.log.info({ edge: req.edge, pop: req.pop, ...(tier === 'pop' ? {} : { tier }), since: req.since, head, events: catchUp.length }, 'edge connected');
    // A shield that joins changes the routes (sent to every child); else this child gets
    // them now (it may have restarted). No routes: no Origin Shield origin in any config,
    // so whatever routes the edge still holds match no origin of its config either.
    if (!this.refreshParents() && tier !== 'shield') {
      const routes = this.routes();
      if (routes.length > 0) this.hub.sendNow(parentsEvent(routes), (_, id) => id === req.edge);
    }
    // Its appliedSeq may have moved either way (it reports `since`).
    this.settle();
  }

  /** Every origin with Origin Shield enabled and the shield edge its Region has now (shield-routes.ts). */
  routes(): ShieldRoute[] {
    const regionOf = this.o.regionOf ?? (() => undefined);
    return shieldRoutes(this.o.store.distributions.list(), this.registry.list(), regionOf);
  }

  /**
   * Tells the pop and regional edges where each Origin Shield origin's misses go, when
   * that changed (a shield joined, left or went down; a config changed originShield).
   * True when it sent them.
   */
  private refreshParents(): boolean {
    const routes = this.routes();
    const data = JSON.stringify(routes);
    if (data === this.parents) return false;
    this.parents = data;
    const shields = [...new Set(routes.flatMap((r) => (r.shield ? [`${r.region}: ${r.shield.edgeId}`] : [])))];
    this.o.log.info({ origins: routes.length, withoutShield: routes.filter((r) => !r.shield).length, shields }, 'origin shield routes changed');
    this.hub.sendNow(parentsEvent(routes), (tier) => tier !== 'shield');
    return true;
  }

  /** The stream ended (client gone); the edge stays live until its timeout. */
  disconnect(edgeId: string, sink: EdgeSink): void {
    if (!this.hub.detach(edgeId, sink)) return;
    this.registry.disconnect(edgeId);
    this.o.log.info({ edge: edgeId }, 'edge disconnected');
    // A shield whose stream ended is no longer handed out (it may be stopping).
    this.refreshParents();
  }

  /** `POST /v1/edges/:id/acks`: appliedSeq = max(old, seq), and the edge is heard from. */
  ack(edgeId: string, seq: number): EdgeState {
    // A seq beyond the head cannot have been applied from here; it must not mark later changes done.
    const before = this.registry.get(edgeId)?.appliedSeq ?? 0;
    const r = this.registry.ack(edgeId, Math.min(seq, this.o.store.head()), this.o.now());
    const edge = this.registry.get(edgeId);
    if (r?.applied && edge) this.observer?.applied(before, edge.appliedSeq, this.o.now(), this.registry.appliedByAll());
    if (r === undefined || edge === undefined) throw new ControlPlaneError('NoSuchResource', `no edge ${edgeId}; an edge connects to /v1/edges/stream first`);
    if (r.applied) this.o.store.edges.save(edge);
    if (r.revived) this.o.log.info({ edge: edgeId }, 'edge is live again');
    if (r.applied || r.revived) this.settle();
    return edge;
  }

  /** Marks down the edges not heard from within the timeout; they stop holding statuses back. */
  sweep(): EdgeState[] {
    for (const id of this.registry.reap(this.o.now(), this.o.edgeReapMs ?? DEFAULT_EDGE_REAP_MS)) {
      this.o.store.edges.delete(id);
      this.o.log.info({ edge: id }, 'edge forgotten: down for too long');
    }
    const down = this.registry.sweep(this.o.now());
    if (down.length === 0) {
      this.hub.release(); // held invalidations past maxHoldMs
      return down;
    }
    for (const e of down) this.o.log.warn({ edge: e.id, pop: e.pop, appliedSeq: e.appliedSeq }, 'edge is down: not heard from in time');
    this.refreshParents();
    this.settle();
    return down;
  }

  /** A config mutation committed: every stream gets the new snapshot. */
  configChanged(): void {
    this.observer?.committed(this.o.store.head(), 'config', this.o.now());
    this.hub.broadcastPerPop((pop, tier) => {
      const snapshot = this.snapshotFor(pop, tier);
      return configEvent(snapshot.seq, snapshot);
    });
    this.refreshParents();
    this.settle();
  }

  /** An invalidation was created (committed). */
  invalidationCreated(i: InvalidationRecord): void {
    this.observer?.committed(i.seq, 'invalidation', this.o.now());
    this.hub.broadcast(invalidationEvent(i));
    this.notifier.notify();
  }

  /** Completes what every live edge has applied, then wakes the long-polls. */
  private settle(): void {
    this.hub.release();
    const completed = this.o.store.invalidations.completeUpTo((priceClass) => this.appliedFor(priceClass));
    if (completed.length > 0) this.o.log.info({ invalidations: completed }, 'invalidations completed');
    this.notifier.notify();
  }

  /** Ends every stream and releases every long-poll. */
  close(): void {
    this.closed = true;
    this.hub.close();
    this.notifier.close();
  }
}
