// applyResult, table-driven: what CloudFront accepts, and its validation errors (502).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyResult, outcomeOf } from './apply.ts';
import { customOrigin } from './event.ts';
import { sampleEvent } from './test-helpers.ts';
import type { CfEvent, EventType } from './types.ts';

const clone = <T>(v: T): T => structuredClone(v);
const requestOf = (e: CfEvent) => clone(e.Records[0].cf.request) as unknown as Record<string, unknown> & { headers: Record<string, unknown> };
const responseOf = (e: CfEvent) => clone(e.Records[0].cf.response!) as unknown as Record<string, unknown> & { headers: Record<string, unknown> };

/** [name, event type, result from the event, expected kind, a fragment of the message when an error] */
type Case = [string, EventType, (e: CfEvent) => unknown, 'request' | 'response' | 'error', RegExp?];

const cases: Case[] = [
  ['the request unchanged', 'viewer-request', (e) => requestOf(e), 'request'],
  ['a rewritten uri and query string', 'origin-request', (e) => ({ ...requestOf(e), uri: '/x.webp', querystring: 'a=1' }), 'request'],
  ['an added header without key', 'origin-request', (e) => { const r = requestOf(e); r.headers['x-new'] = [{ value: 'v' }]; return r; }, 'request'],
  ['a generated response', 'viewer-request', () => ({ status: '302', headers: { location: [{ key: 'Location', value: '/login' }] } }), 'response'],
  ['a generated response with a numeric status and base64 body', 'origin-request', () => ({ status: 200, body: Buffer.from('hi').toString('base64'), bodyEncoding: 'base64' }), 'response'],
  ['a changed origin (custom -> s3)', 'origin-request', (e) => ({ ...requestOf(e), origin: { s3: { authMethod: 'none', customHeaders: {}, domainName: 'b.s3.amazonaws.com', path: '', region: 'eu-west-1' } } }), 'request'],
  ['origin-response: changed status and an added header', 'origin-response', (e) => { const r = responseOf(e); r.status = '404'; r.headers['x-frame-options'] = [{ key: 'X-Frame-Options', value: 'DENY' }]; return r; }, 'response'],
  ['viewer-response: a header added', 'viewer-response', (e) => { const r = responseOf(e); r.headers['strict-transport-security'] = [{ value: 'max-age=63072000' }]; return r; }, 'response'],
  // errors
  ['null', 'viewer-request', () => null, 'error', /not an object/],
  ['an array', 'origin-response', () => [], 'error', /not an object/],
  ['no uri', 'viewer-request', () => ({ headers: {} }), 'error', /uri/],
  ["a uri without '/'", 'viewer-request', (e) => ({ ...requestOf(e), uri: 'x' }), 'error', /uri/],
  ["'#' in the query string", 'viewer-request', (e) => ({ ...requestOf(e), querystring: 'a#b' }), 'error', /querystring/],
  ['a URI of 8192 characters', 'viewer-request', (e) => ({ ...requestOf(e), uri: '/' + 'a'.repeat(8191) }), 'error', /8192/],
  ['a changed method', 'viewer-request', (e) => ({ ...requestOf(e), method: 'DELETE' }), 'error', /method/],
  ['headers not an object', 'viewer-request', (e) => ({ ...requestOf(e), headers: [] }), 'error', /not an object/],
  ['a header name in upper case', 'viewer-request', (e) => { const r = requestOf(e); r.headers['X-Up'] = [{ value: '1' }]; return r; }, 'error', /lower case/],
  ['a header value that is a number', 'viewer-request', (e) => { const r = requestOf(e); r.headers['x-n'] = [{ value: 1 }]; return r; }, 'error', /not a string/],
  ['a header value with CRLF', 'viewer-request', (e) => { const r = requestOf(e); r.headers['x-n'] = [{ value: 'a\r\nb: c' }]; return r; }, 'error', /control character/],
  ["a key that is not the header's name", 'viewer-request', (e) => { const r = requestOf(e); r.headers['x-n'] = [{ key: 'X-Other', value: '1' }]; return r; }, 'error', /key/],
  ['a disallowed header (Connection)', 'origin-request', (e) => { const r = requestOf(e); r.headers.connection = [{ value: 'close' }]; return r; }, 'error', /disallowed header: connection/],
  ['a disallowed header (X-Edge-*)', 'origin-response', (e) => { const r = responseOf(e); r.headers['x-edge-foo'] = [{ value: '1' }]; return r; }, 'error', /disallowed/],
  ['viewer-request: Host changed', 'viewer-request', (e) => { const r = requestOf(e); r.headers.host = [{ key: 'Host', value: 'other' }]; return r; }, 'error', /read-only header: host/],
  ['origin-request: Accept-Encoding added', 'origin-request', (e) => { const r = requestOf(e); r.headers['accept-encoding'] = [{ value: 'gzip' }]; return r; }, 'error', /read-only header: accept-encoding/],
  ['origin-response: Via removed', 'origin-response', (e) => { const r = responseOf(e); delete r.headers.via; return r; }, 'error', /read-only header: via/],
  ['viewer-response: Content-Length changed', 'viewer-response', (e) => { const r = responseOf(e); r.headers['content-length'] = [{ value: '1' }]; return r; }, 'error', /read-only header: content-length/],
  ['viewer-response: status changed', 'viewer-response', (e) => ({ ...responseOf(e), status: '500' }), 'error', /cannot change the status/],
  ['a generated status of 99', 'viewer-request', () => ({ status: '99' }), 'error', /status code is not valid/],
  ['a generated status of 600', 'origin-request', () => ({ status: 600 }), 'error', /status code is not valid/],
  ['a generated status of "abc"', 'origin-request', () => ({ status: 'abc' }), 'error', /status code is not valid/],
  ['a body that is an object', 'viewer-request', () => ({ status: '200', body: { a: 1 } }), 'error', /body is not a string/],
  ['a bodyEncoding of gzip', 'viewer-request', () => ({ status: '200', body: 'x', bodyEncoding: 'gzip' }), 'error', /body is not a string/],
  ['a generated viewer response over 40 KB', 'viewer-request', () => ({ status: '200', body: 'x'.repeat(40 * 1024) }), 'error', /maximum size/],
  ['a generated origin response over 1 MB', 'origin-request', () => ({ status: '200', body: 'x'.repeat(1024 * 1024) }), 'error', /maximum size/],
  ['an origin-response body over 1 MB', 'origin-response', (e) => ({ ...responseOf(e), body: 'x'.repeat(1024 * 1024) }), 'error', /maximum size/],
  ['an origin with custom and s3', 'origin-request', (e) => ({ ...requestOf(e), origin: { ...customOrigin({ domainName: 'a' }), s3: {} } }), 'error', /exactly one/],
  ['an origin port of 8', 'origin-request', (e) => ({ ...requestOf(e), origin: customOrigin({ domainName: 'a', port: 8 }) }), 'error', /port/],
  ['an origin path ending in /', 'origin-request', (e) => ({ ...requestOf(e), origin: customOrigin({ domainName: 'a', path: '/x/' }) }), 'error', /path/],
  ['an origin readTimeout of 0', 'origin-request', (e) => ({ ...requestOf(e), origin: customOrigin({ domainName: 'a', readTimeout: 0 }) }), 'error', /readTimeout/],
  ['an origin sslProtocol TLSv1.3', 'origin-request', (e) => ({ ...requestOf(e), origin: customOrigin({ domainName: 'a', sslProtocols: ['TLSv1.3'] }) }), 'error', /sslProtocols/],
  ['an empty origin domain name', 'origin-request', (e) => ({ ...requestOf(e), origin: customOrigin({ domainName: '' }) }), 'error', /domainName/],
];

