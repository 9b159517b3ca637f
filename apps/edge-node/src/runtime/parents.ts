import type { Origin } from '@cachefront/config';
import type { ShieldRoute } from '@cachefront/protocol';
import { ParentTier } from '../pipeline/parent-tier.ts';

/**
 * Which parent tier a cacheable miss of one origin goes through (runtime/tier.ts has the
 * protocol between tiers):
 * - `--parent URL`: every origin's, as before (file mode, or a fixed tier layout);
 * - else an origin with Origin Shield enabled (config `originShield`): the shield edge the
 *   control plane named for its Region (the `parents` event, @cachefront/protocol), when
 *   the route is for the Region this config names (a config and its routes can briefly
 *   disagree while a change travels);
 * - else, or when no shield edge is live in that Region: the origin, with the reason.
 */
export type ParentChoice =
  | { kind: 'parent'; url: string; via: 'flag' }
  | { kind: 'parent'; url: string; via: 'shield'; region: string; edgeId: string }
  | { kind: 'origin'; shieldless?: { region: string; reason: string } };

export const routeKey = (distributionId: string, originId: string): string => `${distributionId}\n${originId}`;

export function chooseParent(flag: string | undefined, routes: ReadonlyMap<string, ShieldRoute>, distributionId: string, origin: Pick<Origin, 'id' | 'originShield'>): ParentChoice {
  if (flag !== undefined) return { kind: 'parent', url: flag, via: 'flag' };
  const region = origin.originShield?.enabled ? origin.originShield.originShieldRegion : undefined;
  if (region === undefined) return { kind: 'origin' };
  const route = routes.get(routeKey(distributionId, origin.id));
  if (route?.region === region && route.shield) return { kind: 'parent', url: route.shield.url, via: 'shield', region, edgeId: route.shield.edgeId };
  const reason =
    route?.region === region
      ? `no shield edge (--tier shield in a POP of ${region}) is live at the control plane`
      : 'no shield edge named for it: the control plane names one (an edge serving a config file needs --parent)';
  return { kind: 'origin', shieldless: { region, reason } };
}

/**
 * A worker's parent tiers: `--parent`, or the shield edges of the control plane's routes,
 * one connection pool per parent URL (kept while a route names it).
 */
export class ParentTiers {
  private readonly flag: string | undefined;
  private readonly takesRoutes: boolean;
  private routes: ReadonlyMap<string, ShieldRoute> = new Map();
  private readonly pools = new Map<string, ParentTier>();

  /** `flag`: `--parent`; `takesRoutes`: false for a shield (it fetches from the origin). */
  constructor(flag: string | undefined, takesRoutes = true) {
    this.flag = flag;
    this.takesRoutes = takesRoutes;
  }

  /** Whether any parent is in play (X-Cachefront-Tier is then on every response). */
  get any(): boolean {
    return this.flag !== undefined || [...this.routes.values()].some((r) => r.shield !== undefined);
  }

  choose(distributionId: string, origin: Pick<Origin, 'id' | 'originShield'>): ParentChoice {
    return chooseParent(this.flag, this.routes, distributionId, origin);
  }

  /** The parent a cacheable miss of `origin` is fetched through, or undefined: the origin. */
  for(distributionId: string, origin: Pick<Origin, 'id' | 'originShield'>): ParentTier | undefined {
    const c = this.choose(distributionId, origin);
    if (c.kind === 'origin') return undefined;
    let pool = this.pools.get(c.url);
    if (pool === undefined) this.pools.set(c.url, (pool = new ParentTier(c.url)));
    return pool;
  }

  /** The control plane's latest routes; pools no route (nor --parent) names any more are closed once idle. */
  setRoutes(routes: readonly ShieldRoute[]): void {
    if (!this.takesRoutes) return;
    this.routes = new Map(routes.map((r) => [routeKey(r.distributionId, r.originId), r]));
    const used = new Set([this.flag, ...routes.map((r) => r.shield?.url)]);
    for (const [url, pool] of this.pools) {
      if (used.has(url)) continue;
      this.pools.delete(url);
      void pool.close(); // undici lets the requests in flight finish
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}
