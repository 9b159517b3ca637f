import type { IncomingHttpHeaders } from 'node:http';
import { normalizePath, type NormalizedEncoding, type ViewerRequest } from '@cachefront/cache-core';
import { EdgeError } from '../errors.ts';
import type { Outcome } from '../outcome.ts';
import type { CompiledBehavior, CompiledDistribution } from '../runtime/compile.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { classifyTierRequest, TIER_HOP_HEADER } from '../runtime/tier.ts';
import { applyDefaultRootObject } from './default-root-object.ts';
import { checkMethod } from './check-method.ts';
import { checkSignature, withoutSigningCookies } from './check-signature.ts';
import type { RequestHead } from './context.ts';
import { parseTarget } from './parse-target.ts';
import { requestHost } from './host.ts';
import { selectDistribution } from './select-distribution.ts';
import { childRequest, childView, type ChildRequest } from './tier-request.ts';
import type { Trace } from './trace.ts';
import { Viewer } from './viewer.ts';
import { functionError, runViewerRequest, viewerResponseTransform, type FunctionReport, type FunctionView, type ResponseTransform } from './viewer-function.ts';
import { withCloudFrontHeaders } from './viewer-headers.ts';

/** A request the edge serves from its cache or the origin: everything the steps decided. */
export interface PlannedRequest {
  viewer: ViewerRequest;
  /** The host the request is for (host.ts): what selected the distribution. */
  host: string | undefined;
  dist: CompiledDistribution;
  /** The matched behavior, with a viewer-request function's origin changes applied. */
  cb: CompiledBehavior;
  key: string;
  encodingForward: NormalizedEncoding;
  /** The viewer's address and (lazily) location. */
  client: Viewer;
  /** CloudFront-* headers computed for this request, when the behavior uses any. */
  cloudFront: Record<string, string> | undefined;
  /** The behavior's viewer-response function, applied to the status and headers sent. */
  viewerResponse: ResponseTransform | undefined;
}

/**
 * What a viewer request becomes (DESIGN "A viewer request at the edge", steps 1-7):
 * - `refuse`: an error response; `page` when a custom error response replaces it;
 * - `generated`: a viewer-request function answered itself;
 * - `serve`: from the cache or the origin (`request`).
 * `dist`, `behavior` (as matched, for logs) and `client` are set as far as the steps got.
 */
export type Plan = { dist?: CompiledDistribution; behavior?: CompiledBehavior; client?: Viewer; host?: string } & (
  | { kind: 'refuse'; error: EdgeError; page?: { path: string; responseCode: number } }
  | { kind: 'generated'; status: number; headers: Record<string, string[]>; body: Buffer }
  | { kind: 'serve'; request: PlannedRequest }
  /** viewerProtocolPolicy redirect-to-https: a GET or HEAD over HTTP gets a 301 to this URL. */
  | { kind: 'redirect'; location: string }
  /** A CORS preflight the behavior's response headers policy answers at the edge: 200 with these headers. */
  | { kind: 'preflight'; headers: string[] }
  /** `pure` was asked and a viewer function would run: nothing was run. */
  | { kind: 'function' }
);

export interface PlanInput {
  req: RequestHead;
  /** Filled in as the steps decide (distribution, behavior, function results). */
  outcome: Outcome;
  protocol: 'http' | 'https';
  /** The viewer's address when it is given, not read from the socket (explain). */
  viewerAddress?: string;
  /** Records every step for explain; without one, function runs are counted in the metrics. */
  trace?: Trace;
  /** Stop with `function` before a viewer function would run (the fast path, fast/front.ts). */
  pure?: boolean;
}

const firstLine = (e: EdgeError) => e.message.split('\n')[0]!;

/**
 * The one decision of what a request becomes, made once for the worker's handler
 * (handler.ts acts on it) and for explain (explain.ts prints its trace). It sends and
 * fetches nothing; a viewer-request function does run (functions are pure).
 */
