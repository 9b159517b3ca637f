// The control plane's Prometheus metrics (prom-client), served at GET /metrics
// (docs/control-plane.md, "Observability").

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UsageCounters } from '@cachefront/protocol';

/** The control plane's Prometheus registry (`GET /metrics`). */
export class ControlPlaneMetrics {
  readonly registry = new Registry();
  readonly propagationLag: Histogram<'kind'>;
  readonly edgeRequests: Counter<'distribution' | 'pop' | 'result'>;
  readonly edgeBytes: Counter<'distribution' | 'pop'>;
  readonly logEntries: Counter<'outcome'>;
  readonly httpRequests: Counter<'method' | 'status'>;
  /** seq -> when it was committed and what it was, until every live edge has it. */
  private readonly pending = new Map<number, { at: number; kind: 'config' | 'invalidation' }>();

  constructor(gauges: { edges: () => { live: number; down: number }; head: () => number; invalidationsInProgress: () => number; streams: () => number }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'cachefront_cp_' });
    this.propagationLag = new Histogram({
      name: 'cachefront_cp_propagation_seconds',
      help: 'From a change committed to an edge acking it, per edge and change.',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.edgeRequests = new Counter({ name: 'cachefront_cp_edge_requests_total', help: 'Viewer requests the edges reported in acks.', labelNames: ['distribution', 'pop', 'result'], registers });
    this.edgeBytes = new Counter({ name: 'cachefront_cp_edge_bytes_out_total', help: 'Body bytes the edges reported sending to viewers.', labelNames: ['distribution', 'pop'], registers });
    this.logEntries = new Counter({ name: 'cachefront_cp_realtime_log_entries_total', help: 'Real-time log entries received from edges, by what happened to them.', labelNames: ['outcome'], registers });
    this.httpRequests = new Counter({ name: 'cachefront_cp_http_requests_total', help: 'API requests by method and status.', labelNames: ['method', 'status'], registers });
    new Gauge({
      name: 'cachefront_cp_edges',
      help: 'Edges known to the control plane, by status.',
      labelNames: ['status'],
      registers,
      collect() {
        const c = gauges.edges();
        this.set({ status: 'live' }, c.live);
        this.set({ status: 'down' }, c.down);
      },
    });
    new Gauge({ name: 'cachefront_cp_head_seq', help: 'The global sequence number of the last change.', registers, collect() { this.set(gauges.head()); } });
    new Gauge({ name: 'cachefront_cp_invalidations_in_progress', help: 'Invalidations not yet Completed.', registers, collect() { this.set(gauges.invalidationsInProgress()); } });
    new Gauge({ name: 'cachefront_cp_realtime_log_subscribers', help: 'Open real-time log streams.', registers, collect() { this.set(gauges.streams()); } });
  }

  /** A change was committed at `seq`. */
  committed(seq: number, kind: 'config' | 'invalidation', now: number): void {
    this.pending.set(seq, { at: now, kind });
    this.trim();
  }

  /** An edge's appliedSeq moved from `from` to `to`: each change in between took now - committed. */
  applied(from: number, to: number, now: number, everywhere: number): void {
    for (const [seq, c] of this.pending) {
      if (seq > from && seq <= to) this.propagationLag.observe({ kind: c.kind }, Math.max(0, now - c.at) / 1000);
      if (seq <= everywhere) this.pending.delete(seq);
    }
    this.trim();
  }

  /** Never grow without bound (edges that never ack): keep the newest 10,000 (Map order is insertion order). */
  private trim(): void {
    for (const seq of this.pending.keys()) {
      if (this.pending.size <= 10_000) break;
      this.pending.delete(seq);
    }
  }

  usage(pop: string, usage: Record<string, UsageCounters>): void {
    for (const [distribution, u] of Object.entries(usage)) {
      if (u.hits > 0) this.edgeRequests.inc({ distribution, pop, result: 'Hit' }, u.hits);
      if (u.misses > 0) this.edgeRequests.inc({ distribution, pop, result: 'Miss' }, u.misses);
      if (u.errors > 0) this.edgeRequests.inc({ distribution, pop, result: 'Error' }, u.errors);
      if (u.bytesOut > 0) this.edgeBytes.inc({ distribution, pop }, u.bytesOut);
    }
  }
}
