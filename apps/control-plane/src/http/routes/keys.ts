// /v1/public-keys and /v1/key-groups (docs/control-plane.md, "Public keys and key groups").

import { Hono } from 'hono';
import type { Services } from '../app.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import { ifMatch, location, readJson } from '../request.ts';
import type { KeyKind } from '../../storage/store.ts';
import { keyView, list } from '../views.ts';

const NAMES = {
  'public-key': { path: 'public-keys', what: 'public key', missing: 'NoSuchPublicKey' },
  'key-group': { path: 'key-groups', what: 'key group', missing: 'NoSuchKeyGroup' },
} as const;

export function keyRoutes(s: Services, kind: KeyKind): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const n = NAMES[kind];

  r.post('/', async (c) => {
    const k = s.store.keys.create(kind, await readJson(c));
    s.propagation.configChanged();
    s.log.info({ op: `${kind}.create`, id: k.id, seq: s.store.head(), subject: c.get('subject') }, `${n.what} ${k.id} created`);
    return c.json(keyView(k), 201, { Location: location(c, `/v1/${n.path}/${encodeURIComponent(k.id)}`), ETag: k.etag });
  });

  r.get('/', (c) => c.json(list(s.store.keys.list(kind).map(keyView))));

  r.get('/:id', (c) => {
    const id = c.req.param('id');
    const k = s.store.keys.get(kind, id);
    if (k === undefined) throw new ControlPlaneError(n.missing, `no ${n.what} ${id}`);
    return c.json(keyView(k), 200, { ETag: k.etag });
  });

  r.put('/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    const k = s.store.keys.update(kind, id, ifMatch(c), body);
    s.propagation.configChanged();
    s.log.info({ op: `${kind}.update`, id, seq: s.store.head(), subject: c.get('subject') }, `${n.what} ${id} updated`);
    return c.json(keyView(k), 200, { ETag: k.etag });
  });

  r.delete('/:id', (c) => {
    const id = c.req.param('id');
    const { seq } = s.store.keys.delete(kind, id, ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: `${kind}.delete`, id, seq, subject: c.get('subject') }, `${n.what} ${id} deleted`);
    return c.body(null, 204);
  });

  return r;
}
