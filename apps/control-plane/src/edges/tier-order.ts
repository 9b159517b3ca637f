// Invalidations reach parent tiers before their children. A child that purges an object
// before its parent does refills it from the parent's stale copy ("Using CloudFront Origin
// Shield": the shield is the one cache between every POP and the origin), so the hub holds
// an invalidation back from an edge until every live edge of a higher tier has acked it:
// shields first, then regional edge caches, then POPs. The events after a held one wait
// behind it, since an edge applies its stream strictly in seq order and skips a seq below
// the last one it applied.

import type { EdgeTier } from '@cachefront/protocol';
import type { EdgeState } from './edge-registry.ts';

/** Lower goes first. */
const RANK: Readonly<Record<EdgeTier, number>> = { shield: 0, regional: 1, pop: 2 };

/**
 * The live edges of a higher tier than `tier` that have not applied `seq` yet: while any
 * is left, an edge of `tier` does not get invalidation `seq`. A parent that goes down
 * (the liveness sweep) stops holding it back, as it stops holding statuses back.
 */
export function parentsBehind(tier: EdgeTier, seq: number, edges: Iterable<EdgeState>): EdgeState[] {
  const behind: EdgeState[] = [];
  for (const e of edges) {
    if (e.status === 'live' && RANK[e.tier ?? 'pop'] < RANK[tier] && e.appliedSeq < seq) behind.push(e);
  }
  return behind;
}
