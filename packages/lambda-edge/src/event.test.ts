import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildEvent, cfHeaders, customOrigin, exposedBody, s3Origin } from './event.ts';

const base = { distributionId: 'EDFDVBD6EXAMPLE', distributionDomainName: 'd111111abcdef8.cloudfront.net', requestId: 'r-1', clientIp: '203.0.113.178', method: 'GET', uri: '/' };

describe('buildEvent', () => {
  it("viewer-request: the docs' example shape", () => {
    const e = buildEvent({ ...base, eventType: 'viewer-request', headers: [['Host', 'd111111abcdef8.cloudfront.net'], ['User-Agent', 'curl/7.66.0'], ['accept', '*/*']] });
    assert.deepEqual(e, {
      Records: [
        {
          cf: {
            config: { distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', eventType: 'viewer-request', requestId: 'r-1' },
            request: {
              clientIp: '203.0.113.178',
              headers: { host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }], 'user-agent': [{ key: 'User-Agent', value: 'curl/7.66.0' }], accept: [{ key: 'Accept', value: '*/*' }] },
              method: 'GET',
              querystring: '',
              uri: '/',
            },
          },
        },
      ],
    });
  });

  it('the origin is on origin events only; the response on response events only', () => {
    const origin = customOrigin({ domainName: 'example.org' });
    const table: Array<[Parameters<typeof buildEvent>[0]['eventType'], boolean, boolean]> = [
      ['viewer-request', false, false],
      ['origin-request', true, false],
      ['origin-response', true, true],
      ['viewer-response', false, true],
    ];
    for (const [eventType, hasOrigin, hasResponse] of table) {
      const cf = buildEvent({ ...base, eventType, headers: {}, origin, response: { status: 404, headers: { 'content-type': 'text/html' } } }).Records[0].cf;
      assert.equal('origin' in cf.request, hasOrigin, eventType);
      assert.equal('response' in cf, hasResponse, eventType);
      if (hasResponse) assert.deepEqual(cf.response, { status: '404', statusDescription: 'Not Found', headers: { 'content-type': [{ key: 'Content-Type', value: 'text/html' }] } });
    }
  });

  it('headers: pairs keep their order and case, objects their lists; disallowed headers are not exposed', () => {
    assert.deepEqual(cfHeaders([['X-A', '1'], ['x-a', '2'], ['Connection', 'keep-alive'], ['X-Amz-Cf-Id', 'abc'], ['X-Cache', 'Hit']]), { 'x-a': [{ key: 'X-A', value: '1' }, { key: 'X-A', value: '2' }] });
    assert.deepEqual(cfHeaders({ 'set-cookie': ['a=1', 'b=2'], skip: undefined }), { 'set-cookie': [{ key: 'Set-Cookie', value: 'a=1' }, { key: 'Set-Cookie', value: 'b=2' }] });
  });

  it('includeBody: base64, truncated at 40 KB (viewer) and 1 MB (origin), on request events only', () => {
    const small = buildEvent({ ...base, method: 'POST', eventType: 'viewer-request', headers: {}, body: 'a=1&b=2' }).Records[0].cf.request.body;
    assert.deepEqual(small, { action: 'read-only', data: Buffer.from('a=1&b=2').toString('base64'), encoding: 'base64', inputTruncated: false });
    const big = 'x'.repeat(50 * 1024);
    const viewer = buildEvent({ ...base, method: 'POST', eventType: 'viewer-request', headers: {}, body: big }).Records[0].cf.request.body!;
    assert.equal(viewer.inputTruncated, true);
    assert.equal(Buffer.from(viewer.data, 'base64').byteLength, 40 * 1024);
    const origin = buildEvent({ ...base, method: 'POST', eventType: 'origin-request', headers: {}, body: big }).Records[0].cf.request.body!;
    assert.equal(origin.inputTruncated, false);
    assert.equal(buildEvent({ ...base, eventType: 'viewer-response', headers: {}, body: big }).Records[0].cf.request.body, undefined);
    assert.equal(exposedBody(new Uint8Array([1, 2, 3]), 2).data, Buffer.from([1, 2]).toString('base64'));
  });

  it('origins: custom with CloudFront defaults, s3', () => {
    assert.deepEqual(customOrigin({ domainName: 'example.org', protocol: 'http', customHeaders: [['X-Secret', 's']] }), {
      custom: { customHeaders: { 'x-secret': [{ key: 'X-Secret', value: 's' }] }, domainName: 'example.org', keepaliveTimeout: 5, path: '', port: 80, protocol: 'http', readTimeout: 30, sslProtocols: ['TLSv1.2'] },
    });
    assert.deepEqual(s3Origin({ domainName: 'b.s3.amazonaws.com', region: 'us-east-1' }), { s3: { authMethod: 'none', customHeaders: {}, domainName: 'b.s3.amazonaws.com', path: '', region: 'us-east-1' } });
  });
});
