// The browser dashboard: the static files of apps/control-plane/dashboard/, served as they
// are (no build step). Mounted at /dashboard; the files call the /v1 API with the token the
// user pastes, so serving them needs no auth. Only plain file names in that one directory are
// served: a name with a slash, a leading dot or an unknown extension is a 404, so no path
// (encoded or not) reaches outside it.

import { lstat, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { ControlPlaneError } from '../errors.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/', import.meta.url));

/** Everything the page needs is local; no inline script or style, no framing. */
export const DASHBOARD_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** A name the dashboard may serve: one path segment, no leading dot, a known extension. */
export function servableName(name: string): boolean {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(name) && CONTENT_TYPES[extname(name)] !== undefined;
}

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

export function dashboardRoutes(dir: string = DASHBOARD_DIR): Hono {
  const r = new Hono();

  const serve = async (name: string, ifNoneMatch: string | undefined): Promise<Response> => {
    if (!servableName(name)) return notFound(name);
    const path = join(dir, name);
    let etag: string;
    try {
      // lstat: a symlink is not served, so nothing placed outside the directory is reachable.
      const st = await lstat(path);
      if (!st.isFile()) return notFound(name);
      etag = `W/"${st.size.toString(16)}-${Math.trunc(st.mtimeMs).toString(16)}"`;
    } catch {
      return notFound(name);
    }
    const headers = { ...SECURITY_HEADERS, etag, 'content-type': CONTENT_TYPES[extname(name)] as string };
    // RFC 9110 §13.1.2: If-None-Match compares weakly; a match on a GET is a 304.
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag))) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(await readFile(path), { status: 200, headers });
  };

  // `/dashboard` -> `/dashboard/`, so the page's relative URLs (app.js, style.css) resolve inside
  // it. The Location is relative (`dashboard/`): it stays right behind a proxy that adds a prefix.
  r.get('/', (c) => {
    const url = new URL(c.req.url);
    if (url.pathname.endsWith('/')) return serve('index.html', c.req.header('if-none-match'));
    return c.redirect(`${url.pathname.split('/').pop()}/${url.search}`, 308);
  });
  // `{.*}`: the mount point with its slash (`/dashboard/`) arrives here with an empty name.
  r.get('/:name{.*}', (c) => serve(c.req.param('name') || 'index.html', c.req.header('if-none-match')));
  return r;
}

function notFound(name: string): Response {
  const res = new ControlPlaneError('NoSuchResource', `the dashboard has no file ${JSON.stringify(name)}`).toResponse();
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  return res;
}
