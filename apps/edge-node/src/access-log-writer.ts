// Writes standard access log lines to hourly gzip files named the way CloudFront names them.
//
// write() only appends to an in-memory buffer. Buffers are flushed in the background (every
// flushIntervalMs, and as soon as one file's buffer passes flushThresholdBytes): each flush
// gzips the buffered lines into one complete gzip member and appends it to the file. A file
// is therefore always a valid gzip stream (concatenated members, RFC 1952 §2.2) once a flush
// has finished, and nothing has to be "closed" when the hour rolls over.

import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { accessLogFileName, accessLogHeader } from '@cachefront/observe';

const gzip = promisify(zlib.gzip);
const HOUR_MS = 3_600_000;

export interface AccessLogWriterOptions {
  /** Root directory; a file's prefix becomes subdirectories under it. */
  dir: string;
  /** Unique per process (and per run), so two writers never append to the same file. */
  uniqueId: string;
  now?: () => number;
  /** Called with write failures; the lines concerned are counted in `dropped`. */
  onError?: (err: unknown) => void;
  /** Background flush period. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Flush one file early once this many bytes are buffered for it. Default 64 KiB. */
  flushThresholdBytes?: number;
  /** Cap on bytes buffered or being written; lines past it are dropped. Default 8 MiB. */
  maxBufferBytes?: number;
}

interface LogFile {
  readonly path: string;
  readonly hourStart: number;
  lines: string[];
  bytes: number;
  /** The file's writes, one after the other. */
  chain: Promise<void>;
  /** A write is queued and has not yet taken the buffered lines. */
  queued: boolean;
  /** Writes queued or running. */
  busy: number;
  /** Whether the queued write should fsync (flush()/close() asked for it). */
  sync: boolean;
  /** The header question is settled (written by us, or the file already had content). */
  started: boolean;
}

export class AccessLogWriter {
  readonly #dir: string;
  readonly #uniqueId: string;
  readonly #now: () => number;
  readonly #onError: (err: unknown) => void;
  readonly #threshold: number;
  readonly #maxBuffer: number;
  readonly #files = new Map<string, LogFile>();
  readonly #timer: ReturnType<typeof setInterval>;
  #currentHour = -Infinity;
  #buffered = 0;
  #dropped = 0;
  #closed = false;

