// TestFunction (docs/control-plane.md, "Functions"): runs one stage of a function on a
// caller's event object in the same sandbox edges use. Never throws: every failure,
// including one from the sandbox itself, is `functionErrorMessage`.

import { compileFunction, keyValueStore, type EventType, type FunctionEvent } from '@cachefront/functions';
import type { Issue } from '@cachefront/config';
import { ControlPlaneError } from '../errors.ts';
import type { FunctionCode } from '../storage/function-store.ts';

export interface FunctionTestResult {
  /** The function's return value (`{request}` or `{response}`), null on error. */
  functionOutput: unknown;
  computeUtilization: number;
  functionExecutionLogs: string[];
  functionErrorMessage: string;
}

/**
 * An event from the caller's `eventObject`: CloudFront's event structure; `context.eventType`
 * is set from `eventType`, and a missing `version`, `context` or `viewer` gets a default.
 */
export function testEvent(eventObject: Record<string, unknown>, eventType: EventType): FunctionEvent {
  const context = typeof eventObject.context === 'object' && eventObject.context !== null ? eventObject.context : {};
  return {
    version: '1.0',
    viewer: { ip: '127.0.0.1' },
    ...eventObject,
    context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', requestId: 'test', ...context, eventType },
  } as FunctionEvent;
}

/**
 * TestFunction's event, from its `eventObject` (the object, or its JSON text: the CloudFront
 * API sends it base64-encoded) and `eventType` (given, else the event's own
 * `context.eventType`, else viewer-request); a problem is `InvalidArgument` with its path.
 */
export function testInput(eventObject: unknown, eventType: unknown): { event: FunctionEvent; type: EventType } {
  let object = eventObject;
  if (typeof object === 'string') {
    try {
      object = JSON.parse(object) as unknown;
    } catch {
      object = undefined;
    }
  }
  const problems: Issue[] = [];
  if (typeof object !== 'object' || object === null || Array.isArray(object)) problems.push({ path: 'eventObject', message: 'is required: a CloudFront Functions event object (or its JSON text)' });
  const declared = (object as { context?: { eventType?: unknown } } | undefined)?.context?.eventType;
  const type = eventType ?? declared ?? 'viewer-request';
  if (type !== 'viewer-request' && type !== 'viewer-response') problems.push({ path: 'eventType', message: 'must be viewer-request or viewer-response' });
  if (problems.length > 0) throw new ControlPlaneError('InvalidArgument', 'the test request is not valid', { issues: problems });
  return { event: testEvent(object as Record<string, unknown>, type as EventType), type: type as EventType };
}

export async function runFunctionTest(fn: FunctionCode, event: FunctionEvent, eventType: EventType, stores: (id: string) => Record<string, string> | undefined): Promise<FunctionTestResult> {
  const failed = (message: string): FunctionTestResult => ({ functionOutput: null, computeUtilization: 0, functionExecutionLogs: [], functionErrorMessage: message });
  try {
    const kvs = (id: string | undefined) => {
      const storeId = id ?? fn.keyValueStoreAssociations[0];
      const data = storeId === undefined ? undefined : stores(storeId);
      return data === undefined ? undefined : keyValueStore(data);
    };
    const compiled = await compileFunction({ name: fn.name, code: fn.code, runtime: fn.runtime, kvs });
    if ('error' in compiled) return failed(compiled.error.message);
    try {
      const r = compiled.runSync(eventType, event);
      return { functionOutput: r.output ?? null, computeUtilization: r.computeUtilization, functionExecutionLogs: r.logs, functionErrorMessage: r.error ?? '' };
    } finally {
      compiled.dispose();
    }
  } catch (err) {
    return failed(`the function could not be run: ${(err as Error).message}`);
  }
}
