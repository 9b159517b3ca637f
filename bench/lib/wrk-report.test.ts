import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownTable, summarize, textTable, type Cell, type Run } from './wrk-report.ts';

const run = (round: number, rps: number, p99Ms: number): Run => ({ round, rps, p50Ms: 1, p99Ms, requests: rps, socketErrors: 0, non2xx: 0, originRequests: 0 });

describe('wrk report', () => {
  it('gives every row its ratios to nginx and to nginx-ofc at the same size', () => {
    const cells: Cell[] = [
      { target: 'cachefront', size: 1024, runs: [run(1, 15_000, 6)] },
      { target: 'nginx', size: 1024, runs: [run(1, 20_000, 4)] },
      { target: 'nginx-ofc', size: 1024, runs: [run(1, 25_000, 3)] },
      { target: 'cachefront', size: 102_400, runs: [run(1, 9_000, 8)] },
      { target: 'nginx', size: 102_400, runs: [run(1, 10_000, 8)] },
      { target: 'nginx-ofc', size: 102_400, runs: [], error: 'nginx-ofc: failed to start (x)' },
    ];
    const rows = summarize(cells);
    const cf = rows[0]!;
    assert.equal(cf.rpsVsNginx, 0.75);
    assert.equal(cf.p99VsNginx, 1.5);
    assert.equal(cf.rpsVsNginxOfc, 0.6);
    assert.equal(cf.p99VsNginxOfc, 2);
    assert.equal(cf.goal, 'missed (req/s < 1.2x, p99 > 1.0x)', 'the DESIGN goal stays against plain nginx');
    assert.equal(rows[3]!.rpsVsNginxOfc, undefined, 'no nginx-ofc figure at 100 KiB');
    const text = textTable(rows);
    assert.match(text.split('\n')[0]!, /req\/s vs nginx {2}p99 vs nginx {2}req\/s vs nginx-ofc {2}p99 vs nginx-ofc/);
    assert.match(text, /cachefront +1 KiB +15,000 +1\.00 +6\.00 +0\.75x +1\.50x +0\.60x +2\.00x/);
    assert.match(text, /nginx-ofc +100 KiB +nginx-ofc: failed to start \(x\)/);
    assert.match(markdownTable(rows), /\| cachefront \| 1 KiB \| 15,000 \| 1\.00 \| 6\.00 \| 0\.75x \| 1\.50x \| 0\.60x \| 2\.00x \| - \| 0 \| missed/);
  });
});
