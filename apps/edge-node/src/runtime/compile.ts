import { createHash } from 'node:crypto';
import {
  HostTable,
  originSettings,
  s3BucketOf,
  resolveCachePolicy,
  resolveResponseHeadersPolicy,
  resolveOriginRequestPolicy,
  unkeyedValues,
  type CacheBehavior,
  type CachefrontConfig,
  type CachePolicy,
  type Distribution,
  type Origin,
  type OriginRequestPolicy,
} from '@cachefront/config';
import { compileBehaviors, compileCacheKey, compileOriginRequest, type CacheKeyFn, type OriginRequestFn } from '@cachefront/cache-core';
import { parsePublicKey, Verifier } from '@cachefront/signing';
import { compileFunction, keyValueStore, type CompiledFunction, type OriginModification } from '@cachefront/functions';
import { compileResponseHeadersPolicy, type ResponseHeadersRule } from '../pipeline/response-headers.ts';
import { cloudFrontHeaders, parseCidrs, type CloudFrontHeaderContext, type Cidrs } from '@cachefront/geo';
import type { KeyObject } from 'node:crypto';
import { lambdaBindings, type LambdaBinding } from './lambda.ts';
import type { OriginPools, OriginClient } from '../origin/client.ts';

/**
 * A config version compiled for serving: every per-distribution and per-behavior
 * decision that does not depend on the request is made here, once, so the hit path is
 * a map lookup, a pattern match, a key build and a cache get.
 */
export interface CompiledBehavior {
  behavior: CacheBehavior;
  label: string;
  policy: CachePolicy;
  cacheKey: CacheKeyFn;
  originRequest: OriginRequestFn;
  origin: Origin;
  client: OriginClient;
  allowed: ReadonlySet<string>;
  cachedMethods: CacheBehavior['cachedMethods'];
  /** False for CachingDisabled-style policies: nothing is stored, so nothing is collapsed. */
  cacheable: boolean;
  /** What the origin request policy forwards that the cache key leaves out (cache poisoning risk; explain warns). */
  unkeyed: string[];
  /** Authorization is in the cache key (then a response to it is stored per credential). */
  authorizationInKey: boolean;
  /** Header names sent to the origin (for filtering Vary toward the viewer). */
  forwardedHeaders: ReadonlySet<string>;
  /** Set when every viewer header is sent to the origin but these (allViewer*, allExcept). */
  allViewerHeadersExcept: ReadonlySet<string> | undefined;
  /** No policy forwards cookies: Set-Cookie is removed from responses ("Caching content based on cookies"). */
  stripSetCookie: boolean;
  /** Cookies are in the cache key or forwarded (so signing cookies must be taken out). */
  cookiesUsed: boolean;
  /** Set when the behavior has trusted key groups: signed URLs/cookies are required. */
  verifier: Verifier | undefined;
  /** The CloudFront-* headers its cache key or origin request policy uses, computed per request. */
  cloudFrontHeaders: ((ctx: CloudFrontHeaderContext) => Record<string, string>) | undefined;
  /** The cache key uses CloudFront-* headers (the viewer's own are replaced by computed ones). */
  cloudFrontInKey: boolean;
  /** Function names associated with this behavior (CloudFront Functions), by event type. */
  viewerRequestFunction: string | undefined;
  viewerResponseFunction: string | undefined;
  /** An origin group: the secondary origin and the primary's answers that fail over to it. */
  failover: { statusCodes: ReadonlySet<number>; origin: Origin; client: OriginClient; originRequest: OriginRequestFn } | undefined;
  /**
   * This behavior with the origin a viewer-request function chose (the cloudfront module's
   * origin helpers, applied in call order), or why the calls cannot be applied. Set on
   * copies made this way: the origin was chosen per request.
   */
  withOrigin(mods: readonly OriginModification[]): CompiledBehavior | string;
  originModified?: boolean;
  /** The behavior's response headers policy (pipeline/response-headers.ts), when it has one. */
  responseHeaders: ResponseHeadersRule | undefined;
  /** The behavior's real-time log config (sampling rate 1-100 and fields), when it has one. */
  realtime: { name: string; samplingRate: number; fields: string[] } | undefined;
  /** Lambda@Edge on the origin events (miss/lambda-origin.ts), by the config's lambdaFunctions. */
  lambda: { originRequest?: LambdaBinding; originResponse?: LambdaBinding };
}

