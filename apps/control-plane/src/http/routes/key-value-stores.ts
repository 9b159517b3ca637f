// /v1/key-value-stores (docs/control-plane.md, "Key value stores"): stores and their keys.
// Every change reaches the edges in the snapshot.

import { keyValueStoreArn } from '@cachefront/config';
import { Hono } from 'hono';
import type { Services } from '../../services.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ifMatch, location, readJson } from '../request.ts';
import { kvsView, list } from '../views.ts';

export function keyValueStoreRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.post('/', async (c) => {
    const k = s.store.kvs.create(await readJson(c));
    s.propagation.configChanged();
    s.log.info({ op: 'kvs.create', id: k.id, seq: s.store.head(), subject: c.get('subject') }, `key value store ${k.id} created`);
    return c.json(kvsView(k), 201, { Location: location(c, `/v1/key-value-stores/${encodeURIComponent(k.id)}`), ETag: k.etag });
  });

  r.get('/', (c) => c.json(list(s.store.kvs.list().map(kvsView))));

  r.get('/:id', (c) => {
    const k = s.store.kvs.require(c.req.param('id'));
    return c.json(kvsView(k), 200, { ETag: k.etag });
  });

  r.delete('/:id', (c) => {
    const id = c.req.param('id');
    const { seq } = s.store.kvs.delete(id, ifMatch(c));
    // Its tags (CloudFront API, TagResource) go with it.
    s.store.tags.drop(keyValueStoreArn(id));
    s.propagation.configChanged();
    s.log.info({ op: 'kvs.delete', id, seq, subject: c.get('subject') }, `key value store ${id} deleted`);
    return c.body(null, 204);
  });

  r.get('/:id/keys', (c) => {
    const id = c.req.param('id');
    const k = s.store.kvs.require(id);
    const items = Object.entries(s.store.kvs.data(id)).map(([key, value]) => ({ key, value }));
    return c.json(list(items), 200, { ETag: k.etag });
  });

  r.get('/:id/keys/:key', (c) => {
    const id = c.req.param('id');
    const key = c.req.param('key');
    const value = s.store.kvs.getKey(id, key);
    return c.json({ key, value }, 200, { ETag: s.store.kvs.require(id).etag });
  });

  r.put('/:id/keys/:key', async (c) => {
    const id = c.req.param('id');
    const key = c.req.param('key');
    const k = s.store.kvs.putKey(id, key, await readJson(c), ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: 'kvs.put-key', id, key, seq: s.store.head(), subject: c.get('subject') }, `key value store ${id}: key put`);
    return c.json(kvsView(k), 200, { ETag: k.etag });
  });

  r.delete('/:id/keys/:key', (c) => {
    const id = c.req.param('id');
    const key = c.req.param('key');
    const k = s.store.kvs.deleteKey(id, key, ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: 'kvs.delete-key', id, key, seq: s.store.head(), subject: c.get('subject') }, `key value store ${id}: key deleted`);
    return c.json(kvsView(k), 200, { ETag: k.etag });
  });

  return r;
}
