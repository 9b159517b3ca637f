// The ceiling: a bare node:http server, N node:cluster workers, answering GET /bytes/1024
// and /bytes/102400 (query ignored) with a prebuilt buffer. No routing framework, no
// cache, no origin: whatever the edge does costs time on top of this.
//
//   node bench/bare-node.ts --port P [--host 127.0.0.1] [--workers 2]
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    workers: { type: 'string', default: '2' },
  },
});
const port = Number(values.port);
const workers = Number(values.workers);
if (!Number.isInteger(port) || port <= 0 || !Number.isInteger(workers) || workers < 1) {
  process.stderr.write('usage: node bench/bare-node.ts --port P [--host H] [--workers N]\n');
  process.exit(2);
}

if (cluster.isPrimary) {
  let listening = 0;
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', () => {
    if (++listening === workers) process.stdout.write(`bare-node listening on http://${values.host}:${port} (${workers} workers)\n`);
  });
  // A worker that dies mid-benchmark would skew the numbers: fail loudly instead.
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`bare-node: worker ${worker.process.pid} died (${signal ?? code})\n`);
    process.exit(1);
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const bodies = new Map<string, Buffer>(
    [1024, 102400].map((n) => [`/bytes/${n}`, Buffer.alloc(n, 'cachefront-bench-')]),
  );
  createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const body = bodies.get(q === -1 ? url : url.slice(0, q));
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 10 }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'max-age=3600',
    });
    res.end(body);
  }).listen(port, values.host);
}
