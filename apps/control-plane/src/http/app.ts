// The control plane's HTTP API (docs/control-plane.md): /healthz, and everything under
// /v1 behind a bearer token.

import { Hono } from 'hono';
import type { Logger } from 'pino';
import { authenticate, type AuthEnv } from '../auth/authenticate.ts';
import { ControlPlaneError } from '../errors.ts';
import type { JwtKeys } from '../auth/keys.ts';
import type { Propagation } from '../edges/propagation.ts';
import { distributionRoutes } from './routes/distributions.ts';
import { edgeRoutes } from '../edges/stream-routes.ts';
import { invalidationRoutes } from './routes/invalidations.ts';
import { functionRoutes } from './routes/functions.ts';
import { keyRoutes } from './routes/keys.ts';
import { keyValueStoreRoutes } from './routes/key-value-stores.ts';
import { policyRoutes } from './routes/policies.ts';
import { usageRoutes } from '../usage/routes.ts';
import { resolveRoutes } from '../edges/resolve-routes.ts';
import { observeRoutes } from '../observe/routes.ts';
import { realtimeLogConfigRoutes } from './routes/realtime-log-configs.ts';
import { dashboardRoutes } from './dashboard.ts';
import { StreamHub } from '@cachefront/observe';
import type { LogEntry } from '@cachefront/protocol';
import { ControlPlaneMetrics, EdgeTraffic, type LogHub } from '../observe/observability.ts';
import type { Geo } from '@cachefront/geo';
import type { PopCatalog } from '../catalog/pop-catalog.ts';
import type { PriceTable } from '../usage/price-table.ts';
import type { Store } from '../storage/store.ts';

export interface Services {
  store: Store;
  propagation: Propagation;
  log: Logger;
  keys: JwtKeys;
  now: () => number;
  /** The cost estimate's prices and the POPs' pricing regions (usage-report.ts). */
  prices: PriceTable;
  catalog: PopCatalog;
  /** Viewer locations for the resolver. */
  geo: Geo;
  /** Metrics, edge traffic and the real-time log hub (made by createApp when absent). */
  observe?: { metrics: ControlPlaneMetrics; traffic: EdgeTraffic; logs: LogHub };
  /** Links the dashboard shows (e.g. the signed-URL demo). */
  dashboardLinks?: { title: string; url: string }[];
}

/** The control plane's observability state, wired to its propagation (metrics on commits and acks). */
export function createObservability(s: Services): NonNullable<Services['observe']> {
  const logs: LogHub = new StreamHub<LogEntry>();
  const metrics = new ControlPlaneMetrics({
    edges: () => s.propagation.registry.counts(),
    head: () => s.store.head(),
    invalidationsInProgress: () => s.store.invalidations.countInProgress(),
    streams: () => logs.size,
  });
  s.propagation.observer = metrics;
  return { metrics, traffic: new EdgeTraffic(), logs };
}

export function createApp(s: Services): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  s.observe ??= createObservability(s);
  const observe = s.observe;

  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    observe.metrics.httpRequests.inc({ method: c.req.method, status: String(c.res.status) });
    s.log.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - start) * 10) / 10 }, 'request');
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', seq: s.store.head(), edges: s.propagation.registry.counts() }));

  // Prometheus scrape, unauthenticated like /healthz (bind the control plane to loopback or a private network).
  app.get('/metrics', async (c) => c.text(await observe.metrics.registry.metrics(), 200, { 'content-type': observe.metrics.registry.contentType }));

  // The browser dashboard: static files; every API call it makes carries the user's token.
  app.route('/dashboard', dashboardRoutes());

  app.use('/v1/*', authenticate(s.keys, s.now));
  app.route('/v1/distributions', distributionRoutes(s));
  app.route('/v1/distributions', invalidationRoutes(s));
  app.route('/v1/distributions', usageRoutes(s));
  app.route('/v1/cache-policies', policyRoutes(s, 'cache'));
  app.route('/v1/origin-request-policies', policyRoutes(s, 'origin-request'));
  app.route('/v1/public-keys', keyRoutes(s, 'public-key'));
  app.route('/v1/key-groups', keyRoutes(s, 'key-group'));
  app.route('/v1/functions', functionRoutes(s));
  app.route('/v1/key-value-stores', keyValueStoreRoutes(s));
  app.route('/v1/resolve', resolveRoutes(s, s.geo));
  app.route('/v1/edges', edgeRoutes(s));
  app.route('/v1/realtime-log-configs', realtimeLogConfigRoutes(s));
  app.route('/v1', observeRoutes(s));

  app.notFound((c) => new ControlPlaneError('NoSuchResource', `no resource ${c.req.method} ${c.req.path}`).toResponse());
  app.onError((err, c) => {
    if (err instanceof ControlPlaneError) return err.toResponse();
    s.log.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return new ControlPlaneError('InternalError', 'internal error; see the control plane log').toResponse();
  });
  return app;
}
