// How a variant's config is made from the experiment's base: a JSON Merge Patch (RFC 7386)
// and a few shortcuts, then the test origin filled in. Pure: no I/O.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * RFC 7386 §2: objects merge key by key (recursively), `null` removes a key, anything else
 * (lists, strings, numbers, booleans) replaces what was there. Neither input is modified.
 */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** What a variant changes, in the order it is applied (see experiments/README.md). */
export interface VariantChanges {
  patch?: JsonObject;
  /** Merge-patched into the base's entry with the same id; a new id is appended. */
  cachePolicies?: JsonObject[];
  /** distributions[0].priceClass */
  priceClass?: string;
  /** distributions[0].defaultCacheBehavior.cachePolicyId */
  cachePolicy?: string;
}

/** The variant's config: base + patch, then cachePolicies by id, priceClass, cachePolicy. */
export function variantConfig(base: JsonObject, v: VariantChanges): JsonObject {
  let config = (v.patch ? mergePatch(base, v.patch) : structuredClone(base)) as JsonObject;
  if (v.cachePolicies) {
    const policies = Array.isArray(config.cachePolicies) ? [...config.cachePolicies] : [];
    for (const p of v.cachePolicies) {
      const i = policies.findIndex((q) => isObject(q) && q.id === p.id);
      if (i === -1) policies.push(structuredClone(p));
      else policies[i] = mergePatch(policies[i], p);
    }
    config = { ...config, cachePolicies: policies };
  }
  const first: JsonObject = {};
  if (v.priceClass !== undefined) first.priceClass = v.priceClass;
  if (v.cachePolicy !== undefined) first.defaultCacheBehavior = { cachePolicyId: v.cachePolicy };
  if (Object.keys(first).length > 0 && Array.isArray(config.distributions) && isObject(config.distributions[0])) {
    const distributions = [...config.distributions];
    distributions[0] = mergePatch(distributions[0], first);
    config = { ...config, distributions };
  }
  return config;
}

export const DEFAULT_ORIGIN_ID = 'origin';

/**
 * Points every distribution at the test origin on 127.0.0.1:`port`. A distribution without
 * `origins` gets one origin, id `origin`; given origins keep their other fields (originPath,
 * customHeaders, timeouts) but get domainName 127.0.0.1, httpPort `port` and http-only.
 * A behavior without `targetOriginId` targets the first origin.
 */
export function fillOrigins(config: JsonObject, port: number): JsonObject {
  if (!Array.isArray(config.distributions)) return config;
  const distributions = config.distributions.map((d) => {
    if (!isObject(d)) return d;
    const given = Array.isArray(d.origins) && d.origins.length > 0 ? d.origins : [{ id: DEFAULT_ORIGIN_ID }];
    const origins = given.map((o) =>
      isObject(o)
        ? mergePatch(o, { domainName: '127.0.0.1', customOriginConfig: { httpPort: port, originProtocolPolicy: 'http-only' } })
        : o,
    );
    const firstId = isObject(origins[0]) && typeof origins[0].id === 'string' ? origins[0].id : DEFAULT_ORIGIN_ID;
    const target = (b: Json): Json => (isObject(b) && b.targetOriginId === undefined ? { ...b, targetOriginId: firstId } : b);
    const out: JsonObject = { ...d, origins };
    out.defaultCacheBehavior = target(d.defaultCacheBehavior ?? {});
    if (Array.isArray(d.cacheBehaviors)) out.cacheBehaviors = d.cacheBehaviors.map(target);
    return out;
  });
  return { ...config, distributions };
}
