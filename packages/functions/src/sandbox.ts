// One QuickJS runtime + context per compiled function version (quickjs-emscripten, the
// release-sync WebAssembly build): limits, the host bridge, and one call per invocation.
//
// Why one reused context: creating a QuickJS context costs ~200 µs (a runtime ~550 µs),
// far over the per-invocation budget, so the context is set up once and locked down (see
// guest/lockdown.js), and each invocation calls the function code's factory, which runs the
// code's top level afresh: top-level variables and closures are new per request. What does
// persist across invocations is only what cannot be changed: frozen built-ins and globals.
//
// Memory: QuickJS's own limit (setMemoryLimit) cannot count bytes in this build
// ("malloc_usable_size unavailable" under Emscripten: it counts 8 bytes per allocation), so it
// only caps single allocations at memoryBytes. The 2 MB limit is enforced on top of it:
// - at every interrupt poll (every few thousand loop iterations or calls), the runtime's
//   "memory used" (JS_ComputeMemoryUsage, ~35 µs) is compared with the baseline + memoryBytes;
// - allocations between polls cannot grow the shared WebAssembly heap by more than
//   HEAP_GROWTH_PER_RUN: past that, growth fails and QuickJS throws "out of memory";
// - a run that grew the heap is measured once more when it returns.
//
// Handle discipline: every handle created here is disposed in the same function, except the
// long-lived ones (setup function, its API object, dispatch and finish), which dispose()
// releases before the context and the runtime.

import { createHash, createHmac } from 'node:crypto';
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten';
import type { FunctionLimits } from './limits.ts';
import { FUNCTION_FILENAME, SETUP_SOURCE, factorySource } from './sandbox-source.ts';
import type { FunctionRuntime, KeyValueStoreResolver } from './types.ts';

/** How far a run may grow the shared WebAssembly heap past its legitimate size. */
export const HEAP_GROWTH_PER_RUN = 32 * 1024 * 1024;

/**
 * maxBytes: while a run is on, the heap may not grow past it (Infinity when idle).
 * legitBytes: the heap size that setups and runs within their limits needed; growth by runs
 * that hit a memory limit does not count, so repeated memory bombs cannot ratchet it up.
 */
const heapGuard = { maxBytes: Infinity, legitBytes: 0 };

let modulePromise: Promise<QuickJSWASMModule> | undefined;

/** The QuickJS WebAssembly module, loaded once per process (all sandboxes share its heap). */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule(RELEASE_SYNC).then((module) => {
    const memory = module.getWasmMemory();
    heapGuard.legitBytes = memory.buffer.byteLength;
    const grow = memory.grow.bind(memory);
    // Emscripten's heap resize calls memory.grow in a try/catch; a throw makes malloc fail.
    memory.grow = (pages: number) => {
      if (memory.buffer.byteLength + pages * 65536 > heapGuard.maxBytes) throw new RangeError('sandbox heap growth limit');
      return grow(pages);
    };
    return module;
  });
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

export type InvokeOutcome = { envelope: string } | { limit: 'time' | 'memory' } | { crash: GuestError };

/** How guest/setup.js reports an out-of-memory error that its dispatcher caught. */
const CAUGHT_OUT_OF_MEMORY = '"e":{"name":"InternalError","message":"out of memory"}';

const DIGESTS = new Set(['md5', 'sha1', 'sha256']);
const DIGEST_OUTPUTS = new Set(['hex', 'base64', 'base64url', 'latin1', 'buffer']);

/** "memory used" and "memory allocated" (count, size) from JS_DumpMemoryUsage's table. */
function memoryStats(dump: string): { used: number; allocatedSize: number } {
  const used = /memory used\s+\d+\s+(\d+)/.exec(dump);
  const allocated = /memory allocated\s+\d+\s+(\d+)/.exec(dump);
  return { used: Number(used?.[1] ?? 0), allocatedSize: Number(allocated?.[1] ?? 0) };
}

export class Sandbox {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly memory: ReturnType<QuickJSWASMModule["getWasmMemory"]>;
  private readonly options: SandboxOptions;
  private readonly handles: QuickJSHandle[] = [];
  private dispatchFn!: QuickJSHandle;
  private finishFn!: QuickJSHandle;
  /** "memory used" once set up, before any invocation. */
  private baseline = 0;
  private deadline = Infinity;
  private interrupted = false;
  private overMemory = false;
  private disposed = false;