describe('applyResult', () => {
  for (const [name, eventType, make, kind, message] of cases) {
    it(`${eventType}: ${name} -> ${kind}`, () => {
      const event = sampleEvent(eventType);
      const applied = applyResult(eventType, event, make(event));
      assert.equal(applied.kind, kind, JSON.stringify(applied));
      if (applied.kind === 'error') {
        assert.equal(applied.code, 'LambdaValidationError');
        assert.equal(applied.status, 502);
        assert.match(applied.message, /^The Lambda function result failed validation: /);
        if (message) assert.match(applied.message, message);
      }
    });
  }

  it('a request: headers as name/value pairs with their keys, origin and body as given', () => {
    const event = sampleEvent('origin-request', { body: 'a=1' });
    const r = requestOf(event);
    r.headers['x-lower'] = [{ value: 'v' }];
    r.body = { action: 'replace', encoding: 'text', data: 'b=2' };
    r.origin = customOrigin({ domainName: 'other.example', protocol: 'http', port: 8080 });
    const applied = applyResult('origin-request', event, r);
    assert.ok(applied.kind === 'request');
    assert.deepEqual(applied.request.headers.slice(-1), [['X-Lower', 'v']]);
    assert.equal(applied.request.body?.toString(), 'b=2');
    assert.equal(applied.request.originChanged, true);
    assert.deepEqual(applied.request.origin, customOrigin({ domainName: 'other.example', protocol: 'http', port: 8080 }));
  });

  it('a replaced body over its limit (viewer: 40 KB text, 53.2 KB base64) is refused', () => {
    const event = sampleEvent('viewer-request', { body: 'a=1' });
    const text = { ...requestOf(event), body: { action: 'replace', encoding: 'text', data: 'x'.repeat(40 * 1024 + 1) } };
    assert.equal(applyResult('viewer-request', event, text).kind, 'error');
    const ok = { ...requestOf(event), body: { action: 'replace', encoding: 'base64', data: Buffer.alloc(39 * 1024).toString('base64') } };
    assert.equal(applyResult('viewer-request', event, ok).kind, 'request');
  });

  it('a read-only body is kept; a generated response gets its status text', () => {
    const event = sampleEvent('viewer-request', { body: 'a=1' });
    const kept = applyResult('viewer-request', event, requestOf(event));
    assert.ok(kept.kind === 'request');
    assert.equal(kept.request.body, undefined);
    const generated = applyResult('viewer-request', event, { status: '404' });
    assert.ok(generated.kind === 'response');
    assert.deepEqual([generated.response.statusDescription, generated.response.generated, generated.response.body?.byteLength], ['Not Found', true, 0]);
  });

  it('outcomeOf: a failed invocation is its 503, a result is checked', () => {
    const event = sampleEvent('viewer-request');
    const failed = outcomeOf('viewer-request', event, { ok: false, error: 'LambdaLimitExceeded', errorType: 'Sandbox.Timedout', message: 'Task timed out after 5.00 seconds', logs: [], durationMs: 5000, requestId: 'r' });
    assert.deepEqual(failed, { kind: 'error', code: 'LambdaLimitExceeded', status: 503, message: 'Task timed out after 5.00 seconds' });
    const ok = outcomeOf('viewer-request', event, { ok: true, result: requestOf(event), logs: [], durationMs: 1, maxMemoryUsedMb: 50, requestId: 'r' });
    assert.equal(ok.kind, 'request');
  });
});
