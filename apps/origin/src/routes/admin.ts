// The origin's own endpoints: /healthz and /_origin/stats (not counted in the stats).
import { Hono, type Context } from 'hono';
import type { OriginEnv } from '../request-target.ts';
import type { RequestStats } from '../stats.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export function healthRoutes(): Hono<OriginEnv> {
  return new Hono<OriginEnv>().get('/', (c) => c.json({ status: 'ok' }, 200, NO_STORE));
}

export function statsRoutes(stats: RequestStats): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  app.get('/stats', (c) => c.json(stats.snapshot(), 200, NO_STORE));
  const reset = (c: Context<OriginEnv>) => {
    stats.reset();
    return c.json(stats.snapshot(), 200, NO_STORE);
  };
  app.post('/stats/reset', reset);
  app.delete('/stats/reset', reset);
  app.delete('/stats', reset);
  return app;
}
