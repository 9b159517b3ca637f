// The origin as a hono app: routes wired to their state; no sockets, clock injected.
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { notFound, OriginError } from './errors.ts';
import { injectFaults } from './faults/inject.ts';
import { FaultTable } from './faults/table.ts';
import { ObjectLedger } from './objects.ts';
import type { OriginEnv } from './request-target.ts';
import { healthRoutes, statsRoutes } from './routes/admin.ts';
import { bytesRoutes } from './routes/bytes.ts';
import { textRoutes } from './routes/text.ts';
import { cacheRoutes } from './routes/cache.ts';
import { delayRoutes } from './routes/delay.ts';
import { echoRoutes } from './routes/echo.ts';
import { faultRoutes } from './routes/faults.ts';
import { signedDemoRoutes } from './routes/signed-demo.ts';
import { staticRoutes } from './routes/static.ts';
import { statusRoutes } from './routes/status.ts';
import { s3Config, type BucketOptions } from './s3/config.ts';
import { s3Requests } from './s3/handler.ts';
import { loadSignedDemoKey, type SignedDemoOptions } from './signed-demo/key.ts';
import { countRequests, RequestStats } from './stats.ts';

export interface OriginAppOptions {
  /** Directory served under `/`; default: the bundled demo site (apps/origin/public). */
  dir?: string;
  /** Clock (epoch ms) for Date, Expires, Last-Modified of /cache objects. */
  now?: () => number;
  /** Enables the signed-URL demo at /signed-demo/ (signs for the edge's `/private/*`); throws on a bad key. */
  signedDemo?: SignedDemoOptions;
  /** The admin API is also on a port faults never close: refuse/blackhole may then omit forMs. */
  separateAdminPort?: boolean;
  /** S3 mode: directories served as S3 buckets (see apps/origin/README.md "S3 mode"); throws a TypeError listing every bad option. */
  buckets?: BucketOptions[];
  /** Access key id -> secret access key of the SigV4 signers that may read private buckets. */
  signers?: Record<string, string>;
}

export interface OriginApp {
  app: Hono<OriginEnv>;
  stats: RequestStats;
  /** The fault table behind /_origin/faults (refuse/blackhole need startOrigin's socket to act). */
  faults: FaultTable;
}

export const DEFAULT_DIR = fileURLToPath(new URL('../public/', import.meta.url));

export function createOriginApp(opts: OriginAppOptions = {}): OriginApp {
  const now = opts.now ?? Date.now;
  const demoKey = opts.signedDemo === undefined ? undefined : loadSignedDemoKey(opts.signedDemo);
  const s3 = s3Config({ buckets: opts.buckets, signers: opts.signers });
  const stats = new RequestStats();
  const faults = new FaultTable({ now });
  const app = new Hono<OriginEnv>();
  app.use(countRequests(stats));
  app.use(injectFaults(faults, stats));
  // Before every demo route: a request addressed to a bucket is S3's (precedence: s3/addressing.ts).
  if (s3.buckets.size > 0) app.use(s3Requests(s3, now));
  app.route('/healthz', healthRoutes());
  app.route('/_origin/faults', faultRoutes(faults, { listenerNeedsForMs: !opts.separateAdminPort }));
  app.route('/_origin', statsRoutes(stats));
  app.route('/bytes', bytesRoutes(now));
  app.route('/text', textRoutes(now));
  app.route('/status', statusRoutes(now));
  app.route('/delay', delayRoutes(now));
  app.route('/cache', cacheRoutes(now, new ObjectLedger()));
  app.route('/echo', echoRoutes(now));
  app.route('/', signedDemoRoutes(demoKey, now));
  app.route('/', staticRoutes(opts.dir ?? DEFAULT_DIR, now));
  app.notFound(() => notFound().toResponse());
  app.onError((err) => {
    if (err instanceof OriginError) return err.toResponse();
    return Response.json({ error: 'INTERNAL', message: err.message }, { status: 500 });
  });
  return { app, stats, faults };
}
