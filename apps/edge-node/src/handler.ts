import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgeError } from './errors.ts';

const ignore = () => undefined;
import type { Outcome } from './outcome.ts';
import type { EdgeRuntime } from './runtime/runtime.ts';
import { parseTarget } from './pipeline/parse-target.ts';
import { selectDistribution } from './pipeline/select-distribution.ts';
import { applyDefaultRootObject } from './pipeline/default-root-object.ts';
import { checkMethod } from './pipeline/check-method.ts';
import { cacheLookup } from './pipeline/cache-lookup.ts';
import { serveMiss } from './pipeline/fetch-origin.ts';
import { sendError } from './pipeline/respond.ts';
import type { Ctx } from './pipeline/context.ts';

/**
 * The viewer request path (DESIGN.md "A viewer request at the edge"), one small step per
 * file in ./pipeline. Steps return data or an EdgeError; this function does the wiring.
 */
export function createViewerHandler(rt: EdgeRuntime) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const outcome: Outcome = { requestId: rt.nextId(), result: 'Miss', status: 0 };

    const target = parseTarget(req.url ?? '/');
    if (target instanceof EdgeError) return sendError(res, outcome, target, rt.edge);
    const dist = selectDistribution(rt.config, req.headers.host);
    if (dist instanceof EdgeError) return sendError(res, outcome, dist, rt.edge);
    outcome.distributionId = dist.id;
    const path = applyDefaultRootObject(dist, target.path);
    const cb = dist.select(path); // first matching path pattern, default last
    outcome.behavior = cb.label;
    const method = req.method ?? 'GET';
    const denied = checkMethod(cb, method);
    if (denied) return sendError(res, outcome, denied, rt.edge);

    const viewer = { method, path, query: target.query, headers: req.headers, httpVersion: req.httpVersion };
    const { key, encoding } = cb.cacheKey(dist.domainName, viewer);
    const ctx: Ctx = { req, res, outcome, viewer, dist, cb, key, encodingForward: encoding, stale: undefined };
    if (cacheLookup(ctx, rt)) return;
    // Misses write asynchronously: a viewer that hangs up must not surface as an error.
    res.on('error', ignore);
    serveMiss(ctx, rt).catch(() => sendError(res, outcome, new EdgeError('ORIGIN_ERROR'), rt.edge));
  };
}
