import type { CachePolicy } from '@cachefront/config';
import { compileAcceptEncoding, type NormalizedEncoding } from './accept-encoding.ts';
import { headerValue, parseCookies, splitQuery, type ViewerRequest } from './request.ts';

/**
 * The cache key ("Understanding the cache key", CloudFront guide): by default the
 * distribution's domain name and the URL path; plus the query strings, headers and
 * cookies the cache policy names, and the normalized Accept-Encoding.
 *
 * Decisions where the guide is silent:
 * - query parameters keep the viewer's order (CloudFront caches `a=1&b=2` and `b=2&a=1`
 *   separately: "Caching content based on query string parameters");
 * - cookies are sorted by name, headers by (lower-case) name;
 * - OPTIONS responses, when cached, get their own key (they are not GET bodies).
 *
 * Parts are joined with characters that cannot appear in a request line or header
 * value (LF, 0x01), so two different requests can never produce the same key.
 */
export interface CacheKeyResult {
  key: string;
  encoding: NormalizedEncoding;
}

export type CacheKeyFn = (host: string, req: ViewerRequest) => CacheKeyResult;

const SEP = '\n';
const ITEM = '\u0001';

export function compileCacheKey(policy: CachePolicy): CacheKeyFn {
  const p = policy.parametersInCacheKeyAndForwardedToOrigin;
  const queryPart = compileQueryPart(p.queryStringsConfig.queryStringBehavior, p.queryStringsConfig.queryStrings);
  const cookiePart = compileCookiePart(p.cookiesConfig.cookieBehavior, p.cookiesConfig.cookies);
  const headerNames = p.headersConfig.headerBehavior === 'whitelist' ? [...p.headersConfig.headers].map((h) => h.toLowerCase()).sort() : [];
  const encoding = compileAcceptEncoding(policy);

  return (host, req) => {
    const enc = encoding(req);
    let key = host + SEP + (req.method === 'OPTIONS' ? 'OPTIONS ' : '') + req.path + SEP + queryPart(req.query);
    if (headerNames.length > 0) {
      key += SEP;
      for (const name of headerNames) {
        const v = headerValue(req.headers, name);
        if (v !== undefined) key += name + ':' + v + ITEM;
      }
    }
    if (cookiePart) key += SEP + cookiePart(req);
    if (enc.key !== undefined) key += SEP + 'ae:' + enc.key;
    return { key, encoding: enc };
  };
}

/**
 * The distribution host, path and cache-key query string of a key made by
 * compileCacheKey (for invalidation). The path of an OPTIONS entry is its own path.
 */
export function cacheKeyTarget(key: string): { host: string; path: string; query: string } {
  const a = key.indexOf(SEP);
  const b = key.indexOf(SEP, a + 1);
  let c = key.indexOf(SEP, b + 1);
  if (c === -1) c = key.length;
  let path = key.slice(a + 1, b);
  if (path.startsWith('OPTIONS ')) path = path.slice(8);
  return { host: key.slice(0, a), path, query: key.slice(b + 1, c) };
}

type Behavior = 'none' | 'whitelist' | 'allExcept' | 'all';

function compileQueryPart(behavior: Behavior, names: string[]): (query: string) => string {
  switch (behavior) {
    case 'none':
      return () => '';
    case 'all':
      return (q) => q;
    case 'whitelist':
    case 'allExcept': {
      const set = new Set(names);
      const keep = behavior === 'whitelist';
      return (q) => {
        if (q === '') return '';
        return splitQuery(q)
          .filter((p) => set.has(p.name) === keep)
          .map((p) => p.pair)
          .join('&');
      };
    }
  }
}

function compileCookiePart(behavior: Behavior, names: string[]): ((req: ViewerRequest) => string) | undefined {
  if (behavior === 'none') return undefined;
  const set = new Set(names);
  const include = (name: string) => (behavior === 'all' ? true : behavior === 'whitelist' ? set.has(name) : !set.has(name));
  return (req) => {
    const cookies = parseCookies(req.headers).filter(([name]) => include(name));
    cookies.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return cookies.map(([n, v]) => n + '=' + v + ITEM).join('');
  };
}
