import { parentPort, threadId, workerData } from 'node:worker_threads';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSecureServer } from 'node:http2';
import type { Socket } from 'node:net';
import pino from 'pino';
import { createViewerHandler } from './handler.ts';
import { replicaStore } from './cache/replica.ts';
import type { InFlight } from './cache/inflight.ts';
import { ipcLeaseClient } from './collapse/lease.ts';
import { SiblingClient, startSiblingServer } from './collapse/sibling.ts';
import { OriginPools } from './origin/client.ts';
import { compileConfig, compileFunctions, distributionDomain } from './runtime/compile.ts';
import { purge } from './cache/purge.ts';
import { parentRefillGuard } from './cache/parent-refill.ts';
import { createGeo } from '@cachefront/geo';
import { UsageTable } from './usage.ts';
import type { EdgeRuntime } from './runtime/runtime.ts';
import { requestIdGenerator } from './request-id.ts';
import { EdgeError, errorPage } from './errors.ts';
import type { WorkerData } from './primary/edge-thread.ts';
import { ParentTiers } from './runtime/parents.ts';
import { failViewerBody } from './pipeline/viewer-body.ts';
import { trustedChildren } from './runtime/tier.ts';
import { EdgeObserver } from './observe.ts';
import { explain } from './explain.ts';
import { installFastFront } from './fast/front.ts';
import { handleUpgrade } from './pipeline/websocket.ts';
import type { Duplex } from 'node:stream';
import { issueCertificate, LOCAL_NAMES, type CertificatePair } from './tls/local-ca.ts';
import { createSecureContext, type SecureContext } from 'node:tls';
import { HostTable } from '@cachefront/config';
import { LambdaRuntime } from '@cachefront/lambda-edge';
import type { CacheMessage, Explanation, FromWorker, LeaseMessage, ToWorker } from '@cachefront/protocol';

// A worker is a thread of the edge's process (primary/edge-thread.ts).
const { opts, port: viewerPort, httpsPort, cachePort } = workerData as WorkerData & { cachePort: NonNullable<WorkerData['cachePort']> };
const log = pino({ level: opts.logLevel ?? 'info', base: { pid: process.pid, thread: threadId, role: 'edge-worker' } });
const send = (m: FromWorker) => parentPort!.postMessage(m);

const pools = new OriginPools({ endpoint: opts.s3Endpoint, credentials: opts.s3Credentials });
// The edge's one cache: this worker's view of it (cache/replica.ts).
let lastPurged = 0;
const sendCache = (m: CacheMessage | LeaseMessage) => cachePort.postMessage(m);
const replica = replicaStore({ maxBytes: opts.cacheSize, writer: threadId, send: sendCache, purged: () => lastPurged });
const touchTimer = setInterval(() => replica.flushTouches(), 500);
touchTimer.unref();
// A child tier does not store what its parent held from before an invalidation
// (cache/parent-refill.ts): any edge but a shield may have one (--parent, or an Origin
// Shield the control plane names at any time).
const guard = opts.tier === 'shield' ? undefined : parentRefillGuard(replica, Date.now);
const store = guard?.store ?? replica;
const inflight = new Map<string, InFlight>();
// Tiers are in play when this edge has a parent or is one (runtime/tier.ts); Origin Shield
// routes from the control plane may add a parent later (the 'parents' message).
const parents = new ParentTiers(opts.parent, opts.tier !== 'shield');
const tiered = () => opts.tier !== 'pop' || parents.any;
const rt: EdgeRuntime = {
  config: undefined,
  store,
  inflight,
  leases: ipcLeaseClient(sendCache, (h) => cachePort.on('message', h)),
  siblings: new SiblingClient(),
  edge: { via: `1.1 ${opts.nodeName}.cachefront.local (cachefront)`, pop: opts.pop, tier: tiered() ? opts.tier : undefined },
  now: Date.now,
  nextId: requestIdGenerator(),
  maxObjectSize: opts.maxObjectSize,
  counters: { originBytes: 0 },
  usage: new UsageTable(),
  geo: createGeo({ city: opts.geoCity }),
  devViewerAddressHeader: opts.devViewerAddressHeader,
  tier: { name: opts.tier, children: trustedChildren(opts.trustedChildren) },
  parents,
  lambda: new LambdaRuntime(),
  originClientFor: (origin) => pools.clientFor(origin),
  httpsPort: undefined,
  observer: new EdgeObserver({
    pop: opts.pop,
    now: Date.now,
    accessLogDir: opts.accessLogDir,
    // CloudFront's file names end in a unique id: this node and worker.
    uniqueId: `${opts.pop}-${opts.nodeName.slice(0, 8)}-${threadId}`,
    onError: (err, failures) => log.error({ err, failures }, 'a request could not be logged or counted'),
    // Each Lambda@Edge invocation, with what its handler logged (CloudWatch's role).
    onLambda: (i) => log.info({ lambda: `${i.name}:${i.version}`, eventType: i.eventType, requestId: i.requestId, ms: Math.round(i.ms * 10) / 10, error: i.error, logs: i.logs }, 'lambda@edge invocation'),
  }),
};

