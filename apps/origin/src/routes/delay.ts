// GET /delay/:ms[/*] — waits ms (capped) and then responds 200.
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono, type Context } from 'hono';
import { badRequest } from '../errors.ts';
import type { OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';

export const MAX_DELAY_MS = 60_000;

export function delayRoutes(now: () => number): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  const handler = async (c: Context<OriginEnv>) => {
    const raw = c.req.param('ms') ?? '';
    if (!/^\d{1,9}$/.test(raw)) throw badRequest(`/delay/:ms needs a non-negative integer, got '${raw}'`);
    const ms = Math.min(Number(raw), MAX_DELAY_MS);
    try {
      // Stop waiting when the client goes away, so a graceful close is not held up by it.
      await sleep(ms, undefined, { signal: c.req.raw.signal });
    } catch {
      return new Response(null, { status: 499 });
    }
    return respond(
      c,
      { status: 200, headers: { 'content-type': 'application/json' }, body: () => JSON.stringify({ delayed: ms }) },
      now(),
    );
  };
  app.get('/:ms', handler);
  app.get('/:ms/*', handler);
  return app;
}
