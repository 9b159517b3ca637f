// Acts out the per-request fault the table picks: status, hang, slow-headers, slow-body, reset.
import { STATUS_CODES } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, MiddlewareHandler } from 'hono';
import { requestTarget, type OriginEnv } from '../request-target.ts';
import { isAdminPath, type RequestStats } from '../stats.ts';
import { DEFAULT_CHUNK_BYTES } from './rules.ts';
import type { FaultTable } from './table.ts';

/** How a wait ended: its time ran out, the rule was lifted, or the client / the origin went away. */
type Outcome = 'elapsed' | 'released' | 'dropped';

/** Fetch's null body statuses: such a response has no content (RFC 9110 §15.3.5, §15.4.5). */
const NULL_BODY = new Set([204, 205, 304]);

export function injectFaults(faults: FaultTable, stats: RequestStats): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const { path } = requestTarget(c);
    if (isAdminPath(path)) return next();
    const hit = faults.take(path);
    if (!hit) return next();
    const { rule } = hit;
    stats.recordFault(rule.mode);
    const dropped = AbortSignal.any([faults.dropped, c.req.raw.signal]);
    const wait = (ms: number) => hold(ms, hit.released, dropped);
    switch (rule.mode) {
      case 'status':
        if (rule.status >= 200) return statusResponse(rule.status, rule.headers);
        // An interim response, then the real one (RFC 9110 §15.2); app.request() has no way to send it.
        c.env?.outgoing?.writeInformation(rule.status, rule.headers ?? {});
        return next();
      case 'hang':
        return (await wait(Infinity)) === 'dropped' ? drop(c) : next();
      case 'slow-headers':
        return (await wait(rule.delayMs)) === 'dropped' ? drop(c) : next();
      case 'reset': {
        const socket = c.env?.incoming?.socket;
        if (!socket) return Response.error();
        socket.resetAndDestroy(); // TCP RST: the client sees ECONNRESET
        return RESPONSE_ALREADY_SENT;
      }
      case 'slow-body': {
        await next();
        const res = c.res;
        if (!res.body) return; // HEAD, 304, 204: nothing to slow down
        const body = dribble(res.body, rule.chunkBytes ?? DEFAULT_CHUNK_BYTES, rule.delayMs, wait, () => drop(c));
        c.res = undefined;
        c.res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
        return;
      }
      default:
        return next(); // refuse and blackhole act on the listening socket, not on requests
    }
  };
}

function statusResponse(status: number, extra: Record<string, string> = {}): Response {
  const headers = new Headers({ 'content-type': 'text/plain; charset=utf-8', 'x-origin-fault': 'status' });
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  const body = NULL_BODY.has(status) ? null : `${status} ${STATUS_CODES[status] ?? 'Unknown'} (injected fault)\n`;
  return new Response(body, { status, headers });
}

/** Closes the connection without an answer (the origin is closing, or the client already left). */
function drop(c: Context<OriginEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (!socket) return Response.error();
  socket.destroy();
  return RESPONSE_ALREADY_SENT;
}

/** Waits `ms` (Infinity: until released or dropped). */
function hold(ms: number, released: AbortSignal, dropped: AbortSignal): Promise<Outcome> {
  if (dropped.aborted) return Promise.resolve('dropped');
  if (released.aborted) return Promise.resolve('released');
  return new Promise((resolve) => {
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      released.removeEventListener('abort', onRelease);
      dropped.removeEventListener('abort', onDrop);
      resolve(outcome);
    };
    const onRelease = () => done('released');
    const onDrop = () => done('dropped');
    const timer = Number.isFinite(ms) ? setTimeout(done, ms, 'elapsed') : undefined;
    released.addEventListener('abort', onRelease);
    dropped.addEventListener('abort', onDrop);
  });
}

/**
 * The body re-cut into `chunkBytes` pieces: the first at once (with the headers), each next one
 * `delayMs` later. Pulled only when the socket wants more (highWaterMark 0), so the gaps are on the wire.
 */
function dribble(
  source: ReadableStream<Uint8Array>,
  chunkBytes: number,
  delayMs: number,
  wait: (ms: number) => Promise<Outcome>,
  drop: () => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let buffered: Uint8Array = new Uint8Array(0);
  let sent = false;
  let fast = false; // the rule was lifted: the rest goes at once
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (buffered.byteLength < chunkBytes) {
          const { done, value } = await reader.read();
          if (done) break;
          buffered = buffered.byteLength === 0 ? value : concat(buffered, value);
        }
        if (buffered.byteLength === 0) return controller.close();
        if (sent && !fast) {
          const outcome = await wait(delayMs);
          if (cancelled) return;
          if (outcome === 'dropped') {
            drop();
            return controller.close();
          }
          fast = outcome === 'released';
        }
        sent = true;
        const size = fast ? buffered.byteLength : chunkBytes;
        controller.enqueue(buffered.subarray(0, size));
        buffered = buffered.subarray(size);
      },
      cancel(reason) {
        cancelled = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}
