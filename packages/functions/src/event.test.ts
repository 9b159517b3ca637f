import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventFromRequest, parseCookieHeader, parseQueryString, parseSetCookies, responseFromOrigin, viewerResponseEvent } from './event.ts';

describe('eventFromRequest', () => {
  // The shape of "Example event object" in functions-event-structure.
  it('builds the documented event object', () => {
    const event = eventFromRequest(
      {
        method: 'get',
        url: '/media/index.mpd?ID=42&Exp=1619740800&TTL=1440&NoValue&querymv=val1&querymv=val2,val3',
        rawHeaders: [
          'Host', 'video.example.com',
          'Accept', 'application/json',
          'Accept', 'application/xml',
          'Accept', 'text/html',
          'Accept-Language', 'en-GB,en;q=0.5',
          'Cookie', 'Cookie1=value1; Cookie2=value2',
          'Cookie', 'cookie_consent=true; cookiemv=value3; cookiemv=value4',
        ],
      },
      { viewerIp: '198.51.100.11', distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', requestId: 'r-1', extraHeaders: { 'CloudFront-Viewer-Country': 'GB' } },
    );
    assert.deepEqual(event, {
      version: '1.0',
      context: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-request', requestId: 'r-1' },
      viewer: { ip: '198.51.100.11' },
      request: {
        method: 'GET',
        uri: '/media/index.mpd',
        querystring: {
          ID: { value: '42' },
          Exp: { value: '1619740800' },
          TTL: { value: '1440' },
          NoValue: { value: '' },
          querymv: { value: 'val1', multiValue: [{ value: 'val1' }, { value: 'val2,val3' }] },
        },
        headers: {
          host: { value: 'video.example.com' },
          accept: { value: 'application/json', multiValue: [{ value: 'application/json' }, { value: 'application/xml' }, { value: 'text/html' }] },
          'accept-language': { value: 'en-GB,en;q=0.5' },
          'cloudfront-viewer-country': { value: 'GB' },
        },
        cookies: {
          Cookie1: { value: 'value1' },
          Cookie2: { value: 'value2' },
          cookie_consent: { value: 'true' },
          cookiemv: { value: 'value3', multiValue: [{ value: 'value3' }, { value: 'value4' }] },
        },
      },
    });
  });

  it('leaves out disallowed headers ("not exposed to edge functions")', () => {
    const event = eventFromRequest(
      { url: '/', rawHeaders: ['Host', 'h', 'Connection', 'keep-alive', 'X-Forwarded-Proto', 'https', 'X-Amz-Cf-Id', 'abc', 'X-Edge-Location', 'FRA', 'Upgrade', 'h2c', 'X-Custom', '1'] },
      { viewerIp: '192.0.2.1' },
    );
    assert.deepEqual(Object.keys(event.request.headers), ['host', 'x-custom']);
  });

  it('reads a headers object when there are no rawHeaders (arrays are repeated headers)', () => {
    const event = eventFromRequest({ url: '/x', headers: { host: 'h', 'x-list': ['a', 'b'], 'content-length': 3 } }, { viewerIp: '192.0.2.1' });
    assert.deepEqual(event.request.headers, {
      host: { value: 'h' },
      'x-list': { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] },
      'content-length': { value: '3' },
    });
    assert.deepEqual(event.request.querystring, {});
    assert.deepEqual(event.request.cookies, {});
  });

  it('keeps a __proto__ name as an own field', () => {
    const event = eventFromRequest({ url: '/?__proto__=x', rawHeaders: ['Cookie', '__proto__=y'] }, { viewerIp: '192.0.2.1' });
    assert.deepEqual(Object.getOwnPropertyDescriptor(event.request.querystring, '__proto__')?.value, { value: 'x' });
    assert.equal(Object.getPrototypeOf(event.request.cookies), Object.prototype);
    assert.deepEqual(JSON.parse(JSON.stringify(event.request.cookies)), JSON.parse('{"__proto__":{"value":"y"}}'));
  });
});

describe('parseQueryString', () => {
  const table: [raw: string, expected: Record<string, unknown>][] = [
    ['', {}],
    ['a=1', { a: { value: '1' } }],
    ['a=1&&b=2&', { a: { value: '1' }, b: { value: '2' } }],
    ['flag', { flag: { value: '' } }],
    ['a=x%20y&b=c+d', { a: { value: 'x%20y' }, b: { value: 'c+d' } }], // as received, not decoded
    ['a==1', { a: { value: '=1' } }],
    ['=v', { '': { value: 'v' } }],
    ['a=1&a=2&a=3', { a: { value: '1', multiValue: [{ value: '1' }, { value: '2' }, { value: '3' }] } }],
  ];
  for (const [raw, expected] of table) {
    it(JSON.stringify(raw), () => assert.deepEqual(parseQueryString(raw), expected));
  }
});

describe('cookies', () => {
  it('parses Cookie headers: trimmed pairs, values may hold =', () => {
    assert.deepEqual(parseCookieHeader(['a=1;b=x=y ;  c', 'a=2']), {
      a: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] },
      b: { value: 'x=y' },
      c: { value: '' },
    });
  });

  // "Cookie attributes": Set-Cookie attributes go in `attributes`.
  it('parses Set-Cookie headers into value and attributes', () => {
    assert.deepEqual(
      parseSetCookies([
        'ID=id1234; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
        'Cookie1=val1; Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
        'Cookie1=val2; Path=/cat; Domain=example.com; Expires=Wed, 10 Jan 2021 07:28:00 GMT',
        'plain=1',
      ]),
      {
        ID: { value: 'id1234', attributes: 'Expires=Wed, 05 Apr 2021 07:28:00 GMT' },
        Cookie1: {
          value: 'val1',
          attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
          multiValue: [
            { value: 'val1', attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT' },
            { value: 'val2', attributes: 'Path=/cat; Domain=example.com; Expires=Wed, 10 Jan 2021 07:28:00 GMT' },
          ],
        },
        plain: { value: '1', attributes: '' },
      },
    );
  });
});

describe('viewerResponseEvent', () => {
  it('adds the response, with Set-Cookie as cookies and disallowed headers left out', () => {
    const request = eventFromRequest({ url: '/a', rawHeaders: ['Host', 'h'] }, { viewerIp: '192.0.2.1' });
    const event = viewerResponseEvent(request, {
      statusCode: 200,
      statusMessage: 'OK',
      headers: { 'content-type': 'text/html', 'set-cookie': ['a=1; Path=/'], connection: 'close', 'x-cache': 'Miss' },
    });
    assert.equal(event.context.eventType, 'viewer-response');
    assert.equal(request.context.eventType, 'viewer-request'); // not mutated
    assert.deepEqual(event.response, {
      statusCode: 200,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'text/html' } },
      cookies: { a: { value: '1', attributes: 'Path=/' } },
    });
    assert.deepEqual(responseFromOrigin({ statusCode: 304 }), { statusCode: 304, headers: {}, cookies: {} });
  });
});
