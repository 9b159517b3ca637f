import { EdgeError } from '../errors.ts';
import { classifyOriginError, type OriginClient, type OriginResponse } from '../origin/client.ts';
import type { Ctx } from '../pipeline/context.ts';
import type { ParentTier } from '../pipeline/parent-tier.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { viewerBodySignal } from '../pipeline/viewer-body.ts';
import { originRequestEvent, originResponseEvent, type OriginTarget } from './lambda-origin.ts';

/** Adjusts the planned origin request's headers (a cache fill drops the viewer's conditionals). */
export type AdjustHeaders = (headers: Record<string, string | string[]>) => void;

/** Where the origin request comes from: the viewer, as the policies forward it (DESIGN step 8). */
function originContext(ctx: Ctx, rt: EdgeRuntime) {
  return { viewerIp: ctx.client.ip, peerIp: ctx.client.peer, encoding: ctx.encodingForward, requestId: ctx.outcome.requestId, via: rt.edge.via, cloudFrontHeaders: ctx.cloudFront };
}

async function requestOrigin(
  ctx: Ctx,
  rt: EdgeRuntime,
  client: OriginClient,
  opts: { method: string; headers: Record<string, string | string[]>; path: string; body: boolean },
): Promise<OriginResponse | EdgeError> {
  const started = performance.now();
  const signal = opts.body ? viewerBodySignal(ctx.req) : undefined;
  try {
    const res = await client.request({ method: opts.method, path: opts.path, headers: opts.headers, body: opts.body ? ctx.req : null, ...(signal && { signal }) });
    const seconds = (performance.now() - started) / 1000;
    ctx.outcome.originSeconds = seconds;
    rt.observer.originResponded(ctx.dist.id, seconds);
    return res;
  } catch (err) {
    // The viewer's body broke off or was malformed (pipeline/viewer-body.ts): the viewer's fault.
    if (signal?.aborted) return new EdgeError('BAD_REQUEST');
    return new EdgeError(classifyOriginError(err) === 'timeout' ? 'ORIGIN_TIMEOUT' : 'ORIGIN_UNREACHABLE');
  }
}

/** Only these fail over to an origin group's secondary ("Optimizing high availability"). */
const FAILOVER_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The origin request, with origin-group failover: every request goes to the primary
 * first (after its own connection attempts and timeouts); a connection failure, a
 * timeout, or a status in the failover criteria sends a GET, HEAD or OPTIONS request to
 * the secondary, whose answer stands.
 */
export async function fetchOrigin(ctx: Ctx, rt: EdgeRuntime, method: string, body: boolean, adjust: AdjustHeaders = () => undefined): Promise<OriginResponse | EdgeError> {
  const { cb } = ctx;
  const plan = cb.originRequest(ctx.viewer, originContext(ctx, rt));
  adjust(plan.headers);
  let target: OriginTarget = { plan, origin: cb.origin, client: cb.client };
  // Lambda@Edge origin-request (miss/lambda-origin.ts): a changed target, or its own answer.
  const onRequest = cb.lambda.originRequest;
  if (onRequest) {
    const r = await originRequestEvent(ctx, rt, onRequest, method, target);
    if (r instanceof EdgeError || !('plan' in r)) return r;
    target = r;
  }
  const answer = await requestWithFailover(ctx, rt, method, body, target, adjust);
  // Lambda@Edge origin-response: the origin's answer as the function changes it, before it is cached.
  const onResponse = cb.lambda.originResponse;
  return onResponse && !(answer instanceof EdgeError) ? originResponseEvent(ctx, rt, onResponse, method, target, answer) : answer;
}

async function requestWithFailover(ctx: Ctx, rt: EdgeRuntime, method: string, body: boolean, target: OriginTarget, adjust: AdjustHeaders): Promise<OriginResponse | EdgeError> {
  const { cb } = ctx;
  const { plan } = target;
  const first = await requestOrigin(ctx, rt, target.client, { method, path: plan.path, headers: plan.headers, body });
  // A function that chose another origin chose it for good: no failover to the group's secondary.
  const fo = target.client === cb.client ? cb.failover : undefined;
  if (!fo || !FAILOVER_METHODS.has(ctx.viewer.method) || (first instanceof EdgeError && first.code === 'BAD_REQUEST')) return first;
  if (!(first instanceof EdgeError) && !fo.statusCodes.has(first.status)) return first;
  if (!(first instanceof EdgeError)) await first.body.dump().catch(() => undefined);
  ctx.outcome.failover = first instanceof EdgeError ? first.code : String(first.status);
  const second = fo.originRequest(ctx.viewer, originContext(ctx, rt));
  adjust(second.headers);
  return requestOrigin(ctx, rt, fo.client, { method, path: second.path, headers: second.headers, body });
}

/**
 * A cacheable fill when this origin has a parent tier (`--parent`, or its Origin Shield:
 * runtime/parents.ts): the origin request is planned as usual (`adjust` drops the viewer's
 * conditionals and adds the stale copy's validators) and sent to the parent
 * (pipeline/parent-tier.ts). No failover here: the parent fails over between the origin
 * group's members itself.
 */
export function fetchFromParent(ctx: Ctx, rt: EdgeRuntime, parent: ParentTier, adjust: AdjustHeaders): Promise<OriginResponse | EdgeError> {
  ctx.outcome.source = 'parent';
  const plan = ctx.cb.originRequest(ctx.viewer, originContext(ctx, rt));
  adjust(plan.headers);
  return parent.request(ctx, plan);
}
