// @cachefront/geo: viewer location, viewer address, device type, CloudFront-* request
// headers, the POP catalog with price classes, and nearest-POP selection.

export { createGeo, type Geo, type GeoOptions } from './geo.ts';
export { bundledDataDir, type GeoMode } from './geoip-loader.ts';
export { GeoDataError, type GeoErrorCode } from './errors.ts';
export { toViewerLocation, type ViewerLocation } from './location.ts';
export { COUNTRIES, country, type Country } from './countries.ts';
export { regionName } from './regions.ts';
export { normalizeIp, isPublicIp, ipFamily, type IpFamily } from './ip.ts';
export { parseCidrs, type Cidr, type Cidrs, type ParseCidrsResult } from './cidrs.ts';
export { viewerAddress, forwardedEntryAddress } from './viewer-address.ts';
export { deviceFlags, type DeviceFlags } from './device.ts';
export {
  CLOUDFRONT_HEADERS,
  CACHE_POLICY_CLOUDFRONT_HEADERS,
  ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS,
  allowedInPolicy,
  cloudFrontHeaderValue,
  cloudFrontHeaders,
  encodeHeaderValue,
  formatCoordinate,
  type CloudFrontHeaderContext,
  type CloudFrontHeaderName,
  type CloudFrontHeadersOptions,
  type PolicyKind,
} from './headers.ts';
export {
  PRICE_CLASSES,
  PRICING_REGIONS,
  pricingRegion,
  priceClassIncludes,
  type PriceClass,
  type PricingRegion,
  type PricingRegionInfo,
} from './pricing.ts';
export { DEFAULT_POPS, parsePops, popsInPriceClass, type ParsePopsResult, type Pop } from './pops.ts';
export { EARTH_RADIUS_KM, greatCircleKm, nearestPop, viewerPoint, type LatLon } from './nearest.ts';
export type { GeoIssue } from './issues.ts';