// What other workers stored and deleted, and evictions (cache/replica.ts); lease replies go to the lease client.
// Invalidations come this way too, so one is applied after every store passed on before it.
cachePort.on('message', (m: CacheMessage | LeaseMessage | ToWorker) => {
  if (m.t === 'cache-put' || m.t === 'cache-drop' || m.t === 'cache-snapshot') replica.apply(m);
  else if (m.t === 'invalidate') onMessage(m);
});

// Sampled real-time log entries go to the primary in batches (it forwards them).
const realtimeTimer = setInterval(() => {
  const entries = rt.observer.drainRealtime();
  if (entries.length > 0) send({ t: 'realtime', entries });
}, 200);
realtimeTimer.unref();

const sibling = await startSiblingServer(inflight, store);

// Responses not yet finished, per connection (pipelined requests queue theirs): a refusal
// of what follows them waits for all of them (refuseRaw).
const unfinished = new WeakMap<Socket, number>();
const ALL_FINISHED = 'cachefront:all-finished';
function counted(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    unfinished.set(socket, (unfinished.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const n = unfinished.get(socket)! - 1;
      unfinished.set(socket, n);
      if (n === 0) socket.emit(ALL_FINISHED);
    });
    handler(req, res);
  };
}
// CloudFront: request line + headers at most 20,480 bytes ("Maximum length of a request").
const HTTP_OPTIONS = { maxHeaderSize: 20480, keepAliveTimeout: 5000, requestTimeout: 60_000 };
const server = createServer(HTTP_OPTIONS, counted(createViewerHandler(rt, 'http')));

// Viewers over TLS (--https-port): the same handler, told the protocol. The certificate is
// the user's (--tls-cert), or issued from the edge's local CA for the distributions'
// aliases and the local names (tls/local-ca.ts), again whenever a config changes them.
let certificateNames = '';
// HTTP/2 and HTTP/1.1 on the one TLS port (ALPN h2, http/1.1); node:http2's compatibility
// API gives the handler request and response objects shaped like node:http's.
const tlsServer =
  httpsPort === undefined
    ? undefined
    : (createSecureServer(
        { ...HTTP_OPTIONS, ...(await initialCertificate()), minVersion: 'TLSv1.2', allowHTTP1: true, allowHalfOpen: true, settings: { maxHeaderListSize: 20480 }, ALPNCallback: alpn, SNICallback: sni },
        counted(createViewerHandler(rt, 'https')) as unknown as Parameters<typeof createSecureServer>[1],
      ) as unknown as Server & { setSecureContext(o: object): void });
