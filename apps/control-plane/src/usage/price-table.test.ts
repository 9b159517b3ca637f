import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POP_CATALOG } from '../catalog/default-catalog.ts';
import { builtInPriceTable, loadPriceTableFile, parsePriceTable } from './price-table.ts';
import { startControlPlane, StartupError } from '../server.ts';
import { SECRET, tempDir } from '../test-support.ts';
import { TEST_CATALOG, TEST_PRICE_FILE } from './usage-fixtures.ts';

test('the built-in table prices every pricing region of the catalog and says it is illustrative', () => {
  const table = builtInPriceTable(DEFAULT_POP_CATALOG);
  assert.deepEqual(Object.keys(table.regions), [...DEFAULT_POP_CATALOG.regions]);
  assert.equal(table.source, 'built-in');
  assert.deepEqual(table.invalidation, { freePathsPerMonth: 1000, perPath: 0.005 });
  for (const r of Object.values(table.regions)) {
    // CloudFront-style tiers: first 10 TB, next 40, 100, 350, 524 TB, next 4 PB, then the rest.
    assert.deepEqual(
      r.dataTransferOut.map((t) => t.upToGB / 1024),
      [10, 50, 150, 500, 1024, 5120, Infinity],
    );
  }
  const raw = JSON.parse(readFileSync(new URL('./price-table.default.json', import.meta.url), 'utf8'));
  assert.equal(raw.illustrative, true);
  assert.match(raw.note, /NOT AWS's current prices/);
});

test('a price table with problems: every one is listed with its path', () => {
  const bad = {
    currency: 'dollars',
    colour: 'blue',
    regions: {
      Americas: { requestsPer10k: -1, dataTransferOut: [{ nextTB: 10, perGB: 0.1 }, { nextTB: 5, perGB: 0.05 }] },
      Europe: { requestsPer10k: 0.02, dataTransferOut: [{ perGB: 0.1 }, { perGB: 'cheap' }] },
      Japan: { requestsPer10k: 0.03, dataTransferOut: [], extra: 1 },
      'Mars & Moons': { requestsPer10k: 0, dataTransferOut: [{ perGB: 0 }] },
    },
    unknownRegionPricedAs: 'Atlantis',
    invalidation: { freePathsPerMonth: 1.5 },
  };
  const parsed = parsePriceTable(bad, TEST_CATALOG);
  assert.deepEqual(parsed.issues, [
    { path: 'colour', message: 'unknown field; expected one of currency, regions, unknownRegionPricedAs, invalidation' },
    { path: 'currency', message: 'must be an ISO 4217 code such as USD' },
    { path: 'regions.Americas.requestsPer10k', message: 'must be a price >= 0 (per 10,000 requests)' },
    { path: 'regions.Americas.dataTransferOut[1].nextTB', message: 'must be absent: the last tier covers everything beyond the others' },
    { path: 'regions.Europe.dataTransferOut[0].nextTB', message: 'must be a number of TB > 0 (only the last tier is open-ended)' },
    { path: 'regions.Europe.dataTransferOut[1].perGB', message: 'must be a price >= 0 (per GB)' },
    { path: 'regions.Japan.extra', message: 'unknown field; expected requestsPer10k or dataTransferOut' },
    { path: 'regions.Japan.dataTransferOut', message: 'must be a non-empty list of tiers [{nextTB, perGB}, ..., {perGB}]' },
    { path: 'regions["Mars & Moons"]', message: "unknown pricing region; the regions are: 'Americas', 'Europe', 'Japan', 'Oceania'" },
    { path: 'regions.Oceania', message: 'missing: every pricing region needs prices' },
    { path: 'invalidation.freePathsPerMonth', message: 'must be an integer >= 0' },
    { path: 'invalidation.perPath', message: 'must be a price >= 0' },
    { path: 'unknownRegionPricedAs', message: 'must name one of the pricing regions' },
  ]);
  assert.deepEqual(parsePriceTable([], TEST_CATALOG).issues?.[0]?.path, '');
});

test('unknownRegionPricedAs defaults to the region with the highest first-tier price', () => {
  const { unknownRegionPricedAs: _, ...rest } = TEST_PRICE_FILE;
  const parsed = parsePriceTable(rest, TEST_CATALOG);
  assert.equal(parsed.issues, undefined);
  assert.equal(parsed.value?.unknownRegionPricedAs, 'Oceania');
  assert.equal(parsed.value?.source, 'file');
});

test('price table files: read, JSON, validated; control-plane --price-table refuses a bad one with every problem', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'prices.json');
  assert.match(loadPriceTableFile(join(dir, 'none.json'), TEST_CATALOG).issues?.[0]?.message ?? '', /^cannot read .*none\.json/);
  writeFileSync(file, '{"currency": ');
  assert.match(loadPriceTableFile(file, TEST_CATALOG).issues?.[0]?.message ?? '', /^not JSON: /);
  writeFileSync(file, JSON.stringify(TEST_PRICE_FILE));
  assert.equal(loadPriceTableFile(file, TEST_CATALOG).value?.regions.Japan?.requestsPer10k, 0.03);

  // Against the real catalog this file names regions that do not exist and lacks real ones.
  const start = () => startControlPlane({ port: 0, dataPath: join(dir, 'cp.db'), env: { CACHEFRONT_JWT_SECRET: SECRET }, logLevel: 'silent', priceTableFile: file });
  await assert.rejects(start, (err: Error) => {
    assert.ok(err instanceof StartupError);
    assert.match(err.message, /^the price table .*prices\.json is not valid:\n/);
    assert.match(err.message, /\nregions\.Americas: unknown pricing region; the regions are: /);
    assert.match(err.message, /\nregions\.Oceania: unknown pricing region/);
    assert.match(err.message, /\nregions\.India: missing: every pricing region needs prices/);
    assert.match(err.message, /\nunknownRegionPricedAs: must name one of the pricing regions$/);
    return true;
  });
  const good = JSON.parse(readFileSync(new URL('./price-table.default.json', import.meta.url), 'utf8'));
  writeFileSync(file, JSON.stringify({ ...good, currency: 'EUR' }));
  const cp = await start();
  t.after(() => cp.close());
  assert.equal((await fetch(`${cp.url}/healthz`)).status, 200);
});

test("a region may be given by its id ('india') instead of CloudFront's name, not both", () => {
  const raw = JSON.parse(readFileSync(new URL('./price-table.default.json', import.meta.url), 'utf8'));
  const { India: india, ...others } = raw.regions;
  const byId = parsePriceTable({ ...raw, regions: { ...others, india }, unknownRegionPricedAs: 'south-america' }, DEFAULT_POP_CATALOG);
  assert.equal(byId.issues, undefined);
  assert.deepEqual(byId.value?.regions.India, builtInPriceTable(DEFAULT_POP_CATALOG).regions.India);
  assert.equal(byId.value?.unknownRegionPricedAs, 'South America');
  const twice = parsePriceTable({ ...raw, regions: { ...raw.regions, india } }, DEFAULT_POP_CATALOG);
  assert.deepEqual(twice.issues, [{ path: 'regions.india', message: "'India' is priced twice (by name and by id)" }]);
});
