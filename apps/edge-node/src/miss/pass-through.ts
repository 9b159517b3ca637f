import { EdgeError } from '../errors.ts';
import type { Ctx, PageRequest } from '../pipeline/context.ts';
import { sendError } from '../pipeline/respond.ts';
import { buildViewerHeaders } from '../pipeline/viewer-headers.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { fetchOrigin } from './origin-fetch.ts';
import { discard, relay, writeMissHead } from './stream.ts';

/** Not cacheable here: forward the request (with its body) and stream the answer back. */
export async function passThrough(ctx: Ctx, rt: EdgeRuntime): Promise<PageRequest | undefined> {
  const { cb, outcome, viewer } = ctx;
  outcome.source = 'origin';
  const hasBody = viewer.method !== 'GET' && viewer.method !== 'HEAD';
  // A Range GET that is not cached here goes to the origin as it is ("How CloudFront
  // processes partial requests"), whatever the origin request policy forwards.
  const range = viewer.method === 'GET' ? ctx.req.headers.range : undefined;
  const ifRange = ctx.req.headers['if-range'];
  const res = await fetchOrigin(ctx, rt, viewer.method, hasBody, (headers) => {
    if (range === undefined) return;
    headers.range = range;
    if (ifRange !== undefined) headers['if-range'] = ifRange;
  });
  if (res instanceof EdgeError) return originError(ctx, rt, res);
  outcome.originStatus = res.status;
  if (!cb.cacheable) outcome.notStored = 'caching-disabled';
  const part = writeMissHead(ctx, res.status, buildViewerHeaders(res.headers, cb, rt.edge));
  await (part === 'none' ? discard(res.body, rt) : relay(res.body, ctx, rt));
  return undefined;
}

/** The origin could not be reached (502/504): its custom error page when one is set (served by the caller). */
export function originError(ctx: Ctx, rt: EdgeRuntime, err: EdgeError): PageRequest | undefined {
  const page = ctx.overrideStatus === undefined ? ctx.dist.errorPages.get(err.status) : undefined;
  if (page && !ctx.res.headersSent) return { page, error: err };
  sendError(ctx.res, ctx.outcome, err, rt.edge);
  return undefined;
}