async function initialCertificate(): Promise<CertificatePair> {
  const tls = opts.tls!;
  if ('fixed' in tls) return tls.fixed;
  certificateNames = LOCAL_NAMES.join(',');
  return issueCertificate(tls.ca, [...LOCAL_NAMES, '127.0.0.1', '::1']);
}
/**
 * ALPN by the distribution the SNI name belongs to: HTTP/2 unless its httpVersion is
 * `http1.1` (`http3`/`http2and3` are served as HTTP/2: Node.js has no HTTP/3 server).
 */
function alpn({ servername, protocols }: { servername: string; protocols: string[] }): string | undefined {
  const dist = servername ? rt.config?.byHost.get(servername.toLowerCase()) : undefined;
  const h2 = protocols.includes('h2') && dist?.config.httpVersion !== 'http1.1';
  if (h2) return 'h2';
  return protocols.includes('http/1.1') ? 'http/1.1' : undefined;
}

// HTTP/1.1 on the TLS port answers half-closed viewers as the plain port does.
if (tlsServer) (tlsServer as typeof tlsServer & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

// What the TLS port has open, to close at shutdown: HTTP/2 sessions (closed gracefully,
// GOAWAY) and HTTP/1.1 connections (ended once their responses are done).
const tlsSessions = new Set<import('node:http2').ServerHttp2Session>();
const tlsSockets = new Set<Socket>();
tlsServer?.on('session', (s: import('node:http2').ServerHttp2Session) => {
  tlsSessions.add(s);
  s.once('close', () => tlsSessions.delete(s));
});
tlsServer?.on('secureConnection', (socket: Socket & { alpnProtocol?: string | false; servername?: string | false; getProtocol(): string | null }) => {
  // viewerCertificate.minimumProtocolVersion of the distribution the SNI name belongs to:
  // TLSv1.3_2025 refuses a TLS 1.2 connection (lower minimums act as TLS 1.2, the edge's floor).
  const dist = typeof socket.servername === 'string' ? rt.config?.byHost.get(socket.servername.toLowerCase()) : undefined;
  if (dist?.config.viewerCertificate.minimumProtocolVersion.startsWith('TLSv1.3') && socket.getProtocol() !== 'TLSv1.3') {
    socket.destroy();
    return;
  }
  if (socket.alpnProtocol === 'h2') return;
  tlsSockets.add(socket);
  socket.once('close', () => tlsSockets.delete(socket));
});

/** A config's aliases: a certificate that covers them (local CA only; a no-op when they did not change). */
async function certificateFor(config: import('@cachefront/config').CachefrontConfig): Promise<void> {
  const tls = opts.tls;
  if (!tlsServer || !tls || !('ca' in tls)) return;
  // SNI: each distribution its own certificate, for its aliases only (as each CloudFront
  // distribution has its viewer certificate); reissued only when its aliases change.
  const next = new HostTable<SecureContext>();
  const issued = new Map<string, SecureContext>();
  for (const d of config.distributions) {
    if (d.aliases.length === 0) continue;
    const names = [...new Set(d.aliases.map((a) => a.toLowerCase()))].sort();
    const key = names.join(',');
    let ctx = distributionContexts.byNames.get(key) ?? issued.get(key);
    if (ctx === undefined) {
      ctx = createSecureContext({ ...(await issueCertificate(tls.ca, names)), minVersion: 'TLSv1.2' });
      issued.set(key, ctx);
    }
    for (const n of names) next.set(n, ctx);
    issued.set(key, ctx);
  }
  distributionContexts = { byName: next, byNames: issued };
  // The default certificate (no SNI, or a name no distribution has): every name.
  const names = [...new Set([...LOCAL_NAMES, ...config.distributions.flatMap((d) => d.aliases)])].sort();
  if (names.join(',') === certificateNames) return;
  certificateNames = names.join(',');
  tlsServer.setSecureContext({ ...(await issueCertificate(tls.ca, [...names, '127.0.0.1', '::1'])), minVersion: 'TLSv1.2' });
}
let distributionContexts: { byName: HostTable<SecureContext>; byNames: Map<string, SecureContext> } = { byName: new HostTable(), byNames: new Map() };
/** SNI: the distribution's own certificate (local CA), else the default one. */
function sni(servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void {
  cb(null, distributionContexts.byName.get(servername.toLowerCase()));
}
/** Runs `fn` once every response on `socket` so far has finished (or the connection closed). */
function afterResponses(socket: Socket, fn: () => void): void {
  if ((unfinished.get(socket) ?? 0) === 0) return fn();
  socket.once(ALL_FINISHED, fn);
}
// A viewer that sends its requests and half-closes (shutdown(SHUT_WR), `nc -N`) still gets
// every answer, then the close. node:http's default aborts whatever is still in flight at the
// viewer's FIN, so an answer that waited on the origin was lost while a hit was not.
(server as typeof server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
// Hits are answered before node:http parses anything (fast/front.ts), unless --no-fast-path.
const front = opts.fastPath ? installFastFront(server, rt) : undefined;

/**
 * Answers a request node:http will not hand to the viewer handler with a CloudFront-style
 * error page, then closes. Valid requests pipelined before it may still be answering: they
 * all finish first (RFC 9112 §9.3.2: responses in request order), the queued ones too, not
 * only the one on the socket (node:http's own default handler looks at that one alone).
 */
function refuseRaw(socket: Socket, e: EdgeError, reason: string): void {
  const body = errorPage(e.status, e.message, rt.nextId());
  afterResponses(socket, () => {
    if (!socket.writable) return socket.destroy();
    socket.end(`HTTP/1.1 ${e.status} ${reason}\r\nServer: cachefront\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Cache: Error from cachefront\r\nConnection: close\r\n\r\n${body}`);
  });
}

function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // The error is in the body of the request being answered: that request fails (400 from
  // the pipeline, or its answer if it never needed the body), then the connection closes.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.writableFinished && failViewerBody(inFlight.req)) {
    if (!inFlight.headersSent) inFlight.shouldKeepAlive = false;
    const close = () => socket.end();
    inFlight.once('finish', close);
    inFlight.once('close', close);
    return;
  }
  // Bytes after a request with Connection: close are not requests (RFC 9112 §9.6: a server
  // MUST NOT process further requests): the answer in flight finishes, then the close.
  if (err.code === 'HPE_CLOSED_CONNECTION') return afterResponses(socket, () => socket.end());
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  refuseRaw(socket, new EdgeError(tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST'), tooLarge ? 'Request Header Fields Too Large' : 'Bad Request');
}
for (const s of [server, tlsServer]) {
  if (!s) continue;
  // WebSockets (Upgrade: websocket) are relayed to the origin (pipeline/websocket.ts).
  s.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => handleUpgrade(rt, req, socket, head, s === server ? 'http' : 'https'));
  s.on('clientError', onClientError);
  // CONNECT is in no behavior's AllowedMethods: 403 as for any other method a distribution
  // does not allow (node:http would otherwise drop the connection without an answer).
  s.on('connect', (_req: unknown, socket: Socket) => refuseRaw(socket, new EdgeError('METHOD_NOT_ALLOWED'), 'Forbidden'));
}

parentPort!.on('message', onMessage);
function onMessage(m: ToWorker): void {
  switch (m.t) {
    case 'config':
      try {
        const compiled = compileConfig(m.config, m.version, pools, opts.trustedProxies);
        // Functions compile asynchronously (QuickJS); the new version serves once they have.
        void Promise.all([compileFunctions(m.config), certificateFor(m.config)]).then(
          ([functions]) => {
            for (const [name, f] of functions) if ('error' in f) log.error({ function: name, error: f.error }, 'CloudFront function does not compile; its behaviors answer 503');
            compiled.functions = functions;
            const previous = rt.config?.functions;
            rt.config = compiled;
            for (const f of previous?.values() ?? []) if (!('error' in f)) f.dispose();
            send({ t: 'applied', version: m.version });
          },
          (err: unknown) => log.error({ err, version: m.version }, 'functions could not be compiled; keeping the previous config'),
        );
      } catch (err) {
        log.error({ err, version: m.version }, 'config version could not be compiled; keeping the previous one');
      }
      break;
    case 'invalidate': {
      guard?.invalidated(distributionDomain(m.distributionId), m.paths);
      const removed = purge(store, inflight, distributionDomain(m.distributionId), m.paths);
      lastPurged = Math.max(lastPurged, m.seq);
      log.debug({ seq: m.seq, distribution: m.distributionId, removed }, 'invalidation applied');
      send({ t: 'purged', seq: m.seq, removed });
      break;
    }
    case 'parents':
      parents.setRoutes(m.routes);
      rt.edge.tier = tiered() ? opts.tier : undefined;
      break;
    case 'usage':
      send({ t: 'usage-r', usage: rt.usage.drain() });
      break;
    case 'metrics':
      send({ t: 'metrics-r', metrics: rt.observer.snapshot() });
      break;
    case 'explain': {
      let explanation: Explanation | { error: string };
      try {
        explanation = explain(rt, m.input);
      } catch (err) {
        explanation = { error: (err as Error).message };
      }
      send({ t: 'explain-r', id: m.id, explanation });
      break;
    }
    case 'stats':
      send({ t: 'stats-r', pid: process.pid, thread: threadId, rss: process.memoryUsage().rss, originBytes: rt.counters.originBytes, cache: store.stats, fastPath: front?.stats });
      break;
    case 'shutdown':
      void shutdown();
      break;
    case 'tls':
      tlsServer?.setSecureContext({ cert: m.cert, key: m.key, minVersion: 'TLSv1.2' });
      distributionContexts = { byName: new HostTable(), byNames: new Map() };
      break;
    case 'stall':
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, m.ms);
      break;
    case 'crash':
      setImmediate(() => {
        throw new Error('test hook: crash');
      });
      break;
  }
}

/** Listens on `port` with reusePort (every thread on the same port: the kernel spreads connections); the port bound. */
function listen(s: Server, port: number): Promise<number> {
  return new Promise((resolve) => {
    s.once('error', (err) => {
      // e.g. EADDRINUSE: tell the primary why, so the user sees the cause, not "exited".
      send({ t: 'fatal', message: `cannot listen on ${opts.host}:${port}: ${err.message}` });
      process.exit(1);
    });
    s.listen({ port, host: opts.host, reusePort: true }, () => {
      const addr = s.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
const boundPort = await listen(server, viewerPort);
if (tlsServer) rt.httpsPort = await listen(tlsServer, httpsPort!);
send({ t: 'listening', port: boundPort, siblingPort: sibling.port, httpsPort: rt.httpsPort });

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  // Drain: stop accepting, let in-flight requests finish, close idle keep-alives.
  server.close();
  server.closeIdleConnections();
  tlsServer?.close();
  for (const s of tlsSessions) s.close();
  for (const socket of tlsSockets) afterResponses(socket, () => socket.end());
  front?.closeAll();
  const deadline = setTimeout(() => process.exit(0), 10_000);
  deadline.unref();
  await Promise.all([server, tlsServer].map((s) => s && new Promise<void>((resolve) => s.once('close', () => resolve()))));
  sibling.server.close();
  await Promise.all([pools.close(), rt.siblings?.close(), rt.parents.close(), rt.observer.close(), rt.lambda.close()]);
  clearInterval(realtimeTimer);
  const last = rt.observer.drainRealtime();
  if (last.length > 0) send({ t: 'realtime', entries: last });
  // process.exit in a worker thread ends the thread, not the edge.
  process.exit(0);
}
// The primary owns signals; a worker thread only exits when told (or when its primary is gone).
parentPort!.once('close', () => void shutdown());
cachePort.unref();
