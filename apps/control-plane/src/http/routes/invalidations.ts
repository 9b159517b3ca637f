// /v1/distributions/:id/invalidations (docs/control-plane.md, "Invalidations").

import { Hono } from 'hono';
import type { Services } from '../../services.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import { location, readJson, waitMs } from '../request.ts';
import { invalidationSummary, invalidationView, list } from '../views.ts';
import type { InvalidationRecord } from '../../storage/invalidation-store.ts';

export function invalidationRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  // How many live edges (of the distribution's price class) have applied it.
  const withProgress = (inv: InvalidationRecord) => {
    const priceClass = s.store.distributions.get(inv.distributionId)?.config.priceClass ?? 'PriceClass_All';
    return { ...invalidationView(inv), progress: s.propagation.progress(inv.seq, priceClass) };
  };
  const requireDistribution = (id: string) => {
    if (s.store.distributions.get(id) === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
  };
  const found = (id: string, iid: string) => {
    requireDistribution(id);
    const i = s.store.invalidations.get(id, iid);
    if (i === undefined) throw new ControlPlaneError('NoSuchInvalidation', `no invalidation ${iid} on distribution ${id}`);
    return i;
  };

  r.post('/:id/invalidations', async (c) => {
    const id = c.req.param('id');
    requireDistribution(id);
    const body = await readJson(c);
    const { record, created } = s.store.invalidations.create(id, body, (priceClass) => s.propagation.appliedFor(priceClass));
    if (created) {
      s.propagation.invalidationCreated(record);
      s.log.info(
        { op: 'invalidation.create', id: record.id, distributionId: id, seq: record.seq, paths: record.paths.length, status: record.status, subject: c.get('subject') },
        `invalidation ${record.id} created`,
      );
    }
    return c.json(withProgress(record), 201, { Location: location(c, `/v1/distributions/${id}/invalidations/${record.id}`) });
  });

  r.get('/:id/invalidations', (c) => {
    const id = c.req.param('id');
    requireDistribution(id);
    return c.json(list(s.store.invalidations.list(id).map(invalidationSummary)));
  });

  r.get('/:id/invalidations/:iid', async (c) => {
    const { id, iid } = c.req.param();
    found(id, iid);
    await s.propagation.notifier.waitFor(
      () => s.store.invalidations.get(id, iid)?.status !== 'InProgress',
      waitMs(c),
      c.req.raw.signal,
    );
    return c.json(withProgress(found(id, iid)));
  });

  return r;
}
