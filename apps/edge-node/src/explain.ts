import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { decideStorage, isCachedMethod, isFresh, normalizePath, currentAge, canServeWhileRevalidating } from '@cachefront/cache-core';
import type { ExplainInput, ExplainStep, Explanation } from '@cachefront/protocol';
import { EdgeError } from './errors.ts';
import type { Outcome } from './outcome.ts';
import type { EdgeRuntime } from './runtime/runtime.ts';
import type { CompiledBehavior } from './runtime/compile.ts';
import { parseTarget } from './pipeline/parse-target.ts';
import { selectDistribution } from './pipeline/select-distribution.ts';
import { applyDefaultRootObject } from './pipeline/default-root-object.ts';
import { checkMethod } from './pipeline/check-method.ts';
import { checkSignature, withoutSigningCookies } from './pipeline/check-signature.ts';
import { runViewerRequest } from './pipeline/viewer-function.ts';
import { withCloudFrontHeaders } from './pipeline/viewer-headers.ts';

/**
 * Runs a request through the same pipeline steps as the viewer handler (handler.ts), with
 * nothing sent and nothing fetched: distribution, geo restriction, behavior, method,
 * signature, viewer-request function, cache key, this worker's cache, the origin request
 * a miss would send, and the TTL rules. Functions do run (they are pure).
 */
