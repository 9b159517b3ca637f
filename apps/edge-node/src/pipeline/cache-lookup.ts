import { canServeWhileRevalidating, isCachedMethod, isFresh } from '@cachefront/cache-core';
import { serveMiss } from './fetch-origin.ts';
import { nullResponse } from './null-response.ts';
import { serveErrorPage } from './error-page.ts';
import { EdgeError } from '../errors.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import type { Ctx } from './context.ts';
import { sendCached } from './respond.ts';

/** Fresh hit -> respond (true). Stale -> remember it for revalidation. Miss -> nothing. */
export function cacheLookup(ctx: Ctx, rt: EdgeRuntime): boolean {
  const { cb, viewer } = ctx;
  if (!cb.cacheable || !isCachedMethod(viewer.method, cb.cachedMethods)) return false;
  const obj = rt.store.get(ctx.key);
  if (!obj) return false;
  const now = rt.now();
  if (isFresh(obj.meta, now)) {
    const page = obj.meta.status >= 400 && ctx.overrideStatus === undefined ? ctx.dist.errorPages.get(obj.meta.status) : undefined;
    if (page) {
      // A cached origin error with a custom error response: the page, not the error body.
      void serveErrorPage(ctx.req, ctx.res, ctx.outcome, rt, ctx.dist, ctx.client, page, new EdgeError('ORIGIN_ERROR'));
      return true;
    }
    const inm = ctx.req.headers['if-none-match'];
    sendCached(ctx.res, ctx.outcome, obj, 'Hit', now, viewer.method, ctx.viewerResponse ? undefined : inm, ctx.overrideStatus, ctx.viewerResponse);
    return true;
  }
  if (canServeWhileRevalidating(obj.meta, now)) {
    // stale-while-revalidate: this viewer gets the stale copy now; one background fetch
    // (none if one is already in flight for the key) refreshes it.
    ctx.outcome.stale = 'while-revalidate';
    sendCached(ctx.res, ctx.outcome, obj, 'Hit', now, viewer.method, undefined, ctx.overrideStatus);
    if (!rt.inflight.has(ctx.key)) {
      const background: Ctx = { ...ctx, res: nullResponse(ctx.req), outcome: { ...ctx.outcome }, viewer: { ...viewer, method: 'GET' }, stale: obj };
      void serveMiss(background, rt).catch(() => undefined);
    }
    return true;
  }
  ctx.stale = obj;
  return false;
}
