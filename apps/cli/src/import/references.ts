// What an imported distribution names but the input does not define: a cache policy, an
// origin request or response headers policy, an origin access control, a key group, a
// function or a real-time log config that lives elsewhere in the AWS account (an export of
// one distribution has only ids). A config file must define what it references, so each is
// given a placeholder (when the distribution cannot do without it) or left out, and either
// way said as a warning: the user knows what to fill in.

import { resolveCachePolicy, resolveOriginRequestPolicy, resolveResponseHeadersPolicy } from '@cachefront/config';
import { isObject, joinPath, type Imported, type Raw } from './model.ts';

const functionName = (a: Raw): string | undefined =>
  typeof a.functionName === 'string' ? a.functionName : typeof a.functionARN === 'string' ? /function\/([A-Za-z0-9_-]+)$/.exec(a.functionARN)?.[1] : undefined;

export function completeReferences(imp: Imported): void {
  const c = imp.config;
  const ids = (list: Raw[]) => new Set(list.map((x) => String(x.id)));
  const cache = ids(c.cachePolicies);
  const originRequest = ids(c.originRequestPolicies);
  const responseHeaders = ids(c.responseHeadersPolicies);
  const keyGroups = ids(c.keyGroups);
  const oacs = ids(c.originAccessControls);
  const functions = new Set(c.functions.map((f) => String(f.name)));

  c.distributions.forEach((d, i) => {
    const warn = (path: string, message: string) => imp.warnings.push({ path: joinPath(imp.sources[i] ?? '', path), message });
    for (const o of Array.isArray(d.origins) ? d.origins.filter(isObject) : []) {
      const ref = o.originAccessControlId;
      if (typeof ref !== 'string' || oacs.has(ref)) continue;
      // Keeps the origin signed, as it is on CloudFront; the OAC's settings are unknown.
      c.originAccessControls.push({ id: ref, name: ref.slice(0, 64), description: 'placeholder made by cachefront import', signingBehavior: 'always' });
      oacs.add(ref);
      warn(`Origins[${String(o.id)}].OriginAccessControlId`, `origin access control '${ref}' is not in the input: a placeholder signing always (sigv4) was made; replace it with the real one (aws cloudfront get-origin-access-control-config --id ${ref})`);
    }
    const behaviors: [string, Raw][] = [];
    if (isObject(d.defaultCacheBehavior)) behaviors.push(['DefaultCacheBehavior', d.defaultCacheBehavior]);
    for (const b of Array.isArray(d.cacheBehaviors) ? d.cacheBehaviors.filter(isObject) : []) behaviors.push([`CacheBehaviors[${String(b.pathPattern)}]`, b]);
    for (const [at, b] of behaviors) {
      const cp = b.cachePolicyId;
      if (typeof cp === 'string' && !cache.has(cp) && resolveCachePolicy({ cachePolicies: [] }, cp) === undefined) {
        // A behavior needs a cache policy: CloudFront's defaults (Managed-CachingOptimized's TTLs, no key parameters) stand in.
        c.cachePolicies.push({
          id: cp,
          comment: 'placeholder made by cachefront import',
          minTTL: 1,
          defaultTTL: 86400,
          maxTTL: 31536000,
          parametersInCacheKeyAndForwardedToOrigin: { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true },
        });
        cache.add(cp);
        warn(`${at}.CachePolicyId`, `cache policy '${cp}' is not in the input: a placeholder with CachingOptimized's TTLs and no key parameters was made; replace it with the real one (aws cloudfront get-cache-policy-config --id ${cp})`);
      }
      const orp = b.originRequestPolicyId;
      if (typeof orp === 'string' && !originRequest.has(orp) && resolveOriginRequestPolicy({ originRequestPolicies: [] }, orp) === undefined) {
        delete b.originRequestPolicyId;
        warn(`${at}.OriginRequestPolicyId`, `origin request policy '${orp}' is not in the input: left out, so the origin gets only what the cache key has; add it (aws cloudfront get-origin-request-policy-config --id ${orp})`);
      }
      const rhp = b.responseHeadersPolicyId;
      if (typeof rhp === 'string' && !responseHeaders.has(rhp) && resolveResponseHeadersPolicy({ responseHeadersPolicies: [] }, rhp) === undefined) {
        delete b.responseHeadersPolicyId;
        warn(`${at}.ResponseHeadersPolicyId`, `response headers policy '${rhp}' is not in the input: left out, so no headers are added; add it (aws cloudfront get-response-headers-policy-config --id ${rhp})`);
      }
      if (Array.isArray(b.trustedKeyGroups)) {
        b.trustedKeyGroups = b.trustedKeyGroups.filter((g) => {
          if (keyGroups.has(String(g))) return true;
          warn(`${at}.TrustedKeyGroups`, `key group '${String(g)}' is not in the input: left out, so it no longer restricts viewer access; add it and its public keys`);
          return false;
        });
      }
      if (Array.isArray(b.functionAssociations)) {
        b.functionAssociations = b.functionAssociations.filter((a) => {
          const name = isObject(a) ? functionName(a) : undefined;
          if (name !== undefined && functions.has(name)) return true;
          warn(`${at}.FunctionAssociations`, `function '${name ?? JSON.stringify(a)}' is not in the input: its ${isObject(a) ? String(a.eventType) : ''} association is left out; add it under functions: with its code`);
          return false;
        });
      }
      for (const k of ['realtimeLogConfigArn', 'realtimeLogConfigName']) {
        if (b[k] === undefined) continue;
        warn(`${at}.RealtimeLogConfigArn`, `real-time log config '${String(b[k])}' is not imported: left out; add it under realtimeLogConfigs:`);
        delete b[k];
      }
    }
  });
}
