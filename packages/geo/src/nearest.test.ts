import assert from 'node:assert/strict';
import { test } from 'node:test';

import { country } from './countries.ts';
import type { ViewerLocation } from './location.ts';
import { greatCircleKm, nearestPop } from './nearest.ts';
import { DEFAULT_POPS, popsInPriceClass, type Pop } from './pops.ts';

function viewer(code: string, extra: Partial<ViewerLocation> = {}): ViewerLocation {
  return { country: code, countryName: country(code)!.name, ...extra };
}

test('greatCircleKm: known distances', () => {
  const near = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
  near(greatCircleKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 1 }), 111.195, 0.01);
  near(greatCircleKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }), Math.PI * 6371.0088, 0.001);
  near(greatCircleKm({ latitude: 90, longitude: 0 }, { latitude: -90, longitude: 0 }), Math.PI * 6371.0088, 0.001);
  // London Heathrow to New York JFK: ~5,540 km
  near(greatCircleKm({ latitude: 51.47, longitude: -0.4543 }, { latitude: 40.6413, longitude: -73.7781 }), 5540, 10);
  // across the antimeridian: Auckland to Tonga's capital is ~2,000 km, not ~38,000
  near(greatCircleKm({ latitude: -37.0082, longitude: 174.785 }, { latitude: -21.1, longitude: -175.2 }), 2000, 60);
  assert.equal(greatCircleKm({ latitude: 12, longitude: 34 }, { latitude: 12, longitude: 34 }), 0);
});

test('nearestPop: viewers on every continent, default catalog (country-only locations)', () => {
  const cases: [string, string][] = [
    ['GB', 'LHR'], ['US', 'IAD'], ['JP', 'NRT'], ['AU', 'SYD'], ['BR', 'GRU'], ['DE', 'FRA'], ['FR', 'CDG'],
    ['IN', 'BOM'], ['ZA', 'JNB'], ['KE', 'NBO'], ['AE', 'DXB'], ['SG', 'SIN'], ['KR', 'ICN'], ['TW', 'TPE'],
    ['HK', 'HKG'], ['NZ', 'AKL'], ['CL', 'SCL'], ['MX', 'QRO'], ['CA', 'YUL'], ['IL', 'TLV'], ['ES', 'MAD'],
  ];
  for (const [cc, pop] of cases) assert.equal(nearestPop(viewer(cc), DEFAULT_POPS)?.code, pop, cc);
  const european = new Set(DEFAULT_POPS.filter((p) => p.pricingRegion === 'europe-israel').map((p) => p.code));
  for (const cc of ['IE', 'NL', 'BE', 'CH', 'IT', 'PT', 'PL', 'SE']) assert.ok(european.has(nearestPop(viewer(cc), DEFAULT_POPS)!.code), cc);
});

test('nearestPop: coordinates (city data) win over the country point', () => {
  // a viewer in Seattle: the US point (Washington) would pick IAD
  assert.equal(nearestPop(viewer('US', { latitude: 47.6, longitude: -122.3 }), DEFAULT_POPS)?.code, 'SEA');
  assert.equal(nearestPop(viewer('US', { latitude: 37.77, longitude: -122.42 }), DEFAULT_POPS)?.code, 'SFO');
  assert.equal(nearestPop(viewer('JP', { latitude: 34.69, longitude: 135.5 }), DEFAULT_POPS)?.code, 'KIX');
});

test('nearestPop: within a price class', () => {
  const pc100 = popsInPriceClass(DEFAULT_POPS, 'PriceClass_100');
  const pc200 = popsInPriceClass(DEFAULT_POPS, 'PriceClass_200');
  // Tokyo: Seattle (~7,700 km) is nearer than San Francisco (~8,200) or any European POP
  assert.equal(nearestPop(viewer('JP'), pc100)?.code, 'SEA');
  assert.equal(nearestPop(viewer('JP'), pc200)?.code, 'NRT');
  assert.equal(nearestPop(viewer('AU'), pc200)?.code, 'SIN');
  assert.equal(nearestPop(viewer('BR'), pc200)?.code, 'IAD');
  assert.equal(nearestPop(viewer('BR'), pc100)?.code, 'IAD');
  assert.equal(nearestPop(viewer('IN'), pc100)?.code, 'TLV');
});

test('nearestPop: unknown location falls back to the first POP; empty list gives undefined', () => {
  assert.equal(nearestPop(undefined, DEFAULT_POPS)?.code, 'IAD');
  assert.equal(nearestPop({ country: 'ZZ', countryName: 'ZZ' }, DEFAULT_POPS)?.code, 'IAD');
  const reordered: Pop[] = [DEFAULT_POPS.find((p) => p.code === 'FRA')!, ...DEFAULT_POPS];
  assert.equal(nearestPop(undefined, reordered)?.code, 'FRA');
  assert.equal(nearestPop(viewer('GB'), []), undefined);
});

test('nearestPop: ties go to the POP listed first', () => {
  const a: Pop = { code: 'AAA', city: 'A', country: 'DE', latitude: 0, longitude: 10, pricingRegion: 'europe-israel' };
  const b: Pop = { ...a, code: 'BBB', longitude: -10 };
  const equator = { country: 'GA', countryName: 'Gabon', latitude: 0, longitude: 0 };
  assert.equal(nearestPop(equator, [a, b])?.code, 'AAA');
  assert.equal(nearestPop(equator, [b, a])?.code, 'BBB');
});
