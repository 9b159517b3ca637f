import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Outcome } from '../outcome.ts';
import type { CachedObject } from '../cache/store.ts';
import type { EdgeError } from '../errors.ts';
import type { PlannedRequest } from './plan.ts';

/** Everything one viewer request carries through the pipeline: its plan and its I/O. */
export interface Ctx extends PlannedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  outcome: Outcome;
  /** A stored object past its TTL: revalidate it instead of a plain miss. */
  stale: CachedObject | undefined;
  /** Serving a custom error page: the status the viewer gets instead of the page's own. */
  overrideStatus?: number;
}

/**
 * A custom error response to serve instead of `error` ("Generating custom error
 * responses"): dispatch.ts serves `page` as one internal re-dispatch.
 */
export interface PageRequest {
  page: { path: string; responseCode: number };
  error: EdgeError;
}

/**
 * What the request plan reads of a viewer request: an IncomingMessage has it, and explain
 * builds one from a URL without a socket.
 */
export interface RequestHead {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  httpVersion: string;
  socket: { remoteAddress?: string | undefined; remotePort?: number | undefined };
}
