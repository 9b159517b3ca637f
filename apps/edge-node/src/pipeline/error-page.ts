import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizePath } from '@cachefront/cache-core';
import { EdgeError } from '../errors.ts';
import type { Outcome } from '../outcome.ts';
import type { CompiledDistribution } from '../runtime/compile.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { cacheLookup } from './cache-lookup.ts';
import type { Ctx } from './context.ts';
import { serveMiss } from './fetch-origin.ts';
import { sendError } from './respond.ts';
import type { Viewer } from './viewer.ts';

const ignore = () => undefined;

/**
 * A custom error response ("Generating custom error responses"): instead of the error,
 * the viewer gets `responsePagePath`, fetched through the behavior whose path pattern
 * matches that path (cached like any object there), with `responseCode` as the status.
 * The page request is the edge's own: no signature check, no function, a GET (or HEAD).
 */
export function serveErrorPage(
  req: IncomingMessage,
  res: ServerResponse,
  outcome: Outcome,
  rt: EdgeRuntime,
  dist: CompiledDistribution,
  client: Viewer,
  page: { path: string; responseCode: number },
  fallback: EdgeError,
): Promise<void> | undefined {
  const cb = dist.select(normalizePath(page.path));
  outcome.behavior = cb.label;
  const viewer = { method: req.method === 'HEAD' ? 'HEAD' : 'GET', path: page.path, query: '', headers: req.headers, httpVersion: req.httpVersion };
  const { key, encoding } = cb.cacheKey(dist.domainName, viewer);
  const ctx: Ctx = { req, res, outcome, viewer, dist, cb, key, encodingForward: encoding, stale: undefined, client, cloudFront: undefined, overrideStatus: page.responseCode };
  if (cacheLookup(ctx, rt)) return undefined;
  res.on('error', ignore);
  return serveMiss(ctx, rt).catch(() => sendError(res, outcome, fallback, rt.edge));
}
