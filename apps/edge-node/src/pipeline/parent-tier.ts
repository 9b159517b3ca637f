import { Pool } from 'undici';
import type { OriginRequestPlan, ResponseHeaders } from '@cachefront/cache-core';
import { originSettings, type Origin } from '@cachefront/config';
import { classifyOriginError, type OriginResponse } from '../origin/client.ts';
import { EdgeError, type EdgeErrorCode } from '../errors.ts';
import { TIER_ERROR_HEADER, TIER_HOP_HEADER, TIER_RESPONSE_HEADER } from '../runtime/tier.ts';
import type { Ctx } from './context.ts';

/** Headers of a parent's response about the parent's own answer, not about the object. */
const PARENT_ONLY = ['x-cache', 'x-amz-cf-pop', 'x-amz-cf-id', TIER_ERROR_HEADER];

/** Errors a child relays as its own when its parent generated them (the rest: ORIGIN_ERROR). */
const RELAYED: ReadonlySet<string> = new Set<EdgeErrorCode>([
  'ORIGIN_UNREACHABLE',
  'ORIGIN_TIMEOUT',
  'ORIGIN_ERROR',
  'TIER_LOOP',
  'TIER_REFUSED',
  'UNKNOWN_HOST',
  'METHOD_NOT_ALLOWED',
  'URI_TOO_LONG',
  'HEADERS_TOO_LARGE',
  'BAD_REQUEST',
]);

/**
 * The child side of tiers (`--parent URL`): a cacheable miss is asked of the parent tier
 * edge instead of the origin. Like CloudFront's regional edge caches, only cacheable
 * fills go this way; other methods and uncacheable requests go straight to the origin.
 * The parent is a normal edge serving the same config: it caches, collapses concurrent
 * requests from all its children onto one origin request, and answers with the origin's
 * headers (Cache-Control, Expires, ETag, Last-Modified) plus its Age, Via and
 * X-Cachefront-Tier, so this edge stores the object with the same TTL rules.
 */
export class ParentTier {
  readonly url: string;
  private readonly pool: Pool;

  constructor(url: string) {
    this.url = url.replace(/\/+$/, '');
    this.pool = new Pool(this.url, { connections: 128, pipelining: 1, connect: { timeout: 10_000 }, keepAliveTimeout: 30_000 });
  }

  /** What a cache fill would send the origin (`plan`), sent to the parent instead (miss/origin-fetch.ts). */
  async request(ctx: Ctx, plan: OriginRequestPlan): Promise<OriginResponse | EdgeError> {
    const origin = ctx.cb.origin;
    const { path, headers } = parentRequest(plan, { host: ctx.host, originPath: origin.originPath, customHeaders: origin.customHeaders, hop: ctx.outcome.tierHop ?? 0 });
    // A backstop only: the parent answers within its own origin timeouts (502/504 itself),
    // trying the origin group's secondary too when there is one.
    const secondary = ctx.cb.failover?.origin;
    const headersTimeout = (budget(origin) + (secondary ? budget(secondary) : 0)) * 1000 + 5000;
    const read = Math.max(originSettings(origin).originReadTimeout, secondary ? originSettings(secondary).originReadTimeout : 0);
    let res;
    try {
      res = await this.pool.request({ method: 'GET', path, headers, headersTimeout, bodyTimeout: read * 1000 + 5000 });
    } catch (err) {
      return new EdgeError(classifyOriginError(err) === 'timeout' ? 'ORIGIN_TIMEOUT' : 'ORIGIN_UNREACHABLE');
    }
    const generated = res.headers[TIER_ERROR_HEADER];
    if (generated !== undefined) {
      await res.body.dump();
      return parentError(generated, res.headers[TIER_RESPONSE_HEADER]);
    }
    return { status: res.statusCode, headers: fromParent(res.headers), body: res.body };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Seconds an origin may take to send response headers: its connection attempts, then the read timeout. */
function budget(o: Origin): number {
  return o.connectionAttempts * o.connectionTimeout + originSettings(o).originReadTimeout;
}

/**
 * The request to the parent: the origin request's headers (what the policies forward,
 * normalized Accept-Encoding, CloudFront-* values, X-Forwarded-For ending with the viewer's
 * address, Via) under the viewer's Host, so the parent selects the same distribution and
 * builds the same cache key; the path without originPath (the parent adds its own), with
 * the forwarded query string; the origin's custom headers left for the parent to add; and
 * the hop count one up.
 */
export function parentRequest(
  plan: OriginRequestPlan,
  o: { host: string | undefined; originPath: string; customHeaders: Readonly<Record<string, string>>; hop: number },
): { path: string; headers: Record<string, string | string[]> } {
  const headers = { ...plan.headers };
  for (const name of Object.keys(o.customHeaders)) delete headers[name.toLowerCase()];
  delete headers['x-amz-cf-id'];
  if (o.host !== undefined) headers.host = o.host;
  headers[TIER_HOP_HEADER] = String(o.hop + 1);
  return { path: plan.path.slice(o.originPath.length), headers };
}

/**
 * A parent's response as this edge stores it: the object's headers (the origin's caching
 * headers, the parent's Age and Via) with the marker X-Cachefront-Tier, which makes
 * decideStorage count that Age against every TTL and buildViewerHeaders chain the Via.
 */
export function fromParent(headers: ResponseHeaders): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = { ...headers };
  for (const name of PARENT_ONLY) delete out[name];
  // Every edge that takes tier requests marks its answers; this only guards older parents.
  out[TIER_RESPONSE_HEADER] ??= 'parent';
  return out;
}

/** An error the parent generated (502 origin unreachable, 508 loop, ...): relayed, never stored. */
export function parentError(code: string | string[], answer: string | string[] | undefined): EdgeError {
  const c = Array.isArray(code) ? code[0] : code;
  const err = new EdgeError(c !== undefined && RELAYED.has(c) ? (c as EdgeErrorCode) : 'ORIGIN_ERROR');
  err.tierAnswer = typeof answer === 'string' ? answer : 'parent-error';
  return err;
}
