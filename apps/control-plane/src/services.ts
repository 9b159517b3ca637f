// What the HTTP routes work with: the store, the propagation to edges, and the control
// plane's settings. Its own module so routes never import the app that mounts them.

import type { Geo } from '@cachefront/geo';
import type { Logger } from 'pino';
import type { JwtKeys } from './auth/keys.ts';
import type { PopCatalog } from './catalog/pop-catalog.ts';
import type { Propagation } from './edges/propagation.ts';
import type { Observability } from './observe/observability.ts';
import type { Store } from './storage/store.ts';
import type { PriceTable } from './usage/price-table.ts';

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
  observe?: Observability;
  /** Links the dashboard shows (e.g. the signed-URL demo). */
  dashboardLinks?: { title: string; url: string }[];
}
