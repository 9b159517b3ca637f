import type { IncomingMessage } from 'node:http';

/**
 * A viewer's request body that cannot be read to its end: a malformed chunk, or a FIN before
 * Content-Length bytes. node:http reports it on the connection (`clientError`), not on the
 * request stream, so an origin request uploading that body would wait for the rest until
 * its timeout. The worker fails the body here; the origin request, which carries this
 * signal, stops, and the viewer gets 400 (origin-fetch.ts).
 */
const controllers = new WeakMap<IncomingMessage, AbortController>();

/** The signal an origin request uploading `req`'s body carries. */
export function viewerBodySignal(req: IncomingMessage): AbortSignal {
  let c = controllers.get(req);
  if (!c) controllers.set(req, (c = new AbortController()));
  return c.signal;
}

/** Fails `req`'s body if it has not been read to its end. Returns whether it did. */
export function failViewerBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  viewerBodySignal(req);
  controllers.get(req)!.abort(new Error('the viewer request body is malformed or incomplete'));
  return true;
}
