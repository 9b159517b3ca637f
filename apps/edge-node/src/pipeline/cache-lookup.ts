import { isCachedMethod, isFresh } from '@cachefront/cache-core';
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
    const inm = ctx.req.headers['if-none-match'];
    sendCached(ctx.res, ctx.outcome, obj, 'Hit', now, viewer.method, inm, ctx.overrideStatus);
    return true;
  }
  ctx.stale = obj;
  return false;
}
