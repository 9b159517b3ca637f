import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizePath } from '@cachefront/cache-core';
import { EdgeError } from './errors.ts';
import type { Outcome } from './outcome.ts';
import type { Finished } from './observe.ts';
import type { EdgeRuntime } from './runtime/runtime.ts';
import { parseTarget } from './pipeline/parse-target.ts';
import { selectDistribution } from './pipeline/select-distribution.ts';
import { applyDefaultRootObject } from './pipeline/default-root-object.ts';
import { checkMethod } from './pipeline/check-method.ts';
import { checkSignature, withoutSigningCookies } from './pipeline/check-signature.ts';
import { cacheLookup } from './pipeline/cache-lookup.ts';
import { Viewer } from './pipeline/viewer.ts';
import { functionError, runViewerRequest, sendGenerated, viewerResponseTransform } from './pipeline/viewer-function.ts';
import { serveErrorPage } from './pipeline/error-page.ts';
import { serveMiss } from './pipeline/fetch-origin.ts';
import { sendError } from './pipeline/respond.ts';
import { childRequest, childView, type ChildRequest } from './pipeline/tier-request.ts';
import { withCloudFrontHeaders } from './pipeline/viewer-headers.ts';
import { classifyTierRequest, TIER_HOP_HEADER } from './runtime/tier.ts';
import type { Ctx } from './pipeline/context.ts';

const ignore = () => undefined;

/**
 * The viewer request path (DESIGN.md "A viewer request at the edge"), one small step per
 * file in ./pipeline. Steps return data or an EdgeError; this function does the wiring.
 */
export function createViewerHandler(rt: EdgeRuntime) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const outcome: Outcome = { requestId: rt.nextId(), result: 'Miss', status: 0, bytesOut: 0 };
    const done: Finished = { req, res, outcome, startedAt: performance.now(), dist: undefined, cb: undefined, client: undefined };
    const pending = handle(req, res, done, rt);
    if (pending === undefined) finish(rt, done);
    else void pending.then(() => finish(rt, done));
  };
}

function finish(rt: EdgeRuntime, done: Finished): void {
  rt.usage.record(done.outcome);
  // Logs and metrics never take a worker down.
  try {
    rt.observer.finished(done);
  } catch (err) {
    rt.observer.failed(err);
  }
}

