// Shared test helpers: compiling code that must compile, and events shaped like CloudFront's.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileFunction, type CompileOptions, type CompiledFunction, type RunResult } from './compile.ts';
import { eventFromRequest } from './event.ts';
import type { FunctionEvent, FunctionRequest, FunctionResponse, FunctionRuntime } from './types.ts';

/** Generous time limit so a loaded machine cannot fail ordinary tests; limit tests set their own. */
export const TEST_LIMITS = { timeLimitMs: 2000 };
export const NOW = Date.UTC(2026, 4, 1, 12, 0, 0);

export async function compile(code: string, runtime: FunctionRuntime = 'cloudfront-js-2.0', options: Partial<CompileOptions> = {}): Promise<CompiledFunction> {
  const fn = await compileFunction({ name: 'test-fn', code, runtime, now: () => NOW, ...options, limits: { ...TEST_LIMITS, ...options.limits } });
  if ('error' in fn) assert.fail(`compile failed: ${fn.error.message}`);
  return fn;
}

/** Compiles, runs once, disposes. */
export async function runOnce(code: string, event: FunctionEvent = requestEvent(), runtime: FunctionRuntime = 'cloudfront-js-2.0', options: Partial<CompileOptions> = {}): Promise<RunResult> {
  const fn = await compile(code, runtime, options);
  try {
    return fn.runSync(event.context.eventType, event);
  } finally {
    fn.dispose();
  }
}

/** The request of a successful viewer-request run. */
export function requestOf(result: RunResult): FunctionRequest {
  assert.equal(result.error, undefined, result.error);
  assert.ok(result.output !== undefined && 'request' in result.output, `expected a request, got ${JSON.stringify(result.output)}`);
  return result.output.request;
}

/** The response of a successful run. */
export function responseOf(result: RunResult): FunctionResponse {
  assert.equal(result.error, undefined, result.error);
  assert.ok(result.output !== undefined && 'response' in result.output, `expected a response, got ${JSON.stringify(result.output)}`);
  return result.output.response;
}

export function requestEvent(url = '/index.html', rawHeaders: string[] = ['Host', 'www.example.com'], method = 'GET', ip = '198.51.100.11'): FunctionEvent {
  return eventFromRequest({ method, url, rawHeaders }, { viewerIp: ip, distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', requestId: 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==' });
}

export function responseEvent(response: Partial<FunctionResponse> = {}, request: FunctionEvent = requestEvent()): FunctionEvent {
  return {
    ...request,
    context: { ...request.context, eventType: 'viewer-response' },
    response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'text/html' } }, cookies: {}, ...response },
  };
}

/** An example function from examples/functions. */
export function example(name: string): string {
  return readFileSync(new URL(`../../../examples/functions/${name}`, import.meta.url), 'utf8');
}


/**
 * Runs `body` (the body of a function, which may await in 2.0) inside a sandbox and returns
 * its value through the response body as JSON. Errors it throws come back as `{thrown}`.
 */
export async function evaluate(body: string, runtime: FunctionRuntime = 'cloudfront-js-2.0', options: Partial<CompileOptions> = {}): Promise<unknown> {
  const asyncHandler = runtime === 'cloudfront-js-2.0';
  const code = `${asyncHandler ? 'async ' : ''}function handler(event) {
  var value;
  try {
    value = ${asyncHandler ? 'await (async ' : '('}function () {
${body}
    })();
  } catch (e) {
    value = { thrown: (e && e.name) + ': ' + (e && e.message) };
  }
  return { statusCode: 200, body: JSON.stringify(value === undefined ? null : value) };
}`;
  const result = await runOnce(code, requestEvent(), runtime, options);
  const response = responseOf(result);
  return JSON.parse(response.body as string);
}
