// One QuickJS runtime + context per compiled function version (quickjs-emscripten, the
// release-sync WebAssembly build): limits, the host bridge, and one call per invocation.
//
// Why one reused context: creating a QuickJS context costs ~200 µs (a runtime ~550 µs),
// far over the per-invocation budget, so the context is set up once and locked down (see
// guest/lockdown.js), and each invocation calls the function code's factory, which runs the
// code's top level afresh: top-level variables and closures are new per request. What does
// persist across invocations is only what cannot be changed: frozen built-ins and globals.
//
// Handle discipline: every handle created here is disposed in the same function, except the
// long-lived ones (setup result, dispatch/finish/probe, function factory), which dispose()
// releases before the context and the runtime.

import { createHash, createHmac } from 'node:crypto';
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { FunctionLimits } from './limits.ts';
import { FUNCTION_FILENAME, SETUP_SOURCE, factorySource } from './sandbox-source.ts';
import type { FunctionRuntime, KeyValueStoreResolver } from './types.ts';

let modulePromise: Promise<QuickJSWASMModule> | undefined;

/** The QuickJS WebAssembly module, loaded once per process (all sandboxes share its heap). */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule(RELEASE_SYNC);
  return modulePromise;
}

export interface SandboxOptions {
  runtime: FunctionRuntime;
  /** The function's code, imports already rewritten. */
  code: string;
  limits: FunctionLimits;
  kvs: KeyValueStoreResolver | undefined;
  /** Monotonic milliseconds, for the time limit. */
  timer: () => number;
  /** Wall-clock epoch milliseconds, for Date during the compile-time probe. */
  now: () => number;
}

/** A JavaScript error thrown inside the sandbox, as name, message and (when known) line. */
export interface GuestError {
  name: string;
  message: string;
  line?: number;
}

export type InvokeOutcome =
  | { envelope: string }
  | { limit: 'time' | 'memory'; message: string }
  | { crash: GuestError };

const DIGESTS = new Set(['md5', 'sha1', 'sha256']);
const DIGEST_OUTPUTS = new Set(['hex', 'base64', 'base64url', 'latin1', 'buffer']);

export class Sandbox {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly handles: QuickJSHandle[] = [];
  private dispatchFn!: QuickJSHandle;
  private finishFn!: QuickJSHandle;
  private deadline = Infinity;
  private interrupted = false;
  private disposed = false;

  private readonly options: SandboxOptions;

  private constructor(module: QuickJSWASMModule, options: SandboxOptions) {
    this.options = options;
    this.rt = module.newRuntime();
    this.rt.setMaxStackSize(options.limits.maxStackBytes);
    this.rt.setInterruptHandler(() => {
      if (options.timer() <= this.deadline) return false;
      this.interrupted = true;
      return true;
    });
    this.ctx = this.rt.newContext();
  }

  /** Sets up a sandbox and compiles the code into it; a GuestError when the code does not compile or has no handler. */
  static create(module: QuickJSWASMModule, options: SandboxOptions): Sandbox | { error: GuestError; noHandler?: true } {
    const sandbox = new Sandbox(module, options);
    try {
      const error = sandbox.setup();
      if (error === undefined) return sandbox;
      sandbox.dispose();
      return error;
    } catch (error) {
      sandbox.dispose();
      throw error;
    }
  }

  private keep(handle: QuickJSHandle): QuickJSHandle {
    this.handles.push(handle);
    return handle;
  }

