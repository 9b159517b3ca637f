// The request-target exactly as received (RFC 9112 §3.2), before URL normalization,
// so /echo and the stats report what an edge actually sent.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/** Hono env for this app: node-server passes the IncomingMessage and ServerResponse; app.request() passes nothing. */
export type OriginEnv = { Bindings: { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined };

export interface RequestTarget {
  path: string;
  /** Raw query without the `?`, '' when there is none. */
  query: string;
}

export function requestTarget(c: Context<OriginEnv>): RequestTarget {
  let target = c.env?.incoming?.url;
  if (target === undefined || !target.startsWith('/')) {
    const url = new URL(c.req.url);
    target = url.pathname + url.search;
  }
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}
