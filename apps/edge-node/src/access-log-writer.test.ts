import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import zlib from 'node:zlib';
import { accessLogFileName, accessLogHeader, formatAccessLogLine, parseAccessLogLine, sampleRecord } from '@cachefront/observe';
import { AccessLogWriter } from './access-log-writer.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 17, 10, 0, 0); // 10:00 UTC

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'observe-log-writer-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function read(file: string): string {
  return zlib.gunzipSync(fs.readFileSync(path.join(dir, file))).toString('latin1');
}

/** The file's record lines (header lines checked separately). */
function records(file: string): string[] {
  return read(file).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function headerCount(file: string): number {
  return read(file).split(accessLogHeader()).length - 1;
}

/** Polls until `check` passes, failing after `ms`. */
async function eventually(check: () => void, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await delay(5);
    }
  }
}

function line(n: number): string {
  return formatAccessLogLine(sampleRecord({ requestId: `req-${n}` }), { includeCookies: false });
}

describe('AccessLogWriter', () => {
  it('writes lines to gzip files named the CloudFront way, header first, readable after flush()', async () => {
    let now = T0 + 5 * 60_000;
    const errors: unknown[] = [];
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => now, onError: (e) => errors.push(e) });
    w.write('E1', 'logs/', line(1));
    w.write('E2', '', line(2));
    now += 60_000;
    w.write('E1', 'logs/', line(3));
    await w.flush();

    const e1 = accessLogFileName('logs/', 'E1', T0, 'U1');
    assert.equal(e1, 'logs/E1.2024-05-17-10.U1.gz');
    assert.ok(read(e1).startsWith(accessLogHeader()));
    assert.equal(headerCount(e1), 1);
    assert.deepEqual(records(e1).map((l) => parseAccessLogLine(l)['x-edge-request-id']), ['req-1', 'req-3']);
    assert.deepEqual(records('E2.2024-05-17-10.U1.gz').map((l) => parseAccessLogLine(l)['x-edge-request-id']), ['req-2']);
    assert.deepEqual(errors, []);
    await w.close();
  });

  it('keeps every file whole gzip and one header across many flushes', async () => {
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0 });
    for (let i = 0; i < 5; i++) {
      w.write('E1', '', line(i));
      await w.flush();
      // Complete after each flush: gunzipSync throws on a truncated member.
      assert.equal(records('E1.2024-05-17-10.U1.gz').length, i + 1);
    }
    assert.equal(headerCount('E1.2024-05-17-10.U1.gz'), 1);
    await w.close();
  });

  it('round-trips lines through the file', async () => {
    const r = sampleRecord({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) ünïcode\u00c3\u00a9', query: 'a=1&b=2' });
    const text = formatAccessLogLine(r, { includeCookies: true });
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0 });
    w.write('E1', '', text);
    await w.close();
    const [got] = records('E1.2024-05-17-10.U1.gz');
    assert.equal(got + '\n', text);
    assert.deepEqual(parseAccessLogLine(got as string), parseAccessLogLine(text));
  });

  it('rotates at the hour: each hour its own file, each with its header', async () => {
    let now = T0 + HOUR - 1; // 10:59:59.999
    // No timer flush during the test: only the rotation can write the 10:00 file.
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => now, flushIntervalMs: 3_600_000 });
    w.write('E1', 'p/', line(1));
    now = T0 + HOUR; // 11:00:00.000
    w.write('E1', 'p/', line(2));
    // The 10:00 file is finished on rotation, without waiting for the timer or flush().
    await eventually(() => assert.equal(records('p/E1.2024-05-17-10.U1.gz').length, 1));
    now = T0 + 2 * HOUR + 1;
    w.write('E1', 'p/', line(3));
    await w.flush();
    assert.deepEqual(fs.readdirSync(path.join(dir, 'p')).sort(), [
      'E1.2024-05-17-10.U1.gz',
      'E1.2024-05-17-11.U1.gz',
      'E1.2024-05-17-12.U1.gz',
    ]);
    for (const [file, id] of [['p/E1.2024-05-17-10.U1.gz', 'req-1'], ['p/E1.2024-05-17-11.U1.gz', 'req-2'], ['p/E1.2024-05-17-12.U1.gz', 'req-3']] as const) {
      assert.equal(headerCount(file), 1, file);
      assert.deepEqual(records(file).map((l) => parseAccessLogLine(l)['x-edge-request-id']), [id], file);
    }
    await w.close();
  });

  it('flushes on its timer', async () => {
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0, flushIntervalMs: 10 });
    w.write('E1', '', line(1));
    await eventually(() => assert.equal(records('E1.2024-05-17-10.U1.gz').length, 1));
    await w.close();
  });

  it('flushes a file early once its buffer passes the threshold', async () => {
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0, flushIntervalMs: 3_600_000, flushThresholdBytes: 1024 });
    let n = 0;
    let bytes = 0;
    while (bytes < 1024) bytes += line(n++).length;
    for (let i = 0; i < n; i++) w.write('E1', '', line(i));
    await eventually(() => assert.equal(records('E1.2024-05-17-10.U1.gz').length, n));
    await w.close();
  });

  it('drops and counts lines past the buffer cap instead of growing', async () => {
    const one = line(0);
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0, maxBufferBytes: one.length * 10 });
    // Synchronous writes: nothing reaches the disk in between, so the buffer fills up.
    for (let i = 0; i < 25; i++) w.write('E1', '', line(i));
    assert.equal(w.dropped, 15);
    assert.ok(w.bufferedBytes <= one.length * 10);
    await w.flush();
    assert.equal(w.bufferedBytes, 0);
    assert.equal(records('E1.2024-05-17-10.U1.gz').length, 10);
    // Room again once written.
    w.write('E1', '', line(99));
    await w.close();
    assert.equal(records('E1.2024-05-17-10.U1.gz').length, 11);
    assert.equal(w.dropped, 15);
  });

  it('counts write failures as dropped and reports them; write() never throws', async () => {
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where a directory is needed');
    const errors: unknown[] = [];
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0, onError: (e) => errors.push(e) });
    w.write('E1', 'blocker/', line(1));
    w.write('E1', 'blocker/', line(2));
    w.write('E1', 'ok/', line(3));
    await w.flush();
    assert.equal(w.dropped, 2);
    assert.equal(errors.length, 1);
    assert.match(String((errors[0] as NodeJS.ErrnoException).code), /^(ENOTDIR|EEXIST)$/);
    assert.equal(records('ok/E1.2024-05-17-10.U1.gz').length, 1);
    await w.close();
  });

  it('survives a throwing clock and a throwing error handler', async () => {
    const w = new AccessLogWriter({
      dir,
      uniqueId: 'U1',
      now: () => {
        throw new Error('clock broke');
      },
      onError: () => {
        throw new Error('handler broke');
      },
    });
    assert.doesNotThrow(() => w.write('E1', '', line(1)));
    assert.equal(w.dropped, 1);
    await w.close();
  });

  it('refuses a prefix that would leave its directory', async () => {
    const errors: unknown[] = [];
    const w = new AccessLogWriter({ dir: path.join(dir, 'root'), uniqueId: 'U1', now: () => T0, onError: (e) => errors.push(e) });
    w.write('E1', '../escape/', line(1));
    await w.close();
    assert.equal(w.dropped, 1);
    assert.equal(errors.length, 1);
    assert.equal(fs.existsSync(path.join(dir, 'escape')), false);
  });

  it('appends to a file left by an earlier run without a second header', async () => {
    const first = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0 });
    first.write('E1', '', line(1));
    await first.close();
    const second = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0 });
    second.write('E1', '', line(2));
    await second.close();
    assert.equal(headerCount('E1.2024-05-17-10.U1.gz'), 1);
    assert.equal(records('E1.2024-05-17-10.U1.gz').length, 2);
  });

  it('drops writes after close()', async () => {
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0 });
    w.write('E1', '', line(1));
    await w.close();
    w.write('E1', '', line(2));
    await w.flush();
    assert.equal(w.dropped, 1);
    assert.equal(records('E1.2024-05-17-10.U1.gz').length, 1);
  });

  it('adds the newline a line lacks', async () => {
    const w = new AccessLogWriter({ dir, uniqueId: 'U1', now: () => T0 });
    w.write('E1', '', line(1).trimEnd());
    w.write('E1', '', line(2));
    await w.close();
    assert.equal(records('E1.2024-05-17-10.U1.gz').length, 2);
  });
});
