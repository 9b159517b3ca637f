import type { LambdaRuntime } from '@cachefront/lambda-edge';
import type { Origin } from '@cachefront/config';
import type { OriginClient } from '../origin/client.ts';
import type { CacheStore } from '../cache/store.ts';
import type { InFlight } from '../cache/inflight.ts';
import type { LeaseClient } from '../collapse/lease.ts';
import type { SiblingClient } from '../collapse/sibling.ts';
import type { EdgeIdentity } from '../pipeline/viewer-headers.ts';
import type { CompiledConfig } from './compile.ts';
import type { UsageTable } from '../usage.ts';
import type { Cidrs, Geo } from '@cachefront/geo';
import type { ParentTiers } from './parents.ts';
import type { TierName } from './tier.ts';
import type { EdgeObserver } from '../observe.ts';

/** A worker's serving state: one per process, shared by every request it handles. */
export interface EdgeRuntime {
  config: CompiledConfig | undefined;
  store: CacheStore;
  inflight: Map<string, InFlight>;
  leases: LeaseClient;
  siblings: SiblingClient | undefined;
  edge: EdgeIdentity;
  now: () => number;
  nextId: () => string;
  /** Responses larger than this stream through without being stored. */
  maxObjectSize: number;
  counters: { originBytes: number };
  /** Per-distribution requests and bytes, drained by the primary for the control plane. */
  usage: UsageTable;
  /** Viewer location (country data by default; city data with --geo-city). */
  geo: Geo;
  /** Dev only: `X-Cachefront-Viewer-Address` sets the viewer address. */
  devViewerAddressHeader: boolean;
  /** This edge's tier and the peers whose tier requests it takes (loopback + --trusted-child). */
  tier: { name: TierName; children: Cidrs };
  /** `--parent`, or each Origin Shield origin's shield edge: cacheable misses are fetched through it instead of the origin (parents.ts). */
  parents: ParentTiers;
  /** Lambda@Edge: each function version's pool of child processes (packages/lambda-edge). */
  lambda: LambdaRuntime;
  /** A client for an origin a Lambda@Edge function chose (miss/lambda-origin.ts). */
  originClientFor(origin: Origin): OriginClient;
  /** The edge's HTTPS viewer port (`--https-port`), for redirect-to-https Locations. */
  httpsPort: number | undefined;
  /** Metrics, access logs and real-time log sampling (observe.ts). */
  observer: EdgeObserver;
}
