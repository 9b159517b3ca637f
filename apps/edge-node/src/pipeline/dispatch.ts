import { EdgeError } from '../errors.ts';
import { serveMiss } from '../miss/serve-miss.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { cacheLookup } from './cache-lookup.ts';
import type { Ctx, PageRequest } from './context.ts';
import { errorPageCtx } from './error-page.ts';
import { nullResponse } from './null-response.ts';
import { sendError } from './respond.ts';

const ignore = () => undefined;

/**
 * Serves a planned request (plan.ts `serve`): from the cache, else through the miss path
 * (../miss). A custom error page is one internal re-dispatch of the page's own request,
 * whose errors fall back to the error it replaces. Synchronous (undefined) for hits.
 */
export function dispatch(ctx: Ctx, rt: EdgeRuntime, fallback?: EdgeError): Promise<void> | undefined {
  const found = cacheLookup(ctx, rt);
  if (found === 'served') return undefined;
  if (found === 'served-stale') return void refreshInBackground(ctx, rt);
  if (found !== 'miss') return dispatchPage(ctx, rt, found);
  // Misses write asynchronously: a viewer that hangs up must not surface as an error.
  ctx.res.on('error', ignore);
  return serveMiss(ctx, rt).then(
    (next) => next && dispatchPage(ctx, rt, next),
    () => sendError(ctx.res, ctx.outcome, fallback ?? new EdgeError('ORIGIN_ERROR'), rt.edge),
  );
}

/** Serves `next.page` in place of `next.error` (the page's own fetch failing: the error). */
export function dispatchPage(from: Pick<Ctx, 'req' | 'res' | 'outcome' | 'dist' | 'client' | 'host'>, rt: EdgeRuntime, next: PageRequest): Promise<void> | undefined {
  return dispatch(errorPageCtx(from, next.page), rt, next.error);
}

/**
 * stale-while-revalidate (RFC 5861 §3): the viewer already got the stale copy; one
 * background fetch (none if one is in flight for the key) refreshes it.
 */
function refreshInBackground(ctx: Ctx, rt: EdgeRuntime): void {
  if (rt.inflight.has(ctx.key)) return;
  const background: Ctx = { ...ctx, res: nullResponse(ctx.req), outcome: { ...ctx.outcome }, viewer: { ...ctx.viewer, method: 'GET' } };
  void serveMiss(background, rt)
    .then((next) => next && dispatchPage(background, rt, next))
    .catch(ignore);
}
