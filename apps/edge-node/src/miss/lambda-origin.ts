// Lambda@Edge on the origin events ("Lambda@Edge event structure", "Customizing at the edge
// with Lambda@Edge"): origin-request runs before the edge asks the origin (cache misses and
// requests that pass through), and may change the URI, query string, headers and origin,
// or answer itself; its answer is then treated as the origin's (cached by the TTL rules).
// origin-response runs on the origin's answer before it is cached, and may change its
// status and headers or replace its body. The functions run in packages/lambda-edge.

import { buildEvent, customOrigin, outcomeOf, s3Origin, type AppliedRequest, type CfOrigin, type EventType } from '@cachefront/lambda-edge';
import { originSettings, s3BucketOf, type Origin } from '@cachefront/config';
import type { OriginRequestPlan } from '@cachefront/cache-core';
import { EdgeError, type EdgeErrorCode } from '../errors.ts';
import type { OriginClient, OriginResponse } from '../origin/client.ts';
import type { Ctx } from '../pipeline/context.ts';
import type { LambdaBinding } from '../runtime/lambda.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';

const ERROR_CODES: Record<string, EdgeErrorCode> = {
  LambdaValidationError: 'LAMBDA_VALIDATION_ERROR',
  LambdaExecutionError: 'LAMBDA_EXECUTION_ERROR',
  LambdaLimitExceeded: 'LAMBDA_LIMIT_EXCEEDED',
};

/** Where an origin request goes, as origin-request may change it. */
export interface OriginTarget {
  plan: OriginRequestPlan;
  origin: Origin;
  client: OriginClient;
}

/** An answer made in memory (a function's): what the fill and pass-through read of an origin's. */
export function bufferedResponse(status: number, headers: Record<string, string | string[]>, body: Buffer): OriginResponse {
  const out = { ...headers, 'content-length': String(body.length) };
  const stream = {
    async *[Symbol.asyncIterator]() {
      if (body.length > 0) yield body;
    },
    dump: async () => undefined,
  };
  return { status, headers: out, body: stream as unknown as OriginResponse['body'] };
}

/** The origin as the event shows it: `custom` or `s3` ("origin object"). */
function originOf(o: Origin): CfOrigin {
  const custom: Array<[string, string]> = Object.entries(o.customHeaders);
  if (o.s3OriginConfig) return s3Origin({ domainName: o.domainName, region: s3BucketOf(o.domainName)?.region ?? 'us-east-1', path: o.originPath, authMethod: 'none', customHeaders: custom });
  const c = originSettings(o);
  const https = c.originProtocolPolicy === 'https-only';
  return customOrigin({ domainName: o.domainName, port: https ? c.httpsPort : c.httpPort, protocol: https ? 'https' : 'http', path: o.originPath, customHeaders: custom, readTimeout: c.originReadTimeout, keepaliveTimeout: c.originKeepaliveTimeout });
}

/** An origin a function named: a custom or S3 origin of cachefront's config. */
function originFrom(cf: CfOrigin, before: Origin): Origin {
  const headers = (h: Record<string, { key?: string; value: string }[]>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [v[0]?.key ?? k, v.map((x) => x.value).join(',')]));
  const base = { id: `${before.id}-lambda`, connectionAttempts: before.connectionAttempts, connectionTimeout: before.connectionTimeout };
  if ('s3' in cf) return { ...base, domainName: cf.s3.domainName, originPath: cf.s3.path, customHeaders: headers(cf.s3.customHeaders), s3OriginConfig: { originAccessIdentity: '' } };
  const c = cf.custom;
  return {
    ...base,
    domainName: c.domainName,
    originPath: c.path,
    customHeaders: headers(c.customHeaders),
    customOriginConfig: { httpPort: c.protocol === 'http' ? c.port : 80, httpsPort: c.protocol === 'https' ? c.port : 443, originProtocolPolicy: c.protocol === 'https' ? 'https-only' : 'http-only', originReadTimeout: c.readTimeout, originKeepaliveTimeout: c.keepaliveTimeout },
  };
}

/** The request URI and query string the event shows: the origin request's path without the origin's path prefix. */
function splitTarget(plan: OriginRequestPlan, origin: Origin): { uri: string; querystring: string } {
  const q = plan.path.indexOf('?');
  let uri = q === -1 ? plan.path : plan.path.slice(0, q);
  if (origin.originPath !== '' && uri.startsWith(origin.originPath)) uri = uri.slice(origin.originPath.length) || '/';
  return { uri, querystring: q === -1 ? '' : plan.path.slice(q + 1) };
}

