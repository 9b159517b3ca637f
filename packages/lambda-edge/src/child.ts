// One child process running a function version (runner.ts), seen from the parent: started
// under Node's permission model, initialized once, then asked for one invocation at a time.
// A time limit, an RSS limit and any exit are turned into the invocation's outcome here; the
// pool (pool.ts) decides what to do with the child afterwards.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { INIT_TIMEOUT_MS, MAX_LOG_BYTES } from './limits.ts';

/** What runner.mjs writes on stdout and stderr after an invocation, before its id. */
const END_MARK = '\u0000cachefront-end';

/** The runner script; the child may read it and nothing else of this package. */
export const RUNNER_FILE = fileURLToPath(new URL('./runner.mjs', import.meta.url));

export interface ChildSpec {
  name: string;
  version: string;
  runtime: string;
  handler: string;
  dir: string;
  memoryMb: number;
  /** The version's writable /tmp. */
  tmpDir: string;
  /** ms clock for durations (performance.now by default). */
  now: () => number;
}

export interface ChildInvoke {
  event: unknown;
  requestId: string;
  timeoutMs: number;
  arn: string;
}

/** What one invocation in a child ended in, before the runtime maps it to CloudFront's codes. */
export type ChildResult =
  | { ok: true; json: string; logs: string[]; durationMs: number; maxMemoryUsedMb: number }
  | { ok: false; kind: 'error' | 'timeout' | 'exit' | 'memory' | 'result'; errorType: string; message: string; logs: string[]; durationMs: number; maxMemoryUsedMb?: number };

type Message =
  | { t: 'ready'; maxRssKb: number }
  | { t: 'init-error'; errorType: string; message: string }
  | { t: 'log'; line: string }
  | { t: 'done'; id: number; ok: true; json: string; maxRssKb: number }
  | { t: 'done'; id: number; ok: false; errorType: string; message: string; maxRssKb: number }
  | { t: 'crash'; id?: number; errorType: string; message: string };

/** How often a busy child's resident memory is read (Linux /proc), against its memory size. */
const RSS_POLL_MS = 50;

/** Node's permission model: read the code and the runner, write only tmp; no child processes, workers, addons or WASI. */
export function childExecArgv(spec: Pick<ChildSpec, 'dir' | 'tmpDir' | 'memoryMb'>): string[] {
  return ['--permission', `--allow-fs-read=${spec.dir}`, `--allow-fs-read=${RUNNER_FILE}`, `--allow-fs-read=${spec.tmpDir}`, `--allow-fs-write=${spec.tmpDir}`, `--max-old-space-size=${spec.memoryMb}`, '--disable-warning=ExperimentalWarning'];
}

export class Child {
  readonly spec: ChildSpec;
  readonly proc: ChildProcess;
  /** Resolves when the handler is loaded, with the init duration, or with why it could not be. */
  readonly ready: Promise<{ ok: true; initMs: number } | { ok: false; errorType: string; message: string; logs: string[] }>;
  exited = false;
  /** Killed (or exited): never given another invocation. */
  gone = false;
  private nextId = 1;
  private active: { id: number; logs: string[]; logBytes: number; settle: (r: ChildResult) => void; started: number; crash?: { errorType: string; message: string } } | undefined;
  private initLogs: string[] = [];
  private readyListener: ((m: Message) => void) | undefined;
  private stderrTail = '';

