import { conditionalHeaders, decideOriginResponse, parseCacheTags, refreshFrom304, type ResponseHeaders } from '@cachefront/cache-core';
import { headOf, type Head, type InFlight } from '../cache/inflight.ts';
import { cachedObject, type CachedObject } from '../cache/store.ts';
import type { SiblingFetch } from '../collapse/sibling.ts';
import { EdgeError } from '../errors.ts';
import type { Ctx, PageRequest } from '../pipeline/context.ts';
import { sendCached } from '../pipeline/respond.ts';
import { buildViewerHeaders } from '../pipeline/viewer-headers.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import { fetchFromParent, fetchOrigin } from './origin-fetch.ts';
import { originError } from './pass-through.ts';
import { countBytes, discard, drained, relay, writeMissHead, type ViewerPart } from './stream.ts';
import { compressAnswer, compressionFor, firstValue } from './compress.ts';

/** Viewer conditionals and ranges are not forwarded on a cacheable miss: the edge wants
 * the whole object for its cache (it answers conditionals itself) and adds its own. */
const CACHE_FILL_DROPPED = ['if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range'];

/**
 * Lead a cache fill: fetch from the origin (or the parent tier), answer this viewer, feed
 * followers (`fl`), store. What to do with the answer is decided by cache-core's
 * decideOriginResponse; a custom error page for it is returned for the caller to serve.
 */
export async function fillFromOrigin(ctx: Ctx, rt: EdgeRuntime, fl: InFlight): Promise<PageRequest | undefined> {
  const { cb, outcome, stale } = ctx;
  outcome.source = 'origin';
  // HEAD misses fetch with GET so the object can be stored (HEAD and GET share an entry).
  // With a parent tier for this origin (--parent, or its Origin Shield: runtime/parents.ts),
  // the fill goes through it instead (parent-tier.ts), unless a function chose the origin
  // for this request: the parent would only know the behavior's. An origin group goes by
  // its primary's Origin Shield (the shield fails over itself).
  let authorizedRequest = false;
  const adjust = (headers: Record<string, string | string[]>) => {
    for (const h of CACHE_FILL_DROPPED) delete headers[h];
    authorizedRequest = headers.authorization !== undefined && !cb.authorizationInKey;
    if (stale) Object.assign(headers, conditionalHeaders(stale.meta));
  };
  const parent = cb.originModified ? undefined : rt.parents.for(ctx.dist.id, cb.origin);
  let res = parent ? await fetchFromParent(ctx, rt, parent, adjust) : await fetchOrigin(ctx, rt, 'GET', false, adjust);
  const now = rt.now();
  const answer = res instanceof EdgeError ? { status: undefined, headers: {} } : res;
  const verdict = decideOriginResponse({
    answer,
    stale: stale?.meta,
    policy: cb.policy,
    cachedMethods: cb.cachedMethods,
    errorCachingMinTTL: res instanceof EdgeError ? undefined : ctx.dist.errorCachingMinTTL.get(res.status),
    maxObjectSize: rt.maxObjectSize,
    authorizedRequest,
    now,
  });
  switch (verdict.kind) {
    case 'serve-stale':
      // The origin failed while an expired copy is here: stale-if-error.
      if (!(res instanceof EdgeError)) await res.body.dump().catch(() => undefined);
      outcome.stale = 'if-error';
      return void serveStored(ctx, fl, stale!, 'Hit', now);
    case 'unreachable':
      fl.fail(res as EdgeError);
      return originError(ctx, rt, res as EdgeError);
    case 'refresh':
      if (!(res instanceof EdgeError)) await res.body.dump();
      outcome.originStatus = 304;
      return void serveStored(ctx, fl, refreshed(ctx, rt, fl, stale!, answer.headers, now), 'RefreshHit', now);
  }
  if (res instanceof EdgeError) return undefined; // unreachable: decideOriginResponse said so
  outcome.originStatus = res.status;
  // compress: true (miss/compress.ts): the compressed answer is what the viewer gets and the cache keeps.
  const encoding = compressionFor(ctx, res);
  if (encoding) {
    try {
      res = await compressAnswer(res, encoding, countBytes(res.body, rt));
      outcome.compressed = encoding;
    } catch (err) {
      fl.fail(err instanceof Error ? err : new Error(String(err)));
      return originError(ctx, rt, new EdgeError('ORIGIN_ERROR'));
    }
  }
  if (verdict.notStored !== undefined) outcome.notStored = verdict.notStored;
  if (verdict.dropStale) rt.store.delete(ctx.key);
  const { store, storable } = verdict;
  const viewerHeaders = buildViewerHeaders(res.headers, cb, rt.edge);
  const head: Head = {
    status: res.status,
    viewerHeaders,
    originHeaders: res.headers,
    shareable: storable,
    ttl: store.store ? store.ttl : 0,
    initialAge: store.store ? store.initialAge : 0,
    storedAt: now,
  };
  fl.setHead(head);
  const page = ctx.overrideStatus === undefined ? ctx.dist.errorPages.get(res.status) : undefined;
  if (page) {
    // A custom error response: the origin's error is cached as usual (errorCachingMinTTL),
    // the viewer gets the configured page instead (served by the caller).
    await (storable ? streamAndStore({ ...ctx, outcome: { ...outcome } }, rt, fl, head, countBytes(res.body, rt), 'none') : res.body.dump());
    return { page, error: new EdgeError('ORIGIN_ERROR') };
  }
  // A Range on a cacheable miss (CloudFront fetches the whole object for its cache): the
  // object is read whole (it fits in --max-object-size, by its Content-Length), then the
  // range is answered from it as a hit's would be. Larger or unsized objects stream whole.
  const length = Number(firstValue(res.headers['content-length']));
  if (storable && res.status === 200 && ctx.viewer.method === 'GET' && ctx.req.headers.range !== undefined && Number.isInteger(length) && length <= rt.maxObjectSize) {
    const obj = await streamAndStore(ctx, rt, fl, head, countBytes(res.body, rt), 'none');
    if (!obj) return void ctx.res.destroy();
    return void sendCached(ctx, obj, 'Miss', now, undefined, ctx.viewerResponse);
  }
  const part = writeMissHead(ctx, res.status, viewerHeaders);
  if (storable) return void (await streamAndStore(ctx, rt, fl, head, countBytes(res.body, rt), part));
  // Not stored: stream with backpressure, holding nothing.
  if (part === 'body') return void (await relay(res.body, ctx, rt));
  if (part === 'none') return void (await discard(res.body, rt));
  await res.body.dump();
  ctx.res.end();
  return undefined;
}

