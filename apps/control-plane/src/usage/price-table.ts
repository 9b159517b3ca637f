// The price table the cost estimate uses: per CloudFront pricing region, tiered per-GB
// data transfer out and a per-10,000 request price; the invalidation price. The built-in
// one (price-table.default.json) is illustrative, not AWS's current prices;
// `cachefront control-plane --price-table FILE` replaces it with a file in the same shape,
// validated here with every problem listed.

import { readFileSync } from 'node:fs';
import type { Issue } from '@cachefront/config';
import { isRecord } from '../is-record.ts';
import type { PopCatalog } from '../catalog/pop-catalog.ts';
import builtIn from './price-table.default.json' with { type: 'json' };

/** AWS bills data transfer in GB of 2^30 bytes; a TB is 1024 GB. */
export const BYTES_PER_GB = 2 ** 30;
export const GB_PER_TB = 1024;

export interface Tier {
  /** Where this tier ends: cumulative GB in the month (Infinity for the last). */
  upToGB: number;
  perGB: number;
}

export interface RegionPrices {
  requestsPer10k: number;
  /** In order; the last is open-ended. */
  dataTransferOut: Tier[];
}

export interface PriceTable {
  currency: string;
  /** Pricing region name (CloudFront's) -> prices. */
  regions: Record<string, RegionPrices>;
  /** Whose prices apply to POPs that are not in the catalog (region "unknown"). */
  unknownRegionPricedAs: string;
  invalidation: { freePathsPerMonth: number; perPath: number };
  /** `built-in` (illustrative) or `file`. */
  source: 'built-in' | 'file';
}

type Parsed = { value: PriceTable; issues?: undefined } | { value?: undefined; issues: Issue[] };

/** The pricing regions a table must price: CloudFront's names, and ids that may stand for them. */
export type Regions = Pick<PopCatalog, 'regions' | 'regionIds'>;

/** Fields that only document the file. */
const NOTES = new Set(['illustrative', 'note', 'units', '$schema']);
const TOP = new Set(['currency', 'regions', 'unknownRegionPricedAs', 'invalidation']);

/**
 * Validates a price table (parsed JSON) against the pricing regions POPs map to: every
 * one must be priced, no other may appear; a region is named as CloudFront names it or by
 * its id (`europe-israel`). `unknownRegionPricedAs` defaults to the region with the highest
 * first-tier price (an estimate for an unplaced POP errs high).
 */
export function parsePriceTable(raw: unknown, known: Regions, source: PriceTable['source'] = 'file'): Parsed {
  const regionNames = known.regions;
  const nameOf = (k: string) => (regionNames.includes(k) ? k : known.regionIds?.get(k));
  const issues: Issue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isRecord(raw)) return { issues: [{ path: '', message: 'must be an object {currency, regions, invalidation, unknownRegionPricedAs?}' }] };
  for (const k of Object.keys(raw)) if (!TOP.has(k) && !NOTES.has(k)) add(key('', k), `unknown field; expected one of ${[...TOP].join(', ')}`);

  const currency = raw.currency ?? 'USD';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) add('currency', 'must be an ISO 4217 code such as USD');

  const regions: Record<string, RegionPrices> = {};
  if (!isRecord(raw.regions)) add('regions', 'must be an object: pricing region name -> {requestsPer10k, dataTransferOut}');
  else {
    for (const [k, entry] of Object.entries(raw.regions)) {
      const at = key('regions', k);
      const name = nameOf(k);
      if (name === undefined) add(at, `unknown pricing region; the regions are: ${regionNames.map((n) => `'${n}'`).join(', ')}`);
      else if (Object.hasOwn(regions, name)) add(at, `'${name}' is priced twice (by name and by id)`);
      const prices = parseRegion(entry, at, add);
      if (prices !== undefined && name !== undefined) regions[name] = prices;
    }
    const given = new Set(Object.keys(raw.regions).map(nameOf));
    for (const name of regionNames) if (!given.has(name)) add(key('regions', name), 'missing: every pricing region needs prices');
  }

  const inv = raw.invalidation;
  let invalidation = { freePathsPerMonth: 0, perPath: 0 };
  if (!isRecord(inv)) add('invalidation', 'must be an object {freePathsPerMonth, perPath}');
  else {
    if (!(Number.isSafeInteger(inv.freePathsPerMonth) && (inv.freePathsPerMonth as number) >= 0)) add('invalidation.freePathsPerMonth', 'must be an integer >= 0');
    if (!price(inv.perPath)) add('invalidation.perPath', 'must be a price >= 0');
    invalidation = { freePathsPerMonth: inv.freePathsPerMonth as number, perPath: inv.perPath as number };
  }

  let unknown = raw.unknownRegionPricedAs;
  if (unknown === undefined) unknown = mostExpensive(regions);
  else if (typeof unknown !== 'string' || nameOf(unknown) === undefined) add('unknownRegionPricedAs', 'must name one of the pricing regions');
  else unknown = nameOf(unknown);

  if (issues.length > 0) return { issues };
  return { value: { currency: currency as string, regions, unknownRegionPricedAs: unknown as string, invalidation, source } };
}

