// Checks what a function returned against the event structure and the header rules, and
// normalizes it into a FunctionOutput ("CloudFront Functions event structure"; Restrictions
// on edge functions). A viewer request function returns the request or a response; a viewer
// response function returns the response.

import { FunctionError, invalidValueMessage } from './errors.ts';
import { BAD_HEADER_VALUE, HEADER_NAME, READ_ONLY_HEADERS, isDisallowedHeader } from './header-rules.ts';
import { MAX_URI_CHARS } from './limits.ts';
import { serializeQueryString } from './querystring.ts';
import type { EventType, FunctionEvent, FunctionOutput, FunctionRequest, FunctionResponse, ResponseCookie, ValueMap } from './types.ts';
import { cookieValuesOf, own, valuesOf } from './values.ts';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const invalid = (detail: string) => new FunctionError('INVALID_VALUE', invalidValueMessage(detail));
const rejected = (detail: string) => new FunctionError('VALIDATION_ERROR', invalidValueMessage(detail));

function field(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** `{value}` entries with an optional `multiValue: [{value}]`; the map defaults to {}. */
function checkValueMap(raw: unknown, path: string, extra?: (entry: Obj, at: string) => FunctionError | undefined): ValueMap | FunctionError {
  if (raw === undefined) return {};
  if (!isObject(raw)) return invalid(`${path} must be an object`);
  for (const [key, entry] of Object.entries(raw)) {
    const at = field(path, key);
    if (!isObject(entry)) return invalid(`${at} must be an object with a value`);
    if (typeof entry.value !== 'string') return invalid(`${at}.value must be a string`);
    if (entry.multiValue !== undefined) {
      if (!Array.isArray(entry.multiValue)) return invalid(`${at}.multiValue must be an array`);
      for (const item of entry.multiValue) {
        if (!isObject(item) || typeof item.value !== 'string') return invalid(`${at}.multiValue must hold objects with a string value`);
      }
    }
    const problem = extra?.(entry, at);
    if (problem !== undefined) return problem;
  }
  return raw as ValueMap;
}

function checkHeaders(raw: unknown, path: string, eventType: EventType, input: ValueMap | undefined): ValueMap | FunctionError {
  const headers = checkValueMap(raw, path);
  if (headers instanceof FunctionError) return headers;
  const readOnly = input === undefined ? undefined : READ_ONLY_HEADERS[eventType];
  for (const [name, entry] of Object.entries(headers)) {
    if (name !== name.toLowerCase()) return invalid(`${path} must have header names in lower case`);
    if (!HEADER_NAME.test(name)) return invalid(`${field(path, name)}: ${JSON.stringify(name)} is not a valid header name`);
    const values = valuesOf(entry, own(input, name));
    if (values.some((v) => BAD_HEADER_VALUE.test(v))) return invalid(`${field(path, name)} has a value with CR, LF or NUL`);
    if (isDisallowedHeader(name)) return rejected(`${field(path, name)} is a disallowed header; functions can't add it`);
    if (readOnly?.has(name)) {
      const before = own(input, name);
      if (before === undefined || !sameValues(values, valuesOf(before))) return rejected(`${field(path, name)} is read-only in ${eventType} events`);
    }
  }
  return headers;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whitespace, a control character (C0 or DEL), or `#` when `hash`. */
function hasBadChar(text: string, hash: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || (hash && c === 0x23) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  }
  return false;
}

// "The query string can't include spaces, control characters, or the fragment identifier (#)."
const badQuery = (text: string) => hasBadChar(text, true);

function checkRequest(raw: Obj, event: FunctionEvent): FunctionRequest | FunctionError {
  const input = event.request;
  if (raw.method !== undefined && raw.method !== input.method) return invalid('request.method is read-only');
  if (typeof raw.uri !== 'string') return invalid('request.uri must be a string');
  if (!raw.uri.startsWith('/')) return invalid('request.uri must begin with a forward slash (/)');
  if (hasBadChar(raw.uri, false)) return invalid("request.uri can't include spaces or control characters");
  const querystring = checkValueMap(raw.querystring, 'request.querystring', (entry, at) => {
    const values = [entry.value as string, ...((entry.multiValue as { value: string }[] | undefined) ?? []).map((v) => v.value)];
    return values.some(badQuery) ? invalid(`${at} can't include spaces, control characters, or the fragment identifier (#)`) : undefined;
  });
  if (querystring instanceof FunctionError) return querystring;
  for (const key of Object.keys(querystring)) {
    if (badQuery(key)) return invalid(`request.querystring name ${JSON.stringify(key)} can't include spaces, control characters, or the fragment identifier (#)`);
  }
  const headers = checkHeaders(raw.headers, 'request.headers', 'viewer-request', input.headers);
  if (headers instanceof FunctionError) return headers;
  const cookies = checkValueMap(raw.cookies, 'request.cookies');
  if (cookies instanceof FunctionError) return cookies;
  const query = serializeQueryString(querystring, input.querystring);
  if (raw.uri.length + (query === '' ? 0 : query.length + 1) >= MAX_URI_CHARS) {
    return invalid(`the URI with its query string must be less than ${MAX_URI_CHARS} characters`);
  }
  return { method: input.method, uri: raw.uri, querystring, headers, cookies };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkResponse(raw: Obj, eventType: EventType, input: FunctionResponse | undefined): FunctionResponse | FunctionError {
  const status = raw.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return invalid('response.statusCode must be an integer from 200 to 599');
  }
  if (raw.statusDescription !== undefined && typeof raw.statusDescription !== 'string') return invalid('response.statusDescription must be a string');
  const headers = checkHeaders(raw.headers, 'response.headers', eventType, eventType === 'viewer-response' ? (input?.headers ?? {}) : undefined);
  if (headers instanceof FunctionError) return headers;
  const cookies = checkValueMap(raw.cookies, 'response.cookies', (entry, at) => {
    if (entry.attributes !== undefined && typeof entry.attributes !== 'string') return invalid(`${at}.attributes must be a string`);
    const items = (entry.multiValue as Obj[] | undefined) ?? [];
    if (items.some((item) => item.attributes !== undefined && typeof item.attributes !== 'string')) return invalid(`${at}.multiValue attributes must be strings`);
    const lines = cookieValuesOf(entry as unknown as ResponseCookie, undefined);
    return lines.some((c) => BAD_HEADER_VALUE.test(c.value) || BAD_HEADER_VALUE.test(c.attributes)) ? invalid(`${at} has a value with CR, LF or NUL`) : undefined;
  });
  if (cookies instanceof FunctionError) return cookies;
  const out: FunctionResponse = { statusCode: status, headers, cookies };
  if (raw.statusDescription !== undefined) out.statusDescription = raw.statusDescription as string;
  const body = raw.body;
  if (body !== undefined) {
    // "You can specify the encoding as plain text ("encoding": "text") or as Base64-encoded
    // content ("encoding": "base64") ... If you specify encoding as base64 but the body is not
    // valid base64, CloudFront returns an error."
    if (typeof body === 'string') out.body = body;
    else if (!isObject(body) || typeof body.data !== 'string') return invalid('response.body must be a string or {data, encoding}');
    else if (body.encoding !== 'text' && body.encoding !== 'base64') return invalid("response.body.encoding must be 'text' or 'base64'");
    else if (body.encoding === 'base64' && !BASE64.test(body.data)) return invalid('response.body.data is not valid base64');
    else out.body = { data: body.data, encoding: body.encoding };
  }
  return out;
}

/**
 * The function's return value (parsed from the sandbox's JSON) as a FunctionOutput, or the
 * error CloudFront would report. The returned objects are normalized: missing querystring,
 * headers and cookies are {}, the request keeps the viewer's method.
 */
export function validateOutput(eventType: EventType, event: FunctionEvent, raw: unknown): FunctionOutput | FunctionError {
  if (!isObject(raw)) {
    const what = raw === undefined ? 'undefined' : raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw;
    return invalid(`the handler returned ${what}; it must return ${eventType === 'viewer-request' ? 'the request or a response object' : 'the response object'}`);
  }
  if (eventType === 'viewer-request' && raw.statusCode === undefined) {
    const request = checkRequest(raw, event);
    return request instanceof FunctionError ? request : { request };
  }
  if (eventType === 'viewer-response' && raw.statusCode === undefined && typeof raw.uri === 'string') {
    return invalid('a viewer response function must return the response object, not the request');
  }
  const response = checkResponse(raw, eventType, event.response);
  return response instanceof FunctionError ? response : { response };
}
