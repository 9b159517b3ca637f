// GET /v1/distributions/:id/usage (docs/control-plane.md, "Usage and cost"): a month of a
// distribution's traffic per POP and pricing region, and an illustrative bill. Pure: the
// route passes in the stored rows, the price table and the POP catalog.

import type { PriceClass } from '@cachefront/config';
import type { UsageCounters } from '@cachefront/protocol';
import { billedRegion, inClassRegion, lookupPop, PRICE_CLASSES, UNKNOWN_REGION, type PopCatalog } from '../catalog/pop-catalog.ts';
import type { PriceTable } from './price-table.ts';
import { billedCosts, invalidationCharge, money, sumCosts, type Cost } from './pricing.ts';
import type { InvalidationPaths, PopUsage } from './usage-store.ts';

export interface UsageReportInput {
  distributionId: string;
  month: string;
  priceClass: PriceClass;
  /** The distribution is gone; its usage rows remain. */
  deleted: boolean;
  pops: readonly PopUsage[];
  /** Every invalidation of the account in the month, in submission order. */
  invalidations: readonly InvalidationPaths[];
  table: PriceTable;
  catalog: PopCatalog;
}

/** The bill if only a price class's POPs had served the month's traffic. */
export interface WhatIf {
  dataTransfer: number;
  requests: number;
  invalidations: number;
  total: number;
  /** Traffic served outside the class, re-priced at the region of the nearest in-class POP. */
  reroutedRequests: number;
  reroutedBytes: number;
}

const round = (c: Cost) => ({ dataTransfer: money(c.dataTransfer), requests: money(c.requests), total: money(c.total) });

export function usageReport(i: UsageReportInput) {
  const { table, catalog } = i;
  const located = i.pops.map((u) => ({ ...u, entry: lookupPop(catalog, u.pop) }));
  const regionOf = (u: (typeof located)[number]) => u.entry?.pricingRegion ?? UNKNOWN_REGION;

  // Served per region, billed at its own rates, at the class's cheapest region's when the
  // region is outside the distribution's price class, at the fallback's when unknown.
  const cheapest = cheapestRegion(table, catalog.priceClasses[i.priceClass], catalog.regions);
  const regionOrder = [...catalog.regions, UNKNOWN_REGION];
  const regions = regionOrder
    .map((pricingRegion) => {
      const here = located.filter((u) => regionOf(u) === pricingRegion);
      const first = here[0];
      if (first === undefined) return undefined;
      return {
        pricingRegion,
        billedAs: billedRegion(catalog, first.entry, i.priceClass, cheapest, table.unknownRegionPricedAs),
        requests: sum(here, 'requests'),
        bytesOut: sum(here, 'bytesOut'),
      };
    })
    .filter((r) => r !== undefined);
  const regionCosts = billedCosts(table, regions);

  const inv = invalidationCharge(i.invalidations, i.distributionId, table.invalidation.freePathsPerMonth);
  const invalidationCost = inv.billablePaths * table.invalidation.perPath;
  const traffic = sumCosts(regionCosts);

  // What the same traffic would cost if only each class's POPs had served it.
  const whatIf = Object.fromEntries(
    PRICE_CLASSES.map((pc): [PriceClass, WhatIf] => {
      const items = located.map((u) => {
        const billedAs = u.entry === undefined ? table.unknownRegionPricedAs : inClassRegion(catalog, u.entry, pc);
        return { billedAs, requests: u.requests, bytesOut: u.bytesOut, moved: u.entry !== undefined && billedAs !== u.entry.pricingRegion };
      });
      const cost = sumCosts(billedCosts(table, items));
      const moved = items.filter((m) => m.moved);
      return [
        pc,
        {
          dataTransfer: money(cost.dataTransfer),
          requests: money(cost.requests),
          invalidations: money(invalidationCost),
          total: money(cost.total + invalidationCost),
          reroutedRequests: sum(moved, 'requests'),
          reroutedBytes: sum(moved, 'bytesOut'),
        },
      ];
    }),
  ) as Record<PriceClass, WhatIf>;

  return {
    distributionId: i.distributionId,
    month: i.month,
    priceClass: i.priceClass,
    deleted: i.deleted,
    totals: counters(i.pops),
    byPop: located.map((u) => ({ pop: u.pop, pricingRegion: regionOf(u), ...counters([u]) })),
    byRegion: regions.map((r, n) => ({ ...r, cost: round(regionCosts[n] as Cost) })),
    invalidations: {
      paths: inv.paths,
      accountPaths: inv.accountPaths,
      freePaths: table.invalidation.freePathsPerMonth,
      billablePaths: inv.billablePaths,
      cost: money(invalidationCost),
    },
    estimate: {
      currency: table.currency,
      dataTransfer: money(traffic.dataTransfer),
      requests: money(traffic.requests),
      invalidations: money(invalidationCost),
      total: money(traffic.total + invalidationCost),
      illustrative: true as const,
      priceTable: table.source,
    },
    whatIf,
  };
}

export type UsageReport = ReturnType<typeof usageReport>;

/** Requests, bytes, hits, misses, errors summed; hitRatio = hits / requests (null with no requests). */
function counters(rows: readonly UsageCounters[]) {
  const requests = sum(rows, 'requests');
  const hits = sum(rows, 'hits');
  return {
    requests,
    bytesOut: sum(rows, 'bytesOut'),
    hits,
    misses: sum(rows, 'misses'),
    errors: sum(rows, 'errors'),
    hitRatio: requests === 0 ? null : Math.round((hits / requests) * 10_000) / 10_000,
  };
}

function sum<K extends string>(rows: readonly Record<K, number>[], k: K): number {
  return rows.reduce((s, r) => s + r[k], 0);
}

/** The least-expensive region of a class: lowest first-tier per-GB price, then request price, then catalog order. */
export function cheapestRegion(table: PriceTable, allowed: ReadonlySet<string>, order: readonly string[]): string {
  let best: string | undefined;
  const key = (r: string) => [table.regions[r]?.dataTransferOut[0]?.perGB ?? Infinity, table.regions[r]?.requestsPer10k ?? Infinity] as const;
  for (const r of order) {
    if (!allowed.has(r)) continue;
    if (best === undefined) best = r;
    else {
      const [a, b] = [key(r), key(best)];
      if (a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])) best = r;
    }
  }
  if (best === undefined) throw new Error('a price class without regions');
  return best;
}
