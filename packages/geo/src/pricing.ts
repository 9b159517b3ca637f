// CloudFront pricing regions and the price classes built from them.
//
// "Choosing the price class for a CloudFront distribution": "CloudFront edge locations are
// grouped into geographic regions, and we've grouped regions into price classes. The
// default price class includes all regions. Another price class includes most regions (the
// United States; Canada; Europe; Hong Kong, Philippines, South Korea, Taiwan, and
// Singapore; Japan; India; South Africa; and Middle East regions) but excludes the most
// expensive regions. A third price class includes only the least expensive regions (the
// United States, Canada, and Europe regions)."
//
// The developer guide names countries; the pricing page (which it defers to for "how price
// classes map to CloudFront regions") names the eight pricing regions below, and a class is
// a set of whole regions. So membership goes by the POP's pricing region, not its country:
// Mexico is in PriceClass_100 with the United States and Canada, Israel with Europe, and
// Indonesia, Thailand, Kenya and Nigeria in PriceClass_200 with their regions. CloudFront
// "may still occasionally serve requests ... from an edge location in a region that is not
// included in your price class"; cachefront never does.

export type PriceClass = 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';

export const PRICE_CLASSES: readonly PriceClass[] = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'];

export type PricingRegion =
  | 'north-america'
  | 'europe-israel'
  | 'africa-middle-east'
  | 'south-america'
  | 'japan'
  | 'australia-new-zealand'
  | 'asia-pacific'
  | 'india';

export interface PricingRegionInfo {
  readonly id: PricingRegion;
  /** CloudFront's name for the region, as on the pricing page. */
  readonly name: string;
  /** The cheapest price class that includes the region. */
  readonly priceClass: PriceClass;
}

export const PRICING_REGIONS: readonly PricingRegionInfo[] = [
  { id: 'north-america', name: 'United States, Mexico, & Canada', priceClass: 'PriceClass_100' },
  { id: 'europe-israel', name: 'Europe & Israel', priceClass: 'PriceClass_100' },
  { id: 'africa-middle-east', name: 'South Africa, Kenya, Nigeria, & Middle East', priceClass: 'PriceClass_200' },
  { id: 'japan', name: 'Japan', priceClass: 'PriceClass_200' },
  {
    id: 'asia-pacific',
    name: 'Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, & Thailand',
    priceClass: 'PriceClass_200',
  },
  { id: 'india', name: 'India', priceClass: 'PriceClass_200' },
  { id: 'south-america', name: 'South America', priceClass: 'PriceClass_All' },
  { id: 'australia-new-zealand', name: 'Australia & New Zealand', priceClass: 'PriceClass_All' },
];

const RANK: Readonly<Record<PriceClass, number>> = { PriceClass_100: 0, PriceClass_200: 1, PriceClass_All: 2 };
const BY_ID = new Map<string, PricingRegionInfo>(PRICING_REGIONS.map((r) => [r.id, r]));
const BY_NAME = new Map<string, PricingRegionInfo>(PRICING_REGIONS.map((r) => [r.name.toLowerCase(), r]));

/** The region for an id ('asia-pacific') or CloudFront's name (any case), else undefined. */
export function pricingRegion(idOrName: string): PricingRegionInfo | undefined {
  return BY_ID.get(idOrName) ?? BY_NAME.get(idOrName.toLowerCase());
}

/** Whether `priceClass` serves from POPs in `region`; false for unknown values. */
export function priceClassIncludes(priceClass: PriceClass, region: PricingRegion): boolean {
  const info = BY_ID.get(region);
  if (info === undefined || !Object.hasOwn(RANK, priceClass)) return false;
  return RANK[info.priceClass] <= RANK[priceClass];
}
