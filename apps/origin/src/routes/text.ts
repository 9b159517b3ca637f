// GET /text/:n[/*] — n bytes of deterministic, compressible text (numbered lines), text/plain.
// What edge compression is measured on: /bytes is random and application/octet-stream.
import { Hono, type Context } from 'hono';
import { badRequest } from '../errors.ts';
import type { OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';

export const MAX_TEXT_BYTES = 16 * 1024 * 1024; // built in one buffer, so bounded lower than /bytes
const LAST_MODIFIED = Date.UTC(2024, 0, 1);

/** The first `n` bytes of the text: line i is `line <i, 8 digits>: ...` padded to 64 bytes. */
export function deterministicText(n: number): Uint8Array {
  const line = (i: number) => `line ${String(i).padStart(8, '0')}: cachefront compressible text object`.padEnd(63, '.') + '\n';
  const out = Buffer.allocUnsafe(n);
  for (let i = 0, at = 0; at < n; i++) at += out.write(line(i), at, 'latin1');
  return out;
}

export function textRoutes(now: () => number): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  const handler = (c: Context<OriginEnv>) => {
    const raw = c.req.param('n') ?? '';
    const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
    if (!(n <= MAX_TEXT_BYTES)) throw badRequest(`/text/:n needs an integer 0-${MAX_TEXT_BYTES}, got '${raw}'`);
    return respond(
      c,
      {
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        etag: `"text-${n}"`,
        lastModified: LAST_MODIFIED,
        length: n,
        body: () => deterministicText(n),
      },
      now(),
    );
  };
  app.get('/:n', handler);
  app.get('/:n/*', handler);
  return app;
}
