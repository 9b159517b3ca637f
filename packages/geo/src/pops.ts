// The POP catalog: where edges can be, each in one CloudFront pricing region.
import { country } from './countries.ts';
import { describe, pathOf, type GeoIssue } from './issues.ts';
import { isLatitude, isLongitude } from './location.ts';
import { pricingRegion, priceClassIncludes, PRICING_REGIONS, type PriceClass, type PricingRegion } from './pricing.ts';

export interface Pop {
  /** IATA-style code as CloudFront's X-Amz-Cf-Pop starts with, e.g. "FRA" or "FRA56-P1". */
  readonly code: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly pricingRegion: PricingRegion;
  /**
   * The AWS Region whose regional edge cache serves this POP: an edge here started with
   * `--tier shield` is the Origin Shield of that Region (an origin's originShieldRegion).
   * Optional in a catalog file; a POP without one hosts no shield.
   */
  readonly awsRegion?: string;
}

/**
 * Real CloudFront edge cities, at least one per pricing region, at their airports'
 * coordinates. IAD comes first: it is the fallback for viewers of unknown location (see
 * nearestPop) and, as us-east-1's POP, the one CloudFront's own control plane sits next to.
 * `awsRegion`: the nearest (great-circle) of the Regions Origin Shield is offered in
 * ("Choosing the AWS Region for Origin Shield"), e.g. us-west-2 for SFO (us-west-1 has no
 * regional edge cache) and eu-west-2 for CDG and MAD.
 */
export const DEFAULT_POPS: readonly Pop[] = Object.freeze(([
  { code: 'IAD', city: 'Ashburn', country: 'US', latitude: 38.9531, longitude: -77.4565, pricingRegion: 'north-america', awsRegion: 'us-east-1' },
  { code: 'DFW', city: 'Dallas', country: 'US', latitude: 32.8998, longitude: -97.0403, pricingRegion: 'north-america', awsRegion: 'us-east-2' },
  { code: 'SEA', city: 'Seattle', country: 'US', latitude: 47.4502, longitude: -122.3088, pricingRegion: 'north-america', awsRegion: 'us-west-2' },
  { code: 'SFO', city: 'San Francisco', country: 'US', latitude: 37.6213, longitude: -122.379, pricingRegion: 'north-america', awsRegion: 'us-west-2' },
  { code: 'YUL', city: 'Montreal', country: 'CA', latitude: 45.4706, longitude: -73.7408, pricingRegion: 'north-america', awsRegion: 'us-east-1' },
  { code: 'QRO', city: 'Querétaro', country: 'MX', latitude: 20.6173, longitude: -100.1857, pricingRegion: 'north-america', awsRegion: 'us-east-2' },
  { code: 'LHR', city: 'London', country: 'GB', latitude: 51.47, longitude: -0.4543, pricingRegion: 'europe-israel', awsRegion: 'eu-west-2' },
  { code: 'FRA', city: 'Frankfurt', country: 'DE', latitude: 50.0379, longitude: 8.5622, pricingRegion: 'europe-israel', awsRegion: 'eu-central-1' },
  { code: 'CDG', city: 'Paris', country: 'FR', latitude: 49.0097, longitude: 2.5479, pricingRegion: 'europe-israel', awsRegion: 'eu-west-2' },
  { code: 'MAD', city: 'Madrid', country: 'ES', latitude: 40.4983, longitude: -3.5676, pricingRegion: 'europe-israel', awsRegion: 'eu-west-2' },
  { code: 'TLV', city: 'Tel Aviv', country: 'IL', latitude: 32.0055, longitude: 34.8854, pricingRegion: 'europe-israel', awsRegion: 'eu-central-1' },
  { code: 'DXB', city: 'Dubai', country: 'AE', latitude: 25.2532, longitude: 55.3657, pricingRegion: 'africa-middle-east', awsRegion: 'ap-south-1' },
  { code: 'JNB', city: 'Johannesburg', country: 'ZA', latitude: -26.1367, longitude: 28.2411, pricingRegion: 'africa-middle-east', awsRegion: 'ap-south-1' },
  { code: 'NBO', city: 'Nairobi', country: 'KE', latitude: -1.3192, longitude: 36.9278, pricingRegion: 'africa-middle-east', awsRegion: 'ap-south-1' },
  { code: 'GRU', city: 'São Paulo', country: 'BR', latitude: -23.4356, longitude: -46.4731, pricingRegion: 'south-america', awsRegion: 'sa-east-1' },
  { code: 'SCL', city: 'Santiago', country: 'CL', latitude: -33.393, longitude: -70.7858, pricingRegion: 'south-america', awsRegion: 'sa-east-1' },
  { code: 'NRT', city: 'Tokyo', country: 'JP', latitude: 35.772, longitude: 140.3929, pricingRegion: 'japan', awsRegion: 'ap-northeast-1' },
  { code: 'KIX', city: 'Osaka', country: 'JP', latitude: 34.4347, longitude: 135.244, pricingRegion: 'japan', awsRegion: 'ap-northeast-1' },
  { code: 'SYD', city: 'Sydney', country: 'AU', latitude: -33.9399, longitude: 151.1753, pricingRegion: 'australia-new-zealand', awsRegion: 'ap-southeast-2' },
  { code: 'AKL', city: 'Auckland', country: 'NZ', latitude: -37.0082, longitude: 174.785, pricingRegion: 'australia-new-zealand', awsRegion: 'ap-southeast-2' },
  { code: 'HKG', city: 'Hong Kong', country: 'HK', latitude: 22.308, longitude: 113.9185, pricingRegion: 'asia-pacific', awsRegion: 'ap-northeast-2' },
  { code: 'SIN', city: 'Singapore', country: 'SG', latitude: 1.3644, longitude: 103.9915, pricingRegion: 'asia-pacific', awsRegion: 'ap-southeast-1' },
  { code: 'ICN', city: 'Seoul', country: 'KR', latitude: 37.4602, longitude: 126.4407, pricingRegion: 'asia-pacific', awsRegion: 'ap-northeast-2' },
  { code: 'TPE', city: 'Taipei', country: 'TW', latitude: 25.0797, longitude: 121.2342, pricingRegion: 'asia-pacific', awsRegion: 'ap-northeast-2' },
  { code: 'BOM', city: 'Mumbai', country: 'IN', latitude: 19.0896, longitude: 72.8656, pricingRegion: 'india', awsRegion: 'ap-south-1' },
] satisfies Pop[]).map((p) => Object.freeze(p)));

