/**
 * Cache-Control parsing (RFC 9111 §5.2): comma-separated directives, names
 * case-insensitive, optional `=value` (token or quoted-string). Delta-seconds that are
 * not non-negative integers are invalid and ignored (§1.2.2); values that overflow are
 * capped at 2^31 (§1.2.2).
 */
export type Directives = ReadonlyMap<string, string | true>;

const MAX_DELTA = 2147483648;

export function parseCacheControl(value: string | string[] | undefined): Directives {
  const map = new Map<string, string | true>();
  if (value === undefined) return map;
  const text = Array.isArray(value) ? value.join(',') : value;
  for (const part of splitDirectives(text)) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === '' || map.has(name)) continue; // first occurrence wins
    if (eq < 0) {
      map.set(name, true);
      continue;
    }
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    map.set(name, v);
  }
  return map;
}

/** Splits on commas that are not inside a quoted-string (`no-cache="a, b"`). */
function splitDirectives(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** A delta-seconds directive value, or undefined when absent or invalid. */
export function deltaSeconds(directives: Directives, name: string): number | undefined {
  const v = directives.get(name);
  if (typeof v !== 'string' || !/^\d+$/.test(v)) return undefined;
  return Math.min(Number(v), MAX_DELTA);
}

/** An HTTP-date (RFC 9110 §5.6.7) in ms, or undefined when invalid. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}