/** Answers one request: synchronously (undefined) or, for a miss, when the promise settles. */
function handle(req: IncomingMessage, res: ServerResponse, done: Finished, rt: EdgeRuntime): Promise<void> | undefined {
  const outcome = done.outcome;
  // Tiers: a child edge's request skips the viewer-only steps it already made (tier-request.ts).
  let child: ChildRequest | undefined;
  const hop = req.headers[TIER_HOP_HEADER];
  if (hop !== undefined) {
    const tier = classifyTierRequest(hop, req.headers.via, req.socket.remoteAddress ?? '', { ...rt.tier, via: rt.edge.via });
    outcome.tierHop = tier.hop;
    if (tier.kind === 'refused') return void sendError(res, outcome, new EdgeError(tier.code), rt.edge);
    outcome.fromChild = true;
    child = childRequest(req.headers);
  }
  const target = parseTarget(req.url ?? '/');
  if (target instanceof EdgeError) return void sendError(res, outcome, target, rt.edge);
  const found = selectDistribution(rt.config, req.headers.host);
  if (found instanceof EdgeError) return void sendError(res, outcome, found, rt.edge);
  const dist = child ? childView(found) : found;
  outcome.distributionId = dist.id;
  const client = new Viewer(req, rt, rt.config!.trusted, child?.viewerIp);
  done.dist = dist;
  done.client = client;
  // Geo restriction is distribution-wide (DESIGN step 3); an unknown location is served.
  if (!child && dist.blocks?.(client.location?.country)) {
    const page = dist.errorPages.get(403);
    const blocked = new EdgeError('GEO_BLOCKED');
    if (page) return serveErrorPage(req, res, outcome, rt, dist, client, page, blocked);
    return void sendError(res, outcome, blocked, rt.edge);
  }
  const path = applyDefaultRootObject(dist, target.path);
  // Behaviors match the RFC 3986-normalized path; the origin gets the raw one (CloudFront).
  let cb = dist.select(normalizePath(path)); // first matching path pattern, default last
  outcome.behavior = cb.label;
  done.cb = cb;
  const method = req.method ?? 'GET';
  const denied = checkMethod(cb, method);
  if (denied) return void sendError(res, outcome, denied, rt.edge);

  let query = target.query;
  let headers = child ? child.headers : req.headers;
  if (cb.verifier && !child) {
    const signed = checkSignature(cb.verifier, req, query, rt.now());
    if (signed instanceof EdgeError) return void sendError(res, outcome, signed, rt.edge);
    query = signed.query;
    if (cb.cookiesUsed && headers.cookie?.includes('CloudFront-')) headers = { ...headers, cookie: withoutSigningCookies(headers.cookie) };
  }

  let cloudFront: Record<string, string> | undefined;
  if (child) cloudFront = cb.cloudFrontHeaders && child.cloudFront;
  else if (cb.cloudFrontHeaders) {
    cloudFront = cb.cloudFrontHeaders({
      ip: client.ip,
      port: req.socket.remotePort,
      location: client.location,
      userAgent: req.headers['user-agent'],
      protocol: 'http',
      httpVersion: req.httpVersion,
    });
    // In the key, CloudFront-* values are the edge's, never what the viewer sent.
    if (cb.cloudFrontInKey) headers = withCloudFrontHeaders(headers, cloudFront);
  }

  let finalPath = path;
  if (cb.viewerRequestFunction !== undefined && !child) {
    const fn = rt.config!.functions.get(cb.viewerRequestFunction);
    const r = runViewerRequest(fn, req, dist, { path, query, viewerIp: client.ip, requestId: outcome.requestId, cloudFront }, outcome, functionReport(rt, cb.viewerRequestFunction, 'viewer-request'));
    if (r instanceof EdgeError) return void sendError(res, outcome, r, rt.edge);
    if (r.kind === 'response') return void sendGenerated(res, outcome, r, rt.edge, method);
    // The behavior stays the one matched before the function ran (CloudFront); the
    // origin helpers change where its misses go, for this request only.
    if (r.origin.length > 0) {
      const chosen = cb.withOrigin(r.origin);
      if (typeof chosen === 'string') {
        outcome.functionMessage = chosen;
        return void sendError(res, outcome, functionError('EXECUTION_ERROR', outcome), rt.edge);
      }
      cb = chosen;
    }
    finalPath = r.path;
    query = r.query;
    headers = cloudFront && cb.cloudFrontInKey ? withCloudFrontHeaders(r.headers, cloudFront) : r.headers;
  }

  const viewer = { method, path: finalPath, query, headers, httpVersion: req.httpVersion };
  const { key, encoding } = cb.cacheKey(dist.domainName, viewer);
  const ctx: Ctx = { req, res, outcome, viewer, dist, cb, key, encodingForward: encoding, stale: undefined, client, cloudFront };
  if (cb.viewerResponseFunction !== undefined && !child) {
    const fn = rt.config!.functions.get(cb.viewerResponseFunction);
    ctx.viewerResponse = viewerResponseTransform(fn, req, dist, { path: finalPath, query, viewerIp: client.ip, requestId: outcome.requestId, cloudFront }, outcome, functionReport(rt, cb.viewerResponseFunction, 'viewer-response'));
  }
  if (cacheLookup(ctx, rt)) return undefined;
  // Misses write asynchronously: a viewer that hangs up must not surface as an error.
  res.on('error', ignore);
  return serveMiss(ctx, rt).catch(() => sendError(res, outcome, new EdgeError('ORIGIN_ERROR'), rt.edge));
}

/** Counts a function invocation in the worker's metrics. */
function functionReport(rt: EdgeRuntime, name: string, eventType: string) {
  return (utilization: number, error: string | undefined) => rt.observer.functionRan(name, eventType, utilization, error);
}
