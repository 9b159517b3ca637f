import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { ageHeader, cacheVerdict, isCachedMethod } from '@cachefront/cache-core';
import type { CachedObject } from '../cache/store.ts';
import { finish } from '../handler.ts';
import type { Finished } from '../observe.ts';
import { xCache, type Outcome } from '../outcome.ts';
import { planRequest } from '../pipeline/plan.ts';
import { notModified as isNotModified } from '../pipeline/respond.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { parseFastHead, type FastHead } from './head.ts';

/**
 * The hit path without node:http (docs/design-fast-path.md): each viewer connection
 * starts here. A request this reads strictly (head.ts) and the cache answers fresh, with
 * no function and no range, is written straight to the socket; every other request,
 * and the rest of its connection, goes to node:http's own connection handling, its bytes
 * replayed unchanged, where the full pipeline (handler.ts) serves it. The answer is the
 * one node:http would send (the header list, Date, Connection, Keep-Alive), and the
 * request is counted, logged and sampled by the same code (handler.ts `finish`).
 */
export interface FastFront {
  /** Hits answered here, and connections handed to node:http. */
  readonly stats: { hits: number; handedOff: number };
  /** Shutdown: ends every connection still here (node:http closes its own). */
  closeAll(): void;
}

/** Up to this many body bytes, head and body are copied into one buffer for one write. */
const SMALL_BODY = 16 * 1024;

type HttpConnectionListener = (this: Server, socket: Socket) => void;