export function planRequest(rt: EdgeRuntime, input: PlanInput): Plan {
  const { req, outcome, trace } = input;
  // Tiers: a child edge's request skips the viewer-only steps it already made (tier-request.ts).
  let child: ChildRequest | undefined;
  const hop = req.headers[TIER_HOP_HEADER];
  if (hop !== undefined) {
    const tier = classifyTierRequest(hop, req.headers.via, req.socket.remoteAddress ?? '', { ...rt.tier, via: rt.edge.via });
    outcome.tierHop = tier.hop;
    if (tier.kind === 'refused') return refuse(trace, 'tier', new EdgeError(tier.code));
    outcome.fromChild = true;
    child = childRequest(req.headers);
  }
  const target = parseTarget(req.url ?? '/');
  if (target instanceof EdgeError) return refuse(trace, 'request', target);
  const host = requestHost(req, target.authority);
  if (host instanceof EdgeError) return refuse(trace, 'request', host, 'more than one Host header, none in an HTTP/1.1 request (RFC 9112 §3.2), or Transfer-Encoding in HTTP/1.0 (§6.1)');
  const found = selectDistribution(rt.config, host);
  if (found instanceof EdgeError) return refuse(trace, 'distribution', found, `no enabled distribution at this edge answers Host ${host}`);
  const dist = child ? childView(found) : found;
  outcome.distributionId = dist.id;
  trace?.pass('distribution', `Host ${host} -> ${dist.id} (${dist.domainName})`);
  const client = new Viewer(req, rt, rt.config!.trusted, child?.viewerIp ?? input.viewerAddress);

  // Geo restriction is distribution-wide (DESIGN step 3); an unknown location is served.
  if (!child && dist.blocks?.(client.location?.country)) {
    const blocked = refuse(trace, 'geo-restriction', new EdgeError('GEO_BLOCKED'), `${dist.config.restrictions.geoRestriction.restrictionType} list refuses viewers from ${client.location?.country}`);
    const page = dist.errorPages.get(403);
    return { ...blocked, dist, client, ...(host === undefined ? {} : { host }), ...(page ? { page } : {}) };
  }
  if (trace) traceGeo(trace, dist, client);

  const path = applyDefaultRootObject(dist, target.path);
  // Behaviors match the RFC 3986-normalized path; the origin gets the raw one (CloudFront).
  const normalized = normalizePath(path);
  if (normalized === undefined) return { ...refuse(trace, 'behavior', new EdgeError('BAD_REQUEST'), `${path} resolves differently at different origins (an empty segment next to a dot segment)`), dist, client };
  const matched = dist.select(normalized); // first matching path pattern, default last
  let cb = matched;
  outcome.behavior = cb.label;
  trace?.pass('behavior', `${normalized} matches ${cb.label === 'default' ? 'the default behavior (*)' : `path pattern ${cb.behavior.pathPattern}`}`);
  const method = req.method ?? 'GET';
  // viewerProtocolPolicy ("Require HTTPS for communication between viewers and CloudFront"):
  // over HTTP, redirect-to-https answers GET and HEAD with a 301 to the HTTPS URL and other
  // methods with a 403 (CloudFront does not redirect them), https-only answers 403.
  const vpp = cb.behavior.viewerProtocolPolicy;
  if (input.protocol === 'http' && vpp !== 'allow-all' && !child) {
    if (vpp === 'redirect-to-https' && (method === 'GET' || method === 'HEAD')) {
      const location = httpsUrl(host, rt.httpsPort, target.path, req.url ?? '/');
      trace?.stop('viewer protocol', `redirect-to-https: 301 to ${location}`);
      return { kind: 'redirect', location, ...where(dist, matched, client) };
    }
    return { ...refuse(trace, 'viewer protocol', new EdgeError('HTTPS_REQUIRED'), `${vpp}: ${method} over HTTP is refused (403)`), ...where(dist, matched, client) };
  }
  if (input.protocol === 'http') trace?.pass('viewer protocol', vpp === 'allow-all' ? 'allow-all: HTTP is allowed' : 'a child tier\'s request');
  else trace?.pass('viewer protocol', 'HTTPS');
  const denied = checkMethod(cb, method);
  if (denied) return { ...refuse(trace, 'method', denied, `${method} is not in allowedMethods (${cb.behavior.allowedMethods.join(', ')})`), ...where(dist, matched, client) };
  trace?.pass('method', `${method} is allowed`);
  // A CORS preflight, when the behavior's response headers policy has a CORS config: answered
  // here, before any signature check (a browser sends no credentials with a preflight).
  const preflight = child ? undefined : cb.responseHeaders?.preflight(method, req.headers);
  if (preflight) {
    trace?.stop('response headers policy', `CORS preflight answered at the edge (${cb.responseHeaders!.policy.name})`);
    return { kind: 'preflight', headers: preflight, ...where(dist, matched, client) };
  }

  let query = target.query;
  // HTTP/2's pseudo-headers (:method, :path, :authority, :scheme) are not header fields.
  let headers = child ? child.headers : req.httpVersion === '2.0' ? withoutPseudoHeaders(req.headers) : req.headers;
  if (cb.verifier && !child) {
    // The policy's resource is matched against the URL with the path the behavior was
    // chosen by (never the raw one, which could name another path), and IpAddress against
    // the viewer's address (geo's and the logs' too).
    const scheme = target.authority !== undefined && /^https:/i.test(req.url!) ? 'https' : 'http';
    const url = `${scheme}://${host ?? ''}${normalized}${target.query === '' && !(req.url ?? '').includes('?') ? '' : `?${target.query}`}`;
    const signed = checkSignature(cb.verifier, { url, cookie: req.headers.cookie, ip: client.ip }, query, rt.now());
    if (signed instanceof EdgeError) return { ...refuse(trace, 'signature', signed, `signed URL or cookies required: ${firstLine(signed)}`), ...where(dist, matched, client) };
    query = signed.query;
    if (cb.cookiesUsed && headers.cookie?.includes('CloudFront-')) headers = { ...headers, cookie: withoutSigningCookies(headers.cookie) };
    trace?.pass('signature', 'the signed URL or cookies verify against a trusted key group');
  } else trace?.skip('signature', 'the behavior has no trusted key groups');

  let cloudFront: Record<string, string> | undefined;
  if (child) cloudFront = cb.cloudFrontHeaders && child.cloudFront;
  else if (cb.cloudFrontHeaders) {
    cloudFront = cb.cloudFrontHeaders({
      ip: client.ip,
      port: req.socket.remotePort,
      location: client.location,
      userAgent: req.headers['user-agent'],
      protocol: input.protocol,
      httpVersion: req.httpVersion,
    });
    // In the key, CloudFront-* values are the edge's, never what the viewer sent.
    if (cb.cloudFrontInKey) headers = withCloudFrontHeaders(headers, cloudFront);
  }

  if (input.pure && !child && (cb.viewerRequestFunction !== undefined || cb.viewerResponseFunction !== undefined)) return { kind: 'function' };
  let finalPath = path;
  if (cb.viewerRequestFunction !== undefined && !child) {
    const name = cb.viewerRequestFunction;
    const view: FunctionView = { path, query, viewerIp: client.ip, requestId: outcome.requestId, cloudFront };
    const r = runViewerRequest({ fn: rt.config!.functions.get(name), req, dist, view, outcome, report: report(rt, trace, name, 'viewer-request') });
    const note = { name, eventType: 'viewer-request', computeUtilization: outcome.functionUtilization };
    if (r instanceof EdgeError) {
      trace?.functions.push({ ...note, outcome: 'error', error: outcome.functionError });
      return { ...refuse(trace, 'viewer-request function', r, `${name} failed: ${outcome.functionError}`), ...where(dist, matched, client) };
    }
    if (r.kind === 'response') {
      trace?.functions.push({ ...note, outcome: `response ${r.status}` });
      trace?.stop('viewer-request function', `${name} answered ${r.status} itself`);
      return { kind: 'generated', status: r.status, headers: r.headers, body: r.body, ...where(dist, matched, client) };
    }
    const what = r.path !== path || r.query !== query ? `request rewritten to ${r.path}${r.query ? `?${r.query}` : ''}` : 'request passed on';
    trace?.functions.push({ ...note, outcome: what });
    // The behavior stays the one matched before the function ran (CloudFront); the
    // origin helpers change where its misses go, for this request only.
    if (r.origin.length > 0) {
      const chosen = cb.withOrigin(r.origin);
      if (typeof chosen === 'string') {
        outcome.functionMessage = chosen;
        return { ...refuse(trace, 'viewer-request function', functionError('EXECUTION_ERROR', outcome), chosen), ...where(dist, matched, client) };
      }
      cb = chosen;
    }
    finalPath = r.path;
    query = r.query;
    headers = cloudFront && cb.cloudFrontInKey ? withCloudFrontHeaders(r.headers, cloudFront) : r.headers;
    trace?.pass('viewer-request function', `${name}: ${what}`);
  } else trace?.skip('viewer-request function', 'none associated');

  const viewer = { method, path: finalPath, query, headers, httpVersion: req.httpVersion };
  const { key, encoding } = cb.cacheKey(dist.domainName, viewer);
  trace?.pass('cache key', key.replace(/\n/g, ' | '));
  if (cb.responseHeaders) trace?.pass('response headers policy', cb.responseHeaders.describe());
  else trace?.skip('response headers policy', 'none associated');
  let viewerResponse: ResponseTransform | undefined;
  if (cb.viewerResponseFunction !== undefined && !child) {
    const name = cb.viewerResponseFunction;
    trace?.functions.push({ name, eventType: 'viewer-response', outcome: 'runs on the response unless its status is 400 or above' });
    const responseView = { path: finalPath, query, viewerIp: client.ip, requestId: outcome.requestId, cloudFront };
    viewerResponse = viewerResponseTransform({ fn: rt.config!.functions.get(name), req, dist, view: responseView, outcome, report: report(rt, trace, name, 'viewer-response') });
  }
  return { kind: 'serve', request: { viewer, host, dist, cb, key, encodingForward: encoding, client, cloudFront, viewerResponse }, dist, behavior: matched, client };
}

