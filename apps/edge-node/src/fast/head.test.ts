import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFastHead, MAX_HEAD } from './head.ts';

const parse = (s: string, off = 0) => parseFastHead(Buffer.from(s, 'latin1'), off);

describe('parseFastHead', () => {
  it('reads a GET: method, target, lower-cased names with trimmed values, raw names, length', () => {
    const text = 'GET /a/b?x=1 HTTP/1.1\r\nHost: a.localhost\r\nX-Thing:  \tv  1 \t\r\nAccept-Encoding: gzip\r\n\r\n';
    const h = parse(`${text}GET /next`);
    assert.ok(h);
    assert.equal(h.method, 'GET');
    assert.equal(h.url, '/a/b?x=1');
    assert.equal(h.httpVersion, '1.1');
    assert.deepEqual(h.headers, { host: 'a.localhost', 'x-thing': 'v  1', 'accept-encoding': 'gzip' });
    assert.deepEqual(h.rawHeaders, ['Host', 'a.localhost', 'X-Thing', 'v  1', 'Accept-Encoding', 'gzip']);
    assert.equal(h.length, text.length);
    assert.equal(h.keepAlive, true);
  });

  it('reads the second of two pipelined requests at its offset', () => {
    const a = 'HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n';
    const h = parse(`${a}GET /y HTTP/1.0\r\nHost: h\r\n\r\n`, a.length);
    assert.equal(h?.method, 'GET');
    assert.equal(h?.url, '/y');
    assert.equal(h?.httpVersion, '1.0');
  });

  it('keep-alive as HTTP/1.x defines it: 1.1 unless close, 1.0 only with keep-alive', () => {
    const ka = (v: string, c?: string) => parse(`GET / HTTP/${v}\r\nHost: h\r\n${c === undefined ? '' : `Connection: ${c}\r\n`}\r\n`)?.keepAlive;
    assert.equal(ka('1.1'), true);
    assert.equal(ka('1.1', 'close'), false);
    assert.equal(ka('1.1', 'Keep-Alive, Close'), false);
    assert.equal(ka('1.0'), false);
    assert.equal(ka('1.0', 'keep-alive'), true);
    assert.equal(ka('1.1', 'x-close'), true);
  });

  it('leaves everything else to node:http (undefined)', () => {
    const refused: [string, string][] = [
      ['partial head', 'GET / HTTP/1.1\r\nHost: h\r\n'],
      ['POST', 'POST / HTTP/1.1\r\nHost: h\r\n\r\n'],
      ['lower-case method', 'get / HTTP/1.1\r\nHost: h\r\n\r\n'],
      ['absolute-form', 'GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n'],
      ['asterisk', 'GET * HTTP/1.1\r\nHost: h\r\n\r\n'],
      ['two spaces', 'GET  / HTTP/1.1\r\nHost: h\r\n\r\n'],
      ['non-ASCII target', 'GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n'],
      ['HTTP/2.0', 'GET / HTTP/2.0\r\nHost: h\r\n\r\n'],
      ['HTTP/1.2', 'GET / HTTP/1.2\r\nHost: h\r\n\r\n'],
      ['lower-case version', 'GET / http/1.1\r\nHost: h\r\n\r\n'],
      ['bare LF in a line', 'GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n'],
      ['bare LF ends the request line', 'GET / HTTP/1.1\nHost: h\r\n\r\n'],
      ['bare CR in a value', 'GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n'],
      ['NUL in a value', 'GET / HTTP/1.1\r\nHost: h\u0000\r\n\r\n'],
      ['obs-fold', 'GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n'],
      ['space before the colon', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n'],
      ['no colon', 'GET / HTTP/1.1\r\nHost h\r\n\r\n'],
      ['empty name', 'GET / HTTP/1.1\r\n: h\r\n\r\n'],
      ['repeated header', 'GET / HTTP/1.1\r\nHost: h\r\nhost: i\r\n\r\n'],
      ['Content-Length', 'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n'],
      ['Transfer-Encoding', 'GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
      ['Expect', 'GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n'],
      ['Upgrade', 'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'],
      ['Connection: upgrade alone', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\n'],
      ['a prototype name', 'GET / HTTP/1.1\r\nHost: h\r\n__proto__: x\r\n\r\n'],
      ['head over 20,480 bytes', `GET / HTTP/1.1\r\nHost: h\r\nX: ${'a'.repeat(MAX_HEAD)}\r\n\r\n`],
      ['101 headers', `GET / HTTP/1.1\r\n${Array.from({ length: 101 }, (_, i) => `X-${i}: v\r\n`).join('')}\r\n`],
    ];
    for (const [what, text] of refused) assert.equal(parse(text), undefined, what);
  });
});
