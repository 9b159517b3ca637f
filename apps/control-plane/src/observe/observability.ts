// What the control plane sees of the CDN (docs/control-plane.md, "Observability"):
// Prometheus metrics (metrics.ts), each edge's recent traffic from its acks (edge-traffic.ts,
// for the dashboard's map), and the real-time log stream fan-out.

import { StreamHub } from '@cachefront/observe';
import type { LogEntry } from '@cachefront/protocol';
import type { Propagation } from '../edges/propagation.ts';
import type { Store } from '../storage/store.ts';
import { EdgeTraffic } from './edge-traffic.ts';
import { ControlPlaneMetrics } from './metrics.ts';

/** Subscribers of `GET /v1/realtime-logs/stream`, each with its own filter and bounded queue. */
export type LogHub = StreamHub<LogEntry>;

export interface Observability {
  metrics: ControlPlaneMetrics;
  traffic: EdgeTraffic;
  logs: LogHub;
}

/** The control plane's observability state, wired to its propagation (metrics on commits and acks). */
export function createObservability(s: { store: Store; propagation: Propagation }): Observability {
  const logs: LogHub = new StreamHub<LogEntry>();
  const metrics = new ControlPlaneMetrics({
    edges: () => s.propagation.registry.counts(),
    head: () => s.store.head(),
    invalidationsInProgress: () => s.store.invalidations.countInProgress(),
    streams: () => logs.size,
  });
  s.propagation.observer = metrics;
  return { metrics, traffic: new EdgeTraffic(), logs };
}
