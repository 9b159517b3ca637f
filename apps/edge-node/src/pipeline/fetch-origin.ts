import type { ServerResponse } from 'node:http';
import {
  canServeIfError,
  conditionalHeaders,
  decideStorage,
  isCachedMethod,
  isServerError,
  parseCacheTags,
  refreshFrom304,
  type ResponseHeaders,
} from '@cachefront/cache-core';
import { classifyOriginError, type OriginClient, type OriginResponse } from '../origin/client.ts';
import { serveErrorPage } from './error-page.ts';
import { nullResponse } from './null-response.ts';
import { fetchFromParent } from './parent-tier.ts';
import { EdgeError } from '../errors.ts';
import { headOf, InFlight, type Head } from '../cache/inflight.ts';
import { cachedObject, type CachedObject } from '../cache/store.ts';
import { xCache } from '../outcome.ts';
import type { SiblingFetch } from '../collapse/sibling.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import type { Ctx } from './context.ts';
import { sendCached, sendError } from './respond.ts';
import { buildViewerHeaders } from './viewer-headers.ts';

/** Viewer conditionals and ranges are not forwarded on a cacheable miss: the edge wants
 * the whole object for its cache (it answers conditionals itself) and adds its own. */
const CACHE_FILL_DROPPED = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

/**
 * A miss (or a stale entry): collapse onto a fetch already in flight for this key in this
 * worker, or onto a sibling worker's (lease from the primary), or lead the fetch.
 * Requests that can never be stored (other methods, CachingDisabled) pass through.
 */
export async function serveMiss(ctx: Ctx, rt: EdgeRuntime): Promise<void> {
  const { cb, key } = ctx;
  const method = ctx.viewer.method;
  const collapsible = cb.cacheable && (method === 'GET' || method === 'HEAD') && isCachedMethod(method, cb.cachedMethods);
  if (!collapsible) return passThrough(ctx, rt);

  const existing = rt.inflight.get(key);
  if (existing) return followLocal(ctx, rt, existing);

  const fl = new InFlight(rt.maxObjectSize);
  rt.inflight.set(key, fl);
  let leader = true;
  try {
    const grant = await rt.leases.acquire(key);
    if (!grant.leader) {
      leader = false;
      const got = await rt.siblings?.fetch(grant.port, key);
      if (got) return await fillFromSibling(ctx, rt, fl, got);
    }
    await fillFromOrigin(ctx, rt, fl);
  } finally {
    if (rt.inflight.get(key) === fl) rt.inflight.delete(key);
    if (leader) rt.leases.release(key);
  }
}

function originContext(ctx: Ctx, rt: EdgeRuntime) {
  return { viewerIp: ctx.client.ip, encoding: ctx.encodingForward, requestId: ctx.outcome.requestId, via: rt.edge.via, cloudFrontHeaders: ctx.cloudFront };
}

async function requestOrigin(
  ctx: Ctx,
  rt: EdgeRuntime,
  client: OriginClient,
  opts: { method: string; headers: Record<string, string | string[]>; path: string; body: boolean },
): Promise<OriginResponse | EdgeError> {
  const started = performance.now();
  try {
    const res = await client.request({ method: opts.method, path: opts.path, headers: opts.headers, body: opts.body ? ctx.req : null });
    const seconds = (performance.now() - started) / 1000;
    ctx.outcome.originSeconds = seconds;
    rt.observer.originResponded(ctx.dist.id, seconds);
    return res;
  } catch (err) {
    return new EdgeError(classifyOriginError(err) === 'timeout' ? 'ORIGIN_TIMEOUT' : 'ORIGIN_UNREACHABLE');
  }
}

/** Only these fail over to an origin group's secondary ("Optimizing high availability"). */
const FAILOVER_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origin request, with origin-group failover: every request goes to the primary
 * first (after its own connection attempts and timeouts); a connection failure, a
 * timeout, or a status in the failover criteria sends a GET, HEAD or OPTIONS request to
 * the secondary, whose answer stands.
 */
