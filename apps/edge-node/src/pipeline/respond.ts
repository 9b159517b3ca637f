import type { ServerResponse } from 'node:http';
import { ageHeader } from '@cachefront/cache-core';
import { EdgeError } from '../errors.ts';
import { xCache, type Outcome, type ResultType } from '../outcome.ts';
import type { CachedObject } from '../cache/store.ts';
import { ifNoneMatchHits, type EdgeIdentity } from './viewer-headers.ts';

/** The hit path: a prebuilt header list plus three per-request headers, and the body. */
export function sendCached(
  res: ServerResponse,
  outcome: Outcome,
  obj: CachedObject,
  result: ResultType,
  now: number,
  method: string,
  ifNoneMatch: string | undefined,
): void {
  const status = obj.meta.status;
  outcome.result = status >= 400 ? 'Error' : result;
  const headers = obj.viewerHeaders.concat('x-cache', xCache(outcome.result), 'age', ageHeader(obj.meta, now), 'x-amz-cf-id', outcome.requestId);
  if (status === 200 && ifNoneMatchHits(ifNoneMatch, obj.etag)) {
    // RFC 9110 §15.4.5: a 304 carries the validators and caching headers, no body.
    outcome.status = 304;
    res.writeHead(304, headers.filter((_, i, a) => (i % 2 === 0 ? a[i] !== 'content-length' : a[i - 1] !== 'content-length')));
    res.end();
    return;
  }
  outcome.status = status;
  res.writeHead(status, headers);
  res.end(method === 'HEAD' ? undefined : obj.body);
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
  res.writeHead(err.status, [
    'server', 'cachefront',
    'content-type', 'text/html',
    'content-length', String(Buffer.byteLength(body)),
    'x-cache', xCache('Error'),
    'via', edge.via,
    'x-amz-cf-pop', edge.pop,
    'x-amz-cf-id', outcome.requestId,
  ]);
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
