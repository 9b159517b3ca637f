import { EdgeError } from '../errors.ts';

/** CloudFront's URL limit ("Maximum length of a request and maximum length of a URL"). */
export const MAX_URL_BYTES = 8192;

/**
 * The request target -> raw path and query. Origin-form (`/a?b`) as browsers send it;
 * absolute-form (`http://host/a`) is accepted as RFC 9112 §3.2.2 requires of servers.
 * Anything else (`*`, garbage, userinfo in the authority) is a 400; an over-long URL a 414.
 */
export function parseTarget(url: string): { path: string; query: string; authority?: string } | EdgeError {
  if (url.length > MAX_URL_BYTES) return new EdgeError('URI_TOO_LONG');
  let target = url;
  let authority: string | undefined;
  if (!target.startsWith('/')) {
    const m = /^https?:\/\/([^/?#]+)/i.exec(target);
    // RFC 9110 §4.2.4: a sender must not generate userinfo in an http(s) URI.
    if (!m || m[1]!.includes('@')) return new EdgeError('BAD_REQUEST');
    authority = m[1]!;
    target = target.slice(m[0].length) || '/';
    if (!target.startsWith('/')) target = `/${target}`;
  }
  if (target.startsWith('//')) return new EdgeError('BAD_REQUEST');
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf('?');
  const parts = q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
  // RFC 9112 §3.2.2: with an absolute-form target, its authority is the host (Host is ignored).
  return authority === undefined ? parts : { ...parts, authority };
}