/** The POPs a distribution with `priceClass` may be served from, in catalog order. */
export function popsInPriceClass(pops: readonly Pop[], priceClass: PriceClass): Pop[] {
  return pops.filter((p) => priceClassIncludes(priceClass, p.pricingRegion));
}

export type ParsePopsResult = { value: Pop[]; issues?: undefined } | { value?: undefined; issues: GeoIssue[] };

const CODE = /^[A-Z]{3}[A-Z0-9-]{0,16}$/;
const FIELDS = new Set(['code', 'city', 'country', 'latitude', 'longitude', 'pricingRegion', 'awsRegion']);
/** An AWS Region code, as CloudFront's OriginShieldRegion pattern has it. */
const AWS_REGION = /^[a-z]{2}-[a-z]+-\d$/;
const REGION_IDS = PRICING_REGIONS.map((r) => r.id).join(', ');

/**
 * Validates a POP catalog (e.g. from a config file): a non-empty list of objects with a
 * unique upper-case code, a city, a known ISO country, latitude in [-90, 90], longitude in
 * [-180, 180] and a pricing region given by id or by CloudFront's name (normalized to the
 * id). Reports every problem with its path, prefixed by `basePath`.
 */
export function parsePops(input: unknown, basePath = ''): ParsePopsResult {
  if (!Array.isArray(input)) return { issues: [{ path: basePath, message: `must be a list of POPs, got ${describe(input)}` }] };
  if (input.length === 0) return { issues: [{ path: basePath, message: 'must list at least one POP' }] };
  const issues: GeoIssue[] = [];
  const value: Pop[] = [];
  const seen = new Map<string, number>();
  input.forEach((item: unknown, i) => {
    const at = (field?: string): string => (field === undefined ? pathOf(basePath, i) : pathOf(basePath, i, field));
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({ path: at(), message: `must be an object with code, city, country, latitude, longitude and pricingRegion, got ${describe(item)}` });
      return;
    }
    const rec = item as Record<string, unknown>;
    const before = issues.length;
    for (const key of Object.keys(rec)) {
      if (!FIELDS.has(key)) issues.push({ path: at(key), message: `is not a POP field (expected ${[...FIELDS].join(', ')})` });
    }
    const { code, city, country: cc, latitude, longitude, pricingRegion: region, awsRegion } = rec;
    if (typeof code !== 'string' || !CODE.test(code)) {
      issues.push({ path: at('code'), message: `must be an upper-case code starting with three letters, like "FRA" or "FRA56-P1", got ${describe(code)}` });
    } else if (seen.has(code)) {
      issues.push({ path: at('code'), message: `"${code}" is already the code of ${pathOf(basePath, seen.get(code)!)}; codes must be unique` });
    } else {
      seen.set(code, i);
    }
    if (typeof city !== 'string' || city.trim() === '') issues.push({ path: at('city'), message: `must be a non-empty string, got ${describe(city)}` });
    if (typeof cc !== 'string' || !/^[A-Z]{2}$/.test(cc) || country(cc) === undefined) {
      issues.push({ path: at('country'), message: `must be an upper-case ISO 3166-1 alpha-2 country code like "DE", got ${describe(cc)}` });
    }
    if (!isLatitude(latitude)) issues.push({ path: at('latitude'), message: `must be a number from -90 to 90, got ${describe(latitude)}` });
    if (!isLongitude(longitude)) issues.push({ path: at('longitude'), message: `must be a number from -180 to 180, got ${describe(longitude)}` });
    const info = typeof region === 'string' ? pricingRegion(region) : undefined;
    if (info === undefined) {
      issues.push({ path: at('pricingRegion'), message: `must be a CloudFront pricing region (${REGION_IDS}, or its name as on the pricing page), got ${describe(region)}` });
    }
    if (awsRegion !== undefined && (typeof awsRegion !== 'string' || !AWS_REGION.test(awsRegion))) {
      issues.push({ path: at('awsRegion'), message: `must be an AWS Region code like "us-east-1" (the Region whose Origin Shield an edge here can be), got ${describe(awsRegion)}` });
    }
    if (issues.length === before) {
      value.push({
        code: code as string,
        city: city as string,
        country: cc as string,
        latitude: latitude as number,
        longitude: longitude as number,
        pricingRegion: info!.id,
        ...(awsRegion === undefined ? {} : { awsRegion: awsRegion as string }),
      });
    }
  });
  return issues.length > 0 ? { issues } : { value };
}
