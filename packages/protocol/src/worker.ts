// The edge's primary <-> worker messages (worker threads' message ports).

import type { CachefrontConfig } from '@cachefront/config';
import type { MetricSnapshot } from '@cachefront/observe';
import type { ShieldRoute } from './edge-stream.ts';
import type { ExplainInput, Explanation } from './explain.ts';
import type { RealtimeEntry } from './log-entries.ts';
import type { AckUsage } from './usage.ts';

/**
 * Request collapsing across workers (edge-node collapse/lease.ts), on the worker's cache
 * port like `CacheMessage` (edge-node primary/edge-thread.ts): a worker asks the
 * primary for the lead on a key; the reply names the leader's sibling port.
 */
export type LeaseMessage =
  | { t: 'lease'; id: number; key: string }
  | { t: 'release'; key: string }
  | { t: 'lease-r'; id: number; leader: boolean; port: number };

/**
 * One cached object as the edge's workers share it (edge-node cache/replica.ts): the body
 * is a SharedArrayBuffer, so every worker thread serves the same bytes; the rest is small
 * and copied. `stamp` orders versions of a key: the newest wins everywhere.
 */
export interface SharedEntry {
  meta: { status: number; headers: Record<string, string | string[] | undefined>; storedAt: number; ttl: number; initialAge: number };
  body: SharedArrayBuffer;
  viewerHeaders: string[];
  tags: string[] | undefined;
  size: number;
  stamp: Stamp;
}

/** Newest wins: `at` (ms), then the writer's thread id. */
export interface Stamp {
  at: number;
  writer: number;
}

/**
 * The edge's one cache (docs/design-one-cache.md): a worker that stores or deletes an
 * object tells the primary, whose directory bounds the edge's cache size and passes the
 * change on to every other worker.
 */
export type CacheMessage =
  /** Worker -> primary: stored (`purged`: the last invalidation it had applied); primary -> worker: store this too. */
  | { t: 'cache-put'; key: string; entry: SharedEntry; purged?: number }
  /** Either way: drop these keys, each unless the copy held is newer than its stamp. */
  | { t: 'cache-drop'; keys: { key: string; stamp: Stamp }[]; evicted?: boolean }
  /** Worker -> primary: keys hit since the last report (recency for eviction). */
  | { t: 'cache-touch'; keys: string[] }
  /** Primary -> a starting worker: everything the edge holds. */
  | { t: 'cache-snapshot'; entries: [string, SharedEntry][] };

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
  /** The control plane's Origin Shield routes (edge-stream.ts `parents`): the latest replaces the last. */
  | { t: 'parents'; routes: ShieldRoute[] }
  | { t: 'shutdown' }
  | { t: 'stats' }
  | { t: 'usage' }
  | { t: 'metrics' }
  | { t: 'explain'; id: number; input: ExplainInput }
  /** `--tls-cert`/`--tls-key` changed on disk: serve this certificate from now on. */
  | { t: 'tls'; cert: string; key: string }
  /** Tests only (CACHEFRONT_TEST_HOOKS=1): block the worker's thread for `ms`, as a long GC pause would. */
  | { t: 'stall'; ms: number }
  /** Tests only (CACHEFRONT_TEST_HOOKS=1): the worker's thread dies of an uncaught error. */
  | { t: 'crash' };

/** Messages from a worker to the primary. */
export type FromWorker =
  | { t: 'listening'; port: number; siblingPort: number; httpsPort?: number | undefined }
  | { t: 'fatal'; message: string }
  | { t: 'applied'; version: number }
  | { t: 'purged'; seq: number; removed: number }
  | { t: 'usage-r'; usage: AckUsage }
  | { t: 'stats-r'; pid: number; thread: number; rss: number; originBytes: number; cache: WorkerCacheStats; fastPath?: { hits: number; handedOff: number } | undefined }
  | { t: 'metrics-r'; metrics: MetricSnapshot[] }
  | { t: 'explain-r'; id: number; explanation: Explanation | { error: string } }
  | { t: 'realtime'; entries: RealtimeEntry[] };
