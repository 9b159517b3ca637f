import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHead } from './context.ts';
import { applyRequest, applyResponse, eventFromRequest, FUNCTION_ERRORS, viewerResponseEvent, type CompiledFunction, type FunctionErrorCode, type OriginModification } from '@cachefront/functions';
import { EdgeError } from '../errors.ts';
import { xCache, type Outcome } from '../outcome.ts';
import type { CompiledDistribution } from '../runtime/compile.ts';
import type { EdgeIdentity } from './viewer-headers.ts';

/** What a function sees of the request besides the raw message (after the edge's own steps). */
export interface FunctionView {
  path: string;
  query: string;
  viewerIp: string;
  requestId: string;
  cloudFront: Record<string, string> | undefined;
}

/** The documented event of the viewer's request, as the behavior's functions see it. */
function requestEvent(req: RequestHead, dist: CompiledDistribution, view: FunctionView) {
  const url = view.query === '' ? view.path : `${view.path}?${view.query}`;
  return eventFromRequest(
    { method: req.method, url, rawHeaders: req.rawHeaders },
    { viewerIp: view.viewerIp, distributionDomainName: dist.domainName, distributionId: dist.id, requestId: view.requestId, extraHeaders: view.cloudFront },
  );
}

/** Told about every invocation: its compute utilization, and its error code when it failed. */
export type FunctionReport = (utilization: number, error: string | undefined) => void;

/** One function invocation: the function (or why it is missing), the request, and where results go. */
export interface FunctionCall {
  fn: CompiledFunction | { error: string } | undefined;
  req: RequestHead;
  dist: CompiledDistribution;
  view: FunctionView;
  outcome: Outcome;
  report?: FunctionReport | undefined;
}

const ignore: FunctionReport = () => undefined;

/** What a viewer-request function decided. */
export type ViewerRequestResult =
  | { kind: 'request'; path: string; query: string; headers: IncomingHttpHeaders; origin: OriginModification[] }
  | { kind: 'response'; status: number; headers: Record<string, string[]>; body: Buffer }
  | EdgeError;

/**
 * DESIGN step 6: the behavior's viewer-request function (CloudFront Functions) sees the
 * request (after the signature check, with the CloudFront-* headers the policies add) and
 * returns it, modified, or a response that is served without cache or origin. A URI
 * rewrite does not change the behavior that was matched. A throw or a limit hit is a 503;
 * an invalid value a 502 (CloudFront's pages), never a crashed worker.
 */
export function runViewerRequest(call: FunctionCall): ViewerRequestResult {
  const { fn, req, dist, view, outcome, report = ignore } = call;
  if (!runnable(fn, report)) return functionError('EXECUTION_ERROR', outcome);
  const event = requestEvent(req, dist, view);
  const result = fn.runSync('viewer-request', event);
  outcome.functionUtilization = result.computeUtilization;
  const output = result.error === undefined ? result.output : undefined;
  const failed = output === undefined ? (result.errorCode ?? 'EXECUTION_ERROR') : undefined;
  report(result.computeUtilization, failed);
  if (output === undefined) return functionError(failed!, outcome);
  if ('response' in output) {
    const applied = applyResponse(output.response);
    return { kind: 'response', status: applied.statusCode, headers: applied.headers, body: applied.body ?? Buffer.alloc(0) };
  }
  const applied = applyRequest(event.request, output.request, view.query);
  const headers: IncomingHttpHeaders = {};
  for (const [name, values] of Object.entries(applied.headers)) {
    if (values.length === 0) continue;
    headers[name] = name === 'set-cookie' ? values : values.join(name === 'cookie' ? '; ' : ', ');
  }
  return { kind: 'request', path: applied.uri, query: applied.querystring, headers, origin: result.origin };
}

/** A function that did not compile (or is gone) counts as an execution error. */
function runnable(fn: CompiledFunction | { error: string } | undefined, report: FunctionReport): fn is CompiledFunction {
  if (fn !== undefined && !('error' in fn)) return true;
  report(0, 'EXECUTION_ERROR');
  return false;
}

