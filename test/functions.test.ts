// CloudFront Functions at the edge: the shipped examples run unchanged on a real edge.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const example = (name: string) => join(ROOT, 'examples/functions', `${name}.js`);

function config(originPort: number): string {
  return `
functions:
  - name: spa
    file: ${example('spa-rewrite')}
  - name: by-country
    file: ${example('country-redirect')}
  - name: normalize
    file: ${example('cache-key-normalize')}
  - name: spin
    code: "function handler(event) { while (true) {} }"
  - name: security
    file: ${example('security-headers')}
distributions:
  - id: EFUNC000000002
    aliases: [secure.localhost]
    origins:
      - id: o
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${originPort} }
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
      functionAssociations: [{ eventType: viewer-response, functionName: security }]
  - id: EFUNC000000001
    aliases: [fn.localhost]
    origins:
      - id: o
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${originPort} }
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
      functionAssociations: [{ eventType: viewer-request, functionName: spa }]
    cacheBehaviors:
      - pathPattern: /shop/*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        originRequestPolicyId: with-country
        functionAssociations: [{ eventType: viewer-request, functionARN: "arn:aws:cloudfront::123456789012:function/by-country" }]
      - pathPattern: /bytes/*
        targetOriginId: o
        cachePolicyId: all-queries
        functionAssociations: [{ eventType: viewer-request, functionName: normalize }]
      - pathPattern: /spin/*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        functionAssociations: [{ eventType: viewer-request, functionName: spin }]
cachePolicies:
  - id: all-queries
    minTTL: 0
    defaultTTL: 3600
    maxTTL: 86400
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: false
      enableAcceptEncodingBrotli: false
      headersConfig: { headerBehavior: none }
      cookiesConfig: { cookieBehavior: none }
      queryStringsConfig: { queryStringBehavior: all }
originRequestPolicies:
  - id: with-country
    headersConfig: { headerBehavior: whitelist, headers: [CloudFront-Viewer-Country] }
    cookiesConfig: { cookieBehavior: none }
    queryStringsConfig: { queryStringBehavior: none }
`;
}

describe('CloudFront Functions at the edge', () => {
  let origin: Origin;
  let edge: Edge;

  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(config(origin.port), ['--dev-viewer-address-header'], 'fn.localhost', 1);
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('SPA rewrite: client routes are served /index.html, one cached copy for all of them', async () => {
    await origin.reset();
    const a = await edge.fetch('/settings/profile');
    assert.equal(a.status, 200);
    assert.match(a.text, /<html/i);
    assert.equal(a.headers['x-cache'], 'Miss from cachefront');
    const b = await edge.fetch('/about');
    assert.equal(b.headers['x-cache'], 'Hit from cachefront', 'the rewritten URI is the cache key');
    assert.equal((await origin.stats()).byPath['/index.html'], 1);
    assert.equal((await edge.fetch('/style.css')).headers['content-type'], 'text/css; charset=utf-8');
  });

  it('a function can answer itself: redirect by CloudFront-Viewer-Country (FunctionGeneratedResponse)', async () => {
    const r = await edge.fetch('/shop/cart', { headers: { 'x-cachefront-viewer-address': '81.2.69.142' } });
    assert.equal(r.status, 302);
    assert.equal(r.headers.location, `https://fn.localhost/uk/shop/cart`);
    assert.equal(r.headers['x-cache'], 'FunctionGeneratedResponse from cachefront');
    const us = await edge.fetch('/shop/cart', { headers: { 'x-cachefront-viewer-address': '8.8.8.8' } });
    assert.notEqual(us.status, 302, 'no site for US: the request goes on');
  });

  it('cache-key normalization: query strings lower-cased and sorted share one cached copy', async () => {
    await origin.reset();
    assert.equal((await edge.fetch('/bytes/32?B=2&a=1')).headers['x-cache'], 'Miss from cachefront');
    assert.equal((await edge.fetch('/bytes/32?a=1&b=2')).headers['x-cache'], 'Hit from cachefront');
    assert.equal(Object.values((await origin.stats()).byPath).reduce((n, v) => n + v, 0), 1);
  });

  it('viewer-response: security headers on misses and hits, not on error responses', async () => {
    const miss = await edge.fetch('/index.html', { host: 'secure.localhost' });
    assert.equal(miss.headers['x-cache'], 'Miss from cachefront');
    assert.match(String(miss.headers['strict-transport-security']), /max-age=/);
    const hit = await edge.fetch('/index.html', { host: 'secure.localhost' });
    assert.equal(hit.headers['x-cache'], 'Hit from cachefront');
    assert.match(String(hit.headers['strict-transport-security']), /max-age=/);
    assert.equal(hit.text, miss.text);
    const missing = await edge.fetch('/nope.html', { host: 'secure.localhost' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['strict-transport-security'], undefined, 'not run for status >= 400');
  });

  it('a function that never ends hits the time limit: 503 with CloudFront’s page, and the worker lives on', async () => {
    const r = await edge.fetch('/spin/x');
    assert.equal(r.status, 503);
    assert.match(r.text, /The CloudFront function associated with the CloudFront distribution is invalid or could not run/);
    assert.equal((await edge.fetch('/about')).status, 200);
  });
});