/** Follow a sibling worker's fetch: same streaming, same storing, no origin request. */
export async function fillFromSibling(ctx: Ctx, rt: EdgeRuntime, fl: InFlight, got: SiblingFetch): Promise<void> {
  ctx.outcome.source = 'collapsed-sibling';
  fl.setHead(got.head);
  await streamAndStore(ctx, rt, fl, got.head, got.body, writeMissHead(ctx, got.head.status, got.head.viewerHeaders));
}

/** A stored copy answers this viewer (stale-if-error, or refreshed by a 304); followers get it too. */
function serveStored(ctx: Ctx, fl: InFlight, obj: CachedObject, result: 'Hit' | 'RefreshHit', now: number): void {
  fl.setHead(headOf(obj));
  fl.push(obj.body);
  fl.end();
  sendCached(ctx, obj, result, now, undefined, ctx.viewerResponse);
}

/**
 * The body to the viewer (`part`: stream.ts) and to followers, kept for the cache up to
 * max-object-size, then stored unless invalidated meanwhile.
 */
async function streamAndStore(ctx: Ctx, rt: EdgeRuntime, fl: InFlight, head: Head, body: AsyncIterable<Buffer>, part: ViewerPart): Promise<CachedObject | undefined> {
  const toViewer = part === 'body';
  fl.tags = tagsOf(ctx, head.originHeaders);
  // The viewer gets each chunk when the next one arrives, and the last one once the object
  // is stored: with a Content-Length, the viewer's answer is complete at its last byte,
  // and the other workers must hear of the object before the viewer's next request.
  let last: Buffer | undefined;
  try {
    for await (const chunk of body) {
      fl.push(chunk);
      if (!toViewer) continue;
      ctx.outcome.bytesOut += chunk.length;
      const previous = last;
      last = chunk;
      // While the body is kept for the cache, memory is bounded by max-object-size anyway;
      // past that, wait for the viewer like a plain relay does.
      if (previous && !ctx.res.write(previous) && fl.oversized) await drained(ctx.res);
    }
  } catch (err) {
    // The origin (or sibling) broke off mid-body: nothing is stored ("Dropped TCP connections").
    fl.fail(err instanceof Error ? err : new Error(String(err)));
    if (part !== 'none') ctx.res.destroy();
    return undefined;
  }
  const full = fl.end();
  let obj: CachedObject | undefined;
  if (full === undefined) ctx.outcome.notStored = 'larger-than-max-object-size';
  else {
    const meta = { status: head.status, headers: head.originHeaders, storedAt: head.storedAt, ttl: head.ttl, initialAge: head.initialAge };
    obj = cachedObject(meta, full, buildViewerHeaders(head.originHeaders, ctx.cb, rt.edge, full.length), fl.tags);
    if (fl.invalidated) ctx.outcome.notStored = 'invalidated-while-fetching';
    // Stored before the viewer's answer ends: the other workers hear of it (cache/replica.ts)
    // before this viewer can send its next request.
    else rt.store.set(ctx.key, obj);
  }
  if (part !== 'none') ctx.res.end(last);
  return obj;
}

function refreshed(ctx: Ctx, rt: EdgeRuntime, fl: InFlight, stale: CachedObject, headers: ResponseHeaders, now: number): CachedObject {
  const { meta } = refreshFrom304(stale.meta, headers, { policy: ctx.cb.policy, method: 'GET', cachedMethods: ctx.cb.cachedMethods, now, errorCachingMinTTL: undefined });
  const obj = cachedObject(meta, stale.body, buildViewerHeaders(meta.headers, ctx.cb, rt.edge, stale.body.length), tagsOf(ctx, meta.headers));
  if (!fl.invalidated) rt.store.set(ctx.key, obj);
  return obj;
}

function tagsOf(ctx: Ctx, headers: ResponseHeaders): string[] | undefined {
  const name = ctx.dist.config.cacheTagHeader;
  return name === undefined ? undefined : parseCacheTags(headers[name]);
}
