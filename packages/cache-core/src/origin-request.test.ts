import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Origin, OriginRequestPolicy } from '@cachefront/config';
import { compileAcceptEncoding } from './accept-encoding.ts';
import { compileOriginRequest } from './origin-request.ts';
import { policy, req } from './test-fixtures.ts';

const origin: Origin = {
  id: 'app',
  domainName: 'origin.example',
  originPath: '/v2',
  customHeaders: { 'X-Origin-Secret': 's3cr3t' },
  connectionAttempts: 3,
  connectionTimeout: 10,
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originReadTimeout: 30, originKeepaliveTimeout: 5 },
};

function orp(over: Partial<OriginRequestPolicy>): OriginRequestPolicy {
  return {
    id: 'orp',
    name: 'orp',
    comment: '',
    headersConfig: { headerBehavior: 'none', headers: [] },
    cookiesConfig: { cookieBehavior: 'none', cookies: [] },
    queryStringsConfig: { queryStringBehavior: 'none', queryStrings: [] },
    ...over,
  };
}

/** Headers, cookies and query strings configs that whitelist these names (a cache policy's or an origin request policy's). */
function whitelists(headers: string[], cookies: string[], queryStrings: string[]) {
  return {
    headersConfig: { headerBehavior: 'whitelist', headers },
    cookiesConfig: { cookieBehavior: 'whitelist', cookies },
    queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings },
  } as const;
}

const viewer = req('/a/b?v=1&utm=x&z=9', {
  host: 'demo.localhost',
  'accept-language': 'en',
  'x-custom': 'yes',
  'user-agent': 'curl/8',
  cookie: 'session=abc; theme=dark',
  'accept-encoding': 'gzip, br',
  connection: 'keep-alive',
  'x-forwarded-for': '198.51.100.7',
  'cloudfront-viewer-country': 'XX',
});
const ctx = (p = policy()) => ({ viewerIp: '192.0.2.1', encoding: compileAcceptEncoding(p)(viewer), requestId: 'REQ', via: '1.1 n1.cachefront.local (cachefront)', cloudFrontHeaders: { 'cloudfront-viewer-country': 'DE' } });

describe('origin requests', () => {
  it('forwards nothing from the viewer by default, adds CloudFront headers, origin path and custom headers', () => {
    const p = policy();
    const plan = compileOriginRequest(p, undefined, origin)(viewer, ctx(p));
    assert.equal(plan.path, '/v2/a/b');
    assert.deepEqual(plan.headers, {
      host: 'origin.example',
      'user-agent': 'Amazon CloudFront',
      'x-forwarded-for': '198.51.100.7, 192.0.2.1',
      via: '1.1 n1.cachefront.local (cachefront)',
      'x-amz-cf-id': 'REQ',
      'x-origin-secret': 's3cr3t',
    });
  });

  it("X-Forwarded-For: the received list, then the address the request came from (a trusted proxy's), the viewer once", () => {
    const p = policy();
    const behindProxy = compileOriginRequest(p, undefined, origin)(viewer, { ...ctx(p), viewerIp: '198.51.100.7', peerIp: '10.0.0.1' });
    assert.equal(behindProxy.headers['x-forwarded-for'], '198.51.100.7, 10.0.0.1');
  });

  it('forwards what the cache key holds', () => {
    const p = policy({ params: { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true, ...whitelists(['accept-language'], ['session'], ['v']) } });
    const plan = compileOriginRequest(p, undefined, origin)(viewer, ctx(p));
    assert.equal(plan.path, '/v2/a/b?v=1');
    assert.equal(plan.headers['accept-language'], 'en');
    assert.equal(plan.headers.cookie, 'session=abc');
    assert.equal(plan.headers['accept-encoding'], 'br,gzip');
    assert.equal(plan.headers['x-custom'], undefined);
  });

  it('an origin request policy adds values that are not in the key', () => {
    const p = policy({ params: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } } });
    const o = orp(whitelists(['x-custom', 'cloudfront-viewer-country'], ['theme'], ['z']));
    const plan = compileOriginRequest(p, o, origin)(viewer, ctx(p));
    assert.equal(plan.path, '/v2/a/b?v=1&z=9');
    assert.equal(plan.headers['x-custom'], 'yes');
    assert.equal(plan.headers.cookie, 'theme=dark');
    assert.equal(plan.headers['cloudfront-viewer-country'], 'DE', 'computed value, never the viewer-supplied one');
  });

  it('allViewer forwards every viewer header (Host too) but never hop-by-hop ones', () => {
    const p = policy();
    const o = orp({ headersConfig: { headerBehavior: 'allViewer', headers: [] }, cookiesConfig: { cookieBehavior: 'all', cookies: [] }, queryStringsConfig: { queryStringBehavior: 'all', queryStrings: [] } });
    const plan = compileOriginRequest(p, o, origin)(viewer, ctx(p));
    assert.equal(plan.path, '/v2/a/b?v=1&utm=x&z=9');
    assert.equal(plan.headers.host, 'demo.localhost');
    assert.equal(plan.headers['user-agent'], 'curl/8');
    assert.equal(plan.headers['accept-encoding'], 'gzip, br');
    assert.equal(plan.headers.cookie, 'session=abc; theme=dark');
    assert.equal(plan.headers.connection, undefined);
    assert.equal(plan.headers['cloudfront-viewer-country'], undefined, 'viewer cannot spoof CloudFront-* headers');
  });

  it('headers the viewer lists in Connection are hop-by-hop: not forwarded (RFC 9110 §7.6.1)', () => {
    const p = policy();
    const o = orp({ headersConfig: { headerBehavior: 'allViewer', headers: [] }, cookiesConfig: { cookieBehavior: 'none', cookies: [] }, queryStringsConfig: { queryStringBehavior: 'none', queryStrings: [] } });
    const v = req('/a', { host: 'demo.localhost', connection: 'keep-alive, X-Custom', 'x-custom': 'yes', 'accept-language': 'en' });
    const plan = compileOriginRequest(p, o, origin)(v, ctx(p));
    assert.equal(plan.headers['x-custom'], undefined);
    assert.equal(plan.headers['accept-language'], 'en');
  });

  it('allExcept host (AllViewerExceptHostHeader) sends the origin domain as Host', () => {
    const p = policy();
    const o = orp({ headersConfig: { headerBehavior: 'allExcept', headers: ['host'] } });
    const plan = compileOriginRequest(p, o, origin)(viewer, ctx(p));
    assert.equal(plan.headers.host, 'origin.example');
    assert.equal(plan.headers['x-custom'], 'yes');
  });

  it('cookie and query allExcept', () => {
    const p = policy();
    const o = orp({ cookiesConfig: { cookieBehavior: 'allExcept', cookies: ['session'] }, queryStringsConfig: { queryStringBehavior: 'allExcept', queryStrings: ['utm'] } });
    const plan = compileOriginRequest(p, o, origin)(viewer, ctx(p));
    assert.equal(plan.headers.cookie, 'theme=dark');
    assert.equal(plan.path, '/v2/a/b?v=1&z=9');
  });

  it('forwards body headers for requests with a body', () => {
    const p = policy();
    const post = req('/form', { 'content-type': 'application/json', 'content-length': '2' }, 'POST');
    const plan = compileOriginRequest(p, undefined, origin)(post, ctx(p));
    assert.equal(plan.headers['content-type'], 'application/json');
    assert.equal(plan.headers['content-length'], '2');
  });
});