async function fetchOrigin(
  ctx: Ctx,
  rt: EdgeRuntime,
  method: string,
  body: boolean,
  adjust: (headers: Record<string, string | string[]>) => void = () => undefined,
): Promise<OriginResponse | EdgeError> {
  const { cb } = ctx;
  const plan = cb.originRequest(ctx.viewer, originContext(ctx, rt));
  adjust(plan.headers);
  const first = await requestOrigin(ctx, rt, cb.client, { method, path: plan.path, headers: plan.headers, body });
  const fo = cb.failover;
  if (!fo || !FAILOVER_METHODS.has(ctx.viewer.method)) return first;
  if (!(first instanceof EdgeError) && !fo.statusCodes.has(first.status)) return first;
  if (!(first instanceof EdgeError)) await first.body.dump().catch(() => undefined);
  ctx.outcome.failover = first instanceof EdgeError ? first.code : String(first.status);
  const second = fo.originRequest(ctx.viewer, originContext(ctx, rt));
  adjust(second.headers);
  return requestOrigin(ctx, rt, fo.client, { method, path: second.path, headers: second.headers, body });
}

/** Lead: fetch from the origin, answer this viewer, feed followers, store. */
async function fillFromOrigin(ctx: Ctx, rt: EdgeRuntime, fl: InFlight): Promise<void> {
  const { cb, outcome } = ctx;
  const stale = ctx.stale;
  outcome.source = 'origin';
  // HEAD misses fetch with GET so the object can be stored (HEAD and GET share an entry).
  // With --parent, the fill goes through the parent tier instead (parent-tier.ts), unless a
  // function chose the origin for this request: the parent would only know the behavior's.
  const res = await (rt.parent && !cb.originModified ? fetchFromParent : fetchOrigin)(ctx, rt, 'GET', false, (headers) => {
    for (const h of CACHE_FILL_DROPPED) delete headers[h];
    if (stale) Object.assign(headers, conditionalHeaders(stale.meta));
  });
  const now = rt.now();
  // The origin failed while an expired copy is here: serve it if the rules allow (stale-if-error).
  const failed = res instanceof EdgeError || isServerError(res.status);
  if (failed && stale && canServeIfError(stale.meta, now, cb.policy)) {
    if (!(res instanceof EdgeError)) await res.body.dump().catch(() => undefined);
    outcome.stale = 'if-error';
    fl.setHead(headOf(stale));
    fl.push(stale.body);
    fl.end();
    return sendCached(ctx.res, outcome, stale, 'Hit', now, ctx.viewer.method, undefined, ctx.overrideStatus, ctx.viewerResponse);
  }
  if (res instanceof EdgeError) {
    fl.fail(res);
    return sendOriginError(ctx, rt, res);
  }
  outcome.originStatus = res.status;

  if (res.status === 304 && ctx.stale) {
    await res.body.dump();
    const obj = refreshed(ctx, rt, fl, ctx.stale, res.headers, now);
    fl.setHead(headOf(obj));
    fl.push(obj.body);
    fl.end();
    return sendCached(ctx.res, outcome, obj, 'RefreshHit', now, ctx.viewer.method, undefined, ctx.overrideStatus, ctx.viewerResponse);
  }

  const decision = decideStorage({
    policy: cb.policy,
    method: 'GET',
    cachedMethods: cb.cachedMethods,
    status: res.status,
    headers: res.headers,
    now,
    errorCachingMinTTL: ctx.dist.errorCachingMinTTL.get(res.status),
  });
  const length = contentLength(res.headers);
  const tooBig = length !== undefined && length > rt.maxObjectSize;
  if (!decision.store) outcome.notStored = decision.reason;
  else if (tooBig) outcome.notStored = 'larger-than-max-object-size';
  const storable = decision.store && !tooBig;
  if (!storable && ctx.stale) rt.store.delete(ctx.key);

  const viewerHeaders = buildViewerHeaders(res.headers, cb, rt.edge);
  const head: Head = {
    status: res.status,
    viewerHeaders,
    originHeaders: res.headers,
    shareable: storable,
    ttl: decision.store ? decision.ttl : 0,
    initialAge: decision.store ? decision.initialAge : 0,
    storedAt: now,
  };
  fl.setHead(head);
  const page = ctx.overrideStatus === undefined ? ctx.dist.errorPages.get(res.status) : undefined;
  if (page) {
    // A custom error response: the origin's error is cached as usual (errorCachingMinTTL),
    // the viewer gets the configured page instead.
    const quiet: Ctx = { ...ctx, res: nullResponse(ctx.req), outcome: { ...outcome } };
    await (storable ? streamAndStore(quiet, rt, fl, head, countBytes(res.body, rt)) : res.body.dump());
    return serveErrorPage(ctx.req, ctx.res, outcome, rt, ctx.dist, ctx.client, page, new EdgeError('ORIGIN_ERROR'));
  }
  writeMissHead(ctx, res.status, viewerHeaders);

  if (!storable) {
    // Not stored: stream with backpressure, holding nothing.
    if (ctx.viewer.method === 'HEAD') {
      await res.body.dump();
      ctx.res.end();
      return;
    }
    await relay(res.body, ctx, rt);
    return;
  }
  await streamAndStore(ctx, rt, fl, head, countBytes(res.body, rt));
}

