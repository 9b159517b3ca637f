// Loads geoip-lite's data into memory, once per process per (mode, data directory).
//
// geoip-lite 2.x has no option to choose a database: lib/geoip.js reads every file at
// require time from `global.geodatadir || process.env.GEODATADIR || '../data/'`, taking
// the city files (geoip-city.dat, geoip-city6.dat, geoip-city-names.dat, ~105 MB in
// memory) when they exist and falling back to geoip-country.dat / geoip-country6.dat
// (~6.5 MB) only when they are missing (ENOENT) or empty. So country-only loading points
// `global.geodatadir` at a directory that holds nothing but links to the two country
// files. Each load evaluates a fresh copy of the module (it keeps its data in module
// variables) and takes it out of require's cache again, so a later plain
// `require('geoip-lite')` elsewhere is unaffected.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import { GeoDataError } from './errors.ts';

export type GeoipLite = typeof import('geoip-lite');
export type GeoMode = 'country' | 'city';

const require = createRequire(import.meta.url);

export const COUNTRY_FILES = ['geoip-country.dat', 'geoip-country6.dat'] as const;
export const CITY_FILES = ['geoip-city.dat', 'geoip-city6.dat', 'geoip-city-names.dat'] as const;

/** The data directory geoip-lite ships (node_modules/geoip-lite/data). */
export function bundledDataDir(): string {
  return join(dirname(require.resolve('geoip-lite/package.json')), 'data');
}

const loaded = new Map<string, GeoipLite>();

/**
 * geoip-lite loaded with `mode`'s data from `dataDir` (a directory in geoip-lite's
 * format). Country mode makes (once) a directory of links to the country files under
 * `scratchDir`. Throws GeoDataError when the files are missing.
 */
export function loadGeoipLite(mode: GeoMode, dataDir: string, scratchDir: string): GeoipLite {
  const source = resolve(dataDir);
  requireFiles(source, COUNTRY_FILES, 'GEO_DATA_MISSING');
  if (mode === 'city') requireFiles(source, CITY_FILES, 'GEO_CITY_DATA_MISSING');
  const dir = mode === 'city' ? source : countryOnlyDir(source, resolve(scratchDir));
  const key = `${mode}\0${dir}`;
  let geoip = loaded.get(key);
  if (geoip === undefined) {
    geoip = evaluateWithDataDir(dir);
    loaded.set(key, geoip);
  }
  return geoip;
}

function requireFiles(dir: string, files: readonly string[], code: 'GEO_DATA_MISSING' | 'GEO_CITY_DATA_MISSING'): void {
  const missing = files.filter((f) => !nonEmptyFile(join(dir, f)));
  if (missing.length === 0) return;
  const what = code === 'GEO_CITY_DATA_MISSING' ? 'city data (city: true)' : 'country data';
  throw new GeoDataError(code, `geoip-lite ${what} not found in ${dir}: missing or empty ${missing.join(', ')}`);
}

function nonEmptyFile(path: string): boolean {
  try {
    const s = statSync(path);
    return s.isFile() && s.size > 0;
  } catch {
    return false;
  }
}

/**
 * `<scratchDir>/cachefront-geoip-country-<hash of dataDir>/` holding links to the country
 * files only, shared by every process using the same data. The scratch directory may be a
 * shared /tmp, so a directory that is not ours or holds anything else (a city file would
 * silently switch geoip-lite to city data) is not used: this process then makes its own.
 */
export function countryOnlyDir(source: string, scratchDir: string): string {
  const id = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const shared = join(scratchDir, `cachefront-geoip-country-${id}`);
  try {
    mkdirSync(shared, { recursive: true, mode: 0o755 });
    for (const f of COUNTRY_FILES) link(join(source, f), join(shared, f));
    if (isCountryView(shared, source)) return shared;
  } catch {
    // fall through to a private directory
  }
  try {
    const own = mkdtempSync(join(scratchDir, 'cachefront-geoip-country-'));
    for (const f of COUNTRY_FILES) link(join(source, f), join(own, f));
    if (isCountryView(own, source)) return own;
    throw new Error('its contents are not the two country files');
  } catch (err) {
    throw new GeoDataError('GEO_DATA_UNREADABLE', `could not prepare a country-only data directory in ${scratchDir}: ${String(err)}`, { cause: err });
  }
}

/** A directory of ours holding exactly the country files, as links to `source` or copies. */
function isCountryView(dir: string, source: string): boolean {
  const st = lstatSync(dir);
  if (!st.isDirectory()) return false;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
  const entries = readdirSync(dir).sort();
  if (entries.join('/') !== [...COUNTRY_FILES].sort().join('/')) return false;
  return COUNTRY_FILES.every((f) => {
    const path = join(dir, f);
    const l = lstatSync(path);
    return l.isSymbolicLink() ? readlinkSync(path) === join(source, f) : l.isFile();
  });
}

function link(target: string, path: string): void {
  if (existsSync(path)) return; // made by an earlier process (or a sibling worker)
  try {
    symlinkSync(target, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code === 'EPERM' || code === 'ENOTSUP') copyFileSync(target, path); // no symlinks (Windows without the privilege)
    else throw err;
  }
}

function evaluateWithDataDir(dir: string): GeoipLite {
  const main = require.resolve('geoip-lite');
  const g = globalThis as { geodatadir?: string };
  const had = Object.hasOwn(g, 'geodatadir');
  const previous = g.geodatadir;
  delete require.cache[main];
  g.geodatadir = dir; // read once, while lib/geoip.js is evaluated; wins over GEODATADIR
  try {
    return require(main) as GeoipLite;
  } catch (err) {
    throw new GeoDataError('GEO_DATA_UNREADABLE', `geoip-lite could not load ${dir}: ${String(err)}`, { cause: err });
  } finally {
    delete require.cache[main];
    if (had) g.geodatadir = previous;
    else delete g.geodatadir;
  }
}
