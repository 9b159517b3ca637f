// Building the event object from the viewer's request and the response CloudFront is about
// to send ("CloudFront Functions event structure"). Pure functions; the edge calls them.

import { isDisallowedHeader } from './header-rules.ts';
import type { FunctionEvent, FunctionResponse, ResponseCookie, ResponseCookieMap, ValueEntry, ValueMap } from './types.ts';

/** A Node IncomingMessage, or anything with the same fields. */
export interface RequestLike {
  method?: string | undefined;
  /** Path and query as received (`/a/b?x=1`). */
  url?: string | undefined;
  /** Header lines in order, as Node's `rawHeaders` (name, value, name, value, ...); preferred over `headers`. */
  rawHeaders?: readonly string[] | undefined;
  headers?: Readonly<Record<string, string | readonly string[] | number | undefined>> | undefined;
}

export interface EventSource {
  /** The viewer's address ("If the viewer request came through an HTTP proxy or a load balancer, ... the proxy"). */
  viewerIp: string;
  distributionDomainName?: string;
  distributionId?: string;
  requestId?: string;
  /** Headers CloudFront adds before viewer request functions run (CloudFront-Viewer-Country, ...). */
  extraHeaders?: Readonly<Record<string, string>>;
}

/** Sets obj[key] as an own property even for `__proto__`. */
function put<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** "Duplicate query strings, headers, and cookies (multiValue array)": value is the first; multiValue only for duplicates. */
export function entry(values: readonly string[]): ValueEntry {
  const first = values[0] ?? '';
  if (values.length < 2) return { value: first };
  return { value: first, multiValue: values.map((value) => ({ value })) };
}

function grouped(pairs: Iterable<readonly [string, string]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of pairs) {
    const list = out.get(name);
    if (list === undefined) out.set(name, [value]);
    else list.push(value);
  }
  return out;
}

function toValueMap(groups: Map<string, string[]>): ValueMap {
  const out: ValueMap = {};
  for (const [name, values] of groups) put(out, name, entry(values));
  return out;
}

/**
 * The `querystring` object: one field per parameter, names and values as received (not
 * percent-decoded); `?NoValue` is `{value: ''}`; empty segments (`a=1&&b=2`) are skipped.
 */
export function parseQueryString(raw: string): ValueMap {
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    pairs.push(at === -1 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)]);
  }
  return toValueMap(grouped(pairs));
}

/** The `cookies` object of a request from its `Cookie` header lines. */
export function parseCookieHeader(lines: readonly string[]): ValueMap {
  const pairs: [string, string][] = [];
  for (const line of lines) {
    for (const part of line.split(';')) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const at = trimmed.indexOf('=');
      pairs.push(at === -1 ? [trimmed, ''] : [trimmed.slice(0, at).trim(), trimmed.slice(at + 1).trim()]);
    }
  }
  return toValueMap(grouped(pairs));
}

/**
 * The `cookies` object of a response from its `Set-Cookie` lines ("Cookie attributes"):
 * `cookie1=val1; Secure; Path=/` is `{value: 'val1', attributes: 'Secure; Path=/'}`.
 */
export function parseSetCookies(lines: readonly string[]): ResponseCookieMap {
  const groups = new Map<string, { value: string; attributes: string }[]>();
  for (const line of lines) {
    const semi = line.indexOf(';');
    const pair = semi === -1 ? line : line.slice(0, semi);
    const attributes = semi === -1 ? '' : line.slice(semi + 1).trim();
    const at = pair.indexOf('=');
    const name = (at === -1 ? pair : pair.slice(0, at)).trim();
    if (name === '') continue;
    const cookie = { value: at === -1 ? '' : pair.slice(at + 1).trim(), attributes };
    const list = groups.get(name);
    if (list === undefined) groups.set(name, [cookie]);
    else list.push(cookie);
  }
  const out: ResponseCookieMap = {};
  for (const [name, list] of groups) {
    const first = list[0] as { value: string; attributes: string };
    put<ResponseCookie>(out, name, list.length < 2 ? { ...first } : { ...first, multiValue: list.map((c) => ({ ...c })) });
  }
  return out;
}

/** Header (lower-case name, value) pairs in order, from rawHeaders or the headers object. */
export function headerPairs(source: Pick<RequestLike, 'rawHeaders' | 'headers'>): [string, string][] {
  const out: [string, string][] = [];
  if (source.rawHeaders !== undefined) {
    for (let i = 0; i + 1 < source.rawHeaders.length; i += 2) {
      out.push([(source.rawHeaders[i] as string).toLowerCase(), source.rawHeaders[i + 1] as string]);
    }
    return out;
  }
  for (const [name, value] of Object.entries(source.headers ?? {})) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (Array.isArray(value)) for (const v of value as readonly string[]) out.push([lower, v]);
    else out.push([lower, String(value)]);
  }
  return out;
}

/** Splits header pairs into the function-visible headers and the cookie lines (`cookieName`). */
function visibleHeaders(pairs: readonly [string, string][], cookieName: string): { headers: Map<string, string[]>; cookies: string[] } {
  const cookies: string[] = [];
  const visible: [string, string][] = [];
  for (const pair of pairs) {
    if (pair[0] === cookieName) cookies.push(pair[1]);
    else if (!isDisallowedHeader(pair[0])) visible.push(pair);
  }
  return { headers: grouped(visible), cookies };
}

/**
 * The viewer-request event for a request. Header names are lower case; `Cookie` headers
 * become `cookies`; disallowed headers are left out ("not exposed to edge functions").
 */
export function eventFromRequest(req: RequestLike, source: EventSource): FunctionEvent {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const { headers, cookies } = visibleHeaders(headerPairs(req), 'cookie');
  for (const [name, value] of Object.entries(source.extraHeaders ?? {})) headers.set(name.toLowerCase(), [value]);
  return {
    version: '1.0',
    context: {
      distributionDomainName: source.distributionDomainName ?? '',
      distributionId: source.distributionId ?? '',
      eventType: 'viewer-request',
      requestId: source.requestId ?? '',
    },
    viewer: { ip: source.viewerIp },
    request: {
      method: (req.method ?? 'GET').toUpperCase(),
      uri: q === -1 ? url : url.slice(0, q),
      querystring: q === -1 ? {} : parseQueryString(url.slice(q + 1)),
      headers: toValueMap(headers),
      cookies: parseCookieHeader(cookies),
    },
  };
}

export interface ResponseLike {
  statusCode: number;
  statusMessage?: string | undefined;
  headers?: Readonly<Record<string, string | readonly string[] | number | undefined>> | undefined;
  rawHeaders?: readonly string[] | undefined;
}

/** The `response` object for a viewer-response event; `Set-Cookie` headers become `cookies`. */
export function responseFromOrigin(res: ResponseLike): FunctionResponse {
  const { headers, cookies } = visibleHeaders(headerPairs(res), 'set-cookie');
  const out: FunctionResponse = { statusCode: res.statusCode, headers: toValueMap(headers), cookies: parseSetCookies(cookies) };
  if (res.statusMessage !== undefined) out.statusDescription = res.statusMessage;
  return out;
}

/**
 * The viewer-response event: the request (as the viewer request function left it, if any)
 * and the response from the cache or the origin.
 */
export function viewerResponseEvent(requestEvent: FunctionEvent, res: ResponseLike): FunctionEvent {
  return {
    ...requestEvent,
    context: { ...requestEvent.context, eventType: 'viewer-response' },
    response: responseFromOrigin(res),
  };
}
