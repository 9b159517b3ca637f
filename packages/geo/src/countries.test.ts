import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { COUNTRIES, country } from './countries.ts';
import { bundledDataDir } from './geoip-loader.ts';
import { regionName } from './regions.ts';

test('COUNTRIES: 249 ISO 3166-1 codes plus XK, names and representative points', () => {
  assert.equal(COUNTRIES.size, 250);
  for (const [code, c] of COUNTRIES) {
    assert.match(code, /^[A-Z]{2}$/);
    assert.equal(c.code, code);
    assert.ok(c.name.length > 0 && c.name.trim() === c.name, code);
    assert.ok(c.latitude >= -90 && c.latitude <= 90, code);
    assert.ok(c.longitude >= -180 && c.longitude <= 180, code);
  }
  assert.equal(country('us')?.name, 'United States');
  assert.equal(country('GB')?.name, 'United Kingdom');
  assert.equal(country('KR')?.name, 'South Korea');
  assert.equal(country('TR')?.name, 'Türkiye');
  assert.equal(country('ZZ'), undefined);
});

test('every country in the shipped GeoLite data has a name', () => {
  // geoip-country.dat: 10-byte records (start, end, 2-byte country); geoip-country6.dat: 34-byte
  const codes = new Set<string>();
  const v4 = readFileSync(join(bundledDataDir(), 'geoip-country.dat'));
  for (let o = 0; o + 10 <= v4.length; o += 10) codes.add(v4.toString('latin1', o + 8, o + 10));
  const v6 = readFileSync(join(bundledDataDir(), 'geoip-country6.dat'));
  for (let o = 0; o + 34 <= v6.length; o += 34) codes.add(v6.toString('latin1', o + 32, o + 34));
  assert.ok(codes.size > 200);
  const unnamed = [...codes].filter((c) => !COUNTRIES.has(c));
  assert.deepEqual(unnamed, []);
});

test('regionName: subdivision names where the table has them', () => {
  assert.equal(regionName('US', 'CA'), 'California');
  assert.equal(regionName('gb', 'eng'), 'England');
  assert.equal(regionName('DE', 'BW'), 'Baden-Württemberg');
  assert.equal(regionName('FR', 'IDF'), undefined);
  assert.equal(regionName('US', 'constructor'), undefined);
  assert.equal(regionName('__proto__', 'x'), undefined);
});
