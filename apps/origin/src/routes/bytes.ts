// GET /bytes/:n[/*] — n deterministic bytes, streamed, with a strong ETag.
import { Hono, type Context } from 'hono';
import { deterministicStream } from '../deterministic-bytes.ts';
import { badRequest } from '../errors.ts';
import type { OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';

export const MAX_BYTES = 1024 * 1024 * 1024; // 1 GiB; bodies are streamed, so this bounds time, not memory
// The content never changes, so its modification date is a constant.
const LAST_MODIFIED = Date.UTC(2024, 0, 1);

export function bytesRoutes(now: () => number): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  const handler = (c: Context<OriginEnv>) => {
    const raw = c.req.param('n') ?? '';
    const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(n <= MAX_BYTES)) throw badRequest(`/bytes/:n needs an integer 0-${MAX_BYTES}, got '${raw}'`);
    return respond(
      c,
      {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        // Same n, same bytes: a strong validator is correct (RFC 9110 §8.8.3).
        etag: `"bytes-${n}"`,
        lastModified: LAST_MODIFIED,
        length: n,
        body: () => deterministicStream(n),
      },
      now(),
    );
  };
  app.get('/:n', handler);
  app.get('/:n/*', handler);
  return app;
}
