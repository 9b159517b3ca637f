// Glue between a hono Context and the pure representation -> Response step.
import type { Context } from 'hono';
import { parseKnobs } from './knobs.ts';
import { toResponse, type Representation } from './representation.ts';
import type { OriginEnv } from './request-target.ts';

export function respond(c: Context<OriginEnv>, rep: Representation, now: number): Response {
  const knobs = parseKnobs(new URL(c.req.url).searchParams, now);
  return toResponse(rep, { method: c.req.method, headers: c.req.raw.headers, now }, knobs);
}