export function explain(rt: EdgeRuntime, input: ExplainInput): Explanation {
  const method = (input.method ?? 'GET').toUpperCase();
  const viewerIp = input.viewerAddress && isIP(input.viewerAddress) ? input.viewerAddress : '127.0.0.1';
  const out: Explanation = {
    request: { url: input.url, method, viewerAddress: viewerIp },
    edge: { pop: rt.edge.pop },
    verdict: { status: 0, xCache: '', summary: '' },
    steps: [],
  };
  const step = (name: string, outcome: ExplainStep['outcome'], detail: string) => out.steps.push({ name, outcome, detail });
  const stop = (name: string, e: EdgeError, detail?: string): Explanation => {
    step(name, 'stop', detail ?? e.message.split('\n')[0]!);
    out.verdict = { status: e.status, xCache: 'Error from cachefront', summary: `${e.status}: ${detail ?? e.message.split('\n')[0]}` };
    return out;
  };

  let url: URL;
  try {
    url = new URL(input.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    return stop('request', new EdgeError('BAD_REQUEST'), `not an http(s) URL: ${input.url}`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.host ??= url.host;
  const cookiePairs = Object.entries(input.cookies ?? {}).map(([k, v]) => `${k}=${v}`);
  if (cookiePairs.length > 0) headers.cookie = [headers.cookie, ...cookiePairs].filter(Boolean).join('; ');
  const rawTarget = `${url.pathname}${url.search}`;
  const rawHeaders = Object.entries(headers).flat();
  const req = { method, url: rawTarget, headers, rawHeaders, httpVersion: '1.1', socket: { remoteAddress: viewerIp, remotePort: 0 } } as unknown as IncomingMessage;

  const target = parseTarget(rawTarget);
  if (target instanceof EdgeError) return stop('request', target);
  const dist = selectDistribution(rt.config, headers.host);
  if (dist instanceof EdgeError) return stop('distribution', dist, `no enabled distribution at this edge answers Host ${headers.host}`);
  out.distribution = { id: dist.id, domainName: dist.domainName };
  step('distribution', 'pass', `Host ${headers.host} -> ${dist.id} (${dist.domainName})`);

  const location = rt.geo.lookup(viewerIp);
  out.viewerLocation = location && { country: location.country, region: location.region, city: location.city };
  const geo = dist.config.restrictions.geoRestriction;
  if (dist.blocks?.(location?.country)) return stop('geo-restriction', new EdgeError('GEO_BLOCKED'), `${geo.restrictionType} list refuses viewers from ${location?.country}`);
  step('geo-restriction', geo.restrictionType === 'none' ? 'skip' : 'pass', geo.restrictionType === 'none' ? 'no geo restriction' : `${location?.country ?? 'unknown country'} is allowed by the ${geo.restrictionType}`);

  const path = applyDefaultRootObject(dist, target.path);
  let cb: CompiledBehavior = dist.select(normalizePath(path));
  const b = cb.behavior;
  out.behavior = { pathPattern: b.pathPattern, targetOriginId: b.targetOriginId, cachePolicyId: b.cachePolicyId, originRequestPolicyId: b.originRequestPolicyId };
  step('behavior', 'pass', `${normalizePath(path)} matches ${cb.label === 'default' ? 'the default behavior (*)' : `path pattern ${b.pathPattern}`}`);
  const denied = checkMethod(cb, method);
  if (denied) return stop('method', denied, `${method} is not in allowedMethods (${b.allowedMethods.join(', ')})`);
  step('method', 'pass', `${method} is allowed`);

  let query = target.query;
  let reqHeaders: Record<string, string | string[] | undefined> = headers;
  if (cb.verifier) {
    const signed = checkSignature(cb.verifier, req, query, rt.now());
    if (signed instanceof EdgeError) return stop('signature', signed, `signed URL or cookies required: ${signed.message.split('\n')[0]}`);
    query = signed.query;
    if (cb.cookiesUsed && headers.cookie?.includes('CloudFront-')) reqHeaders = { ...reqHeaders, cookie: withoutSigningCookies(headers.cookie) };
    step('signature', 'pass', 'the signed URL or cookies verify against a trusted key group');
  } else step('signature', 'skip', 'the behavior has no trusted key groups');

  const cloudFront = cb.cloudFrontHeaders?.({ ip: viewerIp, port: 0, location, userAgent: headers['user-agent'], protocol: url.protocol === 'https:' ? 'https' : 'http', httpVersion: '1.1' });
  if (cloudFront && cb.cloudFrontInKey) reqHeaders = withCloudFrontHeaders(reqHeaders, cloudFront);

  let finalPath = path;
  out.functions = [];
  const outcome: Outcome = { requestId: 'explain', result: 'Miss', status: 0, bytesOut: 0 };
  if (cb.viewerRequestFunction !== undefined) {
    const fn = rt.config!.functions.get(cb.viewerRequestFunction);
    const r = runViewerRequest(fn, req, dist, { path, query, viewerIp, requestId: 'explain', cloudFront }, outcome);
    const entry = { name: cb.viewerRequestFunction, eventType: 'viewer-request', computeUtilization: outcome.functionUtilization };
    if (r instanceof EdgeError) {
      out.functions.push({ ...entry, outcome: 'error', error: outcome.functionError });
      return stop('viewer-request function', r, `${cb.viewerRequestFunction} failed: ${outcome.functionError}`);
    }
    if (r.kind === 'response') {
      out.functions.push({ ...entry, outcome: `response ${r.status}` });
      step('viewer-request function', 'stop', `${cb.viewerRequestFunction} answered ${r.status} itself`);
      out.verdict = { status: r.status, xCache: 'FunctionGeneratedResponse from cachefront', summary: `${r.status} generated by ${cb.viewerRequestFunction}` };
      return out;
    }
    out.functions.push({ ...entry, outcome: r.path !== path || r.query !== query ? `request rewritten to ${r.path}${r.query ? `?${r.query}` : ''}` : 'request passed on' });
    if (r.origin.length > 0) {
      const chosen = cb.withOrigin(r.origin);
      if (typeof chosen === 'string') return stop('viewer-request function', new EdgeError('FUNCTION_EXECUTION_ERROR'), chosen);
      cb = chosen;
    }
    finalPath = r.path;
    query = r.query;
    reqHeaders = cloudFront && cb.cloudFrontInKey ? withCloudFrontHeaders(r.headers, cloudFront) : r.headers;
    step('viewer-request function', 'pass', `${cb.viewerRequestFunction}: ${out.functions[0]!.outcome}`);
  } else step('viewer-request function', 'skip', 'none associated');
  if (cb.viewerResponseFunction !== undefined) out.functions.push({ name: cb.viewerResponseFunction, eventType: 'viewer-response', outcome: 'runs on the response unless its status is 400 or above' });

  const viewer = { method, path: finalPath, query, headers: reqHeaders, httpVersion: '1.1' };
  const { key, encoding } = cb.cacheKey(dist.domainName, viewer);
  out.cacheKey = key;
  step('cache key', 'pass', key.replace(/\n/g, ' | '));

  const policy = cb.policy;
  out.ttl = { minTTL: policy.minTTL, defaultTTL: policy.defaultTTL, maxTTL: policy.maxTTL, rule: ttlRule(cb) };
  const plan = cb.originRequest(viewer, { viewerIp, encoding, requestId: 'explain', via: rt.edge.via, cloudFrontHeaders: cloudFront });
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(plan.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  out.originRequest = { origin: cb.client.origin, method: isCachedMethod(method, cb.cachedMethods) && method === 'HEAD' ? 'GET' : method, path: plan.path, headers: flat };

  const cacheable = cb.cacheable && isCachedMethod(method, cb.cachedMethods);
  const obj = cacheable ? rt.store.get(key) : undefined;
  const now = rt.now();
  let state: 'fresh' | 'stale' | 'absent' = 'absent';
  if (obj) {
    const age = currentAge(obj.meta, now);
    const decision = decideStorage({ policy, method: 'GET', cachedMethods: cb.cachedMethods, status: obj.meta.status, headers: obj.meta.headers, now: obj.meta.storedAt, errorCachingMinTTL: dist.errorCachingMinTTL.get(obj.meta.status) });
    out.ttl.stored = { ttl: obj.meta.ttl, age: Math.floor(age), expiresIn: Math.round(obj.meta.ttl - age), source: decision.store ? decision.source : 'unknown' };
    state = isFresh(obj.meta, now) ? 'fresh' : 'stale';
  }
  const wouldHit = state === 'fresh' || (obj !== undefined && canServeWhileRevalidating(obj.meta, now));
  out.cache = { state, wouldHit, workers: { cached: obj ? 1 : 0, total: 1 } };
  if (!cacheable) step('cache', 'skip', cb.cacheable ? `${method} responses are not cached (cachedMethods ${cb.cachedMethods.join(', ')})` : 'the cache policy disables caching (TTLs 0)');
  else step('cache', 'pass', obj ? `stored ${Math.floor(currentAge(obj.meta, now))} s ago (age), ${state}` : 'not in this edge\'s cache');
  step('origin request', wouldHit ? 'skip' : 'pass', wouldHit ? 'not needed: served from cache' : `${out.originRequest.method} ${cb.client.origin}${plan.path}`);
  out.verdict = wouldHit
    ? { status: obj!.meta.status, xCache: 'Hit from cachefront', summary: `${obj!.meta.status} from the cache (${state})` }
    : { status: 0, xCache: 'Miss from cachefront', summary: `would go to the origin ${cb.client.origin}${cb.failover ? ` (failover to ${cb.failover.client.origin})` : ''}` };
  return out;
}

/** How a response's TTL would be chosen under this behavior's cache policy (CloudFront's table). */
function ttlRule(cb: CompiledBehavior): string {
  const p = cb.policy;
  if (!cb.cacheable) return 'caching disabled: min/default/max TTL are 0, nothing is stored';
  return `Cache-Control s-maxage/max-age or Expires from the origin, clamped to [minTTL ${p.minTTL} s, maxTTL ${p.maxTTL} s]; without them defaultTTL ${p.defaultTTL} s; no-store/private are honoured only when minTTL is 0`;
}
