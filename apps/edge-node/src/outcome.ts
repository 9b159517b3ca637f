/**
 * The per-request status record (STYLE.md §8): drives X-Cache, the log line and metrics.
 * `result` values are CloudFront's x-edge-result-type values.
 */
export type ResultType = 'Hit' | 'Miss' | 'RefreshHit' | 'Error' | 'FunctionGeneratedResponse' | 'Redirect';

export interface Outcome {
  requestId: string;
  result: ResultType;
  status: number;
  distributionId?: string;
  behavior?: string;
  /** Why the response was not stored, when it was not. */
  notStored?: string;
  originStatus?: number;
  /** How a miss was satisfied: origin, the parent tier, or collapsed onto another request. */
  source?: 'origin' | 'parent' | 'collapsed-local' | 'collapsed-sibling';
  /** Tier hops the request already made (X-Cachefront-Tier-Hop), when another edge sent it. */
  tierHop?: number;
  /** A trusted child tier's request: its viewer checks were made there; not viewer usage. */
  fromChild?: boolean;
  errorCode?: string;
  /** The primary failed this way and the secondary of the origin group answered. */
  failover?: string;
  /** Served after expiry: while revalidating in the background, or because the origin failed. */
  stale?: 'while-revalidate' | 'if-error';
  /** A CloudFront function ran: its compute utilization (0-100), and its error code if it failed. */
  functionUtilization?: number;
  /** Lambda@Edge invocations for this request (miss/lambda-origin.ts): function, event, time, error. */
  lambda?: { eventType: string; name: string; version: string; ms: number; error?: string }[];
  functionError?: string;
  /** Why a function's result could not be applied (e.g. an unknown origin id). */
  functionMessage?: string;
  /** Seconds the origin (or parent tier) took to answer with headers, when it was asked. */
  originSeconds?: number;
  /** compress: true compressed the origin's answer at this edge with this encoding. */
  compressed?: 'br' | 'gzip';
  /** Body bytes sent to the viewer (headers not counted). */
  bytesOut: number;
}

const X_CACHE: Record<ResultType, string> = {
  Hit: 'Hit from cachefront',
  Miss: 'Miss from cachefront',
  RefreshHit: 'RefreshHit from cachefront',
  Error: 'Error from cachefront',
  FunctionGeneratedResponse: 'FunctionGeneratedResponse from cachefront',
  Redirect: 'Redirect from cachefront',
};

export function xCache(result: ResultType): string {
  return X_CACHE[result];
}
