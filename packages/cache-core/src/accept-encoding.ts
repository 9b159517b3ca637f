import type { CachePolicy } from '@cachefront/config';
import { headerValue, type ViewerRequest } from './request.ts';

/**
 * Accept-Encoding normalization, as "Cache compressed objects" in the CloudFront guide
 * ("Controlling the cache key") describes it:
 * - neither gzip nor brotli caching enabled: the header is not in the key (and is
 *   forwarded only if the origin request policy says so).
 * - viewer sent no Accept-Encoding: not in the key, not in the origin request.
 * - viewer accepts enabled formats: key and origin request get `br,gzip`, `gzip` or `br`.
 * - viewer accepts none of the enabled formats: not in the key; origin gets `identity`.
 * - HTTP/1.0 requests: the header is removed ("Serving compressed files").
 * Tokens with q=0 are "not acceptable" (RFC 9110 §12.5.3) and are ignored.
 */
export interface NormalizedEncoding {
  /** Value for the cache key, or undefined when the key has no Accept-Encoding. */
  key: string | undefined;
  /** Value to send to the origin; undefined = send none (or what the ORP forwards). */
  forward: string | undefined;
  /** True when the policy handles Accept-Encoding (then an ORP cannot forward it). */
  managed: boolean;
}

const UNMANAGED: NormalizedEncoding = { key: undefined, forward: undefined, managed: false };
const ABSENT: NormalizedEncoding = { key: undefined, forward: undefined, managed: true };
const IDENTITY: NormalizedEncoding = { key: undefined, forward: 'identity', managed: true };
const BR_GZIP: NormalizedEncoding = { key: 'br,gzip', forward: 'br,gzip', managed: true };
const GZIP: NormalizedEncoding = { key: 'gzip', forward: 'gzip', managed: true };
const BR: NormalizedEncoding = { key: 'br', forward: 'br', managed: true };

export function compileAcceptEncoding(policy: CachePolicy): (req: ViewerRequest) => NormalizedEncoding {
  const params = policy.parametersInCacheKeyAndForwardedToOrigin;
  const gzipOn = params.enableAcceptEncodingGzip;
  const brOn = params.enableAcceptEncodingBrotli;
  if (!gzipOn && !brOn) return () => UNMANAGED;
  return (req) => {
    const raw = headerValue(req.headers, 'accept-encoding');
    if (raw === undefined || req.httpVersion === '1.0') return ABSENT;
    const { gzip, br } = acceptedCodings(raw);
    const useGzip = gzipOn && gzip;
    const useBr = brOn && br;
    if (useBr && useGzip) return BR_GZIP;
    if (useGzip) return GZIP;
    if (useBr) return BR;
    return IDENTITY;
  };
}

function acceptedCodings(value: string): { gzip: boolean; br: boolean } {
  let gzip = false;
  let br = false;
  for (const item of value.split(',')) {
    const [codingRaw, ...params] = item.split(';');
    const coding = codingRaw!.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'br' && coding !== 'x-gzip') continue;
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    if (coding === 'br') br = true;
    else gzip = true;
  }
  return { gzip, br };
}
