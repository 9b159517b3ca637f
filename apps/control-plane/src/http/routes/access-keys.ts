// POST /v1/access-keys (write scope): a new SigV4 access key for the CloudFront REST API
// (docs/cloudfront-api.md, "Access keys"), for `cachefront access-key create
// --control-plane URL`. The secret is in this answer only; the store keeps it sealed.

import { Hono } from 'hono';
import type { AuthEnv } from '../../auth/authenticate.ts';
import { ControlPlaneError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { ACCESS_KEY_SCOPES, type AccessKeyScope } from '../../storage/access-key-store.ts';
import { readJson } from '../request.ts';

export function accessKeyRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  r.post('/', async (c) => {
    const body = await readJson(c);
    const scope = (body as { scope?: unknown } | null)?.scope;
    if (!(ACCESS_KEY_SCOPES as readonly unknown[]).includes(scope)) {
      throw new ControlPlaneError('InvalidArgument', 'the access key is not valid (1 problem)', { issues: [{ path: 'scope', message: `must be one of ${ACCESS_KEY_SCOPES.join(', ')}` }] });
    }
    const key = s.store.accessKeys.create(scope as AccessKeyScope);
    s.log.info({ op: 'access-key.create', id: key.id, scope: key.scope, subject: c.get('subject') }, `access key ${key.id} created`);
    return c.json({ accessKeyId: key.id, secretAccessKey: key.secret, scope: key.scope }, 201);
  });
  return r;
}