  private constructor(module: QuickJSWASMModule, options: SandboxOptions) {
    this.options = options;
    this.memory = module.getWasmMemory();
    this.rt = module.newRuntime();
    this.rt.setMaxStackSize(options.limits.maxStackBytes);
    this.rt.setInterruptHandler(() => this.poll());
    this.ctx = this.rt.newContext();
  }

  /** The interrupt handler: stop the run when it is past its deadline or its memory. */
  private poll(): boolean {
    if (this.deadline === Infinity) return false;
    if (this.options.timer() > this.deadline) {
      this.interrupted = true;
      return true;
    }
    if (this.overLimit()) {
      this.overMemory = true;
      return true;
    }
    return false;
  }

  private overLimit(): boolean {
    return memoryStats(this.rt.dumpMemoryUsage()).used > this.baseline + this.options.limits.memoryBytes;
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
    const { ctx, options } = this;
    const heapBefore = this.memory.buffer.byteLength;
    const setupFn = this.keep(this.unwrap(ctx.evalCode(SETUP_SOURCE, 'cachefront-setup.js', { type: 'global', strict: true })));
    const host = this.bridge();
    const v2 = options.runtime === 'cloudfront-js-2.0' ? ctx.true : ctx.false;
    const logBytes = ctx.newNumber(options.limits.logBytes);
    let api: QuickJSHandle;
    try {
      api = this.keep(this.unwrap(ctx.callFunction(setupFn, ctx.undefined, host, v2, logBytes)));
    } finally {
      host.dispose();
      logBytes.dispose();
    }
    this.dispatchFn = this.keep(ctx.getProp(api, 'dispatch'));
    this.finishFn = this.keep(ctx.getProp(api, 'finish'));

    // The function's code: compiled (and, if it breaks out of its wrapper, run) after lockdown,
    // under the limits and a compile-time deadline.
    this.limitMemory();
    this.deadline = options.timer() + options.limits.compileTimeLimitMs;
    this.interrupted = false;
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
    this.limitMemory();
    if (this.memory.buffer.byteLength !== heapBefore) heapGuard.legitBytes = Math.max(heapGuard.legitBytes, this.memory.buffer.byteLength);
    return undefined;
  }

  /** Baseline for the memory checks, and QuickJS's single-allocation cap (see the header). */
  private limitMemory(): void {
    const stats = memoryStats(this.rt.dumpMemoryUsage());
    this.baseline = stats.used;
    this.rt.setMemoryLimit(stats.allocatedSize + this.options.limits.memoryBytes);
  }

  private interruptedOr(error: GuestError): GuestError {
    if (this.overMemory) return { name: 'InternalError', message: `out of memory: the code's top level used more than ${this.options.limits.memoryBytes} bytes` };
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

  /** Reads name, message and line of an error handle (disposing it) without running guest code on non-errors. */
  private guestError(handle: QuickJSHandle): GuestError {
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
      // digest(algorithm, key | undefined, data, output): one hash or HMAC over all the data.
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
    const { ctx, rt, memory } = this;
    const heapBefore = memory.buffer.byteLength;
    this.deadline = deadline;
    this.interrupted = false;
    this.overMemory = false;
    heapGuard.maxBytes = heapGuard.legitBytes + HEAP_GROWTH_PER_RUN;
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
      // An async function turns even the uncatchable interrupt into a rejection, so the envelope
      // can carry it; the flags say what really happened.
      if (this.overMemory) return { limit: 'memory' };
      if (this.interrupted) return { limit: 'time' };
      // Allocations between two polls: measured once more if the run grew the heap.
      if (memory.buffer.byteLength !== heapBefore) {
        if (this.overLimit() || envelope.includes(CAUGHT_OUT_OF_MEMORY)) return { limit: 'memory' };
        heapGuard.legitBytes = Math.max(heapGuard.legitBytes, memory.buffer.byteLength);
      }
      return { envelope };
    } finally {
      this.deadline = Infinity;
      heapGuard.maxBytes = Infinity;
    }
  }

  private failure(error: QuickJSHandle): InvokeOutcome {
    const guest = this.guestError(error);
    if (this.overMemory || (guest.name === 'InternalError' && guest.message === 'out of memory')) return { limit: 'memory' };
    if (this.interrupted) return { limit: 'time' };
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
