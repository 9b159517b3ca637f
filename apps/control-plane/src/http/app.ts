// The control plane's HTTP API (docs/control-plane.md): /healthz, /metrics, the dashboard,
// everything under /v1 behind a bearer token, and CloudFront's REST API under /2020-05-31
// (docs/cloudfront-api.md).

import { Hono } from 'hono';
import { authenticate, type AuthEnv } from '../auth/authenticate.ts';
import { cloudFrontRoutes } from '../cloudfront/api.ts';
import { resolveRoutes } from '../edges/resolve-routes.ts';
import { edgeRoutes } from '../edges/stream-routes.ts';
import { ControlPlaneError } from '../errors.ts';
import { createObservability } from '../observe/observability.ts';
import { observeRoutes } from '../observe/routes.ts';
import { RESOURCE_KINDS } from '../resources/kinds.ts';
import type { Services } from '../services.ts';
import { usageRoutes } from '../usage/routes.ts';
import { bodyLimits } from './body-limits.ts';
import { accessKeyRoutes } from './routes/access-keys.ts';
import { dashboardRoutes } from './dashboard.ts';
import { distributionRoutes } from './routes/distributions.ts';
import { functionRoutes } from './routes/functions.ts';
import { invalidationRoutes } from './routes/invalidations.ts';
import { keyValueStoreRoutes } from './routes/key-value-stores.ts';
import { resourceRoutes } from './routes/resources.ts';

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

  // CloudFront's own REST API (XML, SigV4 access keys): docs/cloudfront-api.md.
  app.route('/2020-05-31', cloudFrontRoutes(s));

  app.use('/v1/*', bodyLimits());
  app.use('/v1/*', authenticate(s.keys, s.now));
  app.route('/v1/distributions', distributionRoutes(s));
  app.route('/v1/distributions', invalidationRoutes(s));
  app.route('/v1/distributions', usageRoutes(s));
  // Policies, public keys and key groups, real-time log configs: one route set per kind.
  for (const kind of RESOURCE_KINDS) app.route(`/v1/${kind.path}`, resourceRoutes(s, kind));
  app.route('/v1/functions', functionRoutes(s));
  app.route('/v1/key-value-stores', keyValueStoreRoutes(s));
  app.route('/v1/access-keys', accessKeyRoutes(s));
  app.route('/v1/resolve', resolveRoutes(s, s.geo));
  app.route('/v1/edges', edgeRoutes(s));
  app.route('/v1', observeRoutes(s));

  app.notFound((c) => new ControlPlaneError('NoSuchResource', `no resource ${c.req.method} ${c.req.path}`).toResponse());
  app.onError((err, c) => {
    if (err instanceof ControlPlaneError) return err.toResponse();
    s.log.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return new ControlPlaneError('InternalError', 'internal error; see the control plane log').toResponse();
  });
  return app;
}