export interface CompiledDistribution {
  id: string;
  domainName: string;
  config: Distribution;
  /** customErrorResponses with a responsePagePath, by error code. */
  errorPages: ReadonlyMap<number, { path: string; responseCode: number }>;
  /** Geo restriction: is a viewer from this country (undefined: unknown) refused? */
  blocks: ((country: string | undefined) => boolean) | undefined;
  select(path: string): CompiledBehavior;
  errorCachingMinTTL: ReadonlyMap<number, number>;
}

export interface CompiledConfig {
  version: number;
  /** Trusted proxies: the edge's `--trusted-proxy` plus the config's trustedProxies. */
  trusted: Cidrs;
  /** CloudFront Functions of this version, compiled (or why not), by name; filled by the worker. */
  functions: Map<string, CompiledFunction | { error: string }>;
  /** Host -> distribution: aliases (exact, then the most specific wildcard) and `<id>.cachefront.local`. */
  byHost: HostTable<CompiledDistribution>;
  distributions: CompiledDistribution[];
}

export const DOMAIN_SUFFIX = '.cachefront.local';

/** A distribution's own host name: `<id lower-case>.cachefront.local`. Cache keys start with it. */
export function distributionDomain(id: string): string {
  return `${id.toLowerCase()}${DOMAIN_SUFFIX}`;
}

/** A distribution id when the file has none: stable, CloudFront-shaped (E + 13). */
export function derivedDistributionId(d: Distribution, index: number): string {
  const seed = d.aliases.length > 0 ? d.aliases.join(',') : `distribution-${index}`;
  const hex = createHash('sha256').update(seed).digest('hex');
  return `E${BigInt(`0x${hex.slice(0, 20)}`).toString(36).toUpperCase().padStart(13, '0').slice(0, 13)}`;
}