/** Follow a sibling worker's fetch: same streaming, same storing, no origin request. */
async function fillFromSibling(ctx: Ctx, rt: EdgeRuntime, fl: InFlight, got: SiblingFetch): Promise<void> {
  const { outcome } = ctx;
  outcome.source = 'collapsed-sibling';
  fl.setHead(got.head);
  writeMissHead(ctx, got.head.status, got.head.viewerHeaders);
  await streamAndStore(ctx, rt, fl, got.head, got.body);
}

async function streamAndStore(ctx: Ctx, rt: EdgeRuntime, fl: InFlight, head: Head, body: AsyncIterable<Buffer>): Promise<void> {
  fl.tags = tagsOf(ctx, head.originHeaders);
  const toViewer = ctx.viewer.method !== 'HEAD';
  try {
    for await (const chunk of body) {
      fl.push(chunk);
      if (toViewer) ctx.outcome.bytesOut += chunk.length;
      // While the body is kept for the cache, memory is bounded by max-object-size anyway;
      // past that, wait for the viewer like a plain relay does.
      if (toViewer && !ctx.res.write(chunk) && fl.oversized) await drained(ctx.res);
    }
  } catch (err) {
    // The origin (or sibling) broke off mid-body: nothing is stored ("Dropped TCP connections").
    fl.fail(err instanceof Error ? err : new Error(String(err)));
    ctx.res.destroy();
    return;
  }
  const full = fl.end();
  ctx.res.end();
  if (full === undefined) {
    ctx.outcome.notStored = 'larger-than-max-object-size';
    return;
  }
  if (fl.invalidated) {
    ctx.outcome.notStored = 'invalidated-while-fetching';
    return;
  }
  const meta = { status: head.status, headers: head.originHeaders, storedAt: head.storedAt, ttl: head.ttl, initialAge: head.initialAge };
  rt.store.set(ctx.key, cachedObject(meta, full, buildViewerHeaders(head.originHeaders, ctx.cb, rt.edge, full.length), fl.tags));
}

/** Wait on a fetch already in flight in this worker. */
function followLocal(ctx: Ctx, rt: EdgeRuntime, fl: InFlight): Promise<void> {
  const { res, outcome } = ctx;
  const toViewer = ctx.viewer.method !== 'HEAD';
  outcome.source = 'collapsed-local';
  return new Promise((resolve) => {
    fl.attach({
      head(head) {
        if (!head.shareable) return void passThrough(ctx, rt).then(resolve, resolve);
        writeMissHead(ctx, head.status, head.viewerHeaders);
      },
      data(chunk) {
        if (!toViewer) return;
        outcome.bytesOut += chunk.length;
        res.write(chunk);
      },
      end() {
        res.end();
        resolve();
      },
      error(err) {
        sendError(res, outcome, err instanceof EdgeError ? err : new EdgeError('ORIGIN_ERROR'), rt.edge);
        resolve();
      },
    });
  });
}

