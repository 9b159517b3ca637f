// GET /cache/<directives>[/*] — caching headers chosen by the URL, with validators and a
// per-object generation counter in the body.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { parseCacheSegment } from '../cache-directives.ts';
import { formatHttpDate } from '../http-date.ts';
import type { ObjectLedger } from '../objects.ts';
import { requestTarget, type OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';

export function cacheRoutes(now: () => number, objects: ObjectLedger): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  const handler = (c: Context<OriginEnv>) => {
    const { path, query } = requestTarget(c);
    // The raw segment (hono's param is already percent-decoded): /cache/<segment>/...
    const caching = parseCacheSegment(path.split('/')[2] ?? '');
    const key = query === '' ? path : `${path}?${query}`;
    const t = now();
    const object = objects.get(key, t);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caching.cacheControl !== undefined) headers['cache-control'] = caching.cacheControl;
    if (caching.expiresIn !== undefined) headers.expires = formatHttpDate(t + caching.expiresIn * 1000);
    return respond(
      c,
      {
        status: 200,
        headers,
        // The body carries the generation, so bytes differ between fetches of one object
        // while it stays semantically the same: a weak validator (RFC 9110 §8.8.1).
        etag: `W/"${createHash('sha1').update(key).digest('base64url').slice(0, 16)}-${object.createdAt.toString(36)}"`,
        lastModified: object.createdAt,
        // Called for GET and HEAD 200s (HEAD needs the Content-Length), never for a 304.
        body: () =>
          JSON.stringify({ path, query, generation: objects.bump(key, t), servedAt: new Date(t).toISOString() }),
      },
      t,
    );
  };
  app.get('/:directives', handler);
  app.get('/:directives/*', handler);
  return app;
}
