// Request parsing shared by the routes: JSON bodies, `If-Match`, `?wait=`, `Location`.

import type { Context } from 'hono';
import { ControlPlaneError } from '../errors.ts';

/** The body as JSON; anything else is `400 MalformedInput`, never a 500. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ControlPlaneError('MalformedInput', 'the request body is empty; send a JSON document');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ControlPlaneError('MalformedInput', `the request body is not JSON: ${(err as Error).message}`);
  }
}

export function ifMatch(c: Context): string | undefined {
  return c.req.header('if-match');
}

/** docs/control-plane.md: a long-poll waits at most 60 seconds. */
export const MAX_WAIT_SECONDS = 60;

/** `?wait=SECONDS` in milliseconds (0 when absent; clamped to 60 s). */
export function waitMs(c: Context): number {
  const raw = c.req.query('wait');
  if (raw === undefined || raw === '') return 0;
  if (!/^\d+(\.\d+)?$/.test(raw)) {
    throw new ControlPlaneError('InvalidArgument', `wait must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}`, {
      issues: [{ path: 'wait', message: `must be a number of seconds from 0 to ${MAX_WAIT_SECONDS} (got '${raw}')` }],
    });
  }
  return Math.min(Number(raw), MAX_WAIT_SECONDS) * 1000;
}

/** An absolute URL for `path` on the server that answered `c`. */
export function location(c: Context, path: string): string {
  return new URL(path, c.req.url).href;
}