export function installFastFront(server: Server, rt: EdgeRuntime): FastFront {
  // node:http's own 'connection' listener (what a server runs for a new connection).
  const toHttp = server.listeners('connection')[0] as HttpConnectionListener;
  server.removeListener('connection', toHttp);
  const sockets = new Set<Socket>();
  const stats = { hits: 0, handedOff: 0 };
  const idleMs = server.keepAliveTimeout + ((server as Server & { keepAliveTimeoutBuffer?: number }).keepAliveTimeoutBuffer ?? 0);
  const keepAliveLine = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(server.keepAliveTimeout / 1000)}\r\n`;
  let closing = false;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    let pending: Buffer | undefined;
    let done = false;
    let viewerEnded = false;

    const onTimeout = () => socket.destroy();
    const onError = () => socket.destroy();
    const onEnd = () => {
      // Half-closed: everything before the FIN is answered, then close.
      viewerEnded = true;
      if (!done && pending === undefined) socket.end();
    };
    const onClose = () => sockets.delete(socket);
    const onDrain = () => {
      if (done || socket.destroyed) return;
      socket.resume();
      if (pending) serve();
    };
    const onData = (chunk: Buffer) => {
      if (done) return;
      pending = pending ? Buffer.concat([pending, chunk]) : chunk;
      serve();
    };

    /** Answers what `pending` holds, request by request, until a request needs node:http. */
    function serve(): void {
      const buf = pending!;
      let off = 0;
      socket.cork();
      try {
        while (off < buf.length) {
          if (closing) {
            done = true;
            socket.end();
            return;
          }
          const head = parseFastHead(buf, off);
          const answered = head === undefined ? 'no' : answer(socket, head, buf.length - off === head.length);
          if (answered === 'no') break;
          off += head!.length;
          if (answered === 'close') {
            done = true;
            socket.end();
            return;
          }
          // A viewer that does not read its answers is not read from either (as node:http does).
          if (socket.writableNeedDrain) {
            pending = off < buf.length ? buf.subarray(off) : undefined;
            socket.pause();
            return;
          }
        }
      } finally {
        socket.uncork();
      }
      if (off < buf.length) return handOff(buf.subarray(off));
      pending = undefined;
      if (viewerEnded) {
        done = true;
        socket.end();
      }
    }

    /** node:http takes the connection from this request on, these bytes first. */
    function handOff(rest: Buffer): void {
      done = true;
      stats.handedOff++;
      socket.pause();
      for (const [event, listener] of listeners) socket.removeListener(event, listener);
      sockets.delete(socket);
      socket.setTimeout(0);
      socket.unshift(rest);
      toHttp.call(server, socket);
      socket.resume();
    }

    // Everything the fast path listens to, taken off again at the hand-off.
    // Each listener takes its own event's arguments.
    const listeners: [string, (...args: any[]) => void][] = [
      ['timeout', onTimeout],
      ['error', onError],
      ['end', onEnd],
      ['close', onClose],
      ['drain', onDrain],
      ['data', onData],
    ];
    socket.setTimeout(server.headersTimeout);
    for (const [event, listener] of listeners) socket.on(event, listener);
  });

  /**
   * Serves `head` from the cache when it is a fresh hit the fast path may answer, and says
   * whether the connection stays open; `no` (nothing sent, nothing counted, no function
   * run) for anything else.
   */
  function answer(socket: Socket, head: FastHead, last: boolean): 'no' | 'keep' | 'close' {
    const startedAt = performance.now();
    const outcome: Outcome = { requestId: rt.nextId(), result: 'Miss', status: 0, bytesOut: 0 };
    const req = { method: head.method, url: head.url, headers: head.headers, rawHeaders: head.rawHeaders, httpVersion: head.httpVersion, socket };
    const plan = planRequest(rt, { req, outcome, protocol: 'http', pure: true });
    if (plan.kind !== 'serve') return 'no';
    const p = plan.request;
    const { cb, viewer } = p;
    // A response headers policy: node:http's path applies it (pipeline/response-headers.ts).
    if (cb.responseHeaders) return 'no';
    if (!cb.cacheable || !isCachedMethod(viewer.method, cb.cachedMethods)) return 'no';
    const obj = rt.store.get(p.key);
    if (obj === undefined) return 'no';
    const now = rt.now();
    if (cacheVerdict(obj.meta, now) !== 'fresh') return 'no';
    const status = obj.meta.status;
    // A cached error with a custom error page, and ranges: the full pipeline's.
    if (status >= 400 && p.dist.errorPages.has(status)) return 'no';
    if (status === 200 && head.method === 'GET' && head.headers.range !== undefined) return 'no';
    // HTTP/1.0 and TE (node:http's chunked-by-default rule for 1.0): node:http's.
    if (head.httpVersion === '1.0' && head.headers.te !== undefined) return 'no';
    const lines = headerLines(obj);
    if (lines === undefined) return 'no';

    outcome.result = status >= 400 ? 'Error' : 'Hit';
    const notModified = status === 200 && isNotModified(head.headers, obj);
    outcome.status = notModified ? 304 : status;
    // An HTTP/1.0 answer stays open only with a Content-Length (as node:http decides).
    const keepAlive = head.keepAlive && (head.httpVersion === '1.1' || (!notModified && lines.hasLength));
    const block =
      `HTTP/1.1 ${outcome.status} ${STATUS_CODES[outcome.status] ?? 'unknown'}\r\n${notModified ? lines.notModified : lines.full}` +
      `x-cache: ${xCache(outcome.result)}\r\nage: ${ageHeader(obj.meta, now)}\r\nx-amz-cf-id: ${outcome.requestId}\r\n` +
      `${lines.hasDate ? '' : `Date: ${utcDate()}\r\n`}${keepAlive ? keepAliveLine : 'Connection: close\r\n'}\r\n`;
    if (notModified || head.method === 'HEAD') socket.write(block, 'latin1');
    else {
      const body = obj.body;
      outcome.bytesOut = body.length;
      if (body.length > SMALL_BODY) {
        socket.write(block, 'latin1');
        socket.write(body);
      } else {
        // A small answer is one buffer, one write: cheaper than a writev of two.
        const out = Buffer.allocUnsafe(block.length + body.length);
        out.write(block, 0, 'latin1');
        body.copy(out, block.length);
        socket.write(out);
      }
    }
    if (last && keepAlive) socket.setTimeout(idleMs);
    stats.hits++;
    const done: Finished = { req, res: undefined, headBlock: block, outcome, startedAt, dist: plan.dist, cb: plan.behavior, client: plan.client };
    finish(rt, done);
    return keepAlive ? 'keep' : 'close';
  }

  return {
    stats,
    closeAll() {
      closing = true;
      for (const s of sockets) s.end();
    },
  };
}

interface HeaderLines {
  /** The stored header list as `name: value\r\n` lines (without the three per-request ones). */
  full: string;
  /** The same without Content-Length, for a 304 (RFC 9110 §15.4.5). */
  notModified: string;
  hasDate: boolean;
  hasLength: boolean;
}

// Built once per stored object; undefined when a header could not be written as it is.
const LINES = new WeakMap<CachedObject, HeaderLines | null>();

function headerLines(obj: CachedObject): HeaderLines | undefined {
  let lines = LINES.get(obj);
  if (lines === undefined) {
    lines = buildLines(obj.viewerHeaders);
    LINES.set(obj, lines);
  }
  return lines ?? undefined;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function buildLines(flat: string[]): HeaderLines | null {
  let full = '';
  let notModified = '';
  let hasDate = false;
  let hasLength = false;
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i]!;
    const value = flat[i + 1]!;
    // What node:http's writeHead would refuse (a response split) is never written here.
    if (!TOKEN.test(name) || BAD_VALUE.test(value)) return null;
    const line = `${name}: ${value}\r\n`;
    full += line;
    const lower = name.toLowerCase();
    if (lower !== 'content-length') notModified += line;
    else hasLength = true;
    if (lower === 'date') hasDate = true;
  }
  return { full, notModified, hasDate, hasLength };
}

// The Date header, as node:http makes it: once per second.
let dateCache = '';
let dateSecond = 0;
function utcDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateCache = new Date(now).toUTCString();
  }
  return dateCache;
}
