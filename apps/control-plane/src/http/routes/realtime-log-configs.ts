// /v1/realtime-log-configs (docs/control-plane.md, "Real-time log configs"): which share of
// requests is sampled and which fields are sent. Every change reaches the edges in the snapshot.

import { Hono } from 'hono';
import type { Services } from '../app.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ifMatch, location, readJson } from '../request.ts';
import { list, realtimeLogConfigView } from '../views.ts';

export function realtimeLogConfigRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.post('/', async (c) => {
    const rc = s.store.realtimeLogConfigs.create(await readJson(c));
    s.propagation.configChanged();
    s.log.info({ op: 'realtime-log-config.create', name: rc.id, seq: s.store.head(), subject: c.get('subject') }, `real-time log config ${rc.id} created`);
    return c.json(realtimeLogConfigView(rc), 201, { Location: location(c, `/v1/realtime-log-configs/${encodeURIComponent(rc.id)}`), ETag: rc.etag });
  });

  r.get('/', (c) => c.json(list(s.store.realtimeLogConfigs.list().map(realtimeLogConfigView))));

  r.get('/:name', (c) => {
    const rc = s.store.realtimeLogConfigs.require(c.req.param('name'));
    return c.json(realtimeLogConfigView(rc), 200, { ETag: rc.etag });
  });

  r.put('/:name', async (c) => {
    const name = c.req.param('name');
    const body = await readJson(c);
    const rc = s.store.realtimeLogConfigs.update(name, ifMatch(c), body);
    s.propagation.configChanged();
    s.log.info({ op: 'realtime-log-config.update', name, seq: s.store.head(), subject: c.get('subject') }, `real-time log config ${name} updated`);
    return c.json(realtimeLogConfigView(rc), 200, { ETag: rc.etag });
  });

  r.delete('/:name', (c) => {
    const name = c.req.param('name');
    const { seq } = s.store.realtimeLogConfigs.delete(name, ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: 'realtime-log-config.delete', name, seq, subject: c.get('subject') }, `real-time log config ${name} deleted`);
    return c.body(null, 204);
  });

  return r;
}
