import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runOpenModel, type OpenModelRun } from './open-model.ts';
import { ProcessGroup } from './procs.ts';
import { csvLatenciesMs } from './vegeta.ts';
import type { Row } from './wrk-report.ts';

describe('vegeta', () => {
  it('reads every request\'s latency from `vegeta encode --to csv`, in ms, sorted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vegeta-test-'));
    try {
      const file = join(dir, 'r.csv');
      // timestamp, code, latency (ns), bytes out, bytes in, error (quoted, may hold commas), body, ...
      writeFileSync(file, ['1700000000000000000,200,2500000,0,0,,,,0,GET,http://x/,', '1700000000000000001,0,30000000000,0,0,"Get ""http://x/"": timeout, sorry",,,1,GET,http://x/,', '1700000000000000002,200,1000000,0,0,,,,2,GET,http://x/,', ''].join('\n'));
      assert.deepEqual(await csvLatenciesMs(file), [1, 2.5, 30000]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const base = (over: Partial<OpenModelRun>): OpenModelRun => ({
    procs: new ProcessGroup(),
    vegeta: { path: '/nonexistent/vegeta' },
    targets: [],
    selected: ['cachefront', 'nginx'],
    hitRows: [],
    durationS: 1,
    originPort: 1,
    tmp: tmpdir(),
    log: () => {},
    interrupted: new AbortController().signal,
    ...over,
  });
  const nginxRow: Row = { target: 'nginx', size: '1 KiB', bytes: 1024, rounds: 1, rps: 20_000, runs: [] };

  it('the fixed-rate runs say why they did not run: no nginx figure, no vegeta', async () => {
    const noNginx = await runOpenModel(base({ selected: ['cachefront'] }));
    assert.deepEqual(noNginx.rows.map((r) => [r.target, r.error]), [['cachefront', 'not run: it needs nginx\'s 1 KiB req/s from this run (nginx is not among --targets)']]);
    const noVegeta = await runOpenModel(base({ hitRows: [nginxRow], vegeta: { missing: 'Go not found' } }));
    assert.equal(noVegeta.nginxRps, 20_000);
    assert.equal(noVegeta.tool, undefined);
    assert.deepEqual(noVegeta.rows.map((r) => r.error), ['not run: Go not found', 'not run: Go not found']);
  });

  it('asks for 50% and 80% of nginx\'s req/s; a target that is not running gets a row saying so', async () => {
    const failed: Row = { target: 'cachefront', size: '1 KiB', bytes: 1024, rounds: 0, runs: [], error: 'edge: failed to start (boom)' };
    const m = await runOpenModel(base({ hitRows: [nginxRow, failed], selected: ['cachefront'] }));
    assert.deepEqual(m.rows.map((r) => [r.askedRps, r.error]), [[10_000, 'edge: failed to start (boom)'], [16_000, 'edge: failed to start (boom)']]);
  });
});
