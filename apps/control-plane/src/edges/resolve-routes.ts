// GET /v1/resolve?host=H&ip=A — the DNS role (DESIGN "Control plane"): which edge a viewer
// at address A should use for host H: the nearest live edge, by great-circle distance from
// the viewer's location, among the POPs the distribution's price class allows (POP-tier
// edges only: a regional or shield edge is a parent tier, not a viewer's edge).

import { isIP } from 'node:net';
import { Hono } from 'hono';
import { DEFAULT_POPS, greatCircleKm, viewerPoint, type Geo, type LatLon } from '@cachefront/geo';
import type { Services } from '../services.ts';
import type { AuthEnv } from '../auth/authenticate.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { lookupPop, priceClassScope, type CatalogPop } from '../catalog/pop-catalog.ts';
import { HostTable } from '@cachefront/config';
import type { DistributionRecord } from '../storage/distribution-store.ts';

const DOMAIN_SUFFIX = '.cachefront.local';

export function resolveRoutes(s: Services, geo: Geo): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const scope = priceClassScope(s.catalog);

  r.get('/', (c) => {
    const host = (c.req.query('host') ?? '').trim().toLowerCase().replace(/:\d+$/, '');
    const ip = (c.req.query('ip') ?? '').trim();
    const issues = [];
    if (host === '') issues.push({ path: 'host', message: 'the Host name the viewer asks for is required, e.g. demo.localhost' });
    if (isIP(ip) === 0) issues.push({ path: 'ip', message: `must be the viewer's IPv4 or IPv6 address, got '${ip}'` });
    if (issues.length > 0) throw invalidArgument(issues, 'the resolve request');

    // As an edge picks one: an exact alias or `<id>.cachefront.local`, else the most specific wildcard alias.
    const hosts = new HostTable<DistributionRecord>();
    for (const d of s.store.distributions.list()) {
      if (!d.config.enabled) continue;
      hosts.set(`${d.id.toLowerCase()}${DOMAIN_SUFFIX}`, d);
      for (const alias of d.config.aliases) hosts.set(alias, d);
    }
    const dist = hosts.get(host);
    if (dist === undefined) throw new ControlPlaneError('NoSuchDistribution', `no enabled distribution serves ${host}`);
    const priceClass = dist.config.priceClass;

    // Live POP edges that viewers can reach and that serve this price class, grouped by POP.
    // Regional and shield edges take only their child edges' requests: never a viewer's.
    const byPop = new Map<CatalogPop, { id: string; url: string }[]>();
    for (const e of s.propagation.registry.list()) {
      if (e.status !== 'live' || !e.connected || e.url === undefined || (e.tier ?? 'pop') !== 'pop' || !scope.serves(e.pop, priceClass)) continue;
      const pop = lookupPop(s.catalog, e.pop);
      if (pop === undefined) continue; // no coordinates: cannot be ranked
      const list = byPop.get(pop) ?? [];
      list.push({ id: e.id, url: e.url });
      byPop.set(pop, list);
    }
    // Catalog order, so the fallback for an unknown location is the first POP of the catalog.
    const candidates = s.catalog.pops.filter((p) => byPop.has(p));
    if (candidates.length === 0) throw new ControlPlaneError('NoEdgeAvailable', `no live edge serves ${priceClass} for ${host}`);

    const location = geo.lookup(ip);
    const point = viewerPoint(location);
    const chosen = nearest(point, candidates);
    const edges = byPop.get(chosen)!;
    // Several edges in one POP: spread viewers over them by address.
    const edge = edges[hash(ip) % edges.length]!;
    const km = (p: CatalogPop) => (point === undefined ? null : Math.round(greatCircleKm(point, p)));
    const info = (code: string) => DEFAULT_POPS.find((p) => p.code === code);
    return c.json({
      host,
      distributionId: dist.id,
      priceClass,
      viewer: { ip, location: location ?? null },
      pop: { code: chosen.code, city: info(chosen.code)?.city ?? null, pricingRegion: chosen.pricingRegion, distanceKm: km(chosen) },
      edge,
      reason: location === undefined ? 'viewer location unknown: the first in-class POP of the catalog' : 'nearest in-class POP by great-circle distance',
      candidates: candidates.map((p) => ({ pop: p.code, distanceKm: km(p), edges: byPop.get(p)!.map((e) => e.id) })),
    });
  });
  return r;
}

/** The closest POP (ties and an unknown location: the first in catalog order). */
function nearest(point: LatLon | undefined, pops: readonly CatalogPop[]): CatalogPop {
  if (point === undefined) return pops[0]!;
  let best = pops[0]!;
  let bestKm = Infinity;
  for (const p of pops) {
    const km = greatCircleKm(point, p);
    if (km < bestKm) [best, bestKm] = [p, km];
  }
  return best;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
