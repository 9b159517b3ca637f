// A function's returned headers, checked as CloudFront checks them ("Restrictions on all edge
// functions", HTTP headers) and turned into the name/value pairs the edge sends.
import { BAD_HEADER_VALUE, capitalizeHeaderName, HEADER_NAME, isDisallowedHeader, READ_ONLY_HEADERS } from './header-rules.ts';
import type { CfHeaders, EventType } from './types.ts';

/** The headers, or the reason they fail validation (the detail of CloudFront's 502). */
export type HeadersCheck = { pairs: Array<[string, string]> } | { problem: string };

/**
 * `value` must be `{name: [{key?, value}]}` with lower-case names, string values, a `key` (when
 * given) that is the name in another case, and no disallowed header ("functions can't add them").
 */
export function checkHeaders(value: unknown, where: string): HeadersCheck {
  if (value === undefined) return { pairs: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: `${where} is not an object.` };
  const pairs: Array<[string, string]> = [];
  for (const [name, list] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) return { problem: `${where} has an invalid header name '${name}'.` };
    if (name !== name.toLowerCase()) return { problem: `${where} has a header name that is not lower case: '${name}'.` };
    if (isDisallowedHeader(name)) return { problem: `The function tried to add a disallowed header: ${name}.` };
    if (!Array.isArray(list)) return { problem: `${where}['${name}'] is not an array.` };
    for (const entry of list as unknown[]) {
      if (entry === null || typeof entry !== 'object') return { problem: `${where}['${name}'] has an entry that is not an object.` };
      const { key, value: v } = entry as { key?: unknown; value?: unknown };
      if (typeof v !== 'string') return { problem: `${where}['${name}'] has a value that is not a string.` };
      if (BAD_HEADER_VALUE.test(v)) return { problem: `${where}['${name}'] has a value with a control character.` };
      if (key !== undefined && (typeof key !== 'string' || key.toLowerCase() !== name)) return { problem: `${where}['${name}'] has a key that does not match its name.` };
      pairs.push([key ?? capitalizeHeaderName(name), v]);
    }
  }
  return { pairs };
}

/**
 * A read-only header the function added, removed or changed: "If your function adds or edits a
 * read-only header, the request fails CloudFront validation". Compares values, not key casing.
 */
export function changedReadOnlyHeader(eventType: EventType, before: CfHeaders, after: unknown): string | undefined {
  const out = (after ?? {}) as Record<string, Array<{ value?: unknown }> | undefined>;
  for (const name of READ_ONLY_HEADERS[eventType]) {
    const was = (before[name] ?? []).map((e) => e.value);
    const now = (out[name] ?? []).map((e) => e.value);
    if (was.length !== now.length || was.some((v, i) => v !== now[i])) return name;
  }
  return undefined;
}
