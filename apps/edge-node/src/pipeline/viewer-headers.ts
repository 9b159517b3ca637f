import { viewerVary } from '@cachefront/cache-core';
import type { CompiledBehavior } from '../runtime/compile.ts';

/** Never sent on to the viewer (RFC 9110 §7.6.1 hop-by-hop; CloudFront "removes or replaces"). */
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'via', 'x-cache', 'x-amz-cf-pop', 'x-amz-cf-id', 'age']);

export interface EdgeIdentity {
  /** `1.1 <node>.cachefront.local (cachefront)` */
  via: string;
  pop: string;
}

/**
 * The stored-and-reused part of a response's viewer headers, as a flat list for
 * `res.writeHead`: origin headers minus hop-by-hop ones, Vary filtered, Set-Cookie
 * removed when no cookies are forwarded, then Via and X-Amz-Cf-Pop.
 * `contentLength` replaces the origin's framing when the whole body is known.
 */
export function buildViewerHeaders(
  origin: Readonly<Record<string, string | string[] | undefined>>,
  cb: CompiledBehavior,
  edge: EdgeIdentity,
  contentLength?: number,
): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(origin)) {
    if (value === undefined || DROPPED.has(name)) continue;
    if (name === 'set-cookie' && cb.stripSetCookie) continue;
    if (name === 'content-length' && contentLength !== undefined) continue;
    if (name === 'vary') {
      const v = viewerVary(value, cb.forwardedHeaders);
      if (v !== undefined) out.push('vary', v);
      continue;
    }
    if (Array.isArray(value)) for (const v of value) out.push(name, v);
    else out.push(name, value);
  }
  if (contentLength !== undefined) out.push('content-length', String(contentLength));
  out.push('via', edge.via, 'x-amz-cf-pop', edge.pop);
  return out;
}

/** RFC 9110 §13.1.2 If-None-Match, weak comparison: does it match this ETag? */
export function ifNoneMatchHits(header: string | undefined, etag: string | undefined): boolean {
  if (header === undefined || etag === undefined) return false;
  if (header.trim() === '*') return true;
  const weak = (t: string) => t.trim().replace(/^W\//, '');
  const target = weak(etag);
  return header.split(',').some((t) => weak(t) === target);
}
