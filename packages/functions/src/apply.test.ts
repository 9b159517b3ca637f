import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyRequest, applyResponse, cookieHeader, setCookieLines } from './apply.ts';
import { capitalizeHeaderName } from './header-rules.ts';
import type { FunctionRequest, ValueEntry } from './types.ts';
import { valuesOf } from './values.ts';

const accept: ValueEntry = { value: 'application/json', multiValue: [{ value: 'application/json' }, { value: 'application/xml' }, { value: 'text/html' }] };

describe('multiValue rules (functions-event-structure, "Duplicate query strings, headers, and cookies")', () => {
  const table: [name: string, out: ValueEntry, input: ValueEntry | undefined, expected: string[]][] = [
    ['unchanged', structuredClone(accept), accept, ['application/json', 'application/xml', 'text/html']],
    // "If the multiValue array exists and has any modification, then that modification is applied. The first element in the value property is ignored."
    ['multiValue changed wins over value', { value: 'ignored', multiValue: [{ value: 'a' }, { value: 'b' }] }, accept, ['a', 'b']],
    // "Otherwise, any modification to the value property is applied, and subsequent values (if they exist) remain unchanged."
    ['value changed, multiValue untouched', { value: 'text/plain', multiValue: structuredClone(accept.multiValue) }, accept, ['text/plain', 'application/xml', 'text/html']],
    ['replaced by a single value', { value: 'text/plain' }, accept, ['text/plain']],
    ['new field', { value: 'x' }, undefined, ['x']],
    ['new field with multiValue', { value: 'x', multiValue: [{ value: 'x' }, { value: 'y' }] }, undefined, ['x', 'y']],
  ];
  for (const [name, out, input, expected] of table) {
    it(name, () => assert.deepEqual(valuesOf(out, input), expected));
  }
});

function request(overrides: Partial<FunctionRequest> = {}): FunctionRequest {
  return {
    method: 'GET',
    uri: '/a',
    querystring: { b: { value: '2' }, a: { value: '1' }, e: { value: '%20x' } },
    headers: { host: { value: 'www.example.com' }, accept },
    cookies: { s: { value: '1' } },
    ...overrides,
  };
}

describe('applyRequest', () => {
  it('keeps the raw query string when the querystring object is unchanged', () => {
    const input = request();
    const applied = applyRequest(input, structuredClone(input), 'b=2&a=1&e=%20x&utm=');
    assert.equal(applied.querystring, 'b=2&a=1&e=%20x&utm=');
    assert.equal(applied.querystringChanged, false);
    assert.equal(applied.uriChanged, false);
    assert.equal(applied.url, '/a?b=2&a=1&e=%20x&utm=');
  });

  it('writes a changed query string back in the object order, values as the function left them', () => {
    const input = request();
    const out = structuredClone(input);
    out.querystring = { a: { value: '1' }, b: { value: '2', multiValue: [{ value: '2' }, { value: '3' }] }, e: input.querystring.e as ValueEntry };
    const applied = applyRequest(input, out, 'b=2&a=1&e=%20x');
    assert.equal(applied.querystring, 'a=1&b=2&b=3&e=%20x');
    assert.equal(applied.querystringChanged, true);
  });

  it('applies uri, headers and cookies; read-only headers keep their values', () => {
    const input = request();
    const out = structuredClone(input);
    out.uri = '/a/index.html';
    delete (out.headers as Record<string, unknown>).host;
    out.headers['x-added'] = { value: 'yes' };
    out.cookies = { s: { value: '2' }, t: { value: 'x', multiValue: [{ value: 'x' }, { value: 'y' }] } };
    const applied = applyRequest(input, out, undefined, { Connection: 'keep-alive', 'X-Forwarded-Proto': 'https', 'X-Custom': 'not carried' });
    assert.equal(applied.url, '/a/index.html?b=2&a=1&e=%20x');
    assert.equal(applied.uriChanged, true);
    assert.deepEqual(applied.headers, {
      accept: ['application/json', 'application/xml', 'text/html'],
      'x-added': ['yes'],
      host: ['www.example.com'],
      cookie: ['s=2; t=x; t=y'],
      connection: ['keep-alive'],
      'x-forwarded-proto': ['https'],
    });
  });

  it('sends no cookie header when there are no cookies', () => {
    const input = request({ cookies: {} });
    assert.equal(applyRequest(input, structuredClone(input)).headers.cookie, undefined);
    assert.equal(cookieHeader({}), undefined);
  });
});

describe('applyResponse', () => {
  it('a generated response: headers, Set-Cookie lines, text body, empty body when none', () => {
    const applied = applyResponse({
      statusCode: 302,
      statusDescription: 'Found',
      headers: { location: { value: 'https://example.com/' }, 'content-length': { value: '99' } },
      cookies: { a: { value: '1', attributes: 'Path=/; Secure' }, b: { value: '2' } },
      body: 'moved',
    });
    assert.deepEqual(applied, {
      statusCode: 302,
      statusMessage: 'Found',
      headers: { location: ['https://example.com/'], 'set-cookie': ['a=1; Path=/; Secure', 'b=2'] },
      body: Buffer.from('moved'),
    });
    assert.deepEqual(applyResponse({ statusCode: 204, headers: {}, cookies: {} }).body, Buffer.alloc(0));
  });

  it('a viewer response: no body keeps the original; base64 bodies are decoded', () => {
    const input = { statusCode: 200, headers: { 'content-length': { value: '5' }, via: { value: '1.1 x' } }, cookies: { c: { value: '1', attributes: 'Path=/', multiValue: [{ value: '1', attributes: 'Path=/' }, { value: '2', attributes: 'Path=/b' }] } } };
    const kept = applyResponse(structuredClone(input), input, { 'X-Cache': 'Hit from cachefront' });
    assert.equal(kept.body, undefined);
    assert.deepEqual(kept.headers, { 'content-length': ['5'], via: ['1.1 x'], 'set-cookie': ['c=1; Path=/', 'c=2; Path=/b'], 'x-cache': ['Hit from cachefront'] });
    const replaced = applyResponse({ ...structuredClone(input), body: { data: Buffer.from('<p>hi</p>').toString('base64'), encoding: 'base64' } }, input);
    assert.equal(replaced.body?.toString(), '<p>hi</p>');
    assert.equal(replaced.headers['content-length'], undefined); // the edge frames the new body
  });

  it('Set-Cookie lines follow the multiValue rules', () => {
    const input = { c: { value: '1', attributes: 'a', multiValue: [{ value: '1', attributes: 'a' }, { value: '2', attributes: 'b' }] } };
    assert.deepEqual(setCookieLines({ c: { ...structuredClone(input.c), value: '9' } }, input), ['c=9; a', 'c=2; b']);
  });
});

describe('capitalizeHeaderName', () => {
  // "if your function code adds a header named example-header-name, CloudFront converts this to Example-Header-Name"
  for (const [name, wire] of [['example-header-name', 'Example-Header-Name'], ['x-amz-1', 'X-Amz-1'], ['etag', 'Etag']] as const) {
    it(`${name} -> ${wire}`, () => assert.equal(capitalizeHeaderName(name), wire));
  }
});