export function compileConfig(config: CachefrontConfig, version: number, pools: OriginPools, trustedProxies: readonly string[] = []): CompiledConfig {
  const parsed = parseCidrs([...trustedProxies, ...config.trustedProxies]);
  if (parsed.issues) throw new Error(`trusted proxies: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const trusted = parsed.cidrs;
  const byHost = new HostTable<CompiledDistribution>();
  const distributions: CompiledDistribution[] = [];
  config.distributions.forEach((d, index) => {
    if (!d.enabled) return;
    const id = d.id ?? derivedDistributionId(d, index);
    const compiled = compileDistribution(config, d, id, pools);
    distributions.push(compiled);
    byHost.set(compiled.domainName, compiled);
    // Exact names, and wildcards (`*.example.com`) matched by CloudFront's rules.
    for (const alias of d.aliases) byHost.set(alias, compiled);
  });
  return { version, byHost, distributions, trusted, functions: new Map() };
}

function compileDistribution(config: CachefrontConfig, d: Distribution, id: string, pools: OriginPools): CompiledDistribution {
  const verifiers = new Map<string, Verifier>();
  const rules = new Map<string, ResponseHeadersRule>();
  // An S3 origin's requests are signed as its origin access control says (origin/s3.ts).
  const clientFor = (o: Origin) => pools.clientFor(o, o.originAccessControlId === undefined ? undefined : config.originAccessControls.find((c) => c.id === o.originAccessControlId));
  const compileOne = (behavior: CacheBehavior, label: string): CompiledBehavior => {
    // References were checked by the config parser: these lookups cannot miss.
    const policy = resolveCachePolicy(config, behavior.cachePolicyId)!;
    const orp = behavior.originRequestPolicyId === undefined ? undefined : resolveOriginRequestPolicy(config, behavior.originRequestPolicyId);
    const origin = originFor(d, behavior.targetOriginId);
    const group = d.originGroups.find((g) => g.id === behavior.targetOriginId);
    const secondary = group === undefined ? undefined : d.origins.find((o) => o.id === group.members[1]?.originId);
    const p = policy.parametersInCacheKeyAndForwardedToOrigin;
    const forwarded = new Set(p.headersConfig.headers.map((h) => h.toLowerCase()));
    if (orp && (orp.headersConfig.headerBehavior === 'whitelist' || orp.headersConfig.headerBehavior === 'allViewerAndWhitelistCloudFront')) {
      for (const h of orp.headersConfig.headers) forwarded.add(h.toLowerCase());
    }
    const cookiesForwarded = p.cookiesConfig.cookieBehavior !== 'none' || (orp !== undefined && orp.cookiesConfig.cookieBehavior !== 'none');
    const compiled: CompiledBehavior = {
      behavior,
      label,
      policy,
      cacheKey: compileCacheKey(policy),
      originRequest: compileOriginRequest(policy, orp, origin),
      origin,
      client: clientFor(origin),
      allowed: new Set(behavior.allowedMethods),
      cachedMethods: behavior.cachedMethods,
      cacheable: !(policy.maxTTL === 0 && policy.defaultTTL === 0),
      unkeyed: orp === undefined || policy.maxTTL === 0 ? [] : unkeyedValues(policy, orp),
      authorizationInKey: p.headersConfig.headerBehavior === 'whitelist' && p.headersConfig.headers.some((h) => h.toLowerCase() === 'authorization'),
      forwardedHeaders: forwarded,
      allViewerHeadersExcept: allViewerExcept(orp),
      stripSetCookie: !cookiesForwarded,
      cookiesUsed: cookiesForwarded,
      verifier: verifierFor(config, behavior.trustedKeyGroups, verifiers),
      ...cloudFrontHeadersFor(p.headersConfig.headers, orp),
      viewerRequestFunction: behavior.functionAssociations.find((a) => a.eventType === 'viewer-request')?.functionName,
      viewerResponseFunction: behavior.functionAssociations.find((a) => a.eventType === 'viewer-response')?.functionName,
      responseHeaders: responseHeadersFor(config, behavior.responseHeadersPolicyId, rules),
      realtime: behavior.realtimeLogConfigName === undefined ? undefined : config.realtimeLogConfigs.find((r) => r.name === behavior.realtimeLogConfigName),
      lambda: lambdaBindings(config, behavior),
      failover:
        group && secondary
          ? {
              statusCodes: new Set(group.failoverCriteria.statusCodes),
              origin: secondary,
              client: clientFor(secondary),
              originRequest: compileOriginRequest(policy, orp, secondary),
            }
          : undefined,
      withOrigin: (mods) => {
        const chosen = applyOriginModifications(d, compiled, mods);
        if (typeof chosen === 'string') return chosen;
        const { primary, failover } = chosen;
        return {
          ...compiled,
          origin: primary,
          client: clientFor(primary),
          originRequest: compileOriginRequest(policy, orp, primary),
          failover: failover && { statusCodes: failover.statusCodes, origin: failover.origin, client: clientFor(failover.origin), originRequest: compileOriginRequest(policy, orp, failover.origin) },
          originModified: true,
        };
      },
    };
    return compiled;
  };
  const ordered = d.cacheBehaviors.map((b) => compileOne(b, b.pathPattern));
  const fallback = compileOne(d.defaultCacheBehavior, 'default');
  const selector = compileBehaviors(d);
  const byBehavior = new Map<CacheBehavior, CompiledBehavior>(ordered.map((c) => [c.behavior, c]));
  byBehavior.set(d.defaultCacheBehavior, fallback);
  return {
    id,
    domainName: distributionDomain(id),
    config: d,
    select: (path) => byBehavior.get(selector.select(path).behavior)!,
    errorCachingMinTTL: new Map(d.customErrorResponses.map((r) => [r.errorCode, r.errorCachingMinTTL])),
    blocks: geoBlocker(d),
    errorPages: new Map(
      d.customErrorResponses.flatMap((r) => (r.responsePagePath === undefined ? [] : [[r.errorCode, { path: r.responsePagePath, responseCode: r.responseCode ?? r.errorCode }] as const])),
    ),
  };
}

/** The origin a behavior targets; for an origin group, its primary member (failover to the
 * secondary is `CompiledBehavior.failover`). */
function originFor(d: Distribution, targetOriginId: string): Origin {
  const direct = d.origins.find((o) => o.id === targetOriginId);
  if (direct) return direct;
  const group = d.originGroups.find((g) => g.id === targetOriginId);
  const primary = group?.members[0]?.originId;
  return d.origins.find((o) => o.id === primary)!;
}

/**
 * "Helper methods for origin modification", applied in call order to the behavior's origin:
 * - updateRequestOrigin: the current origin with the given fields changed (customHeaders
 *   replace the origin's custom headers; timeouts are seconds, like the origin settings);
 * - selectRequestOriginById: an origin of the distribution (an unknown id is an error);
 * - createRequestOriginGroup: two origins of the distribution as a failover group.
 * originShield and originAccessControlConfig have nothing to act on here and are ignored.
 */
export function applyOriginModifications(
  d: Distribution,
  cb: Pick<CompiledBehavior, 'origin' | 'failover'>,
  mods: readonly OriginModification[],
): { primary: Origin; failover: { origin: Origin; statusCodes: ReadonlySet<number> } | undefined } | string {
  let primary = cb.origin;
  let failover: { origin: Origin; statusCodes: ReadonlySet<number> } | undefined = cb.failover && { origin: cb.failover.origin, statusCodes: cb.failover.statusCodes };
  const byId = (id: string) => d.origins.find((o) => o.id === id);
  for (const mod of mods) {
    if (mod.type === 'select') {
      const o = byId(mod.originId);
      if (!o) return `selectRequestOriginById: no origin with id ${JSON.stringify(mod.originId)} in the distribution`;
      primary = o;
      failover = undefined;
    } else if (mod.type === 'group') {
      const [a, b] = mod.params.originIds.map(byId);
      if (!a || !b) return `createRequestOriginGroup: originIds must name two origins of the distribution`;
      primary = a;
      failover = { origin: b, statusCodes: new Set(mod.params.failoverCriteria.statusCodes) };
    } else {
      const p = mod.params;
      const c = p.customOriginConfig;
      const t = p.timeouts;
      const was = originSettings(primary);
      const protocol = c?.protocol === undefined ? was.originProtocolPolicy : c.protocol === 'https' ? 'https-only' : 'http-only';
      primary = {
        ...primary,
        domainName: p.domainName ?? primary.domainName,
        originPath: p.originPath === undefined ? primary.originPath : p.originPath.replace(/\/+$/, ''),
        customHeaders: p.customHeaders ?? primary.customHeaders,
        connectionAttempts: p.connectionAttempts ?? primary.connectionAttempts,
        connectionTimeout: t?.connectionTimeout ?? primary.connectionTimeout,
        customOriginConfig: {
          ...was,
          originProtocolPolicy: protocol,
          httpPort: c?.port !== undefined && protocol !== 'https-only' ? c.port : was.httpPort,
          httpsPort: c?.port !== undefined && protocol === 'https-only' ? c.port : was.httpsPort,
          originReadTimeout: t?.readTimeout ?? was.originReadTimeout,
          originKeepaliveTimeout: t?.keepAliveTimeout ?? was.originKeepaliveTimeout,
        },
      };
      // An S3 origin stays one (its bucket endpoint and signing) only while the function leaves
      // its connection settings alone and its domain name names a bucket; otherwise it is now a
      // custom origin, and origin access control no longer applies.
      if (primary.s3OriginConfig !== undefined && (c !== undefined || s3BucketOf(primary.domainName) === undefined)) {
        const { s3OriginConfig: _s3, originAccessControlId: _oac, ...custom } = primary;
        primary = custom;
      }
    }
  }
  return { primary, failover };
}

/**
 * One Verifier per set of trusted key groups (shared by the behaviors that trust the same
 * groups). A new config version builds new ones, so a removed key stops verifying, and
 * cached verification results never outlive the keys they were made with.
 */
function verifierFor(config: CachefrontConfig, groupIds: readonly string[], cache: Map<string, Verifier>): Verifier | undefined {
  if (groupIds.length === 0) return undefined;
  const cacheKey = [...groupIds].sort().join(',');
  const existing = cache.get(cacheKey);
  if (existing) return existing;
  const keys = new Map<string, KeyObject>();
  for (const gid of groupIds) {
    const group = config.keyGroups.find((g) => g.id === gid);
    for (const kid of group?.items ?? []) {
      const pk = config.publicKeys.find((k) => k.id === kid);
      const parsed = pk && parsePublicKey(pk.encodedKey);
      if (parsed && 'key' in parsed) keys.set(kid, parsed.key);
    }
  }
  const verifier = new Verifier({ publicKeys: (id) => keys.get(id) });
  cache.set(cacheKey, verifier);
  return verifier;
}

/**
 * "Restrict the geographic distribution of your content": an allow list serves only its
 * countries, a block list refuses its countries. A viewer whose country is unknown is
 * served either way (CloudFront: "If CloudFront can't determine the location… it serves").
 */
function geoBlocker(d: Distribution): ((country: string | undefined) => boolean) | undefined {
  const { restrictionType, items } = d.restrictions.geoRestriction;
  if (restrictionType === 'none') return undefined;
  const set = new Set(items);
  return restrictionType === 'whitelist' ? (c) => c !== undefined && !set.has(c) : (c) => c !== undefined && set.has(c);
}

/** CloudFront-* names in the cache key and those the origin request policy adds. */
function allViewerExcept(orp: OriginRequestPolicy | undefined): ReadonlySet<string> | undefined {
  const h = orp?.headersConfig;
  if (h === undefined || h.headerBehavior === 'none' || h.headerBehavior === 'whitelist') return undefined;
  return new Set(h.headerBehavior === 'allExcept' ? h.headers.map((n) => n.toLowerCase()) : []);
}

function cloudFrontHeadersFor(keyHeaders: readonly string[], orp: OriginRequestPolicy | undefined): Pick<CompiledBehavior, 'cloudFrontHeaders' | 'cloudFrontInKey'> {
  const inKey = keyHeaders.filter((h) => h.startsWith('cloudfront-'));
  const names = new Set(inKey);
  const h = orp?.headersConfig;
  if (h && (h.headerBehavior === 'whitelist' || h.headerBehavior === 'allViewerAndWhitelistCloudFront')) {
    for (const name of h.headers) if (name.toLowerCase().startsWith('cloudfront-')) names.add(name.toLowerCase());
  }
  if (names.size === 0) return { cloudFrontHeaders: undefined, cloudFrontInKey: false };
  const compute = cloudFrontHeaders([...names]);
  const lower = (ctx: CloudFrontHeaderContext) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(compute(ctx))) out[k.toLowerCase()] = v;
    return out;
  };
  return { cloudFrontHeaders: lower, cloudFrontInKey: inKey.length > 0 };
}

/** Compiles every function of the config (QuickJS contexts); a broken one answers 503 when invoked. */
export async function compileFunctions(config: CachefrontConfig): Promise<Map<string, CompiledFunction | { error: string }>> {
  const stores = new Map(config.keyValueStores.map((s) => [s.id, keyValueStore(s.data ?? {})]));
  const out = new Map<string, CompiledFunction | { error: string }>();
  for (const f of config.functions) {
    const storeId = f.keyValueStoreAssociations[0];
    const compiled = await compileFunction({
      name: f.name,
      code: f.code ?? '',
      runtime: f.runtime,
      kvs: (id) => stores.get(id ?? storeId ?? ''),
    });
    out.set(f.name, 'error' in compiled ? { error: compiled.error.message } : compiled);
  }
  return out;
}

/** One compiled rule per policy per config version (shared by the behaviors naming it). */
function responseHeadersFor(config: CachefrontConfig, ref: string | undefined, rules: Map<string, ResponseHeadersRule>): ResponseHeadersRule | undefined {
  if (ref === undefined) return undefined;
  let rule = rules.get(ref);
  if (rule === undefined) {
    // References were checked by the config parser: this lookup cannot miss.
    rule = compileResponseHeadersPolicy(resolveResponseHeadersPolicy(config, ref)!);
    rules.set(ref, rule);
  }
  return rule;
}
