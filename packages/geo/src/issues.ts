// Validation problems, shaped like @cachefront/config's Issue: a rendered path
// ('pops[2].latitude', '' for the whole input) and a message.

export interface GeoIssue {
  path: string;
  message: string;
}

/** `base` + `[i]` + `.key`: ('pops', 2, 'latitude') -> 'pops[2].latitude'. */
export function pathOf(base: string, ...segments: (string | number)[]): string {
  let out = base;
  for (const seg of segments) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
