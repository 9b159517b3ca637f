// The request's query string back from the event's `querystring` object.

import type { ValueMap } from './types.ts';
import { own, valuesOf } from './values.ts';

/**
 * `name=value` pairs joined by `&`, in the object's order, each field expanded by the
 * multiValue rules against the field the function received (`input`). Names and values are
 * written as the function left them: the event carries them undecoded, so they go back
 * as they are.
 */
export function serializeQueryString(querystring: ValueMap, input?: ValueMap): string {
  const parts: string[] = [];
  for (const [name, entry] of Object.entries(querystring)) {
    for (const value of valuesOf(entry, own(input, name))) parts.push(`${name}=${value}`);
  }
  return parts.join('&');
}
