import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { ageHeader, byteRanges, parseHttpDate } from '@cachefront/cache-core';
import { EdgeError } from '../errors.ts';
import { xCache, type Outcome, type ResultType } from '../outcome.ts';
import { HIT_SLOT, type CachedObject } from '../cache/store.ts';
import { ifNoneMatchHits, type EdgeIdentity } from './viewer-headers.ts';
import { TIER_ERROR_HEADER, TIER_RESPONSE_HEADER } from '../runtime/tier.ts';
import type { ResponseTransform } from './viewer-function.ts';
import type { Ctx } from './context.ts';

/**
 * The hit path: a prebuilt header list plus three per-request headers, and the body.
 * `ifNoneMatch`: the viewer's validator, when a 304 may answer it; `transform`: a
 * viewer-response function to apply.
 */
export function sendCached(ctx: Ctx, obj: CachedObject, result: ResultType, now: number, conditionals: IncomingHttpHeaders | undefined, transform: ResponseTransform | undefined): void {
  const { res, outcome, overrideStatus } = ctx;
  const method = ctx.viewer.method;
  const status = overrideStatus ?? obj.meta.status;
  outcome.result = status >= 400 ? 'Error' : result;
  const headers = obj.hitHeaders.slice();
  const n = headers.length;
  headers[n - HIT_SLOT.xCache] = xCache(outcome.result);
  headers[n - HIT_SLOT.age] = ageHeader(obj.meta, now);
  headers[n - HIT_SLOT.requestId] = outcome.requestId;
  if (status === 200 && overrideStatus === undefined && conditionals !== undefined && notModified(conditionals, obj)) {
    // RFC 9110 §15.4.5: a 304 carries the validators and caching headers, no body.
    outcome.status = 304;
    res.writeHead(304, withoutHeader(headers, 'content-length'));
    res.end();
    return;
  }
  if (transform) {
    // A viewer-response function: its status, headers and (if it set one) body.
    const t = transform(status, headers);
    outcome.status = t.status;
    res.writeHead(t.status, t.headers);
    if (method === 'HEAD') return void res.end();
    const body = t.body ?? obj.body;
    outcome.bytesOut = body.length;
    return void res.end(body);
  }
  const range = status === 200 && overrideStatus === undefined && method === 'GET' ? ctx.req.headers.range : undefined;
  if (range !== undefined) return sendRange(ctx, obj, headers, range);
  outcome.status = status;
  res.writeHead(status, headers);
  if (method === 'HEAD') return void res.end();
  outcome.bytesOut = obj.body.length;
  res.end(obj.body);
}

/**
 * A stored 200 answered to a Range request (RFC 9110 §14): one satisfiable range (after
 * merging overlapping ones) gives 206 with Content-Range and that slice, several a 206
 * multipart/byteranges (§14.6), ranges all past the end 416 with `bytes *\/size`
 * (CloudFront never caches a 416, nor does this: it is made from the stored copy), and
 * anything else (malformed, too many ranges, a stale If-Range) the whole 200.
 */
export function sendRange(ctx: Pick<Ctx, 'req' | 'res' | 'outcome'>, obj: CachedObject, headers: string[], range: string): void {
  const { res, outcome } = ctx;
  const size = obj.body.length;
  const ifRangeRaw = ctx.req.headers['if-range'];
  const ifRange = typeof ifRangeRaw === 'string' ? ifRangeRaw : undefined;
  const lastModified = obj.meta.headers['last-modified'];
  const answer = byteRanges(range, size, { ifRange, etag: obj.etag, lastModified: Array.isArray(lastModified) ? lastModified[0] : lastModified });
  if (answer === undefined) {
    outcome.status = 200;
    res.writeHead(200, headers);
    outcome.bytesOut = size;
    return void res.end(obj.body);
  }
  if (answer === 'unsatisfiable') {
    outcome.status = 416;
    outcome.result = 'Error';
    headers[headers.length - HIT_SLOT.xCache] = xCache('Error');
    res.writeHead(416, withoutHeader(headers, 'content-length').concat('content-range', `bytes */${size}`, 'content-length', '0'));
    return void res.end();
  }
  outcome.status = 206;
  if (answer.length === 1) {
    const { start, end } = answer[0]!;
    const part = obj.body.subarray(start, end + 1);
    res.writeHead(206, withoutHeader(headers, 'content-length').concat('content-range', `bytes ${start}-${end}/${size}`, 'content-length', String(part.length)));
    outcome.bytesOut = part.length;
    return void res.end(part);
  }
  // multipart/byteranges: each part with the representation's Content-Type and its Content-Range.
  const boundary = randomBytes(12).toString('hex');
  const typeAt = headers.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-type');
  const type = typeAt >= 0 ? headers[typeAt + 1] : undefined;
  const parts: Buffer[] = [];
  for (const { start, end } of answer) {
    parts.push(Buffer.from(`\r\n--${boundary}\r\n${type === undefined ? '' : `Content-Type: ${type}\r\n`}Content-Range: bytes ${start}-${end}/${size}\r\n\r\n`, 'latin1'), obj.body.subarray(start, end + 1));
  }
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  const body = Buffer.concat(parts);
  const rest = withoutHeader(withoutHeader(headers, 'content-length'), 'content-type');
  res.writeHead(206, rest.concat('content-type', `multipart/byteranges; boundary=${boundary}`, 'content-length', String(body.length)));
  outcome.bytesOut = body.length;
  res.end(body);
}

