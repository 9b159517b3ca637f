// Request header fields exactly as received, for /echo.
import type { Context } from 'hono';
import type { OriginEnv } from './request-target.ts';

export interface ReceivedHeaders {
  /** Lower-case name -> value; repeated fields combined. */
  headers: Record<string, string>;
  /** [name, value] pairs in arrival order, names in their original case. */
  rawHeaders: [string, string][];
}

export function receivedHeaders(c: Context<OriginEnv>): ReceivedHeaders {
  const raw = c.env?.incoming?.rawHeaders;
  const pairs: [string, string][] = [];
  if (raw) {
    for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
  } else {
    for (const [name, value] of c.req.raw.headers) pairs.push([name, value]);
  }
  const combined = new Map<string, string>();
  for (const [rawName, value] of pairs) {
    const name = rawName.toLowerCase();
    const previous = combined.get(name);
    // RFC 9110 §5.3: repeated fields combine with ", " in order; Cookie lines combine
    // with "; " instead (RFC 6265 §5.4, RFC 9113 §8.2.3).
    const separator = name === 'cookie' ? '; ' : ', ';
    combined.set(name, previous === undefined ? value : previous + separator + value);
  }
  return { headers: Object.fromEntries(combined), rawHeaders: pairs };
}
