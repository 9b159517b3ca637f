// Nearest POP by great-circle distance, the stand-in for CloudFront's latency-based DNS
// routing ("it still serves content from the edge location that has the lowest latency
// among the edge locations in your selected price class").
import { country } from './countries.ts';
import type { ViewerLocation } from './location.ts';
import type { Pop } from './pops.ts';

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

const RAD = Math.PI / 180;

/** Great-circle distance in km between two points (haversine formula). */
export function greatCircleKm(a: LatLon, b: LatLon): number {
  const dLat = (b.latitude - a.latitude) * RAD;
  const dLon = (b.longitude - a.longitude) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * RAD) * Math.cos(b.latitude * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Where the viewer is: its coordinates (city data), else its country's representative point
 * (the capital; country-only data), else undefined.
 */
export function viewerPoint(location: ViewerLocation | undefined): LatLon | undefined {
  if (location === undefined) return undefined;
  if (typeof location.latitude === 'number' && typeof location.longitude === 'number') {
    return { latitude: location.latitude, longitude: location.longitude };
  }
  return typeof location.country === 'string' ? country(location.country) : undefined;
}

/**
 * The POP closest to the viewer; ties go to the one listed first. When the viewer's place
 * is unknown (no location: private address, no data) the first POP of the list is used, so
 * the operator picks the fallback by ordering the catalog, and the answer is stable.
 * Undefined only for an empty list.
 */
export function nearestPop<P extends Pop>(location: ViewerLocation | undefined, pops: readonly P[]): P | undefined {
  const point = viewerPoint(location);
  if (point === undefined) return pops[0];
  let best: P | undefined;
  let bestKm = Infinity;
  for (const pop of pops) {
    const km = greatCircleKm(point, pop);
    if (km < bestKm) {
      best = pop;
      bestKm = km;
    }
  }
  return best;
}