/** Not cacheable here: forward the request (with its body) and stream the answer back. */
async function passThrough(ctx: Ctx, rt: EdgeRuntime): Promise<void> {
  const { cb, outcome, viewer } = ctx;
  outcome.source = 'origin';
  const hasBody = viewer.method !== 'GET' && viewer.method !== 'HEAD';
  const res = await fetchOrigin(ctx, rt, viewer.method, hasBody);
  if (res instanceof EdgeError) return sendOriginError(ctx, rt, res);
  outcome.originStatus = res.status;
  if (!cb.cacheable) outcome.notStored = 'caching-disabled';
  writeMissHead(ctx, res.status, buildViewerHeaders(res.headers, cb, rt.edge));
  await relay(res.body, ctx, rt);
}

/** The origin could not be reached (502/504): the custom error page for it when one is set. */
function sendOriginError(ctx: Ctx, rt: EdgeRuntime, err: EdgeError): Promise<void> | void {
  const page = ctx.overrideStatus === undefined ? ctx.dist.errorPages.get(err.status) : undefined;
  if (page && !ctx.res.headersSent) return serveErrorPage(ctx.req, ctx.res, ctx.outcome, rt, ctx.dist, ctx.client, page, err);
  sendError(ctx.res, ctx.outcome, err, rt.edge);
}

/** Status line and headers of a response not served from cache: `Miss`, or `Error` for 4xx/5xx. */
function writeMissHead(ctx: Ctx, originStatus: number, viewerHeaders: string[]): void {
  const { outcome } = ctx;
  const status = ctx.overrideStatus ?? originStatus;
  outcome.result = status >= 400 ? 'Error' : 'Miss';
  outcome.status = status;
  const headers = viewerHeaders.concat('x-cache', xCache(outcome.result), 'x-amz-cf-id', outcome.requestId);
  if (!ctx.viewerResponse) return void ctx.res.writeHead(status, headers);
  const t = ctx.viewerResponse(status, headers);
  outcome.status = t.status;
  if (t.body === undefined) return void ctx.res.writeHead(t.status, t.headers);
  // The function replaced the body: send it, and let the rest of the fill go nowhere.
  ctx.res.writeHead(t.status, t.headers);
  outcome.bytesOut = t.body.length;
  ctx.res.end(ctx.viewer.method === 'HEAD' ? undefined : t.body);
  ctx.res = nullResponse(ctx.req);
}

/** Origin body -> viewer with backpressure: at most a socket buffer in memory. */
async function relay(body: AsyncIterable<Buffer>, ctx: Ctx, rt: EdgeRuntime): Promise<void> {
  const res = ctx.res;
  try {
    for await (const chunk of body) {
      rt.counters.originBytes += chunk.length;
      ctx.outcome.bytesOut += chunk.length;
      if (!res.write(chunk)) await drained(res);
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    res.destroy();
  }
}

async function* countBytes(body: AsyncIterable<Buffer>, rt: EdgeRuntime): AsyncIterable<Buffer> {
  for await (const chunk of body) {
    rt.counters.originBytes += chunk.length;
    yield chunk;
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function refreshed(ctx: Ctx, rt: EdgeRuntime, fl: InFlight, stale: CachedObject, headers: ResponseHeaders, now: number): CachedObject {
  const { meta } = refreshFrom304(stale.meta, headers, {
    policy: ctx.cb.policy,
    method: 'GET',
    cachedMethods: ctx.cb.cachedMethods,
    now,
    errorCachingMinTTL: undefined,
  });
  const obj = cachedObject(meta, stale.body, buildViewerHeaders(meta.headers, ctx.cb, rt.edge, stale.body.length), tagsOf(ctx, meta.headers));
  if (!fl.invalidated) rt.store.set(ctx.key, obj);
  return obj;
}

function tagsOf(ctx: Ctx, headers: ResponseHeaders): string[] | undefined {
  const name = ctx.dist.config.cacheTagHeader;
  return name === undefined ? undefined : parseCacheTags(headers[name]);
}

function contentLength(headers: ResponseHeaders): number | undefined {
  const v = single(headers['content-length']);
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
