import { cacheVerdict, isCachedMethod } from '@cachefront/cache-core';
import { EdgeError } from '../errors.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import type { Ctx, PageRequest } from './context.ts';
import { sendCached } from './respond.ts';

/**
 * DESIGN step 7, the cache's side: `served` (a fresh hit, sent), `served-stale` (an
 * expired copy sent under stale-while-revalidate: the caller refreshes it), `miss` (with
 * `ctx.stale` set when an expired copy is to be revalidated), or a custom error page to
 * serve instead of a cached origin error.
 */
export function cacheLookup(ctx: Ctx, rt: EdgeRuntime): 'served' | 'served-stale' | 'miss' | PageRequest {
  const { cb, viewer } = ctx;
  if (!cb.cacheable || !isCachedMethod(viewer.method, cb.cachedMethods)) return 'miss';
  const obj = rt.store.get(ctx.key);
  if (!obj) return 'miss';
  const now = rt.now();
  switch (cacheVerdict(obj.meta, now)) {
    case 'fresh': {
      const page = obj.meta.status >= 400 && ctx.overrideStatus === undefined ? ctx.dist.errorPages.get(obj.meta.status) : undefined;
      // A cached origin error with a custom error response: the page, not the error body.
      if (page) return { page, error: new EdgeError('ORIGIN_ERROR') };
      sendCached(ctx, obj, 'Hit', now, ctx.viewerResponse ? undefined : ctx.req.headers, ctx.viewerResponse);
      return 'served';
    }
    case 'stale-while-revalidate':
      // This viewer gets the stale copy now (as before this restructure, without the
      // viewer-response function); the caller refreshes it in the background.
      ctx.outcome.stale = 'while-revalidate';
      sendCached(ctx, obj, 'Hit', now, undefined, undefined);
      ctx.stale = obj;
      return 'served-stale';
    default:
      ctx.stale = obj;
      return 'miss';
  }
}
