// Writes dashboard/world.json, the dashboard's world map: Natural Earth's 1:110m land
// (world-atlas/land-110m.json, a TopoJSON topology) as one SVG path in an equirectangular
// projection, x = (lon + 180) * K, y = (90 - lat) * K, coordinates rounded to 1 decimal.
// Run once, and again only to change the map; the output is committed:
//   node apps/control-plane/scripts/build-world-map.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Units per degree: a 720 x 360 viewBox, so 1 decimal is 0.05 degree (~5 km), finer than 1:110m. */
const K = 2;

type Position = number[];
type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
interface TopojsonClient {
  feature(topology: unknown, object: unknown): { type: 'Feature'; geometry: Geometry } | { type: 'FeatureCollection'; features: { geometry: Geometry }[] };
}

const require = createRequire(import.meta.url);
// topojson-client ships CommonJS without types: the one function used is typed above.
const { feature } = require('topojson-client') as TopojsonClient;
const topology = JSON.parse(readFileSync(require.resolve('world-atlas/land-110m.json'), 'utf8')) as { objects: { land: unknown } };

const round = (n: number) => Math.round(n * 10) / 10;

/** One closed subpath per ring (in degrees); a point equal to the previous one after rounding is dropped. */
function ringPath(ring: Position[]): string {
  const points: string[] = [];
  let last = '';
  for (const [lon = 0, lat = 0] of ring) {
    const p = `${round((lon + 180) * K)} ${round((90 - lat) * K)}`;
    if (p !== last) points.push(p);
    last = p;
  }
  // A ring repeats its first point last; `Z` closes it instead.
  if (points.length > 1 && points[0] === points.at(-1)) points.pop();
  return points.length < 3 ? '' : `M${points.join(' ')}Z`;
}

/**
 * The rings to draw for one ring of the data, which is not cut at the antimeridian (Russia,
 * Fiji and Antarctica cross it; d3-geo would cut them, a flat path cannot). The longitudes are
 * made continuous (a step of more than 180 degrees is the same line going the short way), so
 * a crossing ring runs past +/-180; it is drawn again shifted by 360 degrees, and the map's
 * edges clip both copies. A ring around a pole (Antarctica) ends 360 degrees from where it
 * started: it is closed along that pole.
 */
function unwrappedRings(ring: Position[]): Position[][] {
  const out: Position[] = [];
  for (const [lon = 0, lat = 0] of ring) {
    let x = lon;
    const prev = out.at(-1)?.[0];
    if (prev !== undefined) {
      while (x - prev > 180) x -= 360;
      while (x - prev < -180) x += 360;
    }
    out.push([x, lat]);
  }
  const first = out[0];
  const final = out.at(-1);
  if (first !== undefined && final !== undefined && Math.abs((final[0] ?? 0) - (first[0] ?? 0)) > 180) {
    const pole = out.reduce((sum, p) => sum + (p[1] ?? 0), 0) < 0 ? -90 : 90;
    out.push([final[0] ?? 0, pole], [first[0] ?? 0, pole]);
  }
  const lons = out.map((p) => p[0] ?? 0);
  const [min, max] = [Math.min(...lons), Math.max(...lons)];
  return [-360, 0, 360].filter((shift) => max + shift > -180 && min + shift < 180).map((shift) => out.map(([x = 0, y = 0]) => [x + shift, y]));
}

function polygons(g: Geometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

const land = feature(topology, topology.objects.land);
const geometries = land.type === 'Feature' ? [land.geometry] : land.features.map((f) => f.geometry);
const path = geometries
  .flatMap(polygons)
  .flat()
  .flatMap(unwrappedRings)
  .map(ringPath)
  .join('');

const out = fileURLToPath(new URL('../dashboard/world.json', import.meta.url));
writeFileSync(out, `${JSON.stringify({ viewBox: `0 0 ${360 * K} ${180 * K}`, land: path })}\n`);
console.log(`wrote ${out} (${path.length} characters of path)`);
