// TestFunction (docs/control-plane.md, "Functions"): runs one stage of a function on a
// caller's event object in the same sandbox edges use. Never throws: every failure,
// including one from the sandbox itself, is `functionErrorMessage`.

import { compileFunction, keyValueStore, type EventType, type FunctionEvent } from '@cachefront/functions';
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