/**
 * RFC 9110 §13.2.2: If-None-Match against the stored ETag (weak comparison); without it,
 * If-Modified-Since against the stored Last-Modified (§13.1.3: no later than the date).
 */
export function notModified(conditionals: IncomingHttpHeaders, obj: CachedObject): boolean {
  const inm = conditionals['if-none-match'];
  if (inm !== undefined) return ifNoneMatchHits(inm, obj.etag);
  const ims = conditionals['if-modified-since'];
  if (ims === undefined) return false;
  const since = parseHttpDate(ims);
  const lm = obj.meta.headers['last-modified'];
  const modified = parseHttpDate(Array.isArray(lm) ? lm[0] : lm);
  return since !== undefined && modified !== undefined && modified <= since;
}

function withoutHeader(flat: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) if (flat[i] !== name) out.push(flat[i]!, flat[i + 1]!);
  return out;
}

const REDIRECT_BODY = '<html>\n<head><title>301 Moved Permanently</title></head>\n<body>\n<center><h1>301 Moved Permanently</h1></center>\n<hr><center>cachefront</center>\n</body>\n</html>\n';

/** viewerProtocolPolicy redirect-to-https: CloudFront's 301 to the HTTPS URL (x-edge-result-type Redirect). */
export function sendRedirect(res: ServerResponse, outcome: Outcome, location: string, edge: EdgeIdentity, method: string): void {
  outcome.result = 'Redirect';
  outcome.status = 301;
  res.writeHead(301, [
    'server', 'cachefront',
    'content-type', 'text/html',
    'content-length', String(REDIRECT_BODY.length),
    'location', location,
    'x-cache', xCache('Redirect'),
    'via', edge.via,
    'x-amz-cf-pop', edge.pop,
    'x-amz-cf-id', outcome.requestId,
  ]);
  if (method === 'HEAD') return void res.end();
  outcome.bytesOut = REDIRECT_BODY.length;
  res.end(REDIRECT_BODY);
}

/** A CORS preflight answered at the edge by the behavior's response headers policy (no body, counted as a Hit). */
export function sendPreflight(res: ServerResponse, outcome: Outcome, cors: string[], edge: EdgeIdentity): void {
  outcome.result = 'Hit';
  outcome.status = 200;
  res.writeHead(200, [...cors, 'content-length', '0', 'server', 'cachefront', 'x-cache', xCache('Hit'), 'via', edge.via, 'x-amz-cf-pop', edge.pop, 'x-amz-cf-id', outcome.requestId]);
  res.end();
}

export function sendError(res: ServerResponse, outcome: Outcome, err: EdgeError, edge: EdgeIdentity): void {
  outcome.result = 'Error';
  outcome.status = err.status;
  outcome.errorCode = err.code;
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const body = err.body(outcome.requestId);
  const headers = [
    'server', 'cachefront',
    'content-type', err.contentType,
    'content-length', String(Buffer.byteLength(body)),
    'x-cache', xCache('Error'),
    'via', edge.via,
    'x-amz-cf-pop', edge.pop,
    'x-amz-cf-id', outcome.requestId,
  ];
  // Tiers: which edge generated the error, and its code (a child relays it, never stores it).
  if (edge.tier !== undefined || outcome.tierHop !== undefined) {
    headers.push(TIER_RESPONSE_HEADER, err.tierAnswer ?? `${edge.tier ?? 'pop'}-error`, TIER_ERROR_HEADER, err.code);
  }
  res.writeHead(err.status, headers);
  if (res.req.method === 'HEAD') return void res.end();
  outcome.bytesOut = Buffer.byteLength(body);
  res.end(body);
}
