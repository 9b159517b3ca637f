// The edge's primary <-> worker messages (over the cluster IPC channel).

import type { CachefrontConfig } from '@cachefront/config';
import type { MetricSnapshot } from '@cachefront/observe';
import type { ExplainInput, Explanation } from './explain.ts';
import type { RealtimeEntry } from './log-entries.ts';
import type { AckUsage } from './usage.ts';

/**
 * Request collapsing across workers (edge-node collapse/lease.ts): a worker asks the
 * primary for the lead on a key; the reply names the leader's sibling port.
 */
export type LeaseMessage =
  | { t: 'lease'; id: number; key: string }
  | { t: 'release'; key: string; freshUntil?: number }
  | { t: 'lease-r'; id: number; leader: boolean; port: number };

export interface WorkerCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  evictions: number;
}

/** Messages from the primary to a worker. */
export type ToWorker =
  | { t: 'config'; version: number; config: CachefrontConfig }
  | { t: 'invalidate'; seq: number; distributionId: string; paths: string[] }
  | { t: 'shutdown' }
  | { t: 'stats' }
  | { t: 'usage' }
  | { t: 'metrics' }
  | { t: 'explain'; id: number; input: ExplainInput }
  | LeaseMessage;

/** Messages from a worker to the primary. */
export type FromWorker =
  | { t: 'listening'; port: number; siblingPort: number }
  | { t: 'fatal'; message: string }
  | { t: 'applied'; version: number }
  | { t: 'purged'; seq: number; removed: number }
  | { t: 'usage-r'; usage: AckUsage }
  | { t: 'stats-r'; pid: number; rss: number; originBytes: number; cache: WorkerCacheStats }
  | { t: 'metrics-r'; metrics: MetricSnapshot[] }
  | { t: 'explain-r'; id: number; explanation: Explanation | { error: string } }
  | { t: 'realtime'; entries: RealtimeEntry[] }
  | LeaseMessage;