function parseRegion(raw: unknown, at: string, add: (path: string, message: string) => void): RegionPrices | undefined {
  if (!isRecord(raw)) return void add(at, 'must be an object {requestsPer10k, dataTransferOut}');
  for (const k of Object.keys(raw)) if (k !== 'requestsPer10k' && k !== 'dataTransferOut') add(key(at, k), 'unknown field; expected requestsPer10k or dataTransferOut');
  if (!price(raw.requestsPer10k)) add(`${at}.requestsPer10k`, 'must be a price >= 0 (per 10,000 requests)');
  const tiers = raw.dataTransferOut;
  if (!Array.isArray(tiers) || tiers.length === 0) return void add(`${at}.dataTransferOut`, 'must be a non-empty list of tiers [{nextTB, perGB}, ..., {perGB}]');
  const out: Tier[] = [];
  let upTo = 0;
  tiers.forEach((t: unknown, i) => {
    const ta = `${at}.dataTransferOut[${i}]`;
    const last = i === tiers.length - 1;
    if (!isRecord(t)) return add(ta, 'must be an object {nextTB, perGB}');
    for (const k of Object.keys(t)) if (k !== 'nextTB' && k !== 'perGB') add(key(ta, k), 'unknown field; expected nextTB or perGB');
    if (!price(t.perGB)) add(`${ta}.perGB`, 'must be a price >= 0 (per GB)');
    if (last && t.nextTB !== undefined) add(`${ta}.nextTB`, 'must be absent: the last tier covers everything beyond the others');
    if (!last && !(typeof t.nextTB === 'number' && Number.isFinite(t.nextTB) && t.nextTB > 0)) add(`${ta}.nextTB`, 'must be a number of TB > 0 (only the last tier is open-ended)');
    upTo = last ? Infinity : upTo + (t.nextTB as number) * GB_PER_TB;
    out.push({ upToGB: upTo, perGB: t.perGB as number });
  });
  return { requestsPer10k: raw.requestsPer10k as number, dataTransferOut: out };
}

/** Reads and validates a price table file (JSON). */
export function loadPriceTableFile(path: string, known: Regions): Parsed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { issues: [{ path: '', message: `cannot read ${path}: ${(err as Error).message}` }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { issues: [{ path: '', message: `not JSON: ${(err as Error).message}` }] };
  }
  return parsePriceTable(raw, known, 'file');
}

/** The built-in table (illustrative); throws if it does not match the regions (a bug). */
export function builtInPriceTable(known: Regions): PriceTable {
  const parsed = parsePriceTable(builtIn, known, 'built-in');
  if (parsed.issues) throw new Error(`the built-in price table is not valid: ${JSON.stringify(parsed.issues)}`);
  return parsed.value;
}

function mostExpensive(regions: Record<string, RegionPrices>): string | undefined {
  let best: [string, number] | undefined;
  for (const [name, r] of Object.entries(regions)) {
    const first = r.dataTransferOut[0]?.perGB ?? 0;
    if (best === undefined || first > best[1]) best = [name, first];
  }
  return best?.[0];
}

function price(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}


/** As the config package writes paths: `a.b`, or `a["odd key"]`. */
function key(parent: string, k: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) return parent === '' ? k : `${parent}.${k}`;
  return `${parent}[${JSON.stringify(k)}]`;
}
