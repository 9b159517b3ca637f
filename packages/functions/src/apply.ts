// What the edge does with a function's (validated) output: the request to continue with, or
// the response to send. Pure functions over the event objects; header names stay lower case
// (Node's convention; capitalizeHeaderName gives CloudFront's wire spelling).

import { READ_ONLY_HEADERS, isDisallowedHeader } from './header-rules.ts';
import { serializeQueryString } from './querystring.ts';
import type { EventType, FunctionRequest, FunctionResponse, ResponseCookieMap, ValueMap } from './types.ts';
import { cookieValuesOf, own, valuesOf } from './values.ts';

export type HeaderLists = Record<string, string[]>;
type HiddenHeaders = Readonly<Record<string, string | readonly string[] | number | undefined>>;

export interface AppliedRequest {
  uri: string;
  /** Without the `?`; empty for none. */
  querystring: string;
  /** uri + ('?' + querystring when there is one). */
  url: string;
  /** Lower-case names; the cookies as one `cookie` header. */
  headers: HeaderLists;
  uriChanged: boolean;
  querystringChanged: boolean;
}

function headerLists(headers: ValueMap, input: ValueMap | undefined, eventType: EventType | undefined): HeaderLists {
  const out: HeaderLists = {};
  for (const [name, entry] of Object.entries(headers)) {
    if (name === '__proto__') continue;
    out[name] = valuesOf(entry, own(input, name));
  }
  if (eventType !== undefined && input !== undefined) {
    // Read-only headers keep the values the function received (validation refused changes;
    // a function that deleted one gets it back).
    for (const name of READ_ONLY_HEADERS[eventType]) {
      const before = own(input, name);
      if (before !== undefined) out[name] = valuesOf(before);
    }
  }
  return out;
}

/** The disallowed headers of the original message, which functions never saw, carried over. */
function addHidden(out: HeaderLists, hidden: HiddenHeaders | undefined): void {
  for (const [name, value] of Object.entries(hidden ?? {})) {
    const lower = name.toLowerCase();
    if (value === undefined || !isDisallowedHeader(lower)) continue;
    out[lower] = Array.isArray(value) ? [...(value as readonly string[])] : [String(value)];
  }
}

function sameValueMap(a: ValueMap, b: ValueMap): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = own(b, key);
    if (x === undefined || y === undefined || x.value !== y.value) return false;
    const xm = x.multiValue;
    const ym = y.multiValue;
    if ((xm === undefined) !== (ym === undefined)) return false;
    if (xm !== undefined && ym !== undefined && (xm.length !== ym.length || xm.some((v, i) => v.value !== ym[i]?.value))) return false;
  }
  return true;
}

/**
 * The request to continue with. "If a function does not change the URI or query string,
 * CloudFront forwards the values that it received" (Restrictions on edge functions, URI and
 * query string encoding): an unchanged query string is the viewer's raw one (`rawQuery`).
 * `hidden`: the viewer's original headers, for the disallowed ones the function never saw.
 */
export function applyRequest(input: FunctionRequest, output: FunctionRequest, rawQuery?: string, hidden?: HiddenHeaders): AppliedRequest {
  const querystringChanged = !sameValueMap(output.querystring, input.querystring);
  const querystring = querystringChanged || rawQuery === undefined ? serializeQueryString(output.querystring, input.querystring) : rawQuery;
  const headers = headerLists(output.headers, input.headers, 'viewer-request');
  const cookies = cookieHeader(output.cookies, input.cookies);
  if (cookies !== undefined) headers.cookie = [cookies];
  addHidden(headers, hidden);
  return {
    uri: output.uri,
    querystring,
    url: querystring === '' ? output.uri : `${output.uri}?${querystring}`,
    headers,
    uriChanged: output.uri !== input.uri,
    querystringChanged,
  };
}

/** `Cookie: a=1; b=2` from the cookies object; undefined when there are none. */
export function cookieHeader(cookies: ValueMap, input?: ValueMap): string | undefined {
  const parts: string[] = [];
  for (const [name, entry] of Object.entries(cookies)) {
    for (const value of valuesOf(entry, own(input, name))) parts.push(`${name}=${value}`);
  }
  return parts.length === 0 ? undefined : parts.join('; ');
}

/** One `Set-Cookie` line per response cookie value: `name=value; attributes`. */
export function setCookieLines(cookies: ResponseCookieMap, input?: ResponseCookieMap): string[] {
  const lines: string[] = [];
  for (const [name, cookie] of Object.entries(cookies)) {
    for (const c of cookieValuesOf(cookie, own(input, name))) lines.push(c.attributes === '' ? `${name}=${c.value}` : `${name}=${c.value}; ${c.attributes}`);
  }
  return lines;
}

export interface AppliedResponse {
  statusCode: number;
  statusMessage: string | undefined;
  /** Lower-case names, `set-cookie` included. */
  headers: HeaderLists;
  /**
   * The new body, or undefined to keep the original ("If you don't specify the body field in
   * your viewer response function, the original body ... is returned to viewer"); a response a
   * viewer request function generates without a body has an empty one.
   */
  body: Buffer | undefined;
}

/** The body's bytes: text as UTF-8, or decoded base64. */
export function responseBody(body: FunctionResponse['body']): Buffer | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8');
}

/**
 * The response to send. `input` is the response a viewer response function received
 * (undefined for a response generated by a viewer request function); `hidden`: the original
 * response headers, for the disallowed ones. When the function sets a body, Content-Length
 * and Transfer-Encoding are dropped: the edge frames the new body itself.
 */
export function applyResponse(output: FunctionResponse, input?: FunctionResponse, hidden?: HiddenHeaders): AppliedResponse {
  const generated = input === undefined;
  const headers = headerLists(output.headers, input?.headers, generated ? undefined : 'viewer-response');
  const cookies = setCookieLines(output.cookies, input?.cookies);
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  addHidden(headers, hidden);
  const body = responseBody(output.body) ?? (generated ? Buffer.alloc(0) : undefined);
  if (body !== undefined) {
    delete headers['content-length'];
    delete headers['transfer-encoding'];
  }
  return { statusCode: output.statusCode, statusMessage: output.statusDescription, headers, body };
}
