// The example functions in examples/functions: CloudFront-compatible code, run as the edge
// runs it (event from a request, output applied back).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { applyRequest } from './apply.ts';
import { keyValueStore } from './kvs.ts';
import { NOW, compile, example, requestEvent, requestOf, responseEvent, responseOf } from './test-fixtures.ts';
import type { FunctionRuntime } from './types.ts';

const BOTH: FunctionRuntime[] = ['cloudfront-js-1.0', 'cloudfront-js-2.0'];

describe('spa-rewrite.js', () => {
  for (const runtime of BOTH) {
    it(`routes without a file extension get /index.html (${runtime})`, async () => {
      const fn = await compile(example('spa-rewrite.js'), runtime);
      const table: [uri: string, expected: string][] = [
        ['/', '/index.html'],
        ['/settings/profile', '/index.html'],
        ['/users/42/', '/index.html'],
        ['/assets/app.3f2a.js', '/assets/app.3f2a.js'],
        ['/favicon.ico', '/favicon.ico'],
        ['/v1.2/docs', '/index.html'], // a dot in a directory name is not an extension
      ];
      for (const [uri, expected] of table) assert.equal(requestOf(fn.runSync('viewer-request', requestEvent(uri))).uri, expected, uri);
      fn.dispose();
    });
  }
});

describe('security-headers.js', () => {
  for (const runtime of BOTH) {
    it(`adds the headers and keeps the origin's own (${runtime})`, async () => {
      const fn = await compile(example('security-headers.js'), runtime);
      const event = responseEvent({ headers: { 'content-type': { value: 'text/html' }, 'x-frame-options': { value: 'SAMEORIGIN' } } });
      const headers = responseOf(fn.runSync('viewer-response', event)).headers;
      assert.deepEqual(headers['strict-transport-security'], { value: 'max-age=63072000; includeSubDomains; preload' });
      assert.deepEqual(headers['x-content-type-options'], { value: 'nosniff' });
      assert.deepEqual(headers['x-frame-options'], { value: 'SAMEORIGIN' });
      assert.deepEqual(headers['content-type'], { value: 'text/html' });
      assert.ok(headers['content-security-policy'] && headers['referrer-policy'] && headers['permissions-policy']);
      fn.dispose();
    });
  }
});

describe('country-redirect.js', () => {
  for (const runtime of BOTH) {
    it(`redirects by CloudFront-Viewer-Country (${runtime})`, async () => {
      const fn = await compile(example('country-redirect.js'), runtime);
      const run = (uri: string, country?: string) =>
        fn.runSync('viewer-request', requestEvent(uri, ['Host', 'www.example.com', ...(country === undefined ? [] : ['CloudFront-Viewer-Country', country])]));
      const redirected = responseOf(run('/shop/item?id=1', 'DE'));
      assert.equal(redirected.statusCode, 302);
      assert.deepEqual(redirected.headers.location, { value: 'https://www.example.com/de/shop/item' });
      assert.equal(requestOf(run('/de/shop', 'DE')).uri, '/de/shop');
      assert.equal(requestOf(run('/shop', 'US')).uri, '/shop');
      assert.equal(requestOf(run('/shop')).uri, '/shop');
      assert.deepEqual(responseOf(run('/', 'GB')).headers.location, { value: 'https://www.example.com/uk/' });
      fn.dispose();
    });
  }
});

describe('cache-key-normalize.js', () => {
  for (const runtime of BOTH) {
    it(`lower-cases and sorts query parameter names (${runtime})`, async () => {
      const fn = await compile(example('cache-key-normalize.js'), runtime);
      const event = requestEvent('/search?Q=Shoes&page=2&B=1&b=3&utm_Source=x');
      const request = requestOf(fn.runSync('viewer-request', event));
      assert.deepEqual(Object.keys(request.querystring), ['b', 'page', 'q', 'utm_source']);
      assert.deepEqual(request.querystring.b, { value: '1', multiValue: [{ value: '1' }, { value: '3' }] });
      assert.equal(applyRequest(event.request, request, 'Q=Shoes&page=2&B=1&b=3&utm_Source=x').querystring, 'b=1&b=3&page=2&q=Shoes&utm_source=x');
      const same = requestOf(fn.runSync('viewer-request', requestEvent('/search?b=3&page=2&B=1&utm_source=x&q=Shoes')));
      assert.deepEqual(Object.keys(same.querystring), ['b', 'page', 'q', 'utm_source']);
      fn.dispose();
    });
  }
});

