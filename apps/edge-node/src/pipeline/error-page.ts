import { normalizePath } from '@cachefront/cache-core';
import { withoutPseudoHeaders } from './plan.ts';
import type { Ctx } from './context.ts';

/**
 * A custom error response ("Generating custom error responses"): instead of the error,
 * the viewer gets `responsePagePath`, fetched through the behavior whose path pattern
 * matches that path (cached like any object there), with `responseCode` as the status.
 * The page request is the edge's own: no signature check, no function, a GET (or HEAD).
 */
export function errorPageCtx(from: Pick<Ctx, 'req' | 'res' | 'outcome' | 'dist' | 'client' | 'host'>, page: { path: string; responseCode: number }): Ctx {
  const { req, dist } = from;
  const cb = dist.select(normalizePath(page.path) ?? page.path);
  from.outcome.behavior = cb.label;
  const viewer = { method: req.method === 'HEAD' ? 'HEAD' : 'GET', path: page.path, query: '', headers: req.httpVersion === '2.0' ? withoutPseudoHeaders(req.headers) : req.headers, httpVersion: req.httpVersion };
  const { key, encoding } = cb.cacheKey(dist.domainName, viewer);
  return {
    req,
    res: from.res,
    outcome: from.outcome,
    viewer,
    host: from.host,
    dist,
    cb,
    key,
    encodingForward: encoding,
    stale: undefined,
    client: from.client,
    cloudFront: undefined,
    viewerResponse: undefined,
    overrideStatus: page.responseCode,
  };
}