export function functionError(code: FunctionErrorCode, outcome: Outcome): EdgeError {
  outcome.functionError = code;
  return new EdgeError(FUNCTION_ERRORS[code].status === 502 ? 'FUNCTION_INVALID_VALUE' : 'FUNCTION_EXECUTION_ERROR', code);
}

/** A response the function generated: `X-Cache: FunctionGeneratedResponse from cachefront`. */
export function sendGenerated(res: ServerResponse, outcome: Outcome, r: { status: number; headers: Record<string, string[]>; body: Buffer }, edge: EdgeIdentity, method: string): void {
  outcome.result = 'FunctionGeneratedResponse';
  outcome.status = r.status;
  const flat: string[] = [];
  for (const [name, values] of Object.entries(r.headers)) for (const v of values) flat.push(name, v);
  flat.push('content-length', String(r.body.length), 'via', edge.via, 'x-amz-cf-pop', edge.pop, 'x-cache', xCache('FunctionGeneratedResponse'), 'x-amz-cf-id', outcome.requestId);
  res.writeHead(r.status, flat);
  if (method === 'HEAD') return void res.end();
  outcome.bytesOut = r.body.length;
  res.end(r.body);
}

const EDGE_HEADERS = new Set(['x-cache', 'x-amz-cf-id', 'x-amz-cf-pop', 'via', 'age']);

/** What the viewer gets instead of a response's status and headers (and maybe body). */
export interface Transformed {
  status: number;
  headers: string[];
  body: Buffer | undefined;
}
export type ResponseTransform = (status: number, flatHeaders: string[]) => Transformed;

/**
 * The behavior's viewer-response function: it sees the request and the response (from the
 * cache or the origin) and returns the response to send. It does not run for responses
 * with status 400 or above ("Viewer response functions are not invoked when the origin
 * returns an HTTP status code 400 or higher"). An error or an invalid value is CloudFront's
 * 503/502 page instead.
 */
export function viewerResponseTransform(call: FunctionCall): ResponseTransform {
  const { fn, req, dist, view, outcome, report = ignore } = call;
  return (status, flat) => {
    if (status >= 400) return { status, headers: flat, body: undefined };
    const errorPage = (e: EdgeError): Transformed => {
      const body = Buffer.from(e.body(outcome.requestId));
      outcome.result = 'Error';
      return { status: e.status, headers: ['content-type', 'text/html', 'content-length', String(body.length), 'x-cache', xCache('Error'), 'x-amz-cf-id', outcome.requestId], body };
    };
    if (!runnable(fn, report)) return errorPage(functionError('EXECUTION_ERROR', outcome));
    // The function sees the response headers, not the ones the edge adds per request
    // (X-Cache, X-Amz-Cf-Id, X-Amz-Cf-Pop, Via, Age); those are added back after it.
    const seen: string[] = [];
    const edgeAdded: string[] = [];
    for (let i = 0; i < flat.length; i += 2) (EDGE_HEADERS.has(flat[i]!) ? edgeAdded : seen).push(flat[i]!, flat[i + 1]!);
    const event = viewerResponseEvent(requestEvent(req, dist, view), { statusCode: status, rawHeaders: seen });
    const result = fn.runSync('viewer-response', event);
    outcome.functionUtilization = result.computeUtilization;
    if (result.error !== undefined || result.output === undefined || !('response' in result.output)) {
      const code = result.errorCode ?? 'INVALID_VALUE';
      report(result.computeUtilization, code);
      return errorPage(functionError(code, outcome));
    }
    report(result.computeUtilization, undefined);
    const applied = applyResponse(result.output.response, event.response);
    const headers: string[] = [];
    for (const [name, values] of Object.entries(applied.headers)) for (const v of values) headers.push(name, v);
    if (applied.body !== undefined) headers.push('content-length', String(applied.body.length));
    return { status: applied.statusCode, headers: headers.concat(edgeAdded), body: applied.body };
  };
}
