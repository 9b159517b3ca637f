// LambdaRuntime: the edge's entry point. One pool of child processes per function version
// (and memory size); an invocation gets the event type's limits, and its outcome is data the
// edge acts on (`outcomeOf` in apply.ts turns it into a request, a response or an error page).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LambdaErrorCode } from './errors.ts';
import { DEFAULT_MEMORY_MB, EVENT_LIMITS, RUNTIMES } from './limits.ts';
import { Pool, type PoolOptions, type PoolResult, type PoolStats } from './pool.ts';
import type { FunctionVersion, InvokeOptions, InvokeOutcome } from './runtime-types.ts';
import type { EventType } from './types.ts';

export interface LambdaRuntimeOptions extends Partial<PoolOptions> {
  /** ms clock for durations (performance.now by default). */
  now?: () => number;
  /** Where each version's /tmp is made (os.tmpdir() by default). */
  tmpRoot?: string;
}

/** Pool defaults: up to 4 children per version, 64 waiting, idle children stopped after 5 minutes. */
export const DEFAULT_POOL: Readonly<PoolOptions> = Object.freeze({ max: 4, maxQueue: 64, idleMs: 5 * 60_000 });

/** A failed invocation's errorType -> CloudFront's code: limits are LambdaLimitExceeded, a bad result LambdaValidationError. */
function codeOf(r: Extract<PoolResult, { ok: false }>): LambdaErrorCode {
  if (r.kind === 'timeout' || r.kind === 'throttled') return 'LambdaLimitExceeded';
  if (r.kind === 'result') return 'LambdaValidationError';
  return 'LambdaExecutionError';
}

export class LambdaRuntime {
  private readonly opts: PoolOptions;
  private readonly now: () => number;
  private readonly tmpRoot: string;
  private readonly pools = new Map<string, { pool: Pool; tmpDir: string }>();
  private closed = false;

  constructor(opts: LambdaRuntimeOptions = {}) {
    this.opts = { max: opts.max ?? DEFAULT_POOL.max, maxQueue: opts.maxQueue ?? DEFAULT_POOL.maxQueue, idleMs: opts.idleMs ?? DEFAULT_POOL.idleMs };
    this.now = opts.now ?? (() => performance.now());
    this.tmpRoot = opts.tmpRoot ?? tmpdir();
  }

  /** Runs `event` through the version's handler in one of its children. Never throws for what the handler does. */
  async invoke(version: FunctionVersion, eventType: EventType, event: unknown, opts: InvokeOptions = {}): Promise<InvokeOutcome> {
    const requestId = opts.requestId ?? randomUUID();
    const fail = (error: LambdaErrorCode, errorType: string, message: string): InvokeOutcome => ({ ok: false, error, errorType, message, logs: [], durationMs: 0, requestId });
    if (this.closed) return fail('LambdaExecutionError', 'Runtime.Closed', 'The runtime is closed');
    if (!(RUNTIMES as readonly string[]).includes(version.runtime)) return fail('LambdaExecutionError', 'Runtime.InvalidRuntime', `Unsupported runtime ${version.runtime} (this runtime runs ${RUNTIMES.join(', ')})`);
    const limits = EVENT_LIMITS[eventType];
    const timeoutMs = Math.min(opts.timeoutMs ?? limits.timeoutMs, limits.timeoutMs);
    const memoryMb = Math.min(version.memoryMb ?? DEFAULT_MEMORY_MB, limits.maxMemoryMb);
    const pool = this.poolFor(version, memoryMb);
    const arn = `arn:aws:lambda:us-east-1:123456789012:function:${version.name}:${version.version}`;
    const r = await pool.invoke({ event, requestId, timeoutMs, arn });
    const initDurationMs = r.initMs === undefined ? {} : { initDurationMs: r.initMs };
    if (r.ok) {
      let result: unknown;
      try {
        result = JSON.parse(r.json);
      } catch {
        return { ok: false, error: 'LambdaValidationError', errorType: 'Runtime.MalformedResult', message: 'The Lambda function returned invalid JSON: The JSON output is not parsable.', logs: r.logs, durationMs: r.durationMs, ...initDurationMs, requestId };
      }
      return { ok: true, result, logs: r.logs, durationMs: r.durationMs, ...initDurationMs, maxMemoryUsedMb: r.maxMemoryUsedMb, requestId };
    }
    const mem = 'maxMemoryUsedMb' in r && r.maxMemoryUsedMb !== undefined ? { maxMemoryUsedMb: r.maxMemoryUsedMb } : {};
    return { ok: false, error: codeOf(r), errorType: r.errorType, message: r.message, logs: r.logs, durationMs: r.durationMs, ...initDurationMs, ...mem, requestId };
  }

  /** Children per version key (`name:version:memoryMb:handler:dir`), for metrics and tests. */
  stats(): Record<string, PoolStats> {
    return Object.fromEntries([...this.pools].map(([key, { pool }]) => [key, pool.stats()]));
  }

  /** Stops every child and removes the versions' tmp dirs. */
  close(): void {
    this.closed = true;
    for (const { pool, tmpDir } of this.pools.values()) {
      pool.close();
      rmSync(tmpDir, { recursive: true, force: true });
    }
    this.pools.clear();
  }

  private poolFor(v: FunctionVersion, memoryMb: number): Pool {
    const key = `${v.name}:${v.version}:${memoryMb}:${v.handler}:${resolve(v.dir)}`;
    let entry = this.pools.get(key);
    if (!entry) {
      const tmpDir = mkdtempSync(join(this.tmpRoot, `cachefront-lambda-${v.name.replace(/[^\w-]/g, '_')}-`));
      const spec = { name: v.name, version: v.version, runtime: v.runtime, handler: v.handler, dir: resolve(v.dir), memoryMb, tmpDir, now: this.now };
      entry = { pool: new Pool(spec, this.opts), tmpDir };
      this.pools.set(key, entry);
    }
    return entry.pool;
  }
}
