// A small POP catalog and price table for the usage tests: round prices, so every
// expected cost can be worked out by hand.

import type { PopCatalog } from '../catalog/pop-catalog.ts';
import { parsePriceTable, type PriceTable } from './price-table.ts';

export const TEST_CATALOG: PopCatalog = {
  regions: ['Americas', 'Europe', 'Japan', 'Oceania'],
  priceClasses: {
    PriceClass_100: new Set(['Americas', 'Europe']),
    PriceClass_200: new Set(['Americas', 'Europe', 'Japan']),
    PriceClass_All: new Set(['Americas', 'Europe', 'Japan', 'Oceania']),
  },
  pops: [
    { code: 'IAD', pricingRegion: 'Americas', latitude: 38.9, longitude: -77.5 },
    { code: 'SEA', pricingRegion: 'Americas', latitude: 47.4, longitude: -122.3 },
    { code: 'FRA', pricingRegion: 'Europe', latitude: 50.0, longitude: 8.6 },
    { code: 'NRT', pricingRegion: 'Japan', latitude: 35.8, longitude: 140.4 },
    { code: 'SYD', pricingRegion: 'Oceania', latitude: -33.9, longitude: 151.2 },
  ],
};

/** Two tiers per region: the first 10 TB, then the rest. */
export const TEST_PRICE_FILE = {
  illustrative: true,
  currency: 'USD',
  regions: {
    Americas: { requestsPer10k: 0.01, dataTransferOut: [{ nextTB: 10, perGB: 0.1 }, { perGB: 0.05 }] },
    Europe: { requestsPer10k: 0.02, dataTransferOut: [{ nextTB: 10, perGB: 0.1 }, { perGB: 0.05 }] },
    Japan: { requestsPer10k: 0.03, dataTransferOut: [{ nextTB: 10, perGB: 0.2 }, { perGB: 0.1 }] },
    Oceania: { requestsPer10k: 0.04, dataTransferOut: [{ nextTB: 10, perGB: 0.3 }, { perGB: 0.2 }] },
  },
  unknownRegionPricedAs: 'Oceania',
  invalidation: { freePathsPerMonth: 1000, perPath: 0.005 },
};

export function testPriceTable(): PriceTable {
  const parsed = parsePriceTable(TEST_PRICE_FILE, TEST_CATALOG);
  if (parsed.issues) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

export const GiB = 2 ** 30;
export const TiB = 2 ** 40;
