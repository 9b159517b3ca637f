import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PriceClass } from '@cachefront/config';
import { DEFAULT_POP_CATALOG } from '../catalog/default-catalog.ts';
import { inClassRegion, lookupPop } from '../catalog/pop-catalog.ts';
import { builtInPriceTable, type Tier } from './price-table.ts';
import { billedCosts, invalidationCharge, money, tieredCost } from './pricing.ts';
import { cheapestRegion } from './usage-report.ts';
import { GiB, TEST_CATALOG, testPriceTable, TiB } from './usage-fixtures.ts';

const TWO_TIERS: Tier[] = [
  { upToGB: 10 * 1024, perGB: 0.1 },
  { upToGB: Infinity, perGB: 0.05 },
];

test('tiered data transfer: each tier priced at its rate, crossing boundaries', () => {
  const table: [bytes: number, tiers: Tier[], cost: number][] = [
    [0, TWO_TIERS, 0],
    [GiB, TWO_TIERS, 0.1],
    [10 * TiB, TWO_TIERS, 1024],
    [10 * TiB + GiB, TWO_TIERS, 1024.05],
    [12 * TiB, TWO_TIERS, 1126.4],
    [GiB / 2, TWO_TIERS, 0.05],
  ];
  for (const [bytes, tiers, cost] of table) assert.equal(money(tieredCost(bytes, tiers)), cost, `${bytes} bytes`);
  // The built-in table's first region over three tiers: 10 TB at 0.085, 40 TB at 0.08, 10 TB at 0.06.
  const us = builtInPriceTable(DEFAULT_POP_CATALOG).regions[DEFAULT_POP_CATALOG.regions[0] as string];
  assert.equal(money(tieredCost(60 * TiB, us?.dataTransferOut ?? [])), 4761.6);
});

test('items billed at one region share its tiers; the cost is split by bytes', () => {
  const table = testPriceTable();
  const costs = billedCosts(table, [
    { billedAs: 'Americas', requests: 20_000, bytesOut: 8 * TiB },
    { billedAs: 'Americas', requests: 10_000, bytesOut: 4 * TiB },
    { billedAs: 'Japan', requests: 0, bytesOut: 0 },
  ]);
  assert.deepEqual(
    costs.map((c) => [money(c.dataTransfer), money(c.requests)]),
    [
      [money((1126.4 * 2) / 3), 0.02],
      [money(1126.4 / 3), 0.01],
      [0, 0],
    ],
  );
});

test('invalidation paths: the account first 1,000 each month are free, in submission order', () => {
  const A = 'EA';
  const B = 'EB';
  const table: [ledger: { distributionId: string; paths: number }[], id: string, expected: { paths: number; accountPaths: number; billablePaths: number }][] = [
    [[], A, { paths: 0, accountPaths: 0, billablePaths: 0 }],
    [[{ distributionId: A, paths: 1000 }], A, { paths: 1000, accountPaths: 1000, billablePaths: 0 }],
    [[{ distributionId: A, paths: 1000 }, { distributionId: A, paths: 1 }], A, { paths: 1001, accountPaths: 1001, billablePaths: 1 }],
    [[{ distributionId: A, paths: 600 }, { distributionId: B, paths: 600 }], A, { paths: 600, accountPaths: 1200, billablePaths: 0 }],
    [[{ distributionId: A, paths: 600 }, { distributionId: B, paths: 600 }], B, { paths: 600, accountPaths: 1200, billablePaths: 200 }],
    [[{ distributionId: A, paths: 400 }, { distributionId: B, paths: 700 }, { distributionId: A, paths: 50 }], A, { paths: 450, accountPaths: 1150, billablePaths: 50 }],
    [[{ distributionId: A, paths: 400 }, { distributionId: B, paths: 700 }, { distributionId: A, paths: 50 }], B, { paths: 700, accountPaths: 1150, billablePaths: 100 }],
    [[{ distributionId: B, paths: 1500 }, { distributionId: A, paths: 10 }], A, { paths: 10, accountPaths: 1510, billablePaths: 10 }],
  ];
  for (const [ledger, id, expected] of table) assert.deepEqual(invalidationCharge(ledger, id, 1000), expected, JSON.stringify([ledger, id]));
});

test('POP codes: exact, else the leading letters (FRA56-P1 is FRA); others are not in the catalog', () => {
  const table: [code: string, found: string | undefined][] = [
    ['FRA', 'FRA'],
    ['FRA56-P1', 'FRA'],
    ['NRT2', 'NRT'],
    ['ZZZ', undefined],
    ['ZZZ9', undefined],
    ['9FRA', undefined],
  ];
  for (const [code, found] of table) assert.equal(lookupPop(TEST_CATALOG, code)?.code, found, code);
});

test('re-pricing under a price class: the nearest in-class POP, and the least-expensive in-class region', () => {
  const table: [pop: string, pc: PriceClass, region: string][] = [
    ['FRA', 'PriceClass_100', 'Europe'],
    ['NRT', 'PriceClass_100', 'Americas'], // SEA is nearer than FRA
    ['NRT', 'PriceClass_200', 'Japan'],
    ['SYD', 'PriceClass_100', 'Americas'],
    ['SYD', 'PriceClass_200', 'Japan'],
    ['SYD', 'PriceClass_All', 'Oceania'],
  ];
  for (const [code, pc, region] of table) assert.equal(inClassRegion(TEST_CATALOG, lookupPop(TEST_CATALOG, code)!, pc), region, `${code} ${pc}`);
  const prices = testPriceTable();
  // Americas and Europe tie on the first tier; Americas' requests are cheaper.
  assert.equal(cheapestRegion(prices, TEST_CATALOG.priceClasses.PriceClass_100, TEST_CATALOG.regions), 'Americas');
  assert.equal(cheapestRegion(prices, new Set(['Japan', 'Oceania']), TEST_CATALOG.regions), 'Japan');
});
