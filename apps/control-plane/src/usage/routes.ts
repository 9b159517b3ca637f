// /v1/distributions/:id/usage (docs/control-plane.md, "Usage and cost").

import { Hono } from 'hono';
import { DEFAULTS, type PriceClass } from '@cachefront/config';
import type { Services } from '../services.ts';
import type { AuthEnv } from '../auth/authenticate.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { isMonth, monthOf } from './month.ts';
import { usageReport } from './usage-report.ts';

export function usageRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.get('/:id/usage', (c) => {
    const id = c.req.param('id');
    const month = c.req.query('month') ?? monthOf(s.now());
    if (!isMonth(month)) throw invalidArgument([{ path: 'month', message: `must be a month YYYY-MM (UTC), e.g. ${monthOf(s.now())}` }], 'the usage request');
    const d = s.store.distributions.get(id);
    // A deleted distribution's usage is still there (its last requests are billed): answered
    // with the price class of its last version. An id nothing was ever recorded for is 404.
    let priceClass: PriceClass;
    if (d !== undefined) priceClass = d.config.priceClass;
    else if (s.store.usage.known(id)) priceClass = s.store.distributions.versions(id).findLast((v) => v.config !== null)?.config?.priceClass ?? DEFAULTS.priceClass;
    else throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
    return c.json(
      usageReport({
        distributionId: id,
        month,
        priceClass,
        deleted: d === undefined,
        pops: s.store.usage.byPop(id, month),
        invalidations: s.store.usage.invalidationPaths(month),
        table: s.prices,
        catalog: s.catalog,
      }),
    );
  });

  return r;
}