  constructor(opts: AccessLogWriterOptions) {
    this.#dir = path.resolve(opts.dir);
    this.#uniqueId = opts.uniqueId;
    this.#now = opts.now ?? Date.now;
    this.#onError = opts.onError ?? ((err) => process.emitWarning(err instanceof Error ? err : String(err)));
    this.#threshold = opts.flushThresholdBytes ?? 64 * 1024;
    this.#maxBuffer = opts.maxBufferBytes ?? 8 * 1024 * 1024;
    this.#timer = setInterval(() => this.#tick(), opts.flushIntervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Lines dropped so far: buffer full, writer closed, or the file write failed. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Bytes buffered or being written right now. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /**
   * Queues one line (formatAccessLogLine's output) for the file of the current hour.
   * Never blocks and never throws.
   */
  write(distributionId: string, prefix: string, line: string): void {
    try {
      if (this.#closed || this.#buffered + line.length > this.#maxBuffer) {
        this.#dropped++;
        return;
      }
      const hourStart = Math.floor(this.#now() / HOUR_MS) * HOUR_MS;
      if (hourStart > this.#currentHour) this.#rotate(hourStart);
      const file = this.#file(distributionId, prefix, hourStart);
      if (file === undefined) {
        this.#dropped++;
        return;
      }
      const text = line.endsWith('\n') ? line : line + '\n';
      file.lines.push(text);
      file.bytes += text.length;
      this.#buffered += text.length;
      if (file.bytes >= this.#threshold) void this.#flushFile(file, false);
    } catch (err) {
      this.#dropped++;
      this.#report(err);
    }
  }

  /** Resolves once every line written before the call is in its file (fsynced). */
  async flush(): Promise<void> {
    await Promise.all([...this.#files.values()].map((file) => this.#flushFile(file, true)));
    this.#sweep();
  }

  /** Flushes, stops the timer and drops any later write. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.flush();
  }

  #file(distributionId: string, prefix: string, hourStart: number): LogFile | undefined {
    const key = `${prefix}\0${distributionId}\0${hourStart}`;
    let file = this.#files.get(key);
    if (file === undefined) {
      const full = path.resolve(this.#dir, accessLogFileName(prefix, distributionId, hourStart, this.#uniqueId));
      if (!full.startsWith(this.#dir + path.sep)) {
        this.#report(new Error(`access log path escapes ${this.#dir}: prefix ${JSON.stringify(prefix)}`));
        return undefined;
      }
      file = { path: full, hourStart, lines: [], bytes: 0, chain: Promise.resolve(), queued: false, busy: 0, sync: false, started: false };
      this.#files.set(key, file);
    }
    return file;
  }

  /** A new hour: finish the previous hours' files now instead of at the next tick. */
  #rotate(hourStart: number): void {
    this.#currentHour = hourStart;
    for (const file of this.#files.values()) {
      if (file.hourStart < hourStart && file.lines.length > 0) void this.#flushFile(file, false);
    }
  }

  #tick(): void {
    for (const file of this.#files.values()) {
      if (file.lines.length > 0) void this.#flushFile(file, false);
    }
    this.#sweep();
  }

  /** Forgets files of past hours that have nothing left to write. */
  #sweep(): void {
    for (const [key, file] of this.#files) {
      if (file.hourStart < this.#currentHour && file.busy === 0 && file.lines.length === 0) this.#files.delete(key);
    }
  }

  /** Queues a write of everything buffered for `file`; never rejects. */
  #flushFile(file: LogFile, sync: boolean): Promise<void> {
    if (sync) file.sync = true;
    if (file.queued) return file.chain; // the queued write will take every line buffered so far
    file.queued = true;
    file.busy++;
    file.chain = file.chain.then(() => this.#writeOut(file)).finally(() => file.busy--);
    return file.chain;
  }

  async #writeOut(file: LogFile): Promise<void> {
    file.queued = false;
    const { lines, bytes, sync } = file;
    file.lines = [];
    file.bytes = 0;
    file.sync = false;
    try {
      if (lines.length === 0) {
        // Nothing new, but flush() wants what an earlier (unsynced) write put there on disk.
        if (sync && file.started) await syncFile(file.path);
        return;
      }
      let header = '';
      if (!file.started) {
        await fsp.mkdir(path.dirname(file.path), { recursive: true });
        // Appending to a file a previous run left (same uniqueId): it has its header already.
        if ((await sizeOf(file.path)) === 0) header = accessLogHeader();
      }
      const member = await gzip(header + lines.join(''));
      await appendMember(file.path, member, sync);
      file.started = true;
    } catch (err) {
      this.#dropped += lines.length;
      this.#report(err);
    } finally {
      this.#buffered -= bytes;
    }
  }

  #report(err: unknown): void {
    try {
      this.#onError(err);
    } catch {
      // an error handler that throws must not take the writer down
    }
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await fsp.stat(file)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

async function syncFile(file: string): Promise<void> {
  const fh = await fsp.open(file, 'r');
  try {
    await fh.datasync();
  } finally {
    await fh.close();
  }
}

/** Appends one gzip member; on a failed write, cuts the file back so it stays valid gzip. */
async function appendMember(file: string, member: Uint8Array, sync: boolean): Promise<void> {
  const fh = await fsp.open(file, 'a');
  try {
    const { size } = await fh.stat();
    try {
      await fh.writeFile(member);
      if (sync) await fh.datasync();
    } catch (err) {
      await fh.truncate(size).catch(() => {});
      throw err;
    }
  } finally {
    await fh.close();
  }
}
