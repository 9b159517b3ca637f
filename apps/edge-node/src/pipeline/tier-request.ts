import type { IncomingHttpHeaders } from 'node:http';
import { forwardedEntryAddress } from '@cachefront/geo';
import type { CompiledDistribution } from '../runtime/compile.ts';
import { TIER_HOP_HEADER } from '../runtime/tier.ts';

/**
 * The parent side of tiers: what a trusted child's request (runtime/tier.ts
 * classifyTierRequest) means here. The child already did the viewer-only steps with the
 * real viewer, so the parent does not repeat them:
 * - geo restriction and signed URL/cookie checks: done (the signing parameters are gone);
 * - the viewer's address: the last X-Forwarded-For entry (the child appended it), the
 *   entries before it are the viewer's own X-Forwarded-For, so the origin sees the same
 *   header as without tiers;
 * - CloudFront-* headers: the child's values, for the cache key and the origin request;
 * - custom error responses: the child applies them to the origin's answer (the parent
 *   stores and returns the origin's error as it is).
 * Everything else (behavior, cache key, policies, caching, collapsing) is the normal path.
 */
export interface ChildRequest {
  /** The headers as a viewer's would be: no hop header, X-Forwarded-For without the child's entry. */
  headers: IncomingHttpHeaders;
  /** The viewer's address as the child determined it (undefined: use the socket's). */
  viewerIp: string | undefined;
  /** The CloudFront-* headers the child computed. */
  cloudFront: Record<string, string>;
}

export function childRequest(received: IncomingHttpHeaders): ChildRequest {
  const headers: IncomingHttpHeaders = {};
  const cloudFront: Record<string, string> = {};
  for (const [name, value] of Object.entries(received)) {
    if (name === TIER_HOP_HEADER) continue;
    headers[name] = value;
    if (name.startsWith('cloudfront-') && typeof value === 'string') cloudFront[name] = value;
  }
  let viewerIp: string | undefined;
  const xff = received['x-forwarded-for'];
  if (typeof xff === 'string') {
    const comma = xff.lastIndexOf(',');
    viewerIp = forwardedEntryAddress(xff.slice(comma + 1));
    if (comma < 0) delete headers['x-forwarded-for'];
    else headers['x-forwarded-for'] = xff.slice(0, comma).trimEnd();
  }
  return { headers, viewerIp, cloudFront };
}

const forChildren = new WeakMap<CompiledDistribution, CompiledDistribution>();

/** The distribution as child requests see it: without custom error responses (the child applies them). */
export function childView(dist: CompiledDistribution): CompiledDistribution {
  let view = forChildren.get(dist);
  if (view === undefined) {
    view = { ...dist, errorPages: new Map() };
    forChildren.set(dist, view);
  }
  return view;
}
