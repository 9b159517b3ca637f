// Runs the origin app on node:http: one log line per request, refuse/blackhole faults on its port,
// an optional admin port, graceful close.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createOriginApp } from './app.ts';
import { closeServer, listen, ListenerGate, type ListenerState } from './faults/listener.ts';
import type { FaultTable } from './faults/table.ts';
import type { BucketOptions } from './s3/config.ts';
import type { SignedDemoOptions } from './signed-demo/key.ts';
import { isAdminPath, type RequestStats } from './stats.ts';

export interface StartOriginOptions {
  port: number;
  host?: string;
  dir?: string;
  now?: () => number;
  /** Enables the signed-URL demo at /signed-demo/ (see OriginAppOptions). */
  signedDemo?: SignedDemoOptions;
  /** A second port serving only /_origin/* that faults never close (0 = any free port). */
  adminPort?: number;
  /** S3 mode: directories served as S3 buckets, `[{name, dir, private?}]` (see OriginAppOptions). */
  buckets?: BucketOptions[];
  /** Access key id -> secret access key of the SigV4 signers that may read private buckets. */
  signers?: Record<string, string>;
  /** Default: pino JSON lines on stdout. `false` silences it. */
  logger?: Logger | false;
}

export interface RunningOrigin {
  url: string;
  port: number;
  /** With `adminPort`: where /_origin/* stays reachable while the main port is refused or blackholed. */
  adminUrl?: string;
  stats: RequestStats;
  /** The fault table behind /_origin/faults; after changing it, `await faults.settled()`. */
  faults: FaultTable;
  server: import('node:http').Server;
  /** Stops accepting, lets in-flight requests finish (requests held by a fault are dropped), then resolves. */
  close(): Promise<void>;
}

export async function startOrigin(opts: StartOriginOptions): Promise<RunningOrigin> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger === false ? pino({ enabled: false }) : (opts.logger ?? pino({ name: 'origin' }));
  const separateAdminPort = opts.adminPort !== undefined;
  const { app, stats, faults } = createOriginApp({
    dir: opts.dir,
    now: opts.now,
    signedDemo: opts.signedDemo,
    separateAdminPort,
    buckets: opts.buckets,
    signers: opts.signers,
  });
  const listener = getRequestListener(app.fetch);
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  let listenerState: ListenerState = 'open';
  // Closing, or the port is refused/blackholed: connections are not kept alive.
  const draining = () => closing !== undefined || listenerState !== 'open';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    inFlight.add(res);
    if (draining()) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      const path = (req.url ?? '').split('?', 1)[0];
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger.info({ method: req.method, path, status: res.statusCode, ms, ...(res.writableFinished ? {} : { aborted: true }) }, 'request');
      // Once a response is done, its keep-alive connection is idle: let it go.
      if (draining()) setImmediate(() => server.closeIdleConnections());
    });
    void listener(req, res);
  });
  // WebSocket /ws/echo: first a JSON report of the handshake request it received (path and
  // headers), then every message echoed back as it came (text or binary).
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?', 1)[0] !== '/ws/echo') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    stats.record(req.method ?? 'GET', '/ws/echo');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ path: req.url, headers: req.headers }));
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
  // The admin port: the same app, /_origin/* only, never refused or blackholed.
  const adminServer = !separateAdminPort
    ? undefined
    : createServer((req: IncomingMessage, res: ServerResponse) => {
        if (isAdminPath((req.url ?? '').split('?', 1)[0] ?? '')) return void listener(req, res);
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'NOT_FOUND', message: 'the admin port serves /_origin/* only' }));
      });

  await listen(server, opts.port, host);
  const { port } = server.address() as AddressInfo;
  const urlOf = (p: number) => `http://${host.includes(':') ? `[${host}]` : host}:${p}`;
  const url = urlOf(port);
  let adminUrl: string | undefined;
  if (adminServer) {
    try {
      await listen(adminServer, opts.adminPort ?? 0, host);
    } catch (err) {
      server.close();
      throw err;
    }
    adminUrl = urlOf((adminServer.address() as AddressInfo).port);
  }
  const buckets = (opts.buckets ?? []).map((b) => ({ name: b.name, private: b.private === true }));
  logger.info({ url, ...(adminUrl ? { adminUrl } : {}), ...(buckets.length > 0 ? { buckets } : {}) }, `origin listening on ${url}`);

  const gate = new ListenerGate(server, port, host);
  faults.onChange(() => {
    const next = faults.listenerMode();
    if (next === listenerState) return;
    listenerState = next;
    if (next !== 'open') stats.recordFault(next);
    logger.info({ url, listener: next }, next === 'open' ? `origin port open again` : `origin port ${next === 'refuse' ? 'refusing connections' : 'blackholed'}`);
    return gate.set(next).catch((err: unknown) => logger.error({ url, err }, `origin port could not be set to ${next}`));
  });

  const close = (): Promise<void> => {
    closing ??= (async () => {
      faults.dispose(); // held requests are dropped, forMs timers stop
      await gate.close();
      // In-flight responses that have not started tell their client to reconnect elsewhere
      // (RFC 9112 §9.6); server.close() stops accepting and drops idle keep-alive sockets.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      // Open WebSockets close with 1001 (going away).
      for (const ws of wss.clients) ws.close(1001);
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000).unref();
      wss.close();
      await Promise.all([closeServer(server), adminServer && closeServer(adminServer)]);
    })().then(() => logger.info({ url }, 'origin closed'));
    return closing;
  };
  return { url, port, ...(adminUrl ? { adminUrl } : {}), stats, faults, server, close };
}