  private setup(): { error: GuestError; noHandler?: true } | undefined {
    const { ctx, rt, options } = this;
    const setupFn = this.keep(this.unwrap(ctx.evalCode(SETUP_SOURCE, 'cachefront-setup.js', { type: 'global', strict: true })));
    const host = this.bridge();
    const v2 = options.runtime === 'cloudfront-js-2.0' ? ctx.true : ctx.false;
    const logBytes = ctx.newNumber(options.limits.logBytes);
    const api = this.keep(this.unwrap(ctx.callFunction(setupFn, ctx.undefined, host, v2, logBytes)));
    host.dispose();
    logBytes.dispose();
    this.dispatchFn = this.keep(ctx.getProp(api, 'dispatch'));
    this.finishFn = this.keep(ctx.getProp(api, 'finish'));

    // The function's code: compiled (and, if it breaks out of its wrapper, run) after lockdown,
    // under the memory limit and a compile-time deadline.
    rt.setMemoryLimit(this.memoryUsed() + options.limits.memoryBytes);
    this.deadline = options.timer() + options.limits.compileTimeLimitMs;
    try {
      const compiled = ctx.evalCode(factorySource(options.code), FUNCTION_FILENAME, { type: 'global', strict: true });
      if (compiled.error) return { error: this.interruptedOr(this.guestError(compiled.error)) };
      if (ctx.typeof(compiled.value) !== 'function') {
        compiled.value.dispose(); // the code closed the wrapper function early
        return { error: { name: 'SyntaxError', message: 'unbalanced braces in the function code' } };
      }
      // The guest keeps the factory; call() disposes this handle.
      const attached = this.call(api, 'attach', compiled.value);
      if (typeof attached !== 'string') return { error: attached };
      // Runs the top level once: 'function', 'undefined' (no handler) or 'error: ...' (the top
      // level threw; that may depend on the request's time or KVS, so it is reported per run).
      const probe = this.call(api, 'probe', ctx.newNumber(options.now()));
      if (typeof probe !== 'string') return { error: probe };
      if (probe !== 'function' && !probe.startsWith('error: ')) return { error: { name: 'ReferenceError', message: 'handler is not defined' }, noHandler: true };
    } finally {
      this.deadline = Infinity;
    }
    if (this.interrupted) return { error: this.interruptedOr({ name: 'InternalError', message: 'interrupted' }) };
    rt.setMemoryLimit(this.memoryUsed() + options.limits.memoryBytes);
    return undefined;
  }

  private interruptedOr(error: GuestError): GuestError {
    if (!this.interrupted) return error;
    return { name: 'InternalError', message: `interrupted: the code's top level ran longer than ${this.options.limits.compileTimeLimitMs} ms` };
  }

  /** api[method](arg) -> its string result (or its type), or the error it threw; `arg` is consumed. */
  private call(api: QuickJSHandle, method: string, arg: QuickJSHandle): string | GuestError {
    const { ctx } = this;
    const fn = ctx.getProp(api, method);
    const result = ctx.callFunction(fn, ctx.undefined, arg);
    fn.dispose();
    arg.dispose();
    if (result.error) return this.interruptedOr(this.guestError(result.error));
    const value = result.value;
    const out = ctx.typeof(value) === 'string' ? ctx.getString(value) : ctx.typeof(value);
    value.dispose();
    return out;
  }

  private unwrap(result: { error?: QuickJSHandle; value?: QuickJSHandle }): QuickJSHandle {
    if (result.error !== undefined) {
      const error = this.guestError(result.error);
      throw new Error(`sandbox setup failed: ${error.name}: ${error.message}`);
    }
    return result.value as QuickJSHandle;
  }

  private memoryUsed(): number {
    const usage = this.rt.computeMemoryUsage();
    try {
      return (this.ctx.dump(usage) as { memory_used_size?: number }).memory_used_size ?? 0;
    } finally {
      usage.dispose();
    }
  }

  /** Reads name, message and line of an error handle (disposing it) without running guest code on non-errors. */
  guestError(handle: QuickJSHandle): GuestError {
    const { ctx } = this;
    try {
      if (ctx.typeof(handle) !== 'object') return { name: 'Error', message: ctx.typeof(handle) === 'string' ? ctx.getString(handle) : 'the function threw a non-error value' };
      const read = (key: string): string | undefined => {
        const h = ctx.getProp(handle, key);
        const value = ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined;
        h.dispose();
        return value;
      };
      const out: GuestError = { name: read('name') ?? 'Error', message: read('message') ?? '' };
      const line = /function\.js:(\d+)/.exec(read('stack') ?? '');
      if (line?.[1] !== undefined) out.line = Number(line[1]);
      return out;
    } catch {
      return { name: 'Error', message: 'unreadable error' };
    } finally {
      handle.dispose();
    }
  }