describe('jwt-hs256.js', () => {
  const SECRET = 'change-me-to-a-long-random-secret';
  const b64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  function sign(payload: object, header: object = { alg: 'HS256', typ: 'JWT' }, secret = SECRET): string {
    const body = `${b64url(header)}.${b64url(payload)}`;
    return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
  }
  const nowS = Math.floor(NOW / 1000);

  it('lets a valid token through, with its subject, and refuses the rest with 401', async () => {
    const fn = await compile(example('jwt-hs256.js'), 'cloudfront-js-2.0');
    const run = (headers: string[]) => fn.runSync('viewer-request', requestEvent('/api/data', ['Host', 'api.example.com', ...headers]));

    const ok = requestOf(run(['Authorization', `Bearer ${sign({ sub: 'user-42', exp: nowS + 60 })}`]));
    assert.deepEqual(ok.headers['x-user-sub'], { value: 'user-42' });
    assert.equal(ok.headers.authorization, undefined);
    assert.deepEqual(requestOf(run(['Cookie', `token=${sign({ sub: 'c', exp: nowS + 60 })}`])).headers['x-user-sub'], { value: 'c' });

    const refused: [name: string, headers: string[], reason: string][] = [
      ['no token', [], 'missing token'],
      ['expired', ['Authorization', `Bearer ${sign({ sub: 'x', exp: nowS })}`], 'token expired'],
      ['not yet valid', ['Authorization', `Bearer ${sign({ sub: 'x', nbf: nowS + 10 })}`], 'token not yet valid'],
      ['wrong secret', ['Authorization', `Bearer ${sign({ sub: 'x' }, undefined, 'other')}`], 'bad signature'],
      ['tampered payload', ['Authorization', `Bearer ${sign({ sub: 'x' }).replace(/\.[^.]+\./, `.${b64url({ sub: 'admin' })}.`)}`], 'bad signature'],
      ['alg none', ['Authorization', `Bearer ${b64url({ alg: 'none' })}.${b64url({ sub: 'x' })}.`], 'unsupported algorithm'],
      ['garbage', ['Authorization', 'Bearer a.b.c'], 'malformed token'],
      ['two parts', ['Authorization', 'Bearer a.b'], 'malformed token'],
    ];
    for (const [name, headers, reason] of refused) {
      const result = run(headers);
      const response = responseOf(result);
      assert.equal(response.statusCode, 401, name);
      assert.deepEqual(response.headers['www-authenticate'], { value: `Bearer error="invalid_token", error_description="${reason}"` }, name);
    }
    assert.deepEqual(run(['Authorization', 'Bearer a.b.c']).logs.length, 1); // the parse error is logged
    fn.dispose();
  });
});

describe('ab-cookie.js', () => {
  for (const runtime of BOTH) {
    it(`keeps the group from the cookie, else assigns one from a hash (${runtime})`, async () => {
      const fn = await compile(example('ab-cookie.js'), runtime);
      const withCookie = requestOf(fn.runSync('viewer-request', requestEvent('/', ['Host', 'h', 'Cookie', 'ab-group=b'])));
      assert.equal(withCookie.uri, '/experiment-b/index.html');
      assert.deepEqual(withCookie.headers['x-ab-group'], { value: 'b' });
      assert.equal(requestOf(fn.runSync('viewer-request', requestEvent('/', ['Host', 'h', 'Cookie', 'ab-group=a']))).uri, '/');

      for (const ip of ['198.51.100.1', '198.51.100.2', '203.0.113.9', '192.0.2.77']) {
        const agent = 'Mozilla/5.0';
        const expected = parseInt(createHash('md5').update(`${ip} ${agent}`).digest('hex').slice(0, 8), 16) % 2 === 0 ? 'a' : 'b';
        const assigned = requestOf(fn.runSync('viewer-request', requestEvent('/index.html', ['Host', 'h', 'User-Agent', agent], 'GET', ip)));
        assert.deepEqual(assigned.cookies['ab-group'], { value: expected });
        assert.deepEqual(assigned.headers['x-ab-group'], { value: expected });
        assert.equal(assigned.uri, expected === 'b' ? '/experiment-b/index.html' : '/index.html');
      }
      fn.dispose();
    });
  }
});

describe('kvs-redirects.js', () => {
  it('redirects paths found in the key value store, keeping the query', async () => {
    const store = keyValueStore({ '/old-page': '/new-page', '/promo': 'https://shop.example.com/sale' });
    const fn = await compile(example('kvs-redirects.js'), 'cloudfront-js-2.0', { kvs: () => store });
    const moved = responseOf(fn.runSync('viewer-request', requestEvent('/old-page?ref=mail&x=1')));
    assert.equal(moved.statusCode, 301);
    assert.deepEqual(moved.headers.location, { value: '/new-page?ref=mail&x=1' });
    assert.deepEqual(responseOf(fn.runSync('viewer-request', requestEvent('/promo'))).headers.location, { value: 'https://shop.example.com/sale' });
    assert.equal(requestOf(fn.runSync('viewer-request', requestEvent('/elsewhere'))).uri, '/elsewhere');
    fn.dispose();
  });
});
