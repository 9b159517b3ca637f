import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionError, type FunctionErrorCode } from './errors.ts';
import { requestEvent, responseEvent } from './test-fixtures.ts';
import type { EventType } from './types.ts';
import { validateOutput } from './validate.ts';

const request = () => structuredClone(requestEvent('/a?x=1', ['Host', 'www.example.com', 'Accept', 'a', 'Accept', 'b']).request);
const response = () => ({ statusCode: 200, headers: { 'content-type': { value: 'text/html' } }, cookies: {} });

describe('validateOutput: errors', () => {
  const table: [name: string, eventType: EventType, raw: () => unknown, code: FunctionErrorCode, message: string][] = [
    ['undefined', 'viewer-request', () => undefined, 'INVALID_VALUE', 'the handler returned undefined; it must return the request or a response object'],
    ['a string', 'viewer-response', () => 'ok', 'INVALID_VALUE', 'the handler returned string; it must return the response object'],
    ['an array', 'viewer-request', () => [], 'INVALID_VALUE', 'the handler returned an array; it must return the request or a response object'],
    ['request from a viewer response function', 'viewer-response', request, 'INVALID_VALUE', 'a viewer response function must return the response object, not the request'],
    ['changed method', 'viewer-request', () => ({ ...request(), method: 'POST' }), 'INVALID_VALUE', 'request.method is read-only'],
    ['uri without /', 'viewer-request', () => ({ ...request(), uri: 'index.html' }), 'INVALID_VALUE', 'request.uri must begin with a forward slash (/)'],
    ['uri not a string', 'viewer-request', () => ({ ...request(), uri: 5 }), 'INVALID_VALUE', 'request.uri must be a string'],
    ['uri with a space', 'viewer-request', () => ({ ...request(), uri: '/a b' }), 'INVALID_VALUE', "request.uri can't include spaces or control characters"],
    ['query value with #', 'viewer-request', () => ({ ...request(), querystring: { q: { value: 'a#b' } } }), 'INVALID_VALUE', "request.querystring.q can't include spaces, control characters, or the fragment identifier (#)"],
    ['query name with a space', 'viewer-request', () => ({ ...request(), querystring: { 'a b': { value: '1' } } }), 'INVALID_VALUE', 'request.querystring name "a b" can\'t include spaces, control characters, or the fragment identifier (#)'],
    ['uri too long', 'viewer-request', () => ({ ...request(), uri: '/' + 'a'.repeat(8190), querystring: { q: { value: '1' } } }), 'INVALID_VALUE', 'the URI with its query string must be less than 8192 characters'],
    ['header value not a string', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, 'x-n': { value: 5 } } }), 'INVALID_VALUE', 'request.headers["x-n"].value must be a string'],
    ['header entry not an object', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, x: 'v' } }), 'INVALID_VALUE', 'request.headers.x must be an object with a value'],
    ['multiValue not an array', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, x: { value: 'v', multiValue: 'v' } } }), 'INVALID_VALUE', 'request.headers.x.multiValue must be an array'],
    // "response.headers must have header names in lower case" is CloudFront's own text.
    ['upper-case header name', 'viewer-response', () => ({ ...response(), headers: { 'X-Frame-Options': { value: 'DENY' } } }), 'INVALID_VALUE', 'response.headers must have header names in lower case'],
    ['header name with a space', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, 'a b': { value: '1' } } }), 'INVALID_VALUE', 'request.headers["a b"]: "a b" is not a valid header name'],
    ['header value with CRLF', 'viewer-response', () => ({ ...response(), headers: { x: { value: 'a\r\nSet-Cookie: evil=1' } } }), 'INVALID_VALUE', 'response.headers.x has a value with CR, LF or NUL'],
    // Restrictions on edge functions: disallowed and read-only headers are validation errors (502).
    ['disallowed header added', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, 'x-forwarded-proto': { value: 'http' } } }), 'VALIDATION_ERROR', 'request.headers["x-forwarded-proto"] is a disallowed header; functions can\'t add it'],
    ['X-Amz-Cf-* added', 'viewer-response', () => ({ ...response(), headers: { 'x-amz-cf-pop': { value: 'FRA' } } }), 'VALIDATION_ERROR', 'response.headers["x-amz-cf-pop"] is a disallowed header; functions can\'t add it'],
    ['host changed', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, host: { value: 'evil.example' } } }), 'VALIDATION_ERROR', 'request.headers.host is read-only in viewer-request events'],
    ['content-length added to a request', 'viewer-request', () => ({ ...request(), headers: { ...request().headers, 'content-length': { value: '0' } } }), 'VALIDATION_ERROR', 'request.headers["content-length"] is read-only in viewer-request events'],
    ['via added to a response', 'viewer-response', () => ({ ...response(), headers: { via: { value: '1.1 me' } } }), 'VALIDATION_ERROR', 'response.headers.via is read-only in viewer-response events'],
    ['status not an integer', 'viewer-request', () => ({ statusCode: '302' }), 'INVALID_VALUE', 'response.statusCode must be an integer from 200 to 599'],
    ['status out of range', 'viewer-response', () => ({ ...response(), statusCode: 700 }), 'INVALID_VALUE', 'response.statusCode must be an integer from 200 to 599'],
    ['statusDescription not a string', 'viewer-request', () => ({ statusCode: 200, statusDescription: 1 }), 'INVALID_VALUE', 'response.statusDescription must be a string'],
    ['bad body encoding', 'viewer-request', () => ({ statusCode: 200, body: { data: 'x', encoding: 'hex' } }), 'INVALID_VALUE', "response.body.encoding must be 'text' or 'base64'"],
    // "If you specify encoding as base64 but the body is not valid base64, CloudFront returns an error."
    ['invalid base64 body', 'viewer-request', () => ({ statusCode: 200, body: { data: 'not base64!', encoding: 'base64' } }), 'INVALID_VALUE', 'response.body.data is not valid base64'],
    ['body of the wrong type', 'viewer-request', () => ({ statusCode: 200, body: 5 }), 'INVALID_VALUE', 'response.body must be a string or {data, encoding}'],
    ['cookie attributes not a string', 'viewer-response', () => ({ ...response(), cookies: { a: { value: '1', attributes: 1 } } }), 'INVALID_VALUE', 'response.cookies.a.attributes must be a string'],
  ];
  for (const [name, eventType, raw, code, detail] of table) {
    it(name, () => {
      const event = eventType === 'viewer-request' ? requestEvent('/a?x=1', ['Host', 'www.example.com', 'Accept', 'a', 'Accept', 'b']) : responseEvent({ headers: { via: { value: '1.1 cloudfront' } } });
      const result = validateOutput(eventType, event, raw());
      assert.ok(result instanceof FunctionError, `expected an error, got ${JSON.stringify(result)}`);
      assert.equal(result.code, code);
      assert.equal(result.message, `The CloudFront function returned an invalid value: ${detail}`);
      assert.equal(result.status, code === 'VALIDATION_ERROR' ? 502 : 503);
    });
  }
});

