// Issue 17, design input: does serving hits from worker threads that share memory (one
// process, objects in a SharedArrayBuffer, each thread listening with reusePort) cost
// throughput against today's model (cluster workers, each with its own heap copy)? Both
// serve one 1 KiB object with the edge's hit headers; wrk alternates between them.
//   node bench/prototypes/worker-model.ts [--rounds N] [--duration S]
// Needs wrk (bench/README.md). Results: docs/design-one-cache.md.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../lib/http.ts';
import { freePort } from '../lib/ports.ts';
import { ProcessGroup } from '../lib/procs.ts';
import { ensureTools } from '../lib/tools.ts';
import { runWrk } from '../lib/wrk.ts';

const SIZE = 1024;
const WORKERS = 2;
const HEADERS = ['content-type', 'application/octet-stream', 'content-length', String(SIZE), 'x-cache', 'Hit from cachefront', 'age', '0'];
const self = fileURLToPath(import.meta.url);
const mode = process.env.PROTO_MODE;
const port = Number(process.env.PROTO_PORT);

if (mode === 'cluster') {
  if (cluster.isPrimary) for (let i = 0; i < WORKERS; i++) cluster.fork();
  else {
    const body = Buffer.alloc(SIZE, 'a');
    createServer((_req, res) => void res.writeHead(200, HEADERS).end(body)).listen(port, '127.0.0.1');
  }
} else if (mode === 'threads') {
  if (isMainThread) {
    const shared = new SharedArrayBuffer(SIZE);
    Buffer.from(shared).fill('a');
    for (let i = 0; i < WORKERS; i++) new Worker(self, { workerData: { shared } });
  } else {
    // A view on the shared bytes: every thread serves the same memory, no copy.
    const body = Buffer.from((workerData as { shared: SharedArrayBuffer }).shared, 0, SIZE);
    createServer((_req, res) => void res.writeHead(200, HEADERS).end(body)).listen({ port, host: '127.0.0.1', reusePort: true });
  }
} else {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, duration: { type: 'string', default: '8' } } });
  const tools = ensureTools();
  const procs = new ProcessGroup();
  const results: Record<string, { rps: number; p99Ms: number }[]> = { cluster: [], threads: [] };
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const m of ['cluster', 'threads'] as const) {
        const p = await freePort();
        const proc = procs.start(m, process.execPath, [self], { env: { ...process.env, PROTO_MODE: m, PROTO_PORT: String(p) } });
        await waitUntil(m, async () => (await fetch(`http://127.0.0.1:${p}/`)).ok, { timeoutMs: 10_000, gone: () => proc.exitReason() });
        const r = await runWrk(procs, tools.wrk, { url: `http://127.0.0.1:${p}/`, host: 'proto', threads: 2, connections: 64, durationS: Number(values.duration) });
        results[m]!.push(r);
        console.log(`round ${round} ${m.padEnd(8)} ${Math.round(r.rps)} req/s  p99 ${r.p99Ms.toFixed(2)} ms`);
        await procs.stop(proc);
      }
    }
  } finally {
    await procs.stopAll();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const c = median(results.cluster!.map((r) => r.rps));
  const t = median(results.threads!.map((r) => r.rps));
  console.log(`median: cluster ${Math.round(c)} req/s, threads ${Math.round(t)} req/s (${(t / c).toFixed(2)}x)`);
}
