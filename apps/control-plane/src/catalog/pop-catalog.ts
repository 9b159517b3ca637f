// Where an edge's POP is and how it is billed: its catalog entry (CloudFront pricing region
// and coordinates), and which region's rates its traffic is billed at under a price class.

import type { PriceClass } from '@cachefront/config';
import { greatCircleKm } from '@cachefront/geo';

export interface CatalogPop {
  code: string;
  pricingRegion: string;
  latitude: number;
  longitude: number;
  /** The AWS Region of its regional edge cache (@cachefront/geo's Pop): a `--tier shield` edge here is that Region's Origin Shield. */
  awsRegion?: string | undefined;
}

export interface PopCatalog {
  /** Pricing region names, CloudFront's, in display order. */
  regions: readonly string[];
  /** Short ids a price table may use instead of the names (`europe-israel`) -> name. */
  regionIds?: ReadonlyMap<string, string>;
  /** The regions each price class serves from. */
  priceClasses: Readonly<Record<PriceClass, ReadonlySet<string>>>;
  pops: readonly CatalogPop[];
}

/** The pricing region reported for a POP code that is not in the catalog. */
export const UNKNOWN_REGION = 'unknown';

export { PRICE_CLASSES } from '@cachefront/geo';

/**
 * A POP code's catalog entry: the code itself, else its leading letters (CloudFront's
 * POP ids are an airport code and a number, `FRA56-P1`, so `FRA56-P1` is `FRA`).
 */
export function lookupPop(catalog: PopCatalog, code: string): CatalogPop | undefined {
  const exact = catalog.pops.find((p) => p.code === code);
  if (exact !== undefined) return exact;
  const letters = /^[A-Z]+/.exec(code)?.[0];
  return letters === undefined || letters === code ? undefined : catalog.pops.find((p) => p.code === letters);
}

/**
 * Whose rates traffic served at `pop` is billed at, for a distribution of `priceClass`
 * (PriceClass.md, "Choosing the price class for a CloudFront distribution": traffic
 * CloudFront serves from a region outside the class is charged "the rate for the
 * least-expensive region in your selected price class"). `cheapest` is that region.
 */
export function billedRegion(catalog: PopCatalog, pop: CatalogPop | undefined, priceClass: PriceClass, cheapest: string, unknownPricedAs: string): string {
  if (pop === undefined) return unknownPricedAs;
  return catalog.priceClasses[priceClass].has(pop.pricingRegion) ? pop.pricingRegion : cheapest;
}

/**
 * Where traffic served at `pop` would have been served from if only `priceClass`'s POPs
 * served it: the nearest of them (great-circle distance; CloudFront picks the in-class
 * location with the lowest latency, distance stands in for that). Its pricing region.
 */
export function inClassRegion(catalog: PopCatalog, pop: CatalogPop, priceClass: PriceClass): string {
  const allowed = catalog.priceClasses[priceClass];
  if (allowed.has(pop.pricingRegion)) return pop.pricingRegion;
  let best: CatalogPop | undefined;
  let bestKm = Infinity;
  for (const p of catalog.pops) {
    if (!allowed.has(p.pricingRegion)) continue;
    const km = greatCircleKm(pop, p);
    if (km < bestKm) [best, bestKm] = [p, km];
  }
  return best?.pricingRegion ?? pop.pricingRegion;
}

/**
 * Which edges serve a distribution (PriceClass.md): those whose POP's pricing region is in
 * its price class. A POP missing from the catalog serves only PriceClass_All distributions.
 */
export function priceClassScope(catalog: PopCatalog): { serves(pop: string, priceClass: PriceClass): boolean } {
  const memo = new Map<string, string | undefined>();
  const regionOf = (pop: string) => {
    if (!memo.has(pop)) memo.set(pop, lookupPop(catalog, pop)?.pricingRegion);
    return memo.get(pop);
  };
  return {
    serves(pop, priceClass) {
      const region = regionOf(pop);
      return region === undefined ? priceClass === 'PriceClass_All' : catalog.priceClasses[priceClass].has(region);
    },
  };
}
