import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Duplex } from 'node:stream';
import { EdgeError, errorPage } from '../errors.ts';
import { finish } from '../handler.ts';
import type { Finished } from '../observe.ts';
import { xCache, type Outcome } from '../outcome.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { planRequest } from './plan.ts';

/** The WebSocket handshake headers (RFC 6455 §4.1), forwarded whatever the origin request policy says: the handshake needs them. */
const HANDSHAKE = ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions'];

/**
 * WebSockets ("Use WebSockets with CloudFront distributions"): an `Upgrade: websocket`
 * request is planned like any request (distribution, behavior, viewer protocol, method,
 * signature, geo), then the connection is relayed to the behavior's origin: the handshake
 * with the origin request the behavior would send plus the handshake headers, then both
 * directions as they come, until either side closes. Never cached; counted and logged
 * once the connection ends, with the origin's status (101 when upgraded).
 */
export function handleUpgrade(rt: EdgeRuntime, req: IncomingMessage, socket: Duplex, head: Buffer, protocol: 'http' | 'https'): void {
  const startedAt = performance.now();
  const outcome: Outcome = { requestId: rt.nextId(), result: 'Miss', status: 0, bytesOut: 0 };
  const done: Finished = { req, res: undefined, headBlock: undefined, outcome, startedAt, dist: undefined, cb: undefined, client: undefined };
  socket.on('error', () => socket.destroy());
  const refuse = (err: EdgeError) => {
    outcome.result = 'Error';
    outcome.status = err.status;
    outcome.errorCode = err.code;
    const body = errorPage(err.status, err.message, outcome.requestId);
    socket.end(`HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}\r\nServer: cachefront\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Cache: ${xCache('Error')}\r\nX-Amz-Cf-Id: ${outcome.requestId}\r\nConnection: close\r\n\r\n${body}`);
    finish(rt, done);
  };
  if (String(req.headers.upgrade).toLowerCase() !== 'websocket' || req.method !== 'GET') return refuse(new EdgeError('BAD_REQUEST'));
  const plan = planRequest(rt, { req, outcome, protocol });
  done.dist = plan.dist;
  done.cb = plan.behavior;
  done.client = plan.client;
  if (plan.kind === 'refuse') return refuse(plan.error);
  if (plan.kind !== 'serve') return refuse(new EdgeError(plan.kind === 'redirect' ? 'HTTPS_REQUIRED' : 'BAD_REQUEST'));
  const p = plan.request;
  const originPlan = p.cb.originRequest(p.viewer, { viewerIp: p.client.ip, peerIp: p.client.peer, encoding: p.encodingForward, requestId: outcome.requestId, via: rt.edge.via, cloudFrontHeaders: p.cloudFront });
  const headers: Record<string, string | string[]> = { ...originPlan.headers, connection: 'Upgrade', upgrade: 'websocket' };
  for (const h of HANDSHAKE) {
    const v = req.headers[h];
    if (v !== undefined) headers[h] = v;
  }
  outcome.source = 'origin';
  outcome.notStored = 'websocket';
  const base = new URL(p.cb.client.origin);
  const port = Number(base.port) || (base.protocol === 'https:' ? 443 : 80);
  const upstream: Socket = base.protocol === 'https:' ? connectTls({ host: base.hostname, port, servername: base.hostname }) : connectTcp({ host: base.hostname, port });
  upstream.setTimeout(p.cb.origin.connectionTimeout * 1000, () => upstream.destroy(new Error('connect timeout')));
  let lines = `GET ${originPlan.path} HTTP/1.1\r\n`;
  for (const [k, v] of Object.entries(headers)) for (const x of Array.isArray(v) ? v : [v]) lines += `${k}: ${x}\r\n`;
  upstream.write(`${lines}\r\n`);
  if (head.length > 0) upstream.write(head);
  let first = true;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    upstream.destroy();
    socket.destroy();
    finish(rt, done);
  };
  upstream.once(base.protocol === 'https:' ? 'secureConnect' : 'connect', () => upstream.setTimeout(0));
  upstream.on('data', (chunk: Buffer) => {
    if (first) {
      first = false;
      // The origin's status line: 101 when it switched protocols.
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString('latin1', 0, 16));
      outcome.status = m ? Number(m[1]) : 502;
      outcome.originStatus = outcome.status;
    }
    outcome.bytesOut += chunk.length;
    if (!socket.write(chunk)) upstream.pause();
  });
  socket.on('drain', () => upstream.resume());
  upstream.on('drain', () => socket.resume());
  socket.on('data', (chunk: Buffer) => {
    if (!upstream.write(chunk)) socket.pause();
  });
  // Nothing from the origin before it failed or closed: CloudFront's 502, so the viewer always gets an answer.
  const noAnswer = (err: EdgeError) => {
    first = false;
    ended = true;
    upstream.destroy();
    refuse(err);
  };
  upstream.on('error', (err) => (first ? noAnswer(new EdgeError('ORIGIN_UNREACHABLE', err.message)) : end()));
  upstream.on('close', () => (first && !ended ? noAnswer(new EdgeError('ORIGIN_ERROR')) : end()));
  socket.on('close', end);
  socket.on('end', () => upstream.end());
  upstream.on('end', () => socket.end());
}
