// Parses the first segment of /cache/<directives> into the caching headers to send.
import { badRequest } from './errors.ts';

export interface CachingHeaders {
  cacheControl?: string;
  /** Seconds from now for the Expires header. */
  expiresIn?: number;
}

// cache-directive = token [ "=" ( token / quoted-string ) ]  (RFC 9111 §5.2)
const DIRECTIVE = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:=([!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[^"\\]|\\.)*"))?\s*(?:,|$)/;

/**
 * `max-age=60` -> Cache-Control: max-age=60; `none` -> no caching headers at all;
 * `expires=120` -> Expires: now+120s (combinable with directives, e.g. `expires=120,private`).
 */
export function parseCacheSegment(segment: string): CachingHeaders {
  let text: string;
  try {
    text = decodeURIComponent(segment);
  } catch {
    throw badRequest(`malformed percent-encoding in '${segment}'`);
  }
  if (text === 'none') return {};
  const directives: string[] = [];
  let expiresIn: number | undefined;
  let rest = text;
  while (rest.trim() !== '') {
    const m = DIRECTIVE.exec(rest);
    if (!m) throw badRequest(`'${text}' is not a list of cache directives (RFC 9111 §5.2)`);
    rest = rest.slice(m[0].length);
    const [name = '', value] = [m[1], m[2]];
    if (name.toLowerCase() === 'expires') {
      if (value === undefined || !/^-?\d+$/.test(value)) throw badRequest(`expires needs seconds, e.g. expires=120`);
      expiresIn = Number(value);
    } else {
      directives.push(value === undefined ? name : `${name}=${value}`);
    }
  }
  if (directives.length === 0 && expiresIn === undefined) throw badRequest(`/cache/<directives> needs directives, 'none' or 'expires=N'`);
  const out: CachingHeaders = {};
  if (directives.length > 0) out.cacheControl = directives.join(', ');
  if (expiresIn !== undefined) out.expiresIn = expiresIn;
  return out;
}
