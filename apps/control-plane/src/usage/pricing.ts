// Cost arithmetic, pure: tiered data transfer, requests and invalidation paths, with the
// prices of a PriceTable (price-table.ts).

import { BYTES_PER_GB, type PriceTable, type Tier } from './price-table.ts';

/** Money in the answers: rounded to a millionth (a local CDN's bills are small). */
export function money(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * CloudFront-style tiers: the first tier's GB at its price, the next tier's at its price,
 * and so on, over `bytes` (the month's total in one region).
 */
export function tieredCost(bytes: number, tiers: readonly Tier[]): number {
  const gb = bytes / BYTES_PER_GB;
  let cost = 0;
  let from = 0;
  for (const t of tiers) {
    if (gb <= from) break;
    cost += (Math.min(gb, t.upToGB) - from) * t.perGB;
    from = t.upToGB;
  }
  return cost;
}

export interface RegionTotals {
  requests: number;
  bytesOut: number;
}

export interface Cost {
  dataTransfer: number;
  requests: number;
  total: number;
}

/** The month's cost of `totals` at one region's rates (unrounded). */
export function regionCost(table: PriceTable, region: string, totals: RegionTotals): Cost {
  const prices = table.regions[region];
  if (prices === undefined) throw new Error(`no prices for region '${region}'`);
  const dataTransfer = tieredCost(totals.bytesOut, prices.dataTransferOut);
  const requests = (totals.requests / 10_000) * prices.requestsPer10k;
  return { dataTransfer, requests, total: dataTransfer + requests };
}

/**
 * Invalidation paths of one distribution in a month. Invalidation.md, "Paying for file
 * invalidation": the first 1,000 paths submitted per month are free, across all
 * distributions of the account; a path with `*` counts as one path. So the free paths are
 * the account's first ones in submission order; a distribution's billable paths are its
 * paths submitted after those.
 */
export function invalidationCharge(
  ledger: readonly { distributionId: string; paths: number }[],
  distributionId: string,
  freePaths: number,
): { paths: number; accountPaths: number; billablePaths: number } {
  let accountPaths = 0;
  let paths = 0;
  let billablePaths = 0;
  for (const i of ledger) {
    const before = accountPaths;
    accountPaths += i.paths;
    if (i.distributionId !== distributionId) continue;
    paths += i.paths;
    billablePaths += accountPaths - Math.max(before, Math.min(accountPaths, freePaths));
  }
  return { paths, accountPaths, billablePaths };
}

/** Traffic and the region whose rates it is billed at. */
export interface BilledTraffic extends RegionTotals {
  billedAs: string;
}

/**
 * The cost of each item, tiers applied per billed region over the month's total in that
 * region: items billed at the same region share its tiers, the data transfer cost split
 * by bytes (requests are priced linearly).
 */
export function billedCosts(table: PriceTable, items: readonly BilledTraffic[]): Cost[] {
  const regionBytes = new Map<string, number>();
  for (const i of items) regionBytes.set(i.billedAs, (regionBytes.get(i.billedAs) ?? 0) + i.bytesOut);
  const regionTransfer = new Map<string, number>();
  for (const [region, bytesOut] of regionBytes) regionTransfer.set(region, regionCost(table, region, { requests: 0, bytesOut }).dataTransfer);
  return items.map((i) => {
    const bytes = regionBytes.get(i.billedAs) ?? 0;
    const dataTransfer = bytes === 0 ? 0 : ((regionTransfer.get(i.billedAs) ?? 0) * i.bytesOut) / bytes;
    const requests = regionCost(table, i.billedAs, { requests: i.requests, bytesOut: 0 }).requests;
    return { dataTransfer, requests, total: dataTransfer + requests };
  });
}

/** The sum of costs. */
export function sumCosts(costs: readonly Cost[]): Cost {
  const dataTransfer = costs.reduce((s, c) => s + c.dataTransfer, 0);
  const requests = costs.reduce((s, c) => s + c.requests, 0);
  return { dataTransfer, requests, total: dataTransfer + requests };
}
