// City lookups (loads ~110 MB of data, so they run in their own test process) and the
// CloudFront-* headers they produce end to end.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createGeo } from './geo.ts';
import { CLOUDFRONT_HEADERS, cloudFrontHeaders } from './headers.ts';
import { nearestPop } from './nearest.ts';
import { DEFAULT_POPS } from './pops.ts';

const geo = createGeo({ city: true });

test('city mode: region, city, time zone, coordinates', () => {
  assert.equal(geo.mode, 'city');
  assert.deepEqual(geo.lookup('81.2.69.142'), {
    country: 'GB',
    countryName: 'United Kingdom',
    region: 'ENG',
    regionName: 'England',
    city: 'Newmarket',
    timeZone: 'Europe/London',
    latitude: 52.2264,
    longitude: 0.4841,
  });
  // 8.8.8.8 is known only to the country: no city or region, the country's centre point
  assert.deepEqual(geo.lookup('8.8.8.8'), {
    country: 'US',
    countryName: 'United States',
    timeZone: 'America/Chicago',
    latitude: 37.751,
    longitude: -97.822,
  });
});

test('city mode: US metro code, IPv6 city data, non-ASCII names', () => {
  const sanAntonio = geo.lookup('207.97.227.239');
  assert.equal(sanAntonio?.city, 'San Antonio');
  assert.equal(sanAntonio?.regionName, 'Texas');
  assert.equal(sanAntonio?.metroCode, 641);
  const frankfurt = geo.lookup('2a00:1450:4001:80b::200e');
  assert.equal(frankfurt?.city, 'Frankfurt am Main');
  assert.equal(frankfurt?.regionName, 'Hesse');
  assert.equal(geo.lookup('2.201.40.10')?.city, 'Düsseldorf');
  assert.equal(geo.lookup('127.0.0.1'), undefined);
});

test('end to end: lookup -> CloudFront-* headers -> nearest POP', () => {
  const headers = cloudFrontHeaders([...CLOUDFRONT_HEADERS]);
  const location = geo.lookup('2.201.40.10');
  const out = headers({ ip: '2.201.40.10', port: 40000, location, userAgent: 'curl/8.5.0', protocol: 'https', httpVersion: '1.1' });
  assert.equal(out['CloudFront-Viewer-City'], 'D%C3%BCsseldorf');
  assert.equal(out['CloudFront-Viewer-Country-Region-Name'], 'North Rhine-Westphalia');
  assert.match(out['CloudFront-Viewer-Latitude']!, /^51\.\d{5}$/);
  assert.equal(out['CloudFront-Viewer-Time-Zone'], 'Europe/Berlin');
  assert.equal(out['CloudFront-Viewer-Metro-Code'], undefined);
  assert.equal(out['CloudFront-Viewer-Postal-Code'], undefined);
  assert.equal(nearestPop(location, DEFAULT_POPS)?.code, 'FRA');
});
