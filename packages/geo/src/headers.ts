// CloudFront-* request headers ("Adding CloudFront request headers"): which exist, which
// policy may name them, and their values for one viewer request. Names compile once per
// policy (`cloudFrontHeaders`); the per-request function only fills values.
import { deviceFlags, type DeviceFlags } from './device.ts';
import type { ViewerLocation } from './location.ts';

/** The CloudFront-* headers cachefront can produce, in CloudFront's spelling. */
export const CLOUDFRONT_HEADERS = [
  'CloudFront-Viewer-Address',
  'CloudFront-Viewer-Country',
  'CloudFront-Viewer-Country-Name',
  'CloudFront-Viewer-Country-Region',
  'CloudFront-Viewer-Country-Region-Name',
  'CloudFront-Viewer-City',
  'CloudFront-Viewer-Postal-Code',
  'CloudFront-Viewer-Time-Zone',
  'CloudFront-Viewer-Latitude',
  'CloudFront-Viewer-Longitude',
  'CloudFront-Viewer-Metro-Code',
  'CloudFront-Is-Mobile-Viewer',
  'CloudFront-Is-Tablet-Viewer',
  'CloudFront-Is-Desktop-Viewer',
  'CloudFront-Is-SmartTV-Viewer',
  'CloudFront-Is-IOS-Viewer',
  'CloudFront-Is-Android-Viewer',
  'CloudFront-Forwarded-Proto',
  'CloudFront-Viewer-Http-Version',
] as const;

export type CloudFrontHeaderName = (typeof CLOUDFRONT_HEADERS)[number];

/**
 * Documented CloudFront-* headers that only an origin request policy may name. Each has its
 * own note on "Adding CloudFront request headers": "CloudFront-Viewer-Address and
 * CloudFront-Viewer-ASN can be added in an origin request policy, but not in a cache
 * policy", and the same for CloudFront-Viewer-JA3-Fingerprint and CloudFront-Viewer-TLS.
 * CloudFront-Viewer-JA4-Fingerprint (newer than that text) is treated like JA3.
 */
export const ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS = [
  'CloudFront-Viewer-Address',
  'CloudFront-Viewer-ASN',
  'CloudFront-Viewer-JA3-Fingerprint',
  'CloudFront-Viewer-JA4-Fingerprint',
  'CloudFront-Viewer-TLS',
] as const;

/** Documented CloudFront-* headers a cache policy may name (an origin request policy may too). */
export const CACHE_POLICY_CLOUDFRONT_HEADERS = [
  ...CLOUDFRONT_HEADERS.filter((h) => h !== 'CloudFront-Viewer-Address'),
  'CloudFront-Viewer-Header-Order',
  'CloudFront-Viewer-Header-Count',
] as const;

export type PolicyKind = 'cache' | 'origin-request';

const BY_LOWER = new Map<string, CloudFrontHeaderName>(CLOUDFRONT_HEADERS.map((h) => [h.toLowerCase(), h]));
const ORIGIN_ONLY = new Set<string>(ORIGIN_REQUEST_ONLY_CLOUDFRONT_HEADERS.map((h) => h.toLowerCase()));
const CACHE_OK = new Set<string>(CACHE_POLICY_CLOUDFRONT_HEADERS.map((h) => h.toLowerCase()));

/** Whether CloudFront accepts the header `name` (any case) in a policy of `kind`. */
export function allowedInPolicy(name: string, kind: PolicyKind): boolean {
  const n = name.toLowerCase();
  return kind === 'cache' ? CACHE_OK.has(n) : CACHE_OK.has(n) || ORIGIN_ONLY.has(n);
}

export interface CloudFrontHeaderContext {
  /** The viewer's address (viewerAddress()), IPv4 or IPv6 without brackets. */
  ip: string;
  /** The viewer's source port. */
  port?: number;
  location?: ViewerLocation;
  userAgent?: string;
  protocol: 'http' | 'https';
  /** As node reports it: '1.0', '1.1', '2.0' ('2' and '3' are accepted too). */
  httpVersion: string;
}

