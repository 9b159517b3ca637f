// Building and running the control plane: `createControlPlane` (the app, for tests via
// `app.request`) and `startControlPlane` (listening, logging, graceful close).

import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';
import pino, { type Logger } from 'pino';
import { formatIssues } from '@cachefront/config';
import { createApp } from './http/app.ts';
import type { AuthEnv } from './auth/authenticate.ts';
import type { EdgeState } from './edges/edge-registry.ts';
import { loadJwtKeys, type JwtKeys } from './auth/keys.ts';
import { catalogFrom, DEFAULT_POP_CATALOG } from './catalog/default-catalog.ts';
import { parsePops } from '@cachefront/geo';
import { lookupPop, priceClassScope, type PopCatalog } from './catalog/pop-catalog.ts';
import { createGeo } from '@cachefront/geo';
import { builtInPriceTable, loadPriceTableFile, type PriceTable } from './usage/price-table.ts';
import { Propagation } from './edges/propagation.ts';
import { Store } from './storage/store.ts';

export const DEFAULT_HEARTBEAT_MS = 2000;
export const DEFAULT_EDGE_TIMEOUT_MS = 10_000;
const SWEEP_INTERVAL_MS = 1000;

export interface ControlPlaneOptions {
  dataPath: string;
  keys: JwtKeys;
  now?: () => number;
  logger?: Logger;
  heartbeatMs?: number;
  edgeTimeoutMs?: number;
  /** Edges down for this long are forgotten (default 24 h). */
  edgeReapMs?: number;
  /** The cost estimate's prices (default: the built-in, illustrative table). */
  priceTable?: PriceTable;
  /** POP codes -> pricing regions and coordinates (default: @cachefront/geo's catalog). */
  catalog?: PopCatalog;
  /** Links the dashboard shows (e.g. the signed-URL demo page through an edge). */
  dashboardLinks?: { title: string; url: string }[];
}

export interface ControlPlane {
  app: Hono<AuthEnv>;
  /** Marks down the edges not heard from within edgeTimeoutMs (also runs every second). */
  sweep(): EdgeState[];
  /** Ends every edge stream and releases every long-poll; the database stays open. */
  drain(): void;
  /** `drain()`, then closes the database. */
  close(): void;
}

export function createControlPlane(o: ControlPlaneOptions): ControlPlane {
  const now = o.now ?? Date.now;
  const log = o.logger ?? pino({ level: 'silent' });
  mkdirSync(dirname(resolve(o.dataPath)), { recursive: true });
  const store = new Store(o.dataPath, now);
  const catalog = o.catalog ?? DEFAULT_POP_CATALOG;
  const propagation = new Propagation({
    store,
    now,
    log,
    heartbeatMs: o.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    edgeTimeoutMs: o.edgeTimeoutMs ?? DEFAULT_EDGE_TIMEOUT_MS,
    ...(o.edgeReapMs === undefined ? {} : { edgeReapMs: o.edgeReapMs }),
    scope: priceClassScope(catalog),
    regionOf: (pop) => lookupPop(catalog, pop)?.awsRegion,
  });
  const prices = o.priceTable ?? builtInPriceTable(catalog);
  const app = createApp({ store, propagation, log, keys: o.keys, now, prices, catalog, geo: createGeo(), dashboardLinks: o.dashboardLinks });
  const timer = setInterval(() => propagation.sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  const drain = () => {
    clearInterval(timer);
    propagation.close();
  };
  return {
    app,
    sweep: () => propagation.sweep(),
    drain,
    close() {
      drain();
      store.close();
    },
  };
}

/** The control plane could not start (port in use, unreadable key, bad database): the message says why. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export interface StartControlPlaneOptions {
  port: number;
  host?: string;
  dataPath: string;
  jwtSecretFile?: string;
  jwtPublicKeyFile?: string;
  /** Where CACHEFRONT_JWT_SECRET is read from (default `process.env`). */
  env?: Record<string, string | undefined>;
  logLevel?: string;
  logger?: Logger;
  heartbeatMs?: number;
  edgeTimeoutMs?: number;
  /** A price table file (JSON, as price-table.default.json) replacing the built-in one. */
  priceTableFile?: string;
  /** A POP catalog file (JSON list of {code, city, country, latitude, longitude, pricingRegion}) replacing the built-in one. */
  popsFile?: string;
  /** Links the dashboard shows. */
  dashboardLinks?: { title: string; url: string }[];
}

export interface RunningControlPlane {
  url: string;
  close(): Promise<void>;
}

/** How long `close()` lets requests finish before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

export async function startControlPlane(o: StartControlPlaneOptions): Promise<RunningControlPlane> {
  const log = o.logger ?? pino({ level: o.logLevel ?? 'info', base: { role: 'control-plane' } });
  const host = o.host ?? '127.0.0.1';
  let keys: JwtKeys;
  let cp: ControlPlane;
  try {
    mkdirSync(dirname(resolve(o.dataPath)), { recursive: true });
    keys = loadJwtKeys({ dataPath: o.dataPath, secretFile: o.jwtSecretFile, publicKeyFile: o.jwtPublicKeyFile, env: o.env ?? process.env });
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  let catalog = DEFAULT_POP_CATALOG;
  if (o.popsFile !== undefined) {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(o.popsFile, 'utf8'));
    } catch (err) {
      throw new StartupError(`cannot read the POP catalog ${o.popsFile}: ${(err as Error).message}`);
    }
    const pops = parsePops(input);
    if (pops.issues) throw new StartupError(`the POP catalog ${o.popsFile} is not valid:\n${formatIssues(pops.issues)}`);
    catalog = catalogFrom(pops.value);
  }
  let priceTable: PriceTable | undefined;
  if (o.priceTableFile !== undefined) {
    const parsed = loadPriceTableFile(o.priceTableFile, catalog);
    if (parsed.issues) throw new StartupError(`the price table ${o.priceTableFile} is not valid:\n${formatIssues(parsed.issues)}`);
    priceTable = parsed.value;
  }
  try {
    cp = createControlPlane({ dataPath: o.dataPath, keys, logger: log, heartbeatMs: o.heartbeatMs, edgeTimeoutMs: o.edgeTimeoutMs, priceTable, catalog, dashboardLinks: o.dashboardLinks });
  } catch (err) {
    throw new StartupError(`cannot open the database ${o.dataPath}: ${(err as Error).message}`);
  }

  // Plain HTTP/1.1 (no createServer option): a node:http Server.
  const server = createAdaptorServer({ fetch: cp.app.fetch, hostname: host }) as Server;
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(o.port, host, () => {
        server.off('error', fail);
        ok();
      });
    });
  } catch (err) {
    cp.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new StartupError(`port ${o.port} on ${host} is already in use; stop what is listening there or choose another --port`);
    throw new StartupError(`cannot listen on ${host}:${o.port}: ${e.message}`);
  }

  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, data: o.dataPath, jwt: keys.source }, `control plane listening on ${url}`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((done) => {
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        cp.close();
        log.info('control plane stopped');
        done();
      });
      // Ends the edge streams and answers the long-polls; then idle keep-alive connections go.
      cp.drain();
      setImmediate(() => server.closeIdleConnections());
    }));
  return { url, close };
}
