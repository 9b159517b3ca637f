// compileFunction: a CloudFront function's code into a CompiledFunction the edge runs per
// request. One sandbox per compiled function version (see sandbox.ts for why it is reused).

import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { DEFAULT_BREAKER, LimitBreaker, type BreakerOptions } from './breaker.ts';
import { FunctionError, executionErrorMessage, type FunctionErrorCode } from './errors.ts';
import { DEFAULT_LIMITS, FUNCTION_NAME, type FunctionLimits } from './limits.ts';
import { Sandbox, loadQuickJS, type GuestError, type InvokeOutcome, type SandboxOptions } from './sandbox.ts';
import { rewriteImports } from './sandbox-source.ts';
import type { EventType, FunctionEvent, FunctionOutput, FunctionRuntime, KeyValueStoreResolver, OriginModification } from './types.ts';
import { validateOutput } from './validate.ts';

export interface CompileOptions {
  name: string;
  code: string;
  runtime: FunctionRuntime;
  /** The key value stores the function may read (2.0's `cf.kvs()`). */
  kvs?: KeyValueStoreResolver;
  limits?: Partial<FunctionLimits>;
  /** Wall clock (epoch ms) for the frozen Date; read once per invocation. Default Date.now. */
  now?: () => number;
  /** Monotonic clock (ms) for the time limit and compute utilization. Default performance.now. */
  timer?: () => number;
  /** The circuit breaker for runs that hit a limit (breaker.ts); its clock defaults to `timer`. */
  breaker?: Partial<BreakerOptions>;
}

export interface RunResult {
  /** TestFunction's FunctionOutput: `{request}` or `{response}`; absent on error. */
  output?: FunctionOutput;
  /** TestFunction's FunctionErrorMessage, CloudFront's text (errors.ts). */
  error?: string;
  errorCode?: FunctionErrorCode;
  /** 0-100: run time as a percentage of limits.timeLimitMs (TestFunction's ComputeUtilization). */
  computeUtilization: number;
  /** console.log lines (TestFunction's FunctionExecutionLogs), at most limits.logBytes. */
  logs: string[];
  logsTruncated: boolean;
  /** Origin helper calls (2.0, viewer request), for the edge to apply to the origin request. */
  origin: OriginModification[];
  /** Measured run time, milliseconds. */
  durationMs: number;
}

interface Envelope {
  r?: unknown;
  e?: { name: string; message: string };
  l: string[];
  t: boolean;
  o: OriginModification[];
}

const RUNTIMES: ReadonlySet<string> = new Set(['cloudfront-js-1.0', 'cloudfront-js-2.0']);

function guestMessage(error: GuestError): string {
  return error.line === undefined ? executionErrorMessage(error.name, error.message) : `${executionErrorMessage(error.name, error.message)} in ${error.line}`;
}

/** Validates and compiles a function; `{error}` for code CloudFront would not run. */
export async function compileFunction(options: CompileOptions): Promise<CompiledFunction | { error: FunctionError }> {
  const limits: FunctionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  if (!FUNCTION_NAME.test(options.name)) {
    return { error: new FunctionError('INVALID_NAME', `Invalid function name ${JSON.stringify(options.name)}: 1-64 characters from a-z, A-Z, 0-9, - and _`) };
  }
  if (!RUNTIMES.has(options.runtime)) {
    return { error: new FunctionError('INVALID_RUNTIME', `Unsupported runtime ${JSON.stringify(options.runtime)}: cloudfront-js-1.0 or cloudfront-js-2.0`) };
  }
  const size = Buffer.byteLength(options.code, 'utf8');
  if (size > limits.maxCodeBytes) {
    // Quotas on CloudFront Functions: "Maximum size of a function: 10 KB" (CreateFunction
    // fails with FunctionSizeLimitExceeded, "The function is too large.").
    return { error: new FunctionError('FUNCTION_TOO_LARGE', `FunctionSizeLimitExceeded: the function is too large: ${size} bytes of code, the maximum is ${limits.maxCodeBytes} bytes`) };
  }
  const module = await loadQuickJS();
  const sandboxOptions: SandboxOptions = {
    runtime: options.runtime,
    code: rewriteImports(options.code, options.runtime),
    limits,
    kvs: options.kvs,
    timer: options.timer ?? (() => performance.now()),
    now: options.now ?? Date.now,
  };
  const sandbox = Sandbox.create(module, sandboxOptions);
  if (!(sandbox instanceof Sandbox)) {
    return { error: new FunctionError(sandbox.noHandler ? 'NO_HANDLER' : 'SYNTAX_ERROR', guestMessage(sandbox.error)) };
  }
  const breaker = new LimitBreaker({ ...DEFAULT_BREAKER, now: sandboxOptions.timer, ...options.breaker });
  return new CompiledFunction(options.name, module, sandboxOptions, sandbox, breaker);
}

/** Disposes sandboxes of CompiledFunctions that were dropped without dispose(). */
const finalizer = new FinalizationRegistry<{ sandbox: Sandbox | undefined }>((holder) => holder.sandbox?.dispose());

