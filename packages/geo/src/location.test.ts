import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { GeoipLookup } from 'geoip-lite';

import { toViewerLocation } from './location.ts';

const cityRecord: GeoipLookup = {
  range: [1, 2],
  country: 'US',
  region: 'TX',
  eu: '0',
  timezone: 'America/Chicago',
  city: 'San Antonio',
  ll: [29.4963, -98.4004],
  metro: 641,
  area: 1000,
};

test('toViewerLocation: city data', () => {
  assert.deepEqual(toViewerLocation(cityRecord, true), {
    country: 'US',
    countryName: 'United States',
    region: 'TX',
    regionName: 'Texas',
    city: 'San Antonio',
    timeZone: 'America/Chicago',
    latitude: 29.4963,
    longitude: -98.4004,
    metroCode: 641,
  });
});

test('toViewerLocation: country-only data gives country and name only', () => {
  const countryRecord: GeoipLookup = { range: '', country: 'DE', region: '', city: '', eu: '', timezone: '', ll: [0, 0] };
  assert.deepEqual(toViewerLocation(countryRecord, false), { country: 'DE', countryName: 'Germany' });
  // even if a record had more, country mode reports only the country
  assert.deepEqual(toViewerLocation(cityRecord, false), { country: 'US', countryName: 'United States' });
});

test('toViewerLocation: empty fields stay absent; metro code 0 and outside the US dropped', () => {
  const sparse: GeoipLookup = { range: [1, 2], country: 'GB', region: 'ENG', eu: '1', timezone: '', city: '', ll: [null, null], metro: 0 };
  assert.deepEqual(toViewerLocation(sparse, true), { country: 'GB', countryName: 'United Kingdom', region: 'ENG', regionName: 'England' });
  assert.equal(toViewerLocation({ ...cityRecord, country: 'CA', region: 'ON' }, true)?.metroCode, undefined);
  assert.equal(toViewerLocation({ ...cityRecord, metro: 0 }, true)?.metroCode, undefined);
  assert.equal(toViewerLocation({ ...cityRecord, ll: [91, 0] }, true)?.latitude, undefined);
  assert.equal(toViewerLocation({ ...cityRecord, region: 'ZZ' }, true)?.regionName, undefined);
});

test('toViewerLocation: no country, no location', () => {
  for (const raw of [null, undefined, { ...cityRecord, country: '' }, { ...cityRecord, country: 'usa' }, { ...cityRecord, country: '\u0000\u0000' }]) {
    assert.equal(toViewerLocation(raw, true), undefined);
  }
  // an unnamed (future) code still yields a location, named by its code
  assert.deepEqual(toViewerLocation({ ...cityRecord, country: 'QQ' }, false), { country: 'QQ', countryName: 'QQ' });
});
