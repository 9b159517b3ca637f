import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { missChecks, missProblem, parseCounts, summarizeMiss, type MissCell, type MissRun } from './miss.ts';
import { ProcessGroup } from './procs.ts';
import { which } from './tools.ts';
import { wrkOutput } from './wrk.ts';

const MISS = { header: 'X-Cache', value: 'Miss from cachefront' };
const NONE = { header: 'X-Cache-Status', value: '(none)' };

function run(round: number, over: Partial<MissRun> = {}): MissRun {
  return { round, rps: 1000, p50Ms: 1, p99Ms: 4, requests: 3000, socketErrors: 0, non2xx: 0, originRequests: 3010, responses: { '200 Miss from cachefront': 3000 }, ...over };
}

describe('miss path', () => {
  it('sums the script\'s per-thread counts by status and header value', () => {
    const text = 'Requests/sec: 10\ncount 3 200 Miss from cachefront\ncount 4 200 Miss from cachefront\ncount 1 200 Hit from cachefront\ncount 2 502 (none)\n';
    assert.deepEqual(parseCounts(text), { '200 Miss from cachefront': 7, '200 Hit from cachefront': 1, '502 (none)': 2 });
  });

  it('passes runs where every response was a counted miss and reached the origin', () => {
    const cell: MissCell = { target: 'cachefront-miss', pass: MISS, runs: [run(1), run(2)] };
    assert.deepEqual(missChecks(cell, 64).map((c) => c.ok), [true, true]);
  });

  it('fails a run that served hits, one the script did not count whole, and one the origin did not see', () => {
    const hits: MissCell = { target: 'cachefront-miss', pass: MISS, runs: [run(1), run(2, { responses: { '200 Miss from cachefront': 2990, '200 Hit from cachefront': 10 } })] };
    const [kinds] = missChecks(hits, 64);
    assert.equal(kinds?.ok, false);
    assert.match(kinds?.detail ?? '', /round 2: 10 x '200 Hit from cachefront'/);
    const uncounted: MissCell = { target: 'cachefront-miss', pass: MISS, runs: [run(1, { responses: { '200 Miss from cachefront': 2000 } })] };
    assert.match(missChecks(uncounted, 64)[0]?.detail ?? '', /counted 2,000 of 3,000/);
    const cached: MissCell = { target: 'cachefront-miss', pass: MISS, runs: [run(1, { originRequests: 12 })] };
    const origin = missChecks(cached, 64)[1];
    assert.equal(origin?.ok, false, 'fewer origin requests than responses: some were served from a cache');
    const doubled: MissCell = { target: 'cachefront-miss', pass: MISS, runs: [run(1, { originRequests: 3000 + 65 })] };
    assert.equal(missChecks(doubled, 64)[1]?.ok, false, 'more than one request in flight per connection');
    const unknown: MissCell = { target: 'cachefront-miss', pass: MISS, runs: [run(1, { originRequests: undefined })] };
    assert.equal(missChecks(unknown, 64)[1]?.ok, false);
  });

  it('summarizes medians, ratios against nginx-pass and the issue\'s goal', () => {
    const cf: MissCell = { target: 'cachefront-miss', pass: MISS, bodyBytes: 600, runs: [run(1, { rps: 850, p99Ms: 5 }), run(2, { rps: 800, p99Ms: 7 }), run(3, { rps: 900, p99Ms: 6 })] };
    const ng: MissCell = { target: 'nginx-pass', pass: NONE, runs: [1, 2, 3].map((r) => run(r, { responses: { '200 (none)': 3000 } })) };
    const [a, b] = summarizeMiss([cf, ng], 64);
    assert.equal(a?.rps, 850);
    assert.equal(a?.rpsVsNginxPass, 0.85);
    assert.equal(a?.p99VsNginxPass, 1.5);
    assert.equal(a?.goal, 'met');
    assert.equal(a?.requests, 9000);
    assert.equal(a?.originRequests, 9030);
    assert.equal(a?.passed, true);
    assert.equal(b?.passed, true);
    assert.equal(b?.goal, undefined, 'only cachefront has a goal');
    const slow = summarizeMiss([{ ...cf, runs: [run(1, { rps: 700, p99Ms: 7 })] }, ng], 64)[0];
    assert.equal(slow?.goal, 'missed (req/s < 0.8x, p99 > 1.5x)');
    const failed = summarizeMiss([{ target: 'nginx-pass', pass: NONE, runs: [], error: 'nginx-pass: failed to start (x)' }], 64)[0];
    assert.equal(failed?.passed, false);
    assert.equal(failed?.error, 'nginx-pass: failed to start (x)');
    assert.equal(missProblem(failed!), undefined, 'a row without runs says why in its error, not as failed checks');
  });

  const wrk = which('wrk');
  it('count-responses.lua counts every response of every wrk thread by status and header', { skip: !wrk && 'wrk is not installed' }, async () => {
    let n = 0;
    const server = createServer((_req, res) => {
      n++;
      res.writeHead(n % 2 ? 200 : 404, n % 2 ? { 'X-Cache': 'Miss from cachefront' } : {}).end('{}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const procs = new ProcessGroup();
    try {
      const port = (server.address() as AddressInfo).port;
      const script = fileURLToPath(new URL('../count-responses.lua', import.meta.url));
      const out = await wrkOutput(procs, wrk!, { url: `http://127.0.0.1:${port}/`, host: 'bench.localhost', threads: 2, connections: 4, durationS: 1, script, scriptArgs: ['x-cache'] });
      const counts = parseCounts(out);
      const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
      assert.ok(requests > 0);
      assert.equal((counts['200 Miss from cachefront'] ?? 0) + (counts['404 (none)'] ?? 0), requests, out);
      assert.ok((counts['404 (none)'] ?? 0) > 0 && (counts['200 Miss from cachefront'] ?? 0) > 0, out);
    } finally {
      await procs.stopAll();
      server.closeAllConnections();
      server.close();
    }
  });
});
