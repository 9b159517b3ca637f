// GET /status/:code[/*] — responds with that status and a small body.
import { STATUS_CODES } from 'node:http';
import { Hono, type Context } from 'hono';
import { badRequest } from '../errors.ts';
import type { OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';

export function statusRoutes(now: () => number): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  const handler = (c: Context<OriginEnv>) => {
    const raw = c.req.param('code') ?? '';
    const code = /^\d{3}$/.test(raw) ? Number(raw) : NaN;
    // Informational (1xx) responses are interim, not final (RFC 9110 §15.2).
    if (!(code >= 200 && code <= 599)) throw badRequest(`/status/:code needs a final status 200-599, got '${raw}'`);
    const reason = STATUS_CODES[code] ?? 'Unknown';
    return respond(
      c,
      {
        status: code,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: () => `${code} ${reason}\n`,
      },
      now(),
    );
  };
  app.get('/:code', handler);
  app.get('/:code/*', handler);
  return app;
}
