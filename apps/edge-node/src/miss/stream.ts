import type { ServerResponse } from 'node:http';
import { xCache } from '../outcome.ts';
import type { Ctx } from '../pipeline/context.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';

/**
 * What the viewer still takes after the head: `body` (stream it, then end), `end` (a HEAD:
 * no body, but end the response when the fill is done), or `none` (a viewer-response
 * function replaced the body and it was sent with the head; the rest of the fill still
 * feeds the cache and any followers).
 */
export type ViewerPart = 'body' | 'end' | 'none';

/**
 * Status line and headers of a response not served from cache: `Miss`, or `Error` for
 * 4xx/5xx, through the viewer-response function when there is one.
 */
export function writeMissHead(ctx: Ctx, originStatus: number, viewerHeaders: string[]): ViewerPart {
  const { outcome } = ctx;
  const status = ctx.overrideStatus ?? originStatus;
  outcome.result = status >= 400 ? 'Error' : 'Miss';
  outcome.status = status;
  const headers = viewerHeaders.concat('x-cache', xCache(outcome.result), 'x-amz-cf-id', outcome.requestId);
  const part = ctx.viewer.method === 'HEAD' ? 'end' : 'body';
  if (!ctx.viewerResponse) {
    ctx.res.writeHead(status, headers);
    return part;
  }
  const t = ctx.viewerResponse(status, headers);
  outcome.status = t.status;
  ctx.res.writeHead(t.status, t.headers);
  if (t.body === undefined) return part;
  outcome.bytesOut = t.body.length;
  ctx.res.end(part === 'body' ? t.body : undefined);
  return 'none';
}

/** Origin body -> viewer with backpressure: at most a socket buffer in memory. */
export async function relay(body: AsyncIterable<Buffer>, ctx: Ctx, rt: EdgeRuntime): Promise<void> {
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

/** Reads a body nobody will see (counted as origin bytes). */
export async function discard(body: AsyncIterable<Buffer>, rt: EdgeRuntime): Promise<void> {
  try {
    for await (const chunk of body) rt.counters.originBytes += chunk.length;
  } catch {
    // The origin broke off: nothing was going to the viewer anyway.
  }
}

/** A body made at the edge from bytes already counted (a compressed answer, miss/compress.ts). */
export const COUNTED = Symbol('cachefront.counted');

/** The origin body, each chunk counted in the worker's originBytes as it is read. */
export function countBytes(body: AsyncIterable<Buffer>, rt: EdgeRuntime): AsyncIterable<Buffer> {
  if ((body as { [COUNTED]?: boolean })[COUNTED]) return body;
  return counted(body, rt);
}

async function* counted(body: AsyncIterable<Buffer>, rt: EdgeRuntime): AsyncIterable<Buffer> {
  for await (const chunk of body) {
    rt.counters.originBytes += chunk.length;
    yield chunk;
  }
}

export function drained(res: ServerResponse): Promise<void> {
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
