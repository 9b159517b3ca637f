import type { IncomingHttpHeaders } from 'node:http';
import { connectionListed, viewerVary } from '@cachefront/cache-core';
import type { CompiledBehavior } from '../runtime/compile.ts';
import { TIER_RESPONSE_HEADER, tierHit, type TierName } from '../runtime/tier.ts';

/** Never sent on to the viewer (RFC 9110 §7.6.1 hop-by-hop; CloudFront "removes or replaces"). */
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'via', 'x-cache', 'x-amz-cf-pop', 'x-amz-cf-id', 'age', TIER_RESPONSE_HEADER]);

export interface EdgeIdentity {
  /** `1.1 <node>.cachefront.local (cachefront)` */
  via: string;
  pop: string;
  /** Set when tiers are in play here (this edge has a parent or is one): X-Cachefront-Tier. */
  tier?: TierName;
}

/**
 * The stored-and-reused part of a response's viewer headers, as a flat list for
 * `res.writeHead`: origin headers minus hop-by-hop ones, Vary filtered, Set-Cookie
 * removed when no cookies are forwarded, then Via and X-Amz-Cf-Pop.
 * `contentLength` replaces the origin's framing when the whole body is known: the list of
 * a stored copy; without it, the list of a response relayed as it arrives.
 *
 * Tiers (runtime/tier.ts), when `edge.tier` is set: a response from a parent tier (it
 * carries X-Cachefront-Tier) keeps the parent's Via entries before this edge's (RFC 9110
 * §7.6.3: each intermediary appends itself). X-Cachefront-Tier says who produced the
 * response: a stored copy is `<tier>-hit`; a relayed one passes on the parent's value, or
 * is `origin`.
 *
 * A relayed response keeps the Age it arrived with (RFC 9111 §5.1: the origin or a parent
 * tier says how old it already is), so the viewer and child tiers count it; a stored copy
 * gets its Age per hit (respond.ts). Headers listed in the origin's Connection are dropped.
 */
export function buildViewerHeaders(
  origin: Readonly<Record<string, string | string[] | undefined>>,
  cb: CompiledBehavior,
  edge: EdgeIdentity,
  contentLength?: number,
): string[] {
  const out: string[] = [];
  const tiered = edge.tier !== undefined;
  const fromParent = tiered ? one(origin[TIER_RESPONSE_HEADER]) : undefined;
  let via = edge.via;
  if (tiered) {
    const upstream = fromParent === undefined ? undefined : one(origin.via);
    if (upstream !== undefined) via = `${upstream}, ${edge.via}`;
  }
  const age = contentLength === undefined ? one(origin.age) : undefined;
  if (age !== undefined) out.push('age', age);
  const listed = connectionListed(origin.connection);
  for (const [name, value] of Object.entries(origin)) {
    if (value === undefined || DROPPED.has(name) || listed?.has(name)) continue;
    if (name === 'set-cookie' && cb.stripSetCookie) continue;
    if (name === 'content-length' && contentLength !== undefined) continue;
    if (name === 'vary') {
      const v = viewerVary(value, cb.forwardedHeaders, cb.allViewerHeadersExcept);
      if (v !== undefined) out.push('vary', v);
      continue;
    }
    if (Array.isArray(value)) for (const v of value) out.push(name, v);
    else out.push(name, value);
  }
  if (contentLength !== undefined) out.push('content-length', String(contentLength));
  if (tiered) out.push(TIER_RESPONSE_HEADER, contentLength !== undefined ? tierHit(edge.tier!) : (fromParent ?? 'origin'));
  out.push('via', via, 'x-amz-cf-pop', edge.pop);
  return out;
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

/** RFC 9110 §13.1.2 If-None-Match, weak comparison: does it match this ETag? */
export function ifNoneMatchHits(header: string | undefined, etag: string | undefined): boolean {
  if (header === undefined || etag === undefined) return false;
  if (header.trim() === '*') return true;
  const weak = (t: string) => t.trim().replace(/^W\//, '');
  const target = weak(etag);
  return header.split(',').some((t) => weak(t) === target);
}

/** The viewer's headers with CloudFront-* replaced by the edge's computed values (a viewer can never set them). */
export function withCloudFrontHeaders(headers: IncomingHttpHeaders, computed: Record<string, string>): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith('cloudfront-')) out[k] = v;
  return Object.assign(out, computed);
}