function headerRecord(pairs: ReadonlyArray<readonly [string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const k = name.toLowerCase();
    const prev = out[k];
    out[k] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** The event of an origin event: the origin request as planned (URI without the origin's path), its origin, and the origin's answer on origin-response. */
function originEvent(ctx: Ctx, eventType: 'origin-request' | 'origin-response', method: string, target: OriginTarget, response?: { status: number; headers: Array<[string, string]> }) {
  const { uri, querystring } = splitTarget(target.plan, target.origin);
  return buildEvent({
    eventType,
    distributionId: ctx.dist.id,
    distributionDomainName: ctx.dist.domainName,
    requestId: ctx.outcome.requestId,
    clientIp: ctx.client.ip,
    method,
    uri,
    querystring,
    headers: target.plan.headers,
    origin: originOf(target.origin),
    ...(response && { response }),
  });
}

async function run(ctx: Ctx, rt: EdgeRuntime, binding: LambdaBinding, eventType: EventType, event: ReturnType<typeof buildEvent>) {
  const outcome = await rt.lambda.invoke(binding.version, eventType, event, { timeoutMs: binding.timeoutMs, requestId: ctx.outcome.requestId });
  const applied = outcomeOf(eventType, event, outcome);
  // A failed run, or a result CloudFront's rules refuse (LambdaValidationError).
  const error = applied.kind === 'error' ? applied.code : undefined;
  ctx.outcome.lambda = [...(ctx.outcome.lambda ?? []), { eventType, name: binding.version.name, version: binding.version.version, ms: outcome.durationMs, ...(error === undefined ? {} : { error }) }];
  rt.observer.lambdaRan({ name: binding.version.name, version: binding.version.version, eventType, ms: outcome.durationMs, error, requestId: ctx.outcome.requestId, logs: applied.kind === 'error' ? [...outcome.logs, `${applied.code}: ${applied.message}`] : outcome.logs });
  return applied;
}

/**
 * origin-request: the target the origin request goes to, changed as the function says, or
 * the function's own answer (treated as the origin's), or its CloudFront error.
 */
export async function originRequestEvent(ctx: Ctx, rt: EdgeRuntime, binding: LambdaBinding, method: string, target: OriginTarget): Promise<OriginTarget | OriginResponse | EdgeError> {
  const event = originEvent(ctx, 'origin-request', method, target);
  const applied = await run(ctx, rt, binding, 'origin-request', event);
  if (applied.kind === 'error') return new EdgeError(ERROR_CODES[applied.code] ?? 'LAMBDA_EXECUTION_ERROR', applied.message);
  if (applied.kind === 'response') return bufferedResponse(applied.response.status, headerRecord(applied.response.headers), applied.response.body ?? Buffer.alloc(0));
  return retarget(rt, target, applied.request);
}

function retarget(rt: EdgeRuntime, target: OriginTarget, r: AppliedRequest): OriginTarget {
  const origin = r.originChanged && r.origin ? originFrom(r.origin, target.origin) : target.origin;
  const path = `${origin.originPath}${r.uri}${r.querystring === '' ? '' : `?${r.querystring}`}`;
  const headers = headerRecord(r.headers);
  // A new origin: its own Host, unless the function set one.
  if (r.originChanged && !r.headers.some(([n]) => n.toLowerCase() === 'host')) headers.host = origin.domainName;
  return { plan: { ...target.plan, path, headers }, origin, client: r.originChanged ? rt.originClientFor(origin) : target.client };
}

/** origin-response: the origin's answer as the function changes it, before it is cached; or its CloudFront error. */
export async function originResponseEvent(ctx: Ctx, rt: EdgeRuntime, binding: LambdaBinding, method: string, target: OriginTarget, res: OriginResponse): Promise<OriginResponse | EdgeError> {
  const headers = Object.entries(res.headers).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, String(x)] as [string, string])));
  const event = originEvent(ctx, 'origin-response', method, target, { status: res.status, headers });
  const applied = await run(ctx, rt, binding, 'origin-response', event);
  if (applied.kind === 'error') {
    await res.body.dump().catch(() => undefined);
    return new EdgeError(ERROR_CODES[applied.code] ?? 'LAMBDA_EXECUTION_ERROR', applied.message);
  }
  if (applied.kind !== 'response') return res;
  const out = headerRecord(applied.response.headers);
  if (applied.response.body === undefined) {
    // The origin's body stays, with its own length and encoding.
    for (const h of ['content-length', 'content-encoding', 'transfer-encoding']) {
      const v = res.headers[h];
      if (v !== undefined) out[h] = v as string | string[];
    }
    return { status: applied.response.status, headers: out, body: res.body };
  }
  await res.body.dump().catch(() => undefined);
  delete out['content-encoding'];
  delete out['transfer-encoding'];
  return bufferedResponse(applied.response.status, out, applied.response.body);
}
