// Authentication and the scope table of docs/control-plane.md ("Auth"): a middleware for
// everything under /v1.

import type { MiddlewareHandler } from 'hono';
import { ControlPlaneError } from '../errors.ts';
import type { JwtKeys } from './keys.ts';
import { verifyBearer, type Scope } from './tokens.ts';

export type AuthEnv = { Variables: { subject: string | undefined } };

/**
 * The scopes any one of which allows a request (method and path together): `edge` for the
 * edge stream, acks and logs, whatever the method, and only those;
 * `read` (or `write`) for every other GET and for `POST /v1/explain` (it changes nothing);
 * `write` for every other mutation.
 */
export function allowedScopes(method: string, path: string): Scope[] {
  // The edge endpoints take edge tokens whatever the method (a HEAD runs the GET handler).
  if (path === '/v1/edges/stream' || /^\/v1\/edges\/[^/]+\/(acks|logs)$/.test(path)) return ['edge'];
  if (method === 'GET' || method === 'HEAD' || (method === 'POST' && path === '/v1/explain')) return ['read', 'write'];
  return ['write'];
}

export function authenticate(keys: JwtKeys, now: () => number): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const claims = verifyBearer(c.req.header('authorization'), keys, now());
    const allowed = allowedScopes(c.req.method, c.req.path);
    if (!allowed.some((s) => claims.scopes.has(s))) {
      const need = allowed.join("' or '");
      throw new ControlPlaneError('AccessDenied', `this request needs a token with scope '${need}'`, {
        // RFC 6750 §3.1: insufficient_scope.
        headers: { 'www-authenticate': `Bearer realm="cachefront", error="insufficient_scope", scope="${allowed.join(' ')}"` },
      });
    }
    c.set('subject', claims.subject);
    await next();
  };
}
