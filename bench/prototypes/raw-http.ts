// Issue 17, design input: how much of a hit's cost is node:http itself? Two worker-thread
// servers (reusePort, as the edge runs) answer GET /bytes/<n> with the edge's hit headers:
// `http` through node:http, `raw` through node:net with a minimal HTTP/1.1 head parser.
// wrk alternates between them, 1 KiB and 100 KiB.
//   node bench/prototypes/raw-http.ts [--rounds N] [--duration S]
// Needs wrk (bench/README.md). Results: docs/design-one-cache.md.
import { createServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { Worker, isMainThread } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { waitUntil } from '../lib/http.ts';
import { freePort } from '../lib/ports.ts';
import { ProcessGroup } from '../lib/procs.ts';
import { ensureTools } from '../lib/tools.ts';
import { runWrk } from '../lib/wrk.ts';

const WORKERS = 2;
const SIZES = [1024, 102400];
const self = fileURLToPath(import.meta.url);
const mode = process.env.PROTO_MODE;
const port = Number(process.env.PROTO_PORT);
const bodies = new Map(SIZES.map((n) => [`/bytes/${n}`, Buffer.alloc(n, 'a')]));
const headersFor = (n: number) => ['content-type', 'application/octet-stream', 'content-length', String(n), 'cache-control', 'max-age=3600', 'x-cache', 'Hit from cachefront', 'via', '1.1 abc.cloudfront.net (CloudFront)', 'x-amz-cf-pop', 'LOCAL1', 'age', '0', 'x-amz-cf-id', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ=='];

function serveRaw(socket: Socket): void {
  let buf: Buffer | undefined;
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    buf = buf ? Buffer.concat([buf, chunk]) : chunk;
    let off = 0;
    socket.cork();
    for (;;) {
      const end = buf.indexOf('\r\n\r\n', off, 'latin1');
      if (end === -1) break;
      const head = buf.toString('latin1', off, end);
      off = end + 4;
      const sp1 = head.indexOf(' ');
      const sp2 = head.indexOf(' ', sp1 + 1);
      const target = head.slice(sp1 + 1, sp2);
      const body = bodies.get(target);
      if (!body) {
        socket.write('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
        continue;
      }
      const h = headersFor(body.length);
      let s = 'HTTP/1.1 200 OK\r\n';
      for (let i = 0; i < h.length; i += 2) s += `${h[i]}: ${h[i + 1]}\r\n`;
      s += `date: ${new Date().toUTCString()}\r\nconnection: keep-alive\r\n\r\n`;
      socket.write(s, 'latin1');
      socket.write(body);
    }
    buf = off === buf.length ? undefined : buf.subarray(off);
    socket.uncork();
  });
  socket.on('error', () => socket.destroy());
}

if (mode === 'http' || mode === 'raw') {
  if (isMainThread) {
    for (let i = 0; i < WORKERS; i++) new Worker(self);
  } else if (mode === 'http') {
    createServer((req, res) => {
      const body = bodies.get(req.url ?? '');
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, headersFor(body.length)).end(body);
    }).listen({ port, host: '127.0.0.1', reusePort: true });
  } else {
    createNetServer(serveRaw).listen({ port, host: '127.0.0.1', reusePort: true });
  }
} else {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' }, duration: { type: 'string', default: '8' } } });
  const tools = ensureTools();
  const procs = new ProcessGroup();
  const rows: string[] = [];
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      for (const size of SIZES) {
        for (const m of ['http', 'raw'] as const) {
          const p = await freePort();
          const proc = procs.start(m, process.execPath, [self], { env: { ...process.env, PROTO_MODE: m, PROTO_PORT: String(p) } });
          await waitUntil(m, async () => (await fetch(`http://127.0.0.1:${p}/bytes/1024`)).ok, { timeoutMs: 10_000, gone: () => proc.exitReason() });
          const r = await runWrk(procs, tools.wrk, { url: `http://127.0.0.1:${p}/bytes/${size}`, host: 'proto', threads: 2, connections: 64, durationS: Number(values.duration) });
          const row = `round ${round} ${String(size).padStart(6)} B ${m.padEnd(5)} ${Math.round(r.rps)} req/s  p99 ${r.p99Ms.toFixed(2)} ms`;
          rows.push(row);
          console.log(row);
          await procs.stop(proc);
        }
      }
    }
  } finally {
    await procs.stopAll();
  }
}