  constructor(spec: ChildSpec) {
    this.spec = spec;
    const started = spec.now();
    this.proc = fork(RUNNER_FILE, [], {
      execPath: process.execPath,
      execArgv: childExecArgv(spec),
      cwd: spec.dir,
      // Lambda's reserved variables only: the edge's own environment (and its secrets) stays out.
      env: {
        AWS_LAMBDA_FUNCTION_NAME: spec.name,
        AWS_LAMBDA_FUNCTION_VERSION: spec.version,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
        AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        LAMBDA_TASK_ROOT: spec.dir,
        TMPDIR: spec.tmpDir,
        TZ: 'UTC',
        LANG: 'en_US.UTF-8',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    // Output that does not go through console (process.stdout.write, V8's fatal errors) joins the running invocation's logs.
    this.proc.stdout?.setEncoding('utf8').on('data', (s: string) => this.rawOutput('stdout', s));
    this.proc.stderr?.setEncoding('utf8').on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-4096);
      this.rawOutput('stderr', s);
    });
    this.ready = new Promise((resolveReady) => {
      const timer = setTimeout(() => {
        this.kill();
        resolveReady({ ok: false, errorType: 'Runtime.InitTimeout', message: `Init phase did not finish in ${INIT_TIMEOUT_MS / 1000} seconds`, logs: this.initLogs });
      }, INIT_TIMEOUT_MS);
      this.readyListener = (m) => {
        if (m.t === 'log') this.initLogs.push(m.line);
        else if (m.t === 'ready' || m.t === 'init-error') {
          clearTimeout(timer);
          this.readyListener = undefined;
          resolveReady(m.t === 'ready' ? { ok: true, initMs: spec.now() - started } : { ok: false, errorType: m.errorType, message: m.message, logs: this.initLogs });
        }
      };
      this.proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.readyListener) resolveReady({ ok: false, errorType: 'Runtime.ExitError', message: exitText(code, signal, this.stderrTail), logs: this.initLogs });
      });
    });
    this.proc.on('message', (m: Message) => this.onMessage(m));
    this.proc.on('exit', (code, signal) => this.onExit(code, signal));
    this.proc.send({ t: 'init', dir: spec.dir, handler: spec.handler });
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  invoke(req: ChildInvoke): Promise<ChildResult> {
    return new Promise((settle) => {
      if (this.gone) return settle({ ok: false, kind: 'exit', errorType: 'Runtime.ExitError', message: 'Runtime exited before the invocation', logs: [], durationMs: 0 });
      const id = this.nextId++;
      const started = this.spec.now();
      const timer = setTimeout(() => {
        this.finish(id, { ok: false, kind: 'timeout', errorType: 'Sandbox.Timedout', message: `Task timed out after ${(req.timeoutMs / 1000).toFixed(2)} seconds`, logs: [], durationMs: 0 });
        this.kill();
      }, req.timeoutMs);
      const rss = process.platform === 'linux' ? setInterval(() => this.checkRss(id), RSS_POLL_MS) : undefined;
      // console output of the init phase goes with the first invocation, as Lambda's log stream has it.
      const logs = this.initLogs.splice(0);
      this.active = {
        id,
        logs,
        logBytes: logs.reduce((n, l) => n + l.length + 1, 0),
        started,
        settle: (r) => {
          clearTimeout(timer);
          clearInterval(rss);
          settle(r);
        },
      };
      const deadlineMs = Date.now() + req.timeoutMs;
      const context = {
        functionName: this.spec.name,
        functionVersion: this.spec.version,
        invokedFunctionArn: req.arn,
        memoryLimitInMB: String(this.spec.memoryMb),
        awsRequestId: req.requestId,
        logGroupName: `/aws/lambda/us-east-1.${this.spec.name}`,
        logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[${this.spec.version}]${this.proc.pid ?? ''}`,
        deadlineMs,
      };
      this.proc.send({ t: 'invoke', id, event: req.event, context });
    });
  }

  kill(): void {
    this.gone = true;
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  private finish(id: number, r: ChildResult): void {
    const a = this.active;
    if (!a || a.id !== id) return;
    this.active = undefined;
    a.settle({ ...r, logs: a.logs, durationMs: this.spec.now() - a.started });
  }

  private log(line: string): void {
    const a = this.active;
    if (!a) return void this.initLogs.push(line);
    if (a.logBytes >= MAX_LOG_BYTES) return;
    a.logBytes += Buffer.byteLength(line) + 1;
    a.logs.push(a.logBytes >= MAX_LOG_BYTES ? `${line.slice(0, 200)} ... (logs truncated at ${MAX_LOG_BYTES} bytes)` : line);
  }

  /** Each pipe's unfinished last line, and the invocations whose end mark it has passed (runner.mjs `done`). */
  private partial = { stdout: '', stderr: '' };
  private marks = { stdout: 0, stderr: 0 };
  /** A result that arrived over IPC before both pipes passed its end mark. */
  private early: { id: number; r: ChildResult; timer: NodeJS.Timeout } | undefined;

  private rawOutput(stream: 'stdout' | 'stderr', s: string): void {
    const lines = (this.partial[stream] + s).split('\n');
    this.partial[stream] = lines.pop()!;
    for (const line of lines) {
      const mark = line.startsWith(END_MARK) ? /^ (\d+)$/.exec(line.slice(END_MARK.length)) : null;
      if (mark) {
        this.marks[stream] = Number(mark[1]);
        this.settleEarly();
      } else if (line.trim() !== '') this.log(line);
    }
  }

  /** The result, once both pipes have passed its end mark (or a second has gone by: a pipe may be closed). */
  private done(id: number, r: ChildResult): void {
    if (this.marks.stdout >= id && this.marks.stderr >= id) return this.finish(id, r);
    this.early = { id, r, timer: setTimeout(() => this.settleEarly(true), 1000) };
  }

  private settleEarly(anyway = false): void {
    const e = this.early;
    if (!e || (!anyway && (this.marks.stdout < e.id || this.marks.stderr < e.id))) return;
    clearTimeout(e.timer);
    this.early = undefined;
    this.finish(e.id, e.r);
  }

  private onMessage(m: Message): void {
    if (this.readyListener) return this.readyListener(m);
    if (m.t === 'log') this.log(m.line);
    else if (m.t === 'done') {
      const mem = Math.ceil(m.maxRssKb / 1024);
      if (m.ok) this.done(m.id, { ok: true, json: m.json, logs: [], durationMs: 0, maxMemoryUsedMb: mem });
      else this.done(m.id, { ok: false, kind: m.errorType === 'Runtime.MalformedResult' ? 'result' : 'error', errorType: m.errorType, message: m.message, logs: [], durationMs: 0, maxMemoryUsedMb: mem });
    } else if (m.t === 'crash' && this.active) this.active.crash = { errorType: m.errorType, message: m.message };
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.gone = true;
    // A result already in (its pipes closed before their marks were read): it stands.
    this.settleEarly(true);
    const a = this.active;
    if (!a) return;
    const oom = /heap out of memory|Reached heap limit/i.test(this.stderrTail);
    if (oom) this.finish(a.id, { ok: false, kind: 'memory', errorType: 'Runtime.OutOfMemory', message: `Runtime exited with error: out of memory (${this.spec.memoryMb} MB)`, logs: [], durationMs: 0 });
    else if (a.crash) this.finish(a.id, { ok: false, kind: 'exit', errorType: a.crash.errorType, message: a.crash.message, logs: [], durationMs: 0 });
    else this.finish(a.id, { ok: false, kind: 'exit', errorType: 'Runtime.ExitError', message: exitText(code, signal, this.stderrTail), logs: [], durationMs: 0 });
  }

  /** Lambda counts the whole sandbox's memory: over the version's size, the child is stopped. */
  private checkRss(id: number): void {
    const pid = this.proc.pid;
    if (pid === undefined || this.exited) return;
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return;
    }
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    if (kb / 1024 > this.spec.memoryMb) {
      this.finish(id, { ok: false, kind: 'memory', errorType: 'Runtime.OutOfMemory', message: `Runtime exited with error: out of memory (${Math.ceil(kb / 1024)} MB of ${this.spec.memoryMb} MB)`, logs: [], durationMs: 0, maxMemoryUsedMb: Math.ceil(kb / 1024) });
      this.kill();
    }
  }
}

function exitText(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const how = signal ? `signal: ${signal}` : `exit status ${code}`;
  const last = stderr.trim().split('\n').slice(-1)[0];
  return `Runtime exited with error: ${how}${last ? ` (${last.slice(0, 300)})` : ''}`;
}
