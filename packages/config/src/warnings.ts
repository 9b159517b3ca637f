// Valid configs that are probably mistakes: warned about (config load, the control plane's
// answers, explain, the dashboard), never refused, since CloudFront accepts them.

import { resolveCachePolicy, resolveOriginRequestPolicy } from './managed.ts';
import type { CacheBehavior, CachefrontConfig, CachePolicy, Issue, OriginRequestPolicy } from './types.ts';

/**
 * Request headers that commonly change what an origin answers (the host it builds links
 * for, the method it runs, the URL it routes) without being part of any cache key by
 * default: named when a policy forwards "all viewer headers".
 */
export const RISKY_UNKEYED_HEADERS = [
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-scheme',
  'forwarded',
  'x-host',
  'x-original-url',
  'x-rewrite-url',
  'x-http-method',
  'x-http-method-override',
  'x-method-override',
] as const;

/**
 * Cache poisoning by configuration: a cached behavior whose origin request policy forwards
 * headers, cookies or query strings that its cache policy leaves out of the key. The origin
 * may answer differently for them, and that answer is then cached for every viewer (one
 * viewer's `X-Forwarded-Host` reaches all). CloudFront allows it ("Understand the origin
 * request policy": values forwarded but not in the key are not part of the cache key), so
 * it is a warning with the behavior's path, naming what is forwarded unkeyed.
 */
export function configWarnings(config: CachefrontConfig): Issue[] {
  const warnings: Issue[] = [];
  config.distributions.forEach((d, i) => {
    const behaviors: [string, CacheBehavior][] = [[`distributions[${i}].defaultCacheBehavior`, d.defaultCacheBehavior], ...d.cacheBehaviors.map((b, j): [string, CacheBehavior] => [`distributions[${i}].cacheBehaviors[${j}]`, b])];
    for (const [path, b] of behaviors) {
      if (b.originRequestPolicyId === undefined) continue;
      const cache = resolveCachePolicy(config, b.cachePolicyId);
      const origin = resolveOriginRequestPolicy(config, b.originRequestPolicyId);
      if (cache === undefined || origin === undefined || cache.maxTTL === 0) continue; // nothing is stored
      const unkeyed = unkeyedValues(cache, origin);
      if (unkeyed.length === 0) continue;
      warnings.push({
        path: `${path}.originRequestPolicyId`,
        message: `origin request policy ${origin.name} forwards ${unkeyed.join('; ')}, which cache policy ${cache.name} leaves out of the cache key: a response that depends on them is cached for every viewer (cache poisoning). Put them in the cache policy, or forward less`,
      });
    }
  });
  return warnings;
}

/** What the origin request policy forwards that the cache key does not hold, described. */
export function unkeyedValues(cache: CachePolicy, origin: OriginRequestPolicy): string[] {
  const key = cache.parametersInCacheKeyAndForwardedToOrigin;
  const out: string[] = [];
  const keyHeaders = new Set(key.headersConfig.headerBehavior === 'whitelist' ? key.headersConfig.headers : []);
  const h = origin.headersConfig;
  if (h.headerBehavior === 'whitelist') {
    const extra = h.headers.filter((n) => !keyHeaders.has(n));
    if (extra.length > 0) out.push(`headers ${extra.join(', ')}`);
  } else if (h.headerBehavior !== 'none') {
    const except = new Set(h.headerBehavior === 'allExcept' ? h.headers : []);
    const named = RISKY_UNKEYED_HEADERS.filter((n) => !keyHeaders.has(n) && !except.has(n));
    out.push(`all viewer headers${except.size > 0 ? ` except ${[...except].join(', ')}` : ''} (among them ${named.join(', ')})`);
  }
  const cookies = unkeyed('cookies', key.cookiesConfig.cookieBehavior, key.cookiesConfig.cookies, origin.cookiesConfig.cookieBehavior, origin.cookiesConfig.cookies);
  if (cookies) out.push(cookies);
  const query = unkeyed('query strings', key.queryStringsConfig.queryStringBehavior, key.queryStringsConfig.queryStrings, origin.queryStringsConfig.queryStringBehavior, origin.queryStringsConfig.queryStrings);
  if (query) out.push(query);
  return out;
}

/** Cookies or query strings forwarded (`to`) beyond the key (`key`), described; undefined when none. */
function unkeyed(what: string, keyBehavior: string, keyNames: readonly string[], toBehavior: string, toNames: readonly string[]): string | undefined {
  if (toBehavior === 'none' || keyBehavior === 'all') return undefined;
  const inKey = (name: string) => (keyBehavior === 'whitelist' ? keyNames.includes(name) : keyBehavior === 'allExcept' ? !keyNames.includes(name) : false);
  if (toBehavior === 'whitelist') {
    const extra = toNames.filter((n) => !inKey(n));
    return extra.length > 0 ? `${what} ${extra.join(', ')}` : undefined;
  }
  // all / allExcept forwarded, with a key narrower than all.
  return `all ${what}${toBehavior === 'allExcept' && toNames.length > 0 ? ` except ${toNames.join(', ')}` : ''}${keyBehavior === 'whitelist' && keyNames.length > 0 ? ` beyond ${keyNames.join(', ')}` : ''}`;
}
