import type { IncomingHttpHeaders } from 'node:http';

/**
 * A request head the fast path may answer: GET or HEAD in origin-form, HTTP/1.0 or 1.1,
 * no body, every header once. `length`: bytes of the head, through its empty line.
 */
export interface FastHead {
  method: 'GET' | 'HEAD';
  url: string;
  httpVersion: '1.0' | '1.1';
  /** Lower-cased names, values without surrounding whitespace (as IncomingMessage has them). */
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  keepAlive: boolean;
  length: number;
}

/** node:http's `maxHeaderSize` for viewers (CloudFront's 20,480-byte request line and headers). */
export const MAX_HEAD = 20480;
const MAX_HEADERS = 100;

// tchar (RFC 9110 §5.6.2): what a header name may be made of.
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;
// field-value octets: HTAB, SP, VCHAR, obs-text (RFC 9110 §5.5); never CR, LF or NUL.
const VALUE = new Uint8Array(256);
VALUE[0x09] = 1;
for (let c = 0x20; c <= 0x7e; c++) VALUE[c] = 1;
for (let c = 0x80; c <= 0xff; c++) VALUE[c] = 1;

/**
 * Reads one request head from `buf` at `off`, strictly: `undefined` when the bytes there
 * are anything but a complete, unambiguous GET or HEAD without a body (a partial head, a
 * bare CR or LF, obs-fold, a character outside RFC 9110's grammar, a repeated header,
 * Content-Length, Transfer-Encoding, Expect, Upgrade, a head over 20,480 bytes). The
 * caller then hands the connection, from this request on, to node:http's parser, so a
 * request is read by the fast path only when llhttp would read exactly the same request
 * and no other: there is no input on which the two disagree about where a request ends.
 */
export function parseFastHead(buf: Buffer, off: number): FastHead | undefined {
  const end = buf.indexOf('\r\n\r\n', off, 'latin1');
  if (end === -1 || end + 4 - off > MAX_HEAD) return undefined;
  // Request line: METHOD SP origin-form SP HTTP/1.x
  let i = off;
  let method: 'GET' | 'HEAD';
  if (buf[i] === 0x47 && buf[i + 1] === 0x45 && buf[i + 2] === 0x54 && buf[i + 3] === 0x20) {
    method = 'GET';
    i += 4;
  } else if (buf[i] === 0x48 && buf[i + 1] === 0x45 && buf[i + 2] === 0x41 && buf[i + 3] === 0x44 && buf[i + 4] === 0x20) {
    method = 'HEAD';
    i += 5;
  } else return undefined;
  if (buf[i] !== 0x2f) return undefined; // '/': origin-form only
  const targetStart = i;
  while (i < end && buf[i]! > 0x20 && buf[i]! < 0x7f) i++;
  if (buf[i] !== 0x20) return undefined;
  const url = buf.toString('latin1', targetStart, i);
  i++;
  // "HTTP/1." then 0 or 1, then CRLF
  if (buf[i] !== 0x48 || buf[i + 1] !== 0x54 || buf[i + 2] !== 0x54 || buf[i + 3] !== 0x50 || buf[i + 4] !== 0x2f || buf[i + 5] !== 0x31 || buf[i + 6] !== 0x2e) return undefined;
  const minor = buf[i + 7];
  if ((minor !== 0x30 && minor !== 0x31) || buf[i + 8] !== 0x0d || buf[i + 9] !== 0x0a) return undefined;
  const httpVersion = minor === 0x31 ? '1.1' : '1.0';
  i += 10;

  const headers: IncomingHttpHeaders = {};
  const rawHeaders: string[] = [];
  let connection: string | undefined;
  while (i < end + 2) {
    // name ":" OWS value OWS CRLF
    const nameStart = i;
    while (TCHAR[buf[i]!] === 1) i++;
    if (i === nameStart || buf[i] !== 0x3a) return undefined;
    const rawName = buf.toString('latin1', nameStart, i);
    i++;
    const valueStart = i;
    while (VALUE[buf[i]!] === 1) i++;
    if (buf[i] !== 0x0d || buf[i + 1] !== 0x0a) return undefined;
    let a = valueStart;
    let b = i;
    while (a < b && (buf[a] === 0x20 || buf[a] === 0x09)) a++;
    while (b > a && (buf[b - 1] === 0x20 || buf[b - 1] === 0x09)) b--;
    const value = buf.toString('latin1', a, b);
    i += 2;
    const name = rawName.toLowerCase();
    if (headers[name] !== undefined || rawHeaders.length >= MAX_HEADERS * 2) return undefined;
    if (name === 'content-length' || name === 'transfer-encoding' || name === 'expect' || name === 'upgrade' || name === 'http2-settings') return undefined;
    if (name === 'connection') connection = value.toLowerCase();
    // set-cookie is the one header IncomingMessage keeps as a list.
    if (name === 'set-cookie') (headers as Record<string, string[]>)[name] = [value];
    else headers[name] = value;
    rawHeaders.push(rawName, value);
  }
  let keepAlive = httpVersion === '1.1';
  if (connection !== undefined) {
    for (const token of connection.split(',')) {
      const t = token.trim();
      if (t === 'close') keepAlive = false;
      else if (t === 'keep-alive') keepAlive ||= httpVersion === '1.0';
      else if (t === 'upgrade') return undefined;
    }
  }
  return { method, url, httpVersion, headers, rawHeaders, keepAlive, length: end + 4 - off };
}