  /** The host functions the guest's crypto and cloudfront modules call (guest/setup.js `host`). */
  private bridge(): QuickJSHandle {
    const { ctx } = this;
    const host = ctx.newObject();
    const str = (h: QuickJSHandle | undefined): string | undefined => (h !== undefined && ctx.typeof(h) === 'string' ? ctx.getString(h) : undefined);
    const bytes = (h: QuickJSHandle | undefined): string | Buffer | undefined => {
      if (h === undefined) return undefined;
      const type = ctx.typeof(h);
      if (type === 'string') return ctx.getString(h);
      if (type !== 'object') return undefined;
      const view = ctx.getArrayBuffer(h);
      const copy = Buffer.from(view.value);
      view.dispose();
      return copy;
    };
    const fns: Record<string, (...args: QuickJSHandle[]) => QuickJSHandle | undefined> = {
      digest: (algH, keyH, dataH, outH) => {
        const algorithm = str(algH);
        const output = str(outH);
        const data = bytes(dataH);
        const key = keyH === undefined || ctx.typeof(keyH) === 'undefined' ? undefined : bytes(keyH);
        if (algorithm === undefined || !DIGESTS.has(algorithm) || output === undefined || !DIGEST_OUTPUTS.has(output) || data === undefined) {
          throw new TypeError('invalid digest request');
        }
        const digest = (key === undefined ? createHash(algorithm) : createHmac(algorithm, key)).update(data).digest();
        if (output === 'buffer') return ctx.newArrayBuffer(new Uint8Array(digest).buffer);
        return ctx.newString(digest.toString(output as BufferEncoding));
      },
      kvsOpen: (idH) => (this.store(str(idH)) === undefined ? ctx.false : ctx.true),
      kvsGet: (idH, keyH) => {
        const key = str(keyH);
        const value = key === undefined ? undefined : this.store(str(idH))?.get(key);
        return typeof value === 'string' ? ctx.newString(value) : ctx.undefined;
      },
      kvsMeta: (idH) => {
        const store = this.store(str(idH));
        if (store === undefined) return ctx.newString('null');
        const meta = { creationDateTime: store.creationDateTime, lastUpdatedDateTime: store.lastUpdatedDateTime, keyCount: store.keyCount };
        return ctx.newString(JSON.stringify(meta));
      },
    };
    for (const [name, fn] of Object.entries(fns)) {
      const handle = ctx.newFunction(name, fn);
      ctx.setProp(host, name, handle);
      handle.dispose();
    }
    return host;
  }

  private store(id: string | undefined) {
    if (id === undefined || this.options.kvs === undefined) return undefined;
    return this.options.kvs(id === '' ? undefined : id);
  }

  /**
   * One invocation: dispatch(json), then any pending jobs (an async handler, or promise
   * callbacks a sync handler left behind, so nothing runs in a later invocation), then
   * finish() for an async handler's envelope. `deadline` is on options.timer's clock.
   */
  invoke(json: string, deadline: number): InvokeOutcome {
    const { ctx, rt } = this;
    this.deadline = deadline;
    this.interrupted = false;
    try {
      const arg = ctx.newString(json);
      const result = ctx.callFunction(this.dispatchFn, ctx.undefined, arg);
      arg.dispose();
      if (result.error) return this.failure(result.error);
      let envelope = ctx.getString(result.value);
      result.value.dispose();
      if (rt.hasPendingJob()) {
        const jobs = rt.executePendingJobs();
        if (jobs.error) return this.failure(jobs.error);
      }
      if (envelope === '') {
        // An async handler: its envelope is ready now that the jobs ran.
        const finished = ctx.callFunction(this.finishFn, ctx.undefined);
        if (finished.error) return this.failure(finished.error);
        envelope = ctx.getString(finished.value);
        finished.value.dispose();
      }
      return { envelope };
    } finally {
      this.deadline = Infinity;
    }
  }

  private failure(error: QuickJSHandle): InvokeOutcome {
    const guest = this.guestError(error);
    if (this.interrupted) return { limit: 'time', message: guest.message };
    if (guest.name === 'InternalError' && guest.message === 'out of memory') return { limit: 'memory', message: guest.message };
    return { crash: guest };
  }

  get alive(): boolean {
    return !this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const handle of this.handles.splice(0)) if (handle.alive) handle.dispose();
    this.ctx.dispose();
    this.rt.dispose();
  }
}