/**
 * The HTTPS URL for a redirect: the request's host name with the edge's HTTPS port (none
 * for 443 or when the edge has no HTTPS port), and the request target as the viewer sent it.
 */
function httpsUrl(host: string | undefined, httpsPort: number | undefined, path: string, rawTarget: string): string {
  let name = host ?? '';
  if (name.startsWith('[')) name = name.slice(0, name.indexOf(']') + 1);
  else if (name.includes(':')) name = name.slice(0, name.lastIndexOf(':'));
  const port = httpsPort === undefined || httpsPort === 443 ? '' : `:${httpsPort}`;
  // An absolute-form target: its path and query, not its scheme and authority.
  const target = rawTarget.startsWith('/') ? rawTarget : `${path}${rawTarget.includes('?') ? rawTarget.slice(rawTarget.indexOf('?')) : ''}`;
  return `https://${name}${port}${target}`;
}

export function withoutPseudoHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith(':')) out[k] = v;
  return out;
}

function refuse(trace: Trace | undefined, step: string, error: EdgeError, detail?: string): { kind: 'refuse'; error: EdgeError } {
  trace?.stop(step, detail ?? firstLine(error));
  return { kind: 'refuse', error };
}

/** How far a request got that stops after the behavior was matched. */
function where(dist: CompiledDistribution, behavior: CompiledBehavior, client: Viewer) {
  return { dist, behavior, client };
}

function traceGeo(trace: Trace, dist: CompiledDistribution, client: Viewer): void {
  const type = dist.config.restrictions.geoRestriction.restrictionType;
  if (type === 'none') trace.skip('geo-restriction', 'no geo restriction');
  else trace.pass('geo-restriction', `${client.location?.country ?? 'unknown country'} is allowed by the ${type}`);
}

/** Counts a function invocation in the worker's metrics (not for explain's runs). */
function report(rt: EdgeRuntime, trace: Trace | undefined, name: string, eventType: string): FunctionReport | undefined {
  if (trace) return undefined;
  return (utilization, error) => rt.observer.functionRan(name, eventType, utilization, error);
}
