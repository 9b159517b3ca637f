// A representation is what an endpoint decided to send; `toResponse` applies the query
// knobs, evaluates preconditions and builds the Response (or a 304/412 instead).
import { evaluatePreconditions } from './conditional.ts';
import { formatHttpDate } from './http-date.ts';
import type { Knobs } from './knobs.ts';

export type Body = string | Uint8Array | ReadableStream<Uint8Array>;

export interface Representation {
  status: number;
  /** Lower-case names: content-type, cache-control, expires, vary... */
  headers: Record<string, string>;
  etag?: string | undefined;
  lastModified?: number | undefined; // epoch ms
  /** Byte length when known without producing the body (streams). */
  length?: number | undefined;
  /** Produces the content; called only when a 2xx/other body is actually due. */
  body?: (() => Body) | undefined;
}

export interface RequestFacts {
  method: string;
  headers: Headers;
  now: number;
}

// RFC 9110 §15.4.5: a 304 carries these if the 200 would have (Last-Modified is
// allowed as metadata that guides cache updates).
const NO_CONTENT = new Set([204, 205, 304]);

const NOT_MODIFIED_FIELDS = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'last-modified', 'vary'];

export function toResponse(rep: Representation, req: RequestFacts, knobs: Knobs): Response {
  const headers = new Headers(rep.headers);
  // Date from the injected clock, so it agrees with Expires (RFC 9110 §6.6.1).
  headers.set('date', formatHttpDate(req.now));
  if (knobs.cacheControl === '') headers.delete('cache-control'); // `?cc=` removes it
  else if (knobs.cacheControl !== undefined) headers.set('cache-control', knobs.cacheControl);
  if (knobs.vary !== undefined) headers.set('vary', knobs.vary);
  if (knobs.tags !== undefined) headers.set('cache-tag', knobs.tags);
  const etag = knobs.etag ?? rep.etag;
  const lastModified = knobs.lastModified ?? rep.lastModified;
  if (etag !== undefined) headers.set('etag', etag);
  if (lastModified !== undefined) headers.set('last-modified', formatHttpDate(lastModified));

  // RFC 9110 §13.2.1: preconditions apply only when the response would be 2xx. A
  // representation without validators (e.g. /echo) ignores them, so /echo can report them.
  const is2xx = rep.status >= 200 && rep.status < 300;
  if (is2xx && (etag !== undefined || lastModified !== undefined)) {
    const verdict = evaluatePreconditions(
      {
        method: req.method,
        ifMatch: req.headers.get('if-match') ?? undefined,
        ifNoneMatch: req.headers.get('if-none-match') ?? undefined,
        ifModifiedSince: req.headers.get('if-modified-since') ?? undefined,
        ifUnmodifiedSince: req.headers.get('if-unmodified-since') ?? undefined,
      },
      { etag, lastModified },
    );
    if (verdict === 'not-modified') return new Response(null, { status: 304, headers: pick(headers, NOT_MODIFIED_FIELDS) });
    if (verdict === 'precondition-failed') {
      return new Response(null, { status: 412, headers: { date: headers.get('date') ?? '', 'content-length': '0' } });
    }
  }

  // 204, 205 and 304 have no content (RFC 9110 §15.3.5, §15.3.6, §15.4.5).
  if (NO_CONTENT.has(rep.status)) {
    headers.delete('content-type');
    return new Response(null, { status: rep.status, headers });
  }
  if (!rep.body) {
    headers.set('content-length', '0');
    return new Response(null, { status: rep.status, headers });
  }
  // HEAD: same fields as GET, no content (RFC 9110 §9.3.2).
  const head = req.method === 'HEAD';
  if (head && rep.length !== undefined) {
    headers.set('content-length', String(rep.length));
    return new Response(null, { status: rep.status, headers });
  }
  let body = rep.body();
  if (typeof body === 'string') body = new TextEncoder().encode(body);
  if (body instanceof Uint8Array) headers.set('content-length', String(body.byteLength));
  else if (rep.length !== undefined) headers.set('content-length', String(rep.length));
  if (head) {
    if (body instanceof ReadableStream) void body.cancel();
    return new Response(null, { status: rep.status, headers });
  }
  return new Response(body, { status: rep.status, headers });
}

function pick(headers: Headers, names: string[]): Headers {
  const out = new Headers();
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null) out.set(name, value);
  }
  return out;
}