/**
 * "For non-ASCII characters in these headers' values, CloudFront percent-encodes the
 * character according to section 1.2 of RFC 3986" ("Headers for determining the viewer's
 * location"): each UTF-8 byte of a non-ASCII character becomes %XX (upper-case hex, RFC
 * 3986 §2.1); ASCII, spaces included, stays as it is ("Ann Arbor", "United States"). ASCII
 * control characters are encoded the same way so a value can never break the header.
 */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp <= 0x7e) out += ch;
    else for (const byte of ENCODER.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
const ENCODER = new TextEncoder();

/**
 * Latitude and longitude: the page says only "approximate latitude"; real CloudFront
 * values carry five decimals ("42.30680", "-83.70590"), so they are formatted that way.
 */
export function formatCoordinate(n: number): string {
  const s = n.toFixed(5);
  return s === '-0.00000' ? '0.00000' : s;
}

/** '2' -> '2.0', '1.1' -> '1.1'; CloudFront sends "1.0", "1.1", "2.0" or "3.0". */
function httpVersion(v: string): string | undefined {
  if (/^\d$/.test(v)) return `${v}.0`;
  return /^\d\.\d$/.test(v) ? v : undefined;
}

function bool(b: boolean): string {
  return b ? 'true' : 'false';
}

type Getter = (ctx: CloudFrontHeaderContext, device: () => DeviceFlags) => string | undefined;

const text = (s: string | undefined): string | undefined => (s === undefined || s === '' ? undefined : encodeHeaderValue(s));

const GETTERS: Record<CloudFrontHeaderName, Getter> = {
  // "For example, a header value of 198.51.100.10:46532 means the viewer's IP address is
  // 198.51.100.10 and the request source port is 46532." IPv6 the same way, unbracketed.
  'CloudFront-Viewer-Address': (c) => (c.ip !== '' && c.port !== undefined && Number.isInteger(c.port) ? `${c.ip}:${c.port}` : undefined),
  'CloudFront-Viewer-Country': (c) => text(c.location?.country),
  'CloudFront-Viewer-Country-Name': (c) => text(c.location?.countryName),
  'CloudFront-Viewer-Country-Region': (c) => text(c.location?.region),
  'CloudFront-Viewer-Country-Region-Name': (c) => text(c.location?.regionName),
  'CloudFront-Viewer-City': (c) => text(c.location?.city),
  'CloudFront-Viewer-Postal-Code': (c) => text(c.location?.postalCode),
  'CloudFront-Viewer-Time-Zone': (c) => text(c.location?.timeZone),
  'CloudFront-Viewer-Latitude': (c) => (c.location?.latitude === undefined ? undefined : formatCoordinate(c.location.latitude)),
  'CloudFront-Viewer-Longitude': (c) => (c.location?.longitude === undefined ? undefined : formatCoordinate(c.location.longitude)),
  // "This is present only when the viewer is in the United States."
  'CloudFront-Viewer-Metro-Code': (c) =>
    c.location?.country === 'US' && c.location.metroCode !== undefined ? String(c.location.metroCode) : undefined,
  'CloudFront-Is-Mobile-Viewer': (_c, d) => bool(d().isMobile),
  'CloudFront-Is-Tablet-Viewer': (_c, d) => bool(d().isTablet),
  'CloudFront-Is-Desktop-Viewer': (_c, d) => bool(d().isDesktop),
  'CloudFront-Is-SmartTV-Viewer': (_c, d) => bool(d().isSmartTV),
  'CloudFront-Is-IOS-Viewer': (_c, d) => bool(d().isIOS),
  'CloudFront-Is-Android-Viewer': (_c, d) => bool(d().isAndroid),
  // "Contains the protocol of the viewer's request (HTTP or HTTPS)"; sent lower case.
  'CloudFront-Forwarded-Proto': (c) => (c.protocol === 'https' || c.protocol === 'http' ? c.protocol : undefined),
  'CloudFront-Viewer-Http-Version': (c) => httpVersion(c.httpVersion),
};

function deviceOnce(ctx: CloudFrontHeaderContext): () => DeviceFlags {
  let flags: DeviceFlags | undefined;
  return () => (flags ??= deviceFlags(ctx.userAgent));
}

/**
 * The value of one CloudFront-* header (name in any case) for this request, or undefined
 * when CloudFront would leave the header out: the value is unknown (no location, no city
 * data...) or cachefront cannot produce the header (ASN, JA3/JA4, TLS...).
 */
export function cloudFrontHeaderValue(name: string, ctx: CloudFrontHeaderContext): string | undefined {
  const canonical = BY_LOWER.get(name.toLowerCase());
  return canonical === undefined ? undefined : GETTERS[canonical](ctx, deviceOnce(ctx));
}

export interface CloudFrontHeadersOptions {
  /** 'cache' drops the origin-request-only headers (CloudFront-Viewer-Address). Default 'origin-request'. */
  policy?: PolicyKind;
}

/**
 * Compiles the header names a policy lists (any case; other headers and unsupported
 * CloudFront-* names are ignored, duplicates collapse) into a function giving, per request,
 * the CloudFront-* headers to add, keyed by CloudFront's spelling. Unknown values are
 * omitted. The User-Agent is classified at most once per call.
 */
export function cloudFrontHeaders(
  names: readonly string[],
  options: CloudFrontHeadersOptions = {},
): (ctx: CloudFrontHeaderContext) => Record<string, string> {
  const policy = options.policy ?? 'origin-request';
  const wanted: CloudFrontHeaderName[] = [];
  for (const name of names) {
    const canonical = BY_LOWER.get(name.toLowerCase());
    if (canonical === undefined || wanted.includes(canonical)) continue;
    if (!allowedInPolicy(canonical, policy)) continue;
    wanted.push(canonical);
  }
  const steps = wanted.map((name) => [name, GETTERS[name]] as const);
  return (ctx) => {
    const device = deviceOnce(ctx);
    const out: Record<string, string> = {};
    for (const [name, get] of steps) {
      const value = get(ctx, device);
      if (value !== undefined) out[name] = value;
    }
    return out;
  };
}
