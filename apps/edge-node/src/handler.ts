import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Outcome } from './outcome.ts';
import type { Finished } from './observe.ts';
import type { EdgeRuntime } from './runtime/runtime.ts';
import { dispatch, dispatchPage } from './pipeline/dispatch.ts';
import { planRequest } from './pipeline/plan.ts';
import { sendError, sendPreflight, sendRedirect } from './pipeline/respond.ts';
import { applyOnWriteHead } from './pipeline/response-headers.ts';
import { sendGenerated } from './pipeline/viewer-function.ts';

/**
 * The viewer request path (DESIGN.md "A viewer request at the edge"): the plan decides
 * (pipeline/plan.ts, the same decision explain prints), this acts on it: an error, a
 * function's response, or the cache and the origin (pipeline/dispatch.ts).
 */
export function createViewerHandler(rt: EdgeRuntime, protocol: 'http' | 'https' = 'http') {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const outcome: Outcome = { requestId: rt.nextId(), result: 'Miss', status: 0, bytesOut: 0 };
    const done: Finished = { req, res, headBlock: undefined, outcome, startedAt: performance.now(), dist: undefined, cb: undefined, client: undefined };
    const pending = handle(req, res, done, rt, protocol);
    if (pending === undefined) finish(rt, done);
    else void pending.then(() => finish(rt, done));
  };
}

/** Counts, logs and samples a request once it is answered (here and on the fast path, fast/front.ts). */
export function finish(rt: EdgeRuntime, done: Finished): void {
  rt.usage.record(done.outcome);
  // Logs and metrics never take a worker down.
  try {
    rt.observer.finished(done);
  } catch (err) {
    rt.observer.failed(err);
  }
}

/** Answers one request: synchronously (undefined) or, for a miss, when the promise settles. */
function handle(req: IncomingMessage, res: ServerResponse, done: Finished, rt: EdgeRuntime, protocol: 'http' | 'https'): Promise<void> | undefined {
  const outcome = done.outcome;
  const plan = planRequest(rt, { req, outcome, protocol });
  done.dist = plan.dist;
  done.cb = plan.behavior;
  done.client = plan.client;
  // The behavior's response headers policy applies to whatever this request is answered with.
  const rule = plan.behavior?.responseHeaders;
  if (rule && !outcome.fromChild) {
    const timing = () => ({ downstreamFbl: performance.now() - done.startedAt, upstreamFbl: outcome.originSeconds === undefined ? undefined : outcome.originSeconds * 1000 });
    applyOnWriteHead(res, rule, req.headers, rule.policy.serverTimingHeadersConfig?.enabled ? timing : undefined);
  }
  switch (plan.kind) {
    case 'refuse':
      if (plan.page && plan.dist && plan.client) return dispatchPage({ req, res, outcome, dist: plan.dist, client: plan.client, host: plan.host }, rt, { page: plan.page, error: plan.error });
      return void sendError(res, outcome, plan.error, rt.edge);
    case 'preflight':
      return void sendPreflight(res, outcome, plan.headers, rt.edge);
    case 'redirect':
      return void sendRedirect(res, outcome, plan.location, rt.edge, req.method ?? 'GET');
    case 'function':
      throw new Error('unreachable: the handler never plans with pure');
    case 'generated':
      return void sendGenerated(res, outcome, plan, rt.edge, req.method ?? 'GET');
    case 'serve': {
      const p = plan.request;
      return dispatch(
        { req, res, outcome, viewer: p.viewer, host: p.host, dist: p.dist, cb: p.cb, key: p.key, encodingForward: p.encodingForward, client: p.client, cloudFront: p.cloudFront, viewerResponse: p.viewerResponse, stale: undefined },
        rt,
      );
    }
  }
}
