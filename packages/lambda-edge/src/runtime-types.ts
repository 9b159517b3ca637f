// The runtime's public shapes: a function version, invoke options and outcomes.
import type { LambdaErrorCode } from './errors.ts';
import type { Runtime } from './limits.ts';

/** A published version of a function: where its code is and how to start it. */
export interface FunctionVersion {
  name: string;
  /** A numbered version ("3"); CloudFront never runs $LATEST. */
  version: string;
  runtime: Runtime | string;
  /** `file.export`, e.g. `index.handler` -> `<dir>/index.js` (or .mjs, .cjs), export `handler`. */
  handler: string;
  /** The function's code: its directory is all it may read (Lambda's /var/task). */
  dir: string;
  /** Lambda's MemorySize; default 128. Capped per event type (viewer events 128 MB). */
  memoryMb?: number;
}

export interface InvokeOptions {
  /** A shorter time limit than the event type's (tests, `lambda test --timeout`); never a longer one. */
  timeoutMs?: number;
  /** The request id the context gets (awsRequestId); default a random UUID. */
  requestId?: string;
}

export type InvokeOutcome =
  | {
      ok: true;
      /** What the handler resolved with, or called back with, after a JSON round trip (as Lambda serializes it). */
      result: unknown;
      /** console output, one entry per line, in Lambda's `time\trequestId\tLEVEL\tmessage` form. */
      logs: string[];
      durationMs: number;
      /** Set when this invocation started the child (a cold start): loading the runner and the handler. */
      initDurationMs?: number;
      maxMemoryUsedMb: number;
      requestId: string;
    }
  | {
      ok: false;
      error: LambdaErrorCode;
      /** Lambda's errorType: the thrown error's name, or Runtime.ExitError, Runtime.OutOfMemory, Sandbox.Timedout ... */
      errorType: string;
      message: string;
      logs: string[];
      durationMs: number;
      initDurationMs?: number;
      maxMemoryUsedMb?: number;
      requestId: string;
    };
