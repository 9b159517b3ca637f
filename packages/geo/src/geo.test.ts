// Country-only lookups against the GeoLite data geoip-lite ships.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { GeoDataError } from './errors.ts';
import { createGeo } from './geo.ts';
import { bundledDataDir, COUNTRY_FILES, countryOnlyDir, loadGeoipLite } from './geoip-loader.ts';

const scratchDir = mkdtempSync(join(tmpdir(), 'cachefront-geo-test-'));
after(() => rmSync(scratchDir, { recursive: true, force: true }));
const geo = createGeo({ scratchDir });

test('country mode: country and country name, nothing finer', () => {
  assert.equal(geo.mode, 'country');
  assert.deepEqual(geo.lookup('81.2.69.142'), { country: 'GB', countryName: 'United Kingdom' });
  assert.deepEqual(geo.lookup('8.8.8.8'), { country: 'US', countryName: 'United States' });
});

test('country mode: IPv4 and IPv6 addresses on several continents', () => {
  const cases: [string, string][] = [
    ['81.2.69.142', 'GB'],
    ['8.8.8.8', 'US'],
    ['1.1.1.1', 'AU'],
    ['133.242.0.3', 'JP'],
    ['200.147.67.142', 'BR'],
    ['89.160.20.112', 'SE'],
    ['2001:4860:4860::8888', 'US'],
    ['2a00:1450:4001:80b::200e', 'DE'],
    ['2001:218::1', 'JP'],
    ['::ffff:81.2.69.142', 'GB'],
    ['[2001:4860:4860::8888]', 'US'],
    ['2001:4860:4860:0:0:0:0:8888', 'US'],
    [' 8.8.8.8 ', 'US'],
  ];
  for (const [ip, cc] of cases) assert.equal(geo.lookup(ip)?.country, cc, ip);
});

test('private, loopback, special and unknown addresses have no location', () => {
  for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.0.1', '100.64.0.1', '0.0.0.0', '255.255.255.255', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '2001:db8::1', '::ffff:127.0.0.1', '203.0.113.5']) {
    assert.equal(geo.lookup(ip), undefined, ip);
  }
});

test('garbage input never throws', () => {
  const garbage: unknown[] = ['', 'localhost', 'not an ip', '1.2.3', '1.2.3.4.5', '999.1.1.1', '1.2.3.4:80', '::ffff:999.1.1.1', ':::', '1::2::3', '[1.2.3.4]x', 'x'.repeat(100_000), '\u0000', undefined, null, 42, {}, [], Symbol('ip')];
  for (const input of garbage) assert.equal(geo.lookup(input as string), undefined, String(input));
});

test('data loads once per process; the country-only view holds only the country files', () => {
  const data = bundledDataDir();
  assert.equal(loadGeoipLite('country', data, scratchDir), loadGeoipLite('country', data, scratchDir));
  const views = readdirSync(scratchDir);
  assert.equal(views.length, 1);
  assert.match(views[0]!, /^cachefront-geoip-country-[0-9a-f]{16}$/);
  assert.deepEqual(readdirSync(join(scratchDir, views[0]!)).sort(), [...COUNTRY_FILES].sort());
  // geoip-lite is not left in require's cache: a plain require elsewhere gets its own copy
  const require = createRequire(import.meta.url);
  assert.equal(require.cache[require.resolve('geoip-lite')], undefined);
  assert.equal((globalThis as { geodatadir?: string }).geodatadir, undefined);
});

test('a tampered shared country-only directory is not used', () => {
  const data = bundledDataDir();
  const shared = countryOnlyDir(data, scratchDir);
  assert.equal(countryOnlyDir(data, scratchDir), shared);
  // a city file dropped next to the links would switch geoip-lite to city data
  writeFileSync(join(shared, 'geoip-city-names.dat'), 'x');
  const own = countryOnlyDir(data, scratchDir);
  assert.notEqual(own, shared);
  assert.deepEqual(readdirSync(own).sort(), [...COUNTRY_FILES].sort());
  rmSync(join(shared, 'geoip-city-names.dat'));
  assert.equal(countryOnlyDir(data, scratchDir), shared);
});

test('missing data is a GeoDataError with a stable code', () => {
  const empty = mkdtempSync(join(scratchDir, 'empty-'));
  assert.throws(() => createGeo({ dataDir: empty, scratchDir }), (err: unknown) => err instanceof GeoDataError && err.code === 'GEO_DATA_MISSING' && err.message.includes('geoip-country.dat'));
  const countryOnly = mkdtempSync(join(scratchDir, 'country-'));
  for (const f of COUNTRY_FILES) symlinkSync(join(bundledDataDir(), f), join(countryOnly, f));
  assert.throws(() => createGeo({ city: true, dataDir: countryOnly, scratchDir }), (err: unknown) => err instanceof GeoDataError && err.code === 'GEO_CITY_DATA_MISSING');
});
