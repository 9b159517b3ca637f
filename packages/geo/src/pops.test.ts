import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULT_POPS, parsePops, popsInPriceClass } from './pops.ts';
import { PRICING_REGIONS } from './pricing.ts';
import { greatCircleKm } from './nearest.ts';

test('DEFAULT_POPS: valid by parsePops, unique, every pricing region covered', () => {
  const parsed = parsePops(DEFAULT_POPS);
  assert.deepEqual(parsed.value, DEFAULT_POPS);
  const regions = new Set(DEFAULT_POPS.map((p) => p.pricingRegion));
  assert.deepEqual([...regions].sort(), PRICING_REGIONS.map((r) => r.id).sort());
  for (const code of ['IAD', 'SFO', 'FRA', 'LHR', 'CDG', 'NRT', 'HKG', 'SIN', 'SYD', 'GRU', 'BOM', 'JNB', 'DXB', 'TLV', 'ICN', 'TPE']) {
    assert.ok(DEFAULT_POPS.some((p) => p.code === code), code);
  }
});

test('popsInPriceClass', () => {
  const codes = (pc: Parameters<typeof popsInPriceClass>[1]) => popsInPriceClass(DEFAULT_POPS, pc).map((p) => p.code);
  assert.deepEqual(codes('PriceClass_100'), ['IAD', 'DFW', 'SEA', 'SFO', 'YUL', 'QRO', 'LHR', 'FRA', 'CDG', 'MAD', 'TLV']);
  assert.equal(codes('PriceClass_200').includes('NRT'), true);
  assert.equal(codes('PriceClass_200').includes('GRU'), false);
  assert.equal(codes('PriceClass_200').includes('SYD'), false);
  assert.equal(codes('PriceClass_All').length, DEFAULT_POPS.length);
});

test('parsePops: a pricing region may be given by CloudFront name', () => {
  const r = parsePops([{ code: 'ZRH50-C1', city: 'Zürich', country: 'CH', latitude: 47.46, longitude: 8.55, pricingRegion: 'Europe & Israel' }]);
  assert.deepEqual(r.value, [{ code: 'ZRH50-C1', city: 'Zürich', country: 'CH', latitude: 47.46, longitude: 8.55, pricingRegion: 'europe-israel' }]);
});

test('parsePops: every problem, with its path', () => {
  const r = parsePops(
    [
      { code: 'FRA', city: 'Frankfurt', country: 'DE', latitude: 50, longitude: 8.5, pricingRegion: 'europe-israel' },
      { code: 'FRA', city: 'Frankfurt 2', country: 'DE', latitude: 50, longitude: 8.5, pricingRegion: 'europe-israel' },
      { code: 'fra', city: '', country: 'Germany', latitude: 91, longitude: -181, pricingRegion: 'Europe' },
      { code: 'NRT', city: 'Tokyo', country: 'ZZ', latitude: '35.7', longitude: Number.NaN, pricingRegion: 'japan', extra: 1 },
      'LHR',
    ],
    'pops',
  );
  assert.deepEqual(r.issues?.map((i) => i.path), [
    'pops[1].code',
    'pops[2].code', 'pops[2].city', 'pops[2].country', 'pops[2].latitude', 'pops[2].longitude', 'pops[2].pricingRegion',
    'pops[3].extra', 'pops[3].country', 'pops[3].latitude', 'pops[3].longitude',
    'pops[4]',
  ]);
  const byPath = new Map(r.issues!.map((i) => [i.path, i.message]));
  assert.match(byPath.get('pops[1].code')!, /"FRA" is already the code of pops\[0\]/);
  assert.match(byPath.get('pops[2].latitude')!, /from -90 to 90, got number 91/);
  assert.match(byPath.get('pops[2].longitude')!, /from -180 to 180, got number -181/);
  assert.match(byPath.get('pops[2].pricingRegion')!, /north-america, europe-israel/);
  assert.match(byPath.get('pops[3].latitude')!, /got "35.7"/);
  assert.match(byPath.get('pops[3].extra')!, /is not a POP field/);
});

test("DEFAULT_POPS: each POP's awsRegion is the nearest Region Origin Shield is offered in", () => {
  // "Choosing the AWS Region for Origin Shield", at each Region's city.
  const regions: [string, number, number][] = [
    ['us-east-2', 39.96, -83.0], ['us-east-1', 39.04, -77.49], ['us-west-2', 45.84, -119.7], ['ap-south-1', 19.08, 72.88],
    ['ap-northeast-2', 37.57, 126.98], ['ap-southeast-1', 1.35, 103.82], ['ap-southeast-2', -33.87, 151.21], ['ap-northeast-1', 35.68, 139.69],
    ['eu-central-1', 50.11, 8.68], ['eu-west-1', 53.35, -6.26], ['eu-west-2', 51.51, -0.13], ['sa-east-1', -23.55, -46.63],
  ];
  for (const p of DEFAULT_POPS) {
    const nearest = regions.map(([code, latitude, longitude]) => ({ code, km: greatCircleKm(p, { latitude, longitude }) })).sort((a, b) => a.km - b.km)[0]!;
    assert.equal(p.awsRegion, nearest.code, p.code);
  }
});

test('parsePops: awsRegion is optional and an AWS Region code', () => {
  const pop = { code: 'ZRH', city: 'Zürich', country: 'CH', latitude: 47.46, longitude: 8.55, pricingRegion: 'europe-israel' };
  assert.equal(parsePops([{ ...pop, awsRegion: 'eu-central-1' }]).value?.[0]?.awsRegion, 'eu-central-1');
  assert.equal(parsePops([pop]).value?.[0]?.awsRegion, undefined);
  assert.deepEqual(parsePops([{ ...pop, awsRegion: 'Europe (Frankfurt)' }], 'pops').issues, [
    { path: 'pops[0].awsRegion', message: 'must be an AWS Region code like "us-east-1" (the Region whose Origin Shield an edge here can be), got "Europe (Frankfurt)"' },
  ]);
});

test('parsePops: not a list, or an empty one', () => {
  assert.deepEqual(parsePops({}).issues, [{ path: '', message: 'must be a list of POPs, got an object' }]);
  assert.deepEqual(parsePops([], 'pops').issues, [{ path: 'pops', message: 'must list at least one POP' }]);
});
