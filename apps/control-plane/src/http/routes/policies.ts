// /v1/cache-policies and /v1/origin-request-policies (docs/control-plane.md, "Policies").

import { Hono } from 'hono';
import {
  managedCachePolicies,
  managedOriginRequestPolicies,
  resolveCachePolicy,
  resolveOriginRequestPolicy,
  type CachePolicy,
  type OriginRequestPolicy,
} from '@cachefront/config';
import type { Services } from '../app.ts';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import { ifMatch, location, readJson } from '../request.ts';
import type { PolicyKind } from '../../storage/store.ts';
import { list, managedPolicyView, policyView } from '../views.ts';

const NAMES = {
  cache: { path: 'cache-policies', what: 'cache policy', missing: 'NoSuchCachePolicy' },
  'origin-request': { path: 'origin-request-policies', what: 'origin request policy', missing: 'NoSuchOriginRequestPolicy' },
} as const;

/** The managed policy `ref` names (AWS id or name), if any. */
function managed(kind: PolicyKind, ref: string): CachePolicy | OriginRequestPolicy | undefined {
  return kind === 'cache' ? resolveCachePolicy({ cachePolicies: [] }, ref) : resolveOriginRequestPolicy({ originRequestPolicies: [] }, ref);
}

export function policyRoutes(s: Services, kind: PolicyKind): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  const n = NAMES[kind];
  const notManaged = (id: string) => {
    const m = managed(kind, id);
    if (m !== undefined) throw new ControlPlaneError('InvalidArgument', `${id} is the managed ${n.what} ${m.name}; managed policies cannot be changed or deleted`);
  };

  r.post('/', async (c) => {
    const p = s.store.createPolicy(kind, await readJson(c));
    s.propagation.configChanged();
    s.log.info({ op: `${kind}-policy.create`, id: p.id, seq: s.store.head(), subject: c.get('subject') }, `${n.what} ${p.id} created`);
    return c.json(policyView(p), 201, { Location: location(c, `/v1/${n.path}/${encodeURIComponent(p.id)}`), ETag: p.etag });
  });

  // Custom policies first, then the managed ones.
  r.get('/', (c) => {
    const custom = s.store.listPolicies(kind).map(policyView);
    const builtIn = (kind === 'cache' ? managedCachePolicies : managedOriginRequestPolicies).map((p) => managedPolicyView(kind, p));
    return c.json(list<object>([...custom, ...builtIn]));
  });

  r.get('/:id', (c) => {
    const id = c.req.param('id');
    const p = s.store.getPolicy(kind, id);
    if (p !== undefined) return c.json(policyView(p), 200, { ETag: p.etag });
    const m = managed(kind, id);
    if (m !== undefined) return c.json(managedPolicyView(kind, m));
    throw new ControlPlaneError(n.missing, `no ${n.what} ${id}`);
  });

  r.put('/:id', async (c) => {
    const id = c.req.param('id');
    notManaged(id);
    const body = await readJson(c);
    const p = s.store.updatePolicy(kind, id, ifMatch(c), body);
    s.propagation.configChanged();
    s.log.info({ op: `${kind}-policy.update`, id, seq: s.store.head(), subject: c.get('subject') }, `${n.what} ${id} updated`);
    return c.json(policyView(p), 200, { ETag: p.etag });
  });

  r.delete('/:id', (c) => {
    const id = c.req.param('id');
    notManaged(id);
    const { seq } = s.store.deletePolicy(kind, id, ifMatch(c));
    s.propagation.configChanged();
    s.log.info({ op: `${kind}-policy.delete`, id, seq, subject: c.get('subject') }, `${n.what} ${id} deleted`);
    return c.body(null, 204);
  });

  return r;
}
