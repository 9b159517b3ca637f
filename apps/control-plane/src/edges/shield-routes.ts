// Origin Shield as configuration ("Using CloudFront Origin Shield"): an origin names a
// Region (originShield.originShieldRegion); the shield of that Region is a live edge
// started with `--tier shield` whose POP's catalog entry is in that Region. Every pop and
// regional edge is told, per such origin, which shield to fetch its cacheable misses
// through (the `parents` event, @cachefront/protocol edge-stream.ts). Pure: the caller
// passes the distributions, the edges and the POP -> Region lookup.

import type { Distribution } from '@cachefront/config';
import type { ShieldRoute } from '@cachefront/protocol';
import type { EdgeState } from './edge-registry.ts';

/** A shield edge candidate: live, its stream open, reachable by viewers' URL, `--tier shield`. */
function canShield(e: EdgeState): e is EdgeState & { url: string } {
  return e.tier === 'shield' && e.status === 'live' && e.connected && e.url !== undefined;
}

/**
 * One route per origin with Origin Shield enabled, in distribution then origin order. With
 * several shield edges in a Region each origin gets one of them, the same for every POP
 * (so one object is fetched through one shield, and collapsed there into one origin request).
 */
export function shieldRoutes(
  distributions: readonly { id: string; config: Pick<Distribution, 'origins'> }[],
  edges: readonly EdgeState[],
  regionOf: (pop: string) => string | undefined,
): ShieldRoute[] {
  const byRegion = new Map<string, (EdgeState & { url: string })[]>();
  for (const e of edges) {
    const region = canShield(e) ? regionOf(e.pop) : undefined;
    if (region === undefined) continue;
    const list = byRegion.get(region) ?? [];
    list.push(e as EdgeState & { url: string });
    byRegion.set(region, list);
  }
  for (const list of byRegion.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const routes: ShieldRoute[] = [];
  for (const d of distributions) {
    for (const o of d.config.origins) {
      const region = o.originShield?.enabled ? o.originShield.originShieldRegion : undefined;
      if (region === undefined) continue;
      const shields = byRegion.get(region);
      const route: ShieldRoute = { distributionId: d.id, originId: o.id, region };
      if (shields !== undefined) {
        const s = shields[hash(`${d.id}/${o.id}`) % shields.length]!;
        route.shield = { edgeId: s.id, url: s.url };
      }
      routes.push(route);
    }
  }
  return routes;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
