// GET /<file> — static files from a directory, with strong validators.
import { createReadStream, realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { contentTypeFor } from '../content-types.ts';
import { notFound } from '../errors.ts';
import { requestTarget, type OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';
import { isInside, resolveStaticPath } from '../static-path.ts';

export function staticRoutes(dir: string, now: () => number): Hono<OriginEnv> {
  const root = realpathSync(dir); // fails fast on a missing directory
  const app = new Hono<OriginEnv>();
  app.get('/*', async (c) => {
    const { path, query } = requestTarget(c);
    let file = resolveStaticPath(root, path);
    if (file === undefined) throw notFound();
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      // Like a static website host: /dir -> /dir/, /dir/ -> /dir/index.html.
      if (!path.endsWith('/')) {
        // Collapse leading slashes so the Location can't be protocol-relative (`//host/`).
        const location = `${path.replace(/^\/+/, '/')}/${query === '' ? '' : `?${query}`}`;
        return c.redirect(location, 301);
      }
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) throw notFound();
    // Symlinks must not lead out of the directory either.
    const real = await realpath(file);
    if (!isInside(root, real)) throw notFound();
    const { size, mtimeMs } = info;
    return respond(
      c,
      {
        status: 200,
        headers: { 'content-type': contentTypeFor(basename(file)) },
        // Strong validator from size and mtime (RFC 9110 §8.8.3).
        etag: `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`,
        lastModified: mtimeMs,
        length: size,
        body: () =>
          size === 0
            ? ''
            : (Readable.toWeb(createReadStream(real, { start: 0, end: size - 1 })) as ReadableStream<Uint8Array>),
      },
      now(),
    );
  });
  return app;
}
