// /v1/distributions (docs/control-plane.md, "Distributions").

import { Hono } from 'hono';
import { configWarnings } from '@cachefront/config';
import type { Services } from '../../services.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import { ifMatch, location, readJson, waitMs } from '../request.ts';
import type { DistributionRecord } from '../../storage/store.ts';
import { distributionSummary, distributionView, list, type DistributionStatus } from '../views.ts';

export function distributionRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const status = (d: DistributionRecord): DistributionStatus => (s.propagation.deployed(d.configSeq, d.config.priceClass) ? 'Deployed' : 'InProgress');
  // A valid config can still be a mistake (cache poisoning): said with the distribution.
  const view = (d: DistributionRecord) => {
    const warnings = configWarnings({ ...s.store.snapshot().config, distributions: [d.config] }).map((w) => ({ path: w.path.replace(/^distributions\[0\]\./, ''), message: w.message }));
    return { ...distributionView(d, status(d)), ...(warnings.length > 0 ? { warnings } : {}) };
  };
  const found = (id: string) => {
    const d = s.store.distributions.get(id);
    if (d === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
    return d;
  };

  r.post('/', async (c) => {
    const d = s.store.distributions.create(await readJson(c));
    s.propagation.configChanged();
    s.log.info({ op: 'distribution.create', id: d.id, seq: d.configSeq, subject: c.get('subject') }, `distribution ${d.id} created`);
    return c.json(view(d), 201, { Location: location(c, `/v1/distributions/${d.id}`), ETag: d.etag });
  });

  r.get('/', (c) => c.json(list(s.store.distributions.list().map((d) => distributionSummary(d, status(d))))));

  r.get('/:id', async (c) => {
    const id = c.req.param('id');
    found(id);
    await s.propagation.notifier.waitFor(
      () => {
        const d = s.store.distributions.get(id);
        return d === undefined || status(d) === 'Deployed';
      },
      waitMs(c),
      c.req.raw.signal,
    );
    const d = found(id);
    return c.json(view(d), 200, { ETag: d.etag });
  });

  r.put('/:id', async (c) => {
    const id = c.req.param('id');
    found(id);
    const body = await readJson(c);
    const d = s.store.distributions.update(id, ifMatch(c), body);
    s.propagation.configChanged();
    s.log.info({ op: 'distribution.update', id, seq: d.configSeq, subject: c.get('subject') }, `distribution ${id} updated`);
    return c.json(view(d), 200, { ETag: d.etag });
  });

  r.post('/:id/disable', (c) => {
    const id = c.req.param('id');
    const before = found(id);
    const d = s.store.distributions.disable(id, ifMatch(c));
    if (d.etag !== before.etag) {
      s.propagation.configChanged();
      s.log.info({ op: 'distribution.disable', id, seq: d.configSeq, subject: c.get('subject') }, `distribution ${id} disabled`);
    }
    return c.json(view(d), 200, { ETag: d.etag });
  });

  r.delete('/:id', (c) => {
    const id = c.req.param('id');
    const { seq } = s.store.distributions.delete(id, ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: 'distribution.delete', id, seq, subject: c.get('subject') }, `distribution ${id} deleted`);
    return c.body(null, 204);
  });

  return r;
}
