// Every request body under /v1 is bounded, before it is buffered (DESIGN "Security
// invariants": bodies are bounded). hono's bodyLimit refuses a declared Content-Length
// over the limit without reading the body, and counts a chunked body as it streams in.

import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ControlPlaneError } from '../errors.ts';

/** Every /v1 body but the edges' log batches: far above any config document (a function's code is at most 10 KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** `POST /v1/edges/:id/logs` (edge tokens only): a batch of up to 1,000 sampled log entries. */
export const MAX_LOG_BATCH_BYTES = 16 * 1024 * 1024;

const LOGS = /^\/v1\/edges\/[^/]+\/logs$/;

function limit(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ControlPlaneError('RequestEntityTooLarge', `the request body is larger than ${maxSize} bytes`);
    },
  });
}

export function bodyLimits(): MiddlewareHandler {
  const standard = limit(MAX_BODY_BYTES);
  const logs = limit(MAX_LOG_BATCH_BYTES);
  return (c, next) => (LOGS.test(c.req.path) ? logs : standard)(c, next);
}