describe('validateOutput: accepted', () => {
  it('fills in what the function left out and keeps the method', () => {
    const event = requestEvent('/a');
    assert.deepEqual(validateOutput('viewer-request', event, { uri: '/b' }), {
      request: { method: 'GET', uri: '/b', querystring: {}, headers: {}, cookies: {} },
    });
  });

  it('a request may keep (or drop) read-only headers unchanged', () => {
    const event = requestEvent('/a', ['Host', 'h', 'Via', '1.1 proxy']);
    assert.ok(!(validateOutput('viewer-request', event, structuredClone(event.request)) instanceof FunctionError));
    assert.ok(!(validateOutput('viewer-request', event, { ...structuredClone(event.request), headers: {} }) instanceof FunctionError));
  });

  it('a generated response from a viewer request function, with a text body', () => {
    const result = validateOutput('viewer-request', requestEvent(), { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com/' } }, body: 'x' });
    assert.deepEqual(result, { response: { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com/' } }, cookies: {}, body: 'x' } });
  });

  it('a viewer response keeps its via and warning headers', () => {
    const event = responseEvent({ headers: { via: { value: '1.1 cloudfront' }, warning: { value: '110 - "stale"' } } });
    assert.ok(!(validateOutput('viewer-response', event, structuredClone(event.response)) instanceof FunctionError));
  });

  it('base64 bodies with padding', () => {
    for (const data of ['', 'YQ==', 'YWI=', 'YWJj']) {
      assert.ok(!(validateOutput('viewer-request', requestEvent(), { statusCode: 200, body: { data, encoding: 'base64' } }) instanceof FunctionError), data);
    }
  });
});
