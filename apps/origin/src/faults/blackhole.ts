// A listening socket whose connects time out instead of being refused.
//
// Linux drops a SYN when the listener's accept queue is full (tcp_conn_request: "listen overflow"),
// so the client retransmits until its own connect timeout. Node's main thread always accepts, so the
// socket lives in a worker thread that blocks in Atomics.wait right after listen(): its event loop
// never runs, nothing is ever accepted, and a few connections of our own fill the tiny backlog.
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

export interface Blackhole {
  port: number;
  /** Closes the listening socket (queued connections get a RST) and the filler connections. */
  close(): Promise<void>;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const server = require('node:net').createServer();
server.once('error', (err) => parentPort.postMessage({ error: { code: err.code, message: err.message } }));
server.listen({ port: workerData.port, host: workerData.host, backlog: 1 }, () => {
  parentPort.postMessage({ port: server.address().port });
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // forever; terminate() ends it
});
`;

/** A connect that completes within this is in the accept queue; one that does not was dropped. */
const FILL_PROBE_MS = 250;
const MAX_FILLERS = 16;

export async function startBlackhole(port: number, host: string): Promise<Blackhole> {
  const worker = new Worker(WORKER, { eval: true, workerData: { port, host } });
  worker.unref(); // a blocked worker must not keep the process alive
  const reply = await new Promise<{ port: number } | { error: { code: string; message: string } }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if ('error' in reply) {
    await worker.terminate();
    throw Object.assign(new Error(`blackhole listen on ${host}:${port}: ${reply.error.message}`), { code: reply.error.code });
  }
  // Fill the accept queue (backlog + 1 on Linux) until a connect no longer completes.
  const fillers: Socket[] = [];
  const target = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const close = async () => {
    await worker.terminate();
    for (const socket of fillers) socket.destroy();
  };
  for (;;) {
    const socket = connect({ port: reply.port, host: target });
    socket.on('error', () => {}); // a filler is reset when the blackhole closes
    const outcome = await connectOutcome(socket, FILL_PROBE_MS);
    if (outcome === 'connected' && fillers.length < MAX_FILLERS) {
      fillers.push(socket);
      continue;
    }
    socket.destroy();
    if (outcome === 'timeout') return { port: reply.port, close };
    await close();
    throw new Error(`blackhole on ${host}:${port}: ${outcome === 'connected' ? `the accept queue did not fill after ${MAX_FILLERS} connections` : outcome.message}`);
  }
}

function connectOutcome(socket: Socket, ms: number): Promise<'connected' | 'timeout' | Error> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve('connected');
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}
