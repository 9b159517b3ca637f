// Child processes the runner starts, and their clean shutdown.
//
// Each child is spawned detached, so it leads its own process group; stopping it signals
// the whole group (nginx's workers, node:cluster workers) by that group id: SIGTERM, then
// SIGKILL after a deadline. Nothing is ever killed by name.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const TAIL_BYTES = 4096;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Proc {
  readonly name: string;
  readonly child: ChildProcess;
  /** Settles when the leader has exited (the group may still have members until stop()). */
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  #stdout = '';
  #stderr = '';

  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (this.#stdout = tail(this.#stdout + s)));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (this.#stderr = tail(this.#stderr + s)));
    this.exited = new Promise((resolve) => {
      child.once('error', (err) => {
        this.#stderr = tail(`${this.#stderr}${err.message}\n`);
        this.exit ??= { code: -1, signal: null };
        resolve(this.exit);
      });
      child.once('close', (code, signal) => {
        this.exit ??= { code, signal };
        resolve(this.exit);
      });
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** The last lines of stderr (or stdout when stderr is empty), on one line, for messages. */
  tail(maxChars = 400): string {
    const text = (this.#stderr.trim() || this.#stdout.trim()).replace(/\s*\n\s*/g, ' | ');
    return text.length > maxChars ? `...${text.slice(-maxChars)}` : text;
  }

  /**
   * Resolves with the first whole line of stdout that `match` accepts (returning a value),
   * from now on; rejects at the deadline or when the process exits first.
   */
  waitForLine<T>(what: string, match: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
    const out = this.child.stdout;
    if (!out) return Promise.reject(new Error(`${this.name}: no stdout to read ${what} from`));
    return new Promise((resolve, reject) => {
      let partial = '';
      const done = (finish: () => void) => {
        clearTimeout(timer);
        out.off('data', onData);
        finish();
      };
      const onData = (s: string) => {
        const lines = (partial + s).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const found = match(line);
          if (found !== undefined) return done(() => resolve(found));
        }
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${this.name}: no ${what} after ${timeoutMs} ms${this.tail() ? ` (${this.tail()})` : ''}`))), timeoutMs);
      out.on('data', onData);
      void this.exited.then(() => done(() => reject(new Error(`${this.name} ${this.exitReason() ?? 'exited'} before ${what}`))));
    });
  }

  /** Why the process is gone, or undefined while it runs. */
  exitReason(): string | undefined {
    if (!this.exit) return undefined;
    const how = this.exit.signal ? `signal ${this.exit.signal}` : `code ${this.exit.code}`;
    return `exited with ${how}${this.tail() ? ` (${this.tail()})` : ''}`;
  }

  /** Signals the process group; false when there is nobody left to signal. */
  signal(sig: NodeJS.Signals): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, sig);
      return true;
    } catch {
      return false; // ESRCH: the group is gone
    }
  }
}

function tail(s: string): string {
  return s.length > TAIL_BYTES ? s.slice(-TAIL_BYTES) : s;
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Also write everything the process prints (stdout and stderr) to this file. */
  logFile?: string;
}

/** Every process the runner started; stopAll() on the way out, whatever the way out is. */
export class ProcessGroup {
  #procs = new Set<Proc>();
  #closed = false;

  start(name: string, command: string, args: string[], opts: StartOptions = {}): Proc {
    if (this.#closed) throw new Error(`not starting ${name}: shutting down`);
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const proc = new Proc(name, child);
    if (opts.logFile) {
      const log = createWriteStream(opts.logFile);
      child.stdout?.on('data', (s: string) => log.write(s));
      child.stderr?.on('data', (s: string) => log.write(s));
      void proc.exited.then(() => log.end());
    }
    this.#procs.add(proc);
    return proc;
  }

  /** Runs a command to completion (killed after timeoutMs) and returns its output. */
  async run(name: string, command: string, args: string[], timeoutMs: number, opts: StartOptions = {}): Promise<{ exit: Exit; stdout: string; stderr: string }> {
    const proc = this.start(name, command, args, opts);
    let out = '';
    proc.child.stdout?.on('data', (s: string) => (out += s));
    const timer = setTimeout(() => void this.stop(proc), timeoutMs);
    const exit = await proc.exited;
    clearTimeout(timer);
    this.#procs.delete(proc);
    proc.signal('SIGKILL'); // anything it left behind in its group
    return { exit, stdout: out, stderr: proc.stderr };
  }

  /** SIGTERM to the group, SIGKILL to whatever is left after graceMs. */
  async stop(proc: Proc, graceMs = 5000): Promise<void> {
    if (!proc.exit) {
      proc.signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([proc.exited, deadline]);
      clearTimeout(timer);
    }
    // The leader may be gone while members of its group (workers) are not.
    proc.signal('SIGKILL');
    if (!proc.exit) await proc.exited;
    this.#procs.delete(proc);
  }

  /** Stops every process started so far; new ones may still be started (the next suite). */
  async stopStarted(graceMs = 5000): Promise<void> {
    await Promise.all([...this.#procs].map((p) => this.stop(p, graceMs)));
  }

  /** Stops every process, and refuses to start new ones from then on. */
  async stopAll(graceMs = 5000): Promise<void> {
    this.#closed = true;
    await this.stopStarted(graceMs);
  }

  /** Last resort from a synchronous 'exit' handler: SIGKILL every group still known. */
  killAllNow(): void {
    for (const p of this.#procs) p.signal('SIGKILL');
    this.#procs.clear();
  }
}
