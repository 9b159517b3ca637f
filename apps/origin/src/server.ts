// Runs the origin app on node:http: one log line per request, graceful close.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { pino, type Logger } from 'pino';
import { createOriginApp } from './app.ts';
import type { SignedDemoOptions } from './signed-demo/key.ts';
import type { RequestStats } from './stats.ts';

export interface StartOriginOptions {
  port: number;
  host?: string;
  dir?: string;
  now?: () => number;
  /** Enables the signed-URL demo at /signed-demo/ (see OriginAppOptions). */
  signedDemo?: SignedDemoOptions;
  /** Default: pino JSON lines on stdout. `false` silences it. */
  logger?: Logger | false;
}

export interface RunningOrigin {
  url: string;
  port: number;
  stats: RequestStats;
  server: import('node:http').Server;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

export async function startOrigin(opts: StartOriginOptions): Promise<RunningOrigin> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger === false ? pino({ enabled: false }) : (opts.logger ?? pino({ name: 'origin' }));
  const { app, stats } = createOriginApp({ dir: opts.dir, now: opts.now, signedDemo: opts.signedDemo });
  const listener = getRequestListener(app.fetch);
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    inFlight.add(res);
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      const path = (req.url ?? '').split('?', 1)[0];
      const ms = Math.round((performance.now() - started) * 10) / 10;
      logger.info({ method: req.method, path, status: res.statusCode, ms, ...(res.writableFinished ? {} : { aborted: true }) }, 'request');
      // Once a response is done, its keep-alive connection is idle: let it go.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    void listener(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, `origin listening on ${url}`);

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      // In-flight responses that have not started tell their client to reconnect elsewhere
      // (RFC 9112 §9.6); server.close() stops accepting and drops idle keep-alive sockets.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeIdleConnections();
    }).then(() => logger.info({ url }, 'origin closed'));
    return closing;
  };
  return { url, port, stats, server, close };
}
