// The POP catalog the control plane prices with: @cachefront/geo's POPs, pricing regions
// (by CloudFront's names, as the price table and the usage answer name them) and price classes.

import { DEFAULT_POPS, PRICING_REGIONS, priceClassIncludes, type Pop, type PriceClass } from '@cachefront/geo';
import type { PopCatalog } from './pop-catalog.ts';

const NAME = new Map<string, string>(PRICING_REGIONS.map((r) => [r.id, r.name]));
const inClass = (pc: PriceClass) => new Set(PRICING_REGIONS.filter((r) => priceClassIncludes(pc, r.id)).map((r) => r.name));

/** A catalog from a POP list (parsePops' output, or the default one). */
export function catalogFrom(pops: readonly Pop[]): PopCatalog {
  return {
    regions: PRICING_REGIONS.map((r) => r.name),
    regionIds: NAME,
    priceClasses: { PriceClass_100: inClass('PriceClass_100'), PriceClass_200: inClass('PriceClass_200'), PriceClass_All: inClass('PriceClass_All') },
    pops: pops.map((p) => ({ code: p.code, pricingRegion: NAME.get(p.pricingRegion) ?? p.pricingRegion, latitude: p.latitude, longitude: p.longitude, ...(p.awsRegion === undefined ? {} : { awsRegion: p.awsRegion }) })),
  };
}

export const DEFAULT_POP_CATALOG: PopCatalog = catalogFrom(DEFAULT_POPS);
