// A seeded, realistic request workload for load scenarios and cache-policy experiments:
// Zipf popularity over N objects, a mix of paths, query strings (cache-busting versions
// and tracking parameters), cookies and viewer countries. Pure (no I/O, no clock, no
// Math.random): the same options give the same requests, in the same order, everywhere.

import { mulberry32 } from '@cachefront/observe';

/**
 * Zipf(s) over ranks 1..n: P(rank k) ∝ 1 / k^s. Sampling is a binary search in the
 * cumulative distribution (built once, O(n) memory).
 */
export class Zipf {
  private readonly cdf: Float64Array;
  private readonly rand: () => number;

  constructor(n: number, s: number, rand: () => number) {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`objects must be a whole number >= 1, got ${n}`);
    if (!(s >= 0)) throw new RangeError(`the Zipf exponent must be >= 0, got ${s}`);
    this.rand = rand;
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 1; k <= n; k++) {
      sum += 1 / k ** s;
      this.cdf[k - 1] = sum;
    }
    for (let i = 0; i < n; i++) this.cdf[i]! /= sum;
  }

  /** A rank from 1 (the most popular) to n. */
  next(): number {
    const u = this.rand();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** The probability of rank k (for tests and reports). */
  probability(k: number): number {
    return this.cdf[k - 1]! - (k > 1 ? this.cdf[k - 2]! : 0);
  }
}

/** Viewer addresses that geoip-lite's bundled data places in these countries. */
export const VIEWER_ADDRESSES: Readonly<Record<string, string>> = {
  US: '8.8.8.8',
  GB: '81.2.69.142',
  DE: '46.4.0.1',
  FR: '62.210.16.6',
  JP: '133.242.1.1',
  IN: '117.192.0.1',
  BR: '200.147.67.142',
  AU: '1.1.1.1',
};

export interface WorkloadOptions {
  seed: number;
  /** How many requests. */
  requests: number;
  /** Distinct objects (ranks 1..objects). */
  objects: number;
  /** Zipf exponent (web traffic is typically 0.7-1.1); default 1.0. */
  zipf?: number;
  /** Share of requests carrying tracking parameters (utm_source, utm_campaign, fbclid); default 0.3. */
  trackingQueryShare?: number;
  /** Share of objects whose URL carries a version (?v=N, stable per object); default 0.4. */
  versionedShare?: number;
  /** Share of viewers sending a session cookie; default 0.5. */
  cookieShare?: number;
  /** Distinct viewers (sessions, each with a country); default 1,000. */
  viewers?: number;
  /** Viewer country weights (keys of VIEWER_ADDRESSES); default a global mix. */
  countries?: Readonly<Record<string, number>>;
}

export interface WorkloadRequest {
  /** 0-based position in the workload. */
  index: number;
  /** Popularity rank of the object (1 = most popular). */
  rank: number;
  method: 'GET';
  /** Path without the query, starting with '/'. */
  path: string;
  /** Query without '?' ('' for none). */
  query: string;
  /** Request headers (lower-case names): user-agent, accept-encoding, cookie when any. */
  headers: Record<string, string>;
  /** ISO country of the viewer and an address geoip places there (send it as the viewer address). */
  country: string;
  viewerAddress: string;
  /** Body bytes the origin sends for this object. */
  size: number;
}

export const DEFAULT_COUNTRIES: Readonly<Record<string, number>> = { US: 35, GB: 10, DE: 12, FR: 6, JP: 12, IN: 12, BR: 8, AU: 5 };

const KINDS = [
  { dir: 'img', ext: 'jpg', weight: 50, sizes: [8_192, 24_576, 65_536] },
  { dir: 'js', ext: 'js', weight: 20, sizes: [4_096, 16_384, 49_152] },
  { dir: 'css', ext: 'css', weight: 10, sizes: [2_048, 8_192] },
  { dir: 'page', ext: 'html', weight: 15, sizes: [6_144, 12_288] },
  { dir: 'video', ext: 'mp4', weight: 5, sizes: [262_144, 524_288] },
] as const;
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
];
const CAMPAIGNS = ['spring', 'launch', 'newsletter', 'retarget', 'partner'];
const SOURCES = ['google', 'facebook', 'twitter', 'email', 'bing'];

/** A stable hash of (seed, n) to a float in [0, 1): object and viewer properties never depend on request order. */
function hashUnit(seed: number, n: number): number {
  return mulberry32((seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0)();
}

function weighted<T extends { weight: number }>(items: readonly T[], u: number): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let x = u * total;
  for (const i of items) {
    x -= i.weight;
    if (x < 0) return i;
  }
  return items[items.length - 1]!;
}

/** The object of a rank: its path, size and version (independent of the request stream). */
export function objectOf(seed: number, rank: number, versionedShare = 0.4): { path: string; size: number; version: number | undefined } {
  const kind = weighted(KINDS, hashUnit(seed, rank * 3));
  const size = kind.sizes[Math.floor(hashUnit(seed, rank * 3 + 1) * kind.sizes.length)]!;
  const versioned = hashUnit(seed, rank * 3 + 2) < versionedShare;
  // The origin's /bytes/<n>/<anything> answers n deterministic bytes.
  return { path: `/bytes/${size}/${kind.dir}/${rank}.${kind.ext}`, size, version: versioned ? 1 + (rank % 7) : undefined };
}

/** The requests of the workload, in order. */
export function* workload(o: WorkloadOptions): Generator<WorkloadRequest> {
  const rand = mulberry32(o.seed);
  const zipf = new Zipf(o.objects, o.zipf ?? 1.0, rand);
  const viewers = o.viewers ?? 1000;
  const countries = Object.entries(o.countries ?? DEFAULT_COUNTRIES).map(([code, weight]) => {
    if (VIEWER_ADDRESSES[code] === undefined) throw new RangeError(`no viewer address for country ${code} (known: ${Object.keys(VIEWER_ADDRESSES).join(', ')})`);
    return { code, weight };
  });
  const trackingShare = o.trackingQueryShare ?? 0.3;
  const cookieShare = o.cookieShare ?? 0.5;
  for (let index = 0; index < o.requests; index++) {
    const rank = zipf.next();
    const viewer = Math.floor(rand() * viewers);
    const obj = objectOf(o.seed, rank, o.versionedShare);
    const country = weighted(countries, hashUnit(o.seed + 1, viewer)).code;
    const params: string[] = [];
    if (obj.version !== undefined) params.push(`v=${obj.version}`);
    if (rand() < trackingShare) {
      params.push(`utm_source=${SOURCES[Math.floor(rand() * SOURCES.length)]}`, `utm_campaign=${CAMPAIGNS[Math.floor(rand() * CAMPAIGNS.length)]}`);
      if (rand() < 0.3) params.push(`fbclid=${Math.floor(rand() * 1e9).toString(36)}`);
    }
    const headers: Record<string, string> = {
      'user-agent': AGENTS[viewer % AGENTS.length]!,
      'accept-encoding': 'gzip, br',
    };
    if (hashUnit(o.seed + 2, viewer) < cookieShare) headers.cookie = `session=s${viewer.toString(36)}; lang=${country === 'DE' ? 'de' : country === 'JP' ? 'ja' : 'en'}`;
    yield { index, rank, method: 'GET', path: obj.path, query: params.join('&'), headers, country, viewerAddress: VIEWER_ADDRESSES[country]!, size: obj.size };
  }
}
