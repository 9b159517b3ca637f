// The viewer's location as cachefront passes it around, and the pure mapping from a
// geoip-lite record to it. Fields stay absent when the data has no value, so the header
// code can omit the matching CloudFront-Viewer-* header.
import type { GeoipLookup } from 'geoip-lite';

import { country as countryInfo } from './countries.ts';
import { regionName as subdivisionName } from './regions.ts';

export interface ViewerLocation {
  /** ISO 3166-1 alpha-2, upper case ("Adding CloudFront request headers": CloudFront-Viewer-Country). */
  country: string;
  /** English short name, e.g. "United States". */
  countryName: string;
  /** First-level ISO 3166-2 subdivision code, up to three characters, e.g. "CA", "ENG". */
  region?: string;
  regionName?: string;
  city?: string;
  /** Never filled from geoip-lite: its data has no postal codes. */
  postalCode?: string;
  /** IANA time zone, e.g. "America/Los_Angeles". */
  timeZone?: string;
  latitude?: number;
  longitude?: number;
  /** Nielsen DMA metro code; CloudFront sends it "only when the viewer is in the United States". */
  metroCode?: number;
}

const ALPHA2 = /^[A-Z]{2}$/;

/**
 * A geoip-lite record as a ViewerLocation, or undefined when it has no country. With
 * country-only data only country and countryName are set (geoip-lite's IPv6 country
 * records report ll [0, 0], which is not a location).
 */
export function toViewerLocation(raw: GeoipLookup | null | undefined, withCity: boolean): ViewerLocation | undefined {
  if (raw == null || typeof raw.country !== 'string' || !ALPHA2.test(raw.country)) return undefined;
  const code = raw.country;
  const loc: ViewerLocation = { country: code, countryName: countryInfo(code)?.name ?? code };
  if (!withCity) return loc;
  if (nonEmpty(raw.region)) {
    loc.region = raw.region;
    const name = subdivisionName(code, raw.region);
    if (name !== undefined) loc.regionName = name;
  }
  if (nonEmpty(raw.city)) loc.city = raw.city;
  if (nonEmpty(raw.timezone)) loc.timeZone = raw.timezone;
  const [lat, lon] = Array.isArray(raw.ll) ? raw.ll : [null, null];
  if (isLatitude(lat) && isLongitude(lon)) {
    loc.latitude = lat;
    loc.longitude = lon;
  }
  if (code === 'US' && typeof raw.metro === 'number' && Number.isInteger(raw.metro) && raw.metro > 0) {
    loc.metroCode = raw.metro;
  }
  return loc;
}

function nonEmpty(s: unknown): s is string {
  return typeof s === 'string' && s !== '';
}

export function isLatitude(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= -90 && n <= 90;
}

export function isLongitude(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= -180 && n <= 180;
}
