// createGeo: viewer location lookup over geoip-lite. Country data by default (+7-12 MB of
// RSS, 6 MB of buffers); city data (city, region, time zone, lat/long, metro code) only with
// `city: true`: +104-110 MB of RSS per process (104 MB of buffers). Measured on Node 24 by
// scripts/measure-rss.ts. The data is read once per process and shared by every Geo made
// with the same options.
import { tmpdir } from 'node:os';

import { bundledDataDir, loadGeoipLite, type GeoMode } from './geoip-loader.ts';
import { isPublicIp, normalizeIp } from './ip.ts';
import { toViewerLocation, type ViewerLocation } from './location.ts';

export interface GeoOptions {
  /** Load the city database too. Default false: country only. */
  city?: boolean;
  /** A directory in geoip-lite's data format. Default: the data geoip-lite ships. */
  dataDir?: string;
  /** Where the country-only view of `dataDir` (two symlinks) is made. Default: os.tmpdir(). */
  scratchDir?: string;
}

export interface Geo {
  readonly mode: GeoMode;
  /**
   * The location of `ip` (IPv4, IPv6, IPv4-mapped IPv6, optionally in brackets), or
   * undefined for private, loopback, link-local, documentation, multicast, unknown or
   * malformed addresses. Never throws.
   */
  lookup(ip: string): ViewerLocation | undefined;
}

/** Throws GeoDataError (code GEO_DATA_MISSING / GEO_CITY_DATA_MISSING / GEO_DATA_UNREADABLE). */
export function createGeo(options: GeoOptions = {}): Geo {
  const mode: GeoMode = options.city === true ? 'city' : 'country';
  const geoip = loadGeoipLite(mode, options.dataDir ?? bundledDataDir(), options.scratchDir ?? tmpdir());
  const withCity = mode === 'city';
  return {
    mode,
    lookup(ip: string): ViewerLocation | undefined {
      const addr = normalizeIp(ip);
      if (addr === undefined || !isPublicIp(addr)) return undefined;
      try {
        return toViewerLocation(geoip.lookup(addr), withCity);
      } catch {
        return undefined; // geoip-lite parses the text itself; never let odd input escape
      }
    },
  };
}