export class CompiledFunction {
  readonly name: string;
  readonly runtime: FunctionRuntime;
  readonly limits: Readonly<FunctionLimits>;
  readonly #module: QuickJSWASMModule;
  readonly #options: SandboxOptions;
  readonly #holder: { sandbox: Sandbox | undefined };
  readonly #breaker: LimitBreaker;
  #running = false;

  /** Use compileFunction(). */
  constructor(name: string, module: QuickJSWASMModule, options: SandboxOptions, sandbox: Sandbox, breaker: LimitBreaker) {
    this.#breaker = breaker;
    this.name = name;
    this.runtime = options.runtime;
    this.limits = options.limits;
    this.#module = module;
    this.#options = options;
    this.#holder = { sandbox };
    finalizer.register(this, this.#holder, this);
  }

  /** Runs the function for one event. Never throws: failures are `error` in the result. */
  run(eventType: EventType, event: FunctionEvent): Promise<RunResult> {
    return Promise.resolve(this.runSync(eventType, event));
  }

  /** run(), synchronously: the sandbox has no I/O, so an async handler settles within the call. */
  runSync(eventType: EventType, event: FunctionEvent): RunResult {
    const sandbox = this.#holder.sandbox;
    if (sandbox === undefined) return failed('SANDBOX_ERROR', `${this.name} is disposed`);
    if (this.#running) return failed('SANDBOX_ERROR', `${this.name} is already running (re-entrant run)`);
    if (eventType === 'viewer-response' && event.response === undefined) return failed('SANDBOX_ERROR', 'a viewer-response event needs a response object');
    const { timer, limits } = this.#options;
    if (!this.#breaker.allow()) {
      return failed('THROTTLED', executionErrorMessage('InternalError', `not run: the function hit its limits repeatedly and is paused (circuit breaker)`), 0, 0);
    }
    const ev = event.context.eventType === eventType ? event : { ...event, context: { ...event.context, eventType } };
    const json = `{"now":${Math.floor(this.#options.now())},"eventType":"${eventType}","event":${JSON.stringify(ev)}}`;
    this.#running = true;
    const start = timer();
    let outcome: InvokeOutcome;
    try {
      outcome = sandbox.invoke(json, start + limits.timeLimitMs);
    } catch (error) {
      outcome = { crash: { name: 'Error', message: `sandbox failure: ${(error as Error).message}` } };
    } finally {
      this.#running = false;
    }
    const durationMs = timer() - start;
    const computeUtilization = Math.max(0, Math.min(100, Math.round((durationMs / limits.timeLimitMs) * 100)));

    const envelope = 'envelope' in outcome ? (JSON.parse(outcome.envelope) as Envelope) : undefined;
    // Out of memory is catchable in QuickJS: the dispatcher catches it like any other error.
    const outOfMemory = envelope?.e?.name === 'InternalError' && envelope.e.message === 'out of memory';
    if (envelope === undefined || outOfMemory) {
      // A limit was hit (or the sandbox failed): the next run gets a fresh sandbox.
      this.#breaker.record('limit' in outcome || outOfMemory);
      this.#rebuild();
      if (outOfMemory || ('limit' in outcome && outcome.limit === 'memory')) {
        return failed('MEMORY_LIMIT', executionErrorMessage('InternalError', `out of memory: the function used more than its ${Math.round(limits.memoryBytes / 1024)} KB of memory`), computeUtilization, durationMs);
      }
      if ('limit' in outcome) {
        return failed('TIME_LIMIT', executionErrorMessage('InternalError', `interrupted: the function ran longer than its ${limits.timeLimitMs} ms limit (compute utilization over 100)`), 100, durationMs);
      }
      return failed('SANDBOX_ERROR', 'crash' in outcome ? guestMessage(outcome.crash) : 'sandbox failure', computeUtilization, durationMs);
    }

    this.#breaker.record(false);
    const base = { computeUtilization, logs: envelope.l, logsTruncated: envelope.t, origin: envelope.o, durationMs };
    if (envelope.e !== undefined) return { ...base, error: executionErrorMessage(envelope.e.name, envelope.e.message), errorCode: 'EXECUTION_ERROR' };
    const output = validateOutput(eventType, ev, envelope.r);
    if (output instanceof FunctionError) return { ...base, error: output.message, errorCode: output.code };
    return { ...base, output };
  }

  /** After a limit was hit the sandbox is replaced: the next run starts from a clean one. */
  #rebuild(): void {
    try {
      this.#holder.sandbox?.dispose();
    } finally {
      this.#holder.sandbox = undefined;
    }
    try {
      const next = Sandbox.create(this.#module, this.#options);
      if (next instanceof Sandbox) this.#holder.sandbox = next;
    } catch {
      // The next runs report SANDBOX_ERROR ("is disposed").
    }
  }

  /** Frees the sandbox (its QuickJS runtime). Later runs fail with SANDBOX_ERROR. */
  dispose(): void {
    finalizer.unregister(this);
    this.#holder.sandbox?.dispose();
    this.#holder.sandbox = undefined;
  }
}

function failed(code: FunctionErrorCode, error: string, computeUtilization = 0, durationMs = 0): RunResult {
  return { error, errorCode: code, computeUtilization, logs: [], logsTruncated: false, origin: [], durationMs };
}
