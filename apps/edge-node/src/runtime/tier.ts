import { PARENT_TIER_HEADER } from '@cachefront/cache-core';
import { parseCidrs, type Cidrs } from '@cachefront/geo';

/**
 * Cache tiers, as CloudFront has them ("Using CloudFront Origin Shield", "regional edge
 * caches"): a POP edge fetches its cacheable misses through a parent tier (a regional
 * edge cache, which may have an origin shield above it) instead of from the origin.
 * This file is the protocol between tiers; the I/O is in pipeline/parent-tier.ts (child
 * side) and pipeline/tier-request.ts (parent side).
 */
export type TierName = 'pop' | 'regional' | 'shield';
export const TIER_NAMES: readonly TierName[] = ['pop', 'regional', 'shield'];

/** Request header: how many tier hops this request already made (a child sets its own + 1). */
export const TIER_HOP_HEADER = 'x-cachefront-tier-hop';
/**
 * Response header, on every response of an edge where tiers are in play: who produced it.
 * `<tier>-hit` (that tier's cache), `origin` (fetched from the origin for this request), or
 * `<tier>-error` (an error that edge generated). Origin responses never carry it (the origin
 * client removes it), so on a response a child receives it also marks "from a parent tier";
 * cache-core's decideStorage reads it as that marker (PARENT_TIER_HEADER).
 */
export const TIER_RESPONSE_HEADER = PARENT_TIER_HEADER;
/** Response header on an error an edge generated while tiers are in play: the EdgeError code. */
export const TIER_ERROR_HEADER = 'x-cachefront-error';

/**
 * Longest chain of tier hops accepted: pop -> regional -> shield is 2, one spare. A request
 * that arrives with more has gone round a loop of --parent settings (508, like RFC 8586's
 * CDN-Loop refusals).
 */
export const MAX_TIER_HOPS = 3;

/**
 * X-Cachefront-Tier-Hop -> hop count: undefined when absent (a viewer's request), 'invalid'
 * when it is not a single decimal 1..999. Repeated headers are invalid (node joins them).
 */
export function parseTierHop(value: string | string[] | undefined): number | 'invalid' | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\s*[1-9]\d{0,2}\s*$/.test(value)) return 'invalid';
  return Number(value);
}

export type TierVerdict =
  | { kind: 'child'; hop: number }
  | { kind: 'refused'; code: 'TIER_LOOP' | 'TIER_REFUSED' | 'BAD_REQUEST'; hop: number };

/**
 * What a request carrying X-Cachefront-Tier-Hop is, from that header and its peer (pure;
 * the handler acts; a request without the header is a viewer's):
 * - a malformed header: 400; more than MAX_TIER_HOPS, or this edge already in its Via:
 *   508 (a loop);
 * - otherwise a child tier's request, served only by a regional/shield edge and only from
 *   a trusted peer (loopback or --trusted-child). A parent skips the viewer checks its
 *   child already made, so anything else is refused (403), never served as a viewer's.
 */
export function classifyTierRequest(
  hopHeader: string | string[],
  via: string | undefined,
  peer: string,
  self: { name: TierName; children: Cidrs; via: string },
): TierVerdict {
  const hop = parseTierHop(hopHeader);
  if (hop === undefined || hop === 'invalid') return { kind: 'refused', code: 'BAD_REQUEST', hop: 0 };
  // RFC 9110 §7.6.3: Via names every edge the request passed; finding our own entry is a
  // loop. It must be refused here: the request would otherwise wait on its own fetch.
  if (hop > MAX_TIER_HOPS || via?.includes(self.via)) return { kind: 'refused', code: 'TIER_LOOP', hop };
  if (self.name === 'pop' || !self.children.has(peer)) return { kind: 'refused', code: 'TIER_REFUSED', hop };
  return { kind: 'child', hop };
}

/** Peers whose tier requests a parent accepts: loopback plus `--trusted-child` CIDRs. */
export function trustedChildren(extra: readonly string[]): Cidrs {
  const checked = parseCidrs(extra, '--trusted-child');
  if (checked.issues) throw new Error(checked.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return parseCidrs(['127.0.0.0/8', '::1', ...extra]).cidrs!;
}

/** The X-Cachefront-Tier value of an object served from this tier's own cache. */
export function tierHit(tier: TierName): string {
  return `${tier}-hit`;
}
