/** The parts of a viewer request that the caching rules look at (plain data, no sockets). */
export interface ViewerRequest {
  method: string;
  /** Raw path as received (percent-encoding intact), without the query string. */
  path: string;
  /** Raw query string without the leading `?`; '' when there is none. */
  query: string;
  /** Header names lower-case, as node:http delivers them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** '1.0', '1.1', '2.0'. */
  httpVersion?: string;
}

/** The single value of a header (repeated headers joined with ', ' per RFC 9110 §5.3). */
export function headerValue(headers: ViewerRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Cookies in header order; `Cookie` may be repeated (HTTP/2), joined with '; '. */
export function parseCookies(headers: ViewerRequest['headers']): [name: string, value: string][] {
  const raw = headers.cookie;
  if (raw === undefined) return [];
  const text = Array.isArray(raw) ? raw.join('; ') : raw;
  const out: [string, string][] = [];
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name === '') continue;
    out.push([name, eq < 0 ? '' : part.slice(eq + 1).trim()]);
  }
  return out;
}

/** Query parameters in received order: [rawPair, name]. The name is percent-decoded when valid. */
export function splitQuery(query: string): { pair: string; name: string }[] {
  if (query === '') return [];
  const out: { pair: string; name: string }[] = [];
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    out.push({ pair, name: safeDecode(rawName) });
  }
  return out;
}

function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
}
