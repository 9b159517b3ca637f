// The routes of one resource kind (resources/kind.ts), e.g. /v1/cache-policies: create, list,
// get with ETag, replace with If-Match, delete with If-Match (docs/control-plane.md,
// "Policies", "Public keys and key groups", "Real-time log configs"). A kind with managed
// entries lists them after the stored ones, answers them by id or name, and refuses to
// change or delete them.

import { Hono } from 'hono';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import type { ResourceKind } from '../../resources/kind.ts';
import type { ResourceKey } from '../../resources/kinds.ts';
import type { Services } from '../../services.ts';
import { ifMatch, location, readJson } from '../request.ts';
import { list } from '../views.ts';

export function resourceRoutes<K extends ResourceKey>(s: Services, kind: ResourceKind<K>): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const store = () => s.store.resource(kind);
  // Log lines name the entry by its id field (`id`, or `name`).
  const logged = (op: string, id: string, seq: number, subject: string | undefined) => ({ op: `${kind.op}.${op}`, [kind.idField]: id, seq, subject });
  const notManaged = (id: string) => {
    const m = kind.managed?.resolve(id);
    if (m !== undefined) throw new ControlPlaneError('InvalidArgument', `${id} is the managed ${kind.what} ${m.name}; managed policies cannot be changed or deleted`);
  };

  r.post('/', async (c) => {
    const e = store().create(await readJson(c));
    s.propagation.configChanged();
    s.log.info(logged('create', e.id, s.store.head(), c.get('subject')), `${kind.what} ${e.id} created`);
    return c.json(kind.view(e), 201, { Location: location(c, `/v1/${kind.path}/${encodeURIComponent(e.id)}`), ETag: e.etag });
  });

  // Stored entries first, then the managed ones.
  r.get('/', (c) => c.json(list<object>([...store().list().map((e) => kind.view(e)), ...(kind.managed?.list.map((m) => kind.managed!.view(m)) ?? [])])));

  r.get('/:id', (c) => {
    const id = c.req.param('id');
    const e = store().get(id);
    if (e !== undefined) return c.json(kind.view(e), 200, { ETag: e.etag });
    const m = kind.managed?.resolve(id);
    if (m !== undefined) return c.json(kind.managed!.view(m));
    throw new ControlPlaneError(kind.errors.missing, `no ${kind.what} ${id}`);
  });

  r.put('/:id', async (c) => {
    const id = c.req.param('id');
    notManaged(id);
    const body = await readJson(c);
    const e = store().update(id, ifMatch(c), body);
    s.propagation.configChanged();
    s.log.info(logged('update', id, s.store.head(), c.get('subject')), `${kind.what} ${id} updated`);
    return c.json(kind.view(e), 200, { ETag: e.etag });
  });

  r.delete('/:id', (c) => {
    const id = c.req.param('id');
    notManaged(id);
    const { seq } = store().delete(id, ifMatch(c));
    s.propagation.configChanged();
    s.log.info(logged('delete', id, seq, c.get('subject')), `${kind.what} ${id} deleted`);
    return c.body(null, 204);
  });

  return r;
}
