import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PRICE_CLASSES, priceClassIncludes, pricingRegion, PRICING_REGIONS, type PriceClass, type PricingRegion } from './pricing.ts';

test('priceClassIncludes: the pricing page table', () => {
  // region -> [PriceClass_100, PriceClass_200, PriceClass_All]
  const table: [PricingRegion, boolean, boolean, boolean][] = [
    ['north-america', true, true, true],
    ['europe-israel', true, true, true],
    ['africa-middle-east', false, true, true],
    ['japan', false, true, true],
    ['asia-pacific', false, true, true],
    ['india', false, true, true],
    ['south-america', false, false, true],
    ['australia-new-zealand', false, false, true],
  ];
  assert.equal(table.length, PRICING_REGIONS.length);
  for (const [region, ...expected] of table) {
    assert.deepEqual(PRICE_CLASSES.map((pc) => priceClassIncludes(pc, region)), expected, region);
  }
});

test('priceClassIncludes: unknown values are false', () => {
  assert.equal(priceClassIncludes('PriceClass_300' as PriceClass, 'japan'), false);
  assert.equal(priceClassIncludes('PriceClass_All', 'antarctica' as PricingRegion), false);
  assert.equal(priceClassIncludes('toString' as PriceClass, 'japan'), false);
});

test('pricingRegion: by id or by CloudFront name', () => {
  assert.equal(pricingRegion('japan')?.name, 'Japan');
  assert.equal(pricingRegion('United States, Mexico, & Canada')?.id, 'north-america');
  assert.equal(pricingRegion('hong kong, indonesia, philippines, singapore, south korea, taiwan, & thailand')?.id, 'asia-pacific');
  assert.equal(pricingRegion('Europe'), undefined);
});
