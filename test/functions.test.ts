// CloudFront Functions at the edge: the shipped examples run unchanged on a real edge.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { apiClient, cachePolicy, get, loopbackOrigin, ROOT, startControlPlane, startEdge, startOrigin, startPopEdge, type Edge, type Origin } from './helpers.ts';

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
  - name: redirects
    file: ${example('kvs-redirects')}
    keyValueStoreAssociations: [redirect-table]
  - name: jwt
    file: ${example('jwt-hs256')}
  - name: ab
    file: ${example('ab-cookie')}
keyValueStores:
  - id: redirect-table
    data: { /old-page: /new-page }
distributions:
  - id: EFUNC000000002
    aliases: [secure.localhost]
    origins:
      - ${loopbackOrigin('o', originPort)}
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
      functionAssociations: [{ eventType: viewer-response, functionName: security }]
  - id: EFUNC000000001
    aliases: [fn.localhost]
    origins:
      - ${loopbackOrigin('o', originPort)}
      - ${loopbackOrigin('echo', originPort, '/echo')}
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
      - pathPattern: /old-page
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        functionAssociations: [{ eventType: viewer-request, functionName: redirects }]
      - pathPattern: /echo/*
        targetOriginId: o
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewer
        functionAssociations: [{ eventType: viewer-request, functionName: jwt }]
      - pathPattern: /ab/*
        targetOriginId: echo
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewer
        functionAssociations: [{ eventType: viewer-request, functionName: ab }]
      - pathPattern: /spin/*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        functionAssociations: [{ eventType: viewer-request, functionName: spin }]
cachePolicies:
${cachePolicy('all-queries', { queryStringsConfig: '{ queryStringBehavior: all }' })}originRequestPolicies:
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

  it('KVS-driven redirect (cloudfront-js-2.0, async, cf.kvs()) and a path not in the store', async () => {
    const r = await edge.fetch('/old-page?x=1');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/new-page?x=1');
    assert.equal(r.headers['x-cache'], 'FunctionGeneratedResponse from cachefront');
  });

  it('HS256 JWT check with crypto: a good token reaches the origin with x-user-sub, others get 401', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'user-7', exp: Math.floor(Date.now() / 1000) + 600 })}`;
    const sig = createHmac('sha256', 'change-me-to-a-long-random-secret').update(unsigned).digest('base64url');
    const ok = await edge.fetch('/echo/me', { headers: { authorization: `Bearer ${unsigned}.${sig}` } });
    assert.equal(ok.status, 200, ok.text);
    const seen = (JSON.parse(ok.text) as { headers: Record<string, string> }).headers;
    assert.equal(seen['x-user-sub'], 'user-7');
    assert.equal(seen.authorization, undefined, 'the function removed the token');
    assert.equal((await edge.fetch('/echo/me', { headers: { authorization: `Bearer ${unsigned}.AAAA` } })).status, 401);
    assert.equal((await edge.fetch('/echo/me')).status, 401);
  });

  it('A/B assignment with crypto: a sticky group from the cookie, else a stable hash of viewer and agent', async () => {
    const seen = async (headers: Record<string, string>) => (JSON.parse((await edge.fetch('/ab/x', { headers })).text) as { headers: Record<string, string>; cookies: Record<string, string> });
    assert.equal((await seen({ cookie: 'ab-group=b' })).headers['x-ab-group'], 'b');
    assert.equal((await seen({ cookie: 'ab-group=a' })).headers['x-ab-group'], 'a');
    const first = await seen({ 'user-agent': 'test-agent/1', 'x-cachefront-viewer-address': '8.8.8.8' });
    const again = await seen({ 'user-agent': 'test-agent/1', 'x-cachefront-viewer-address': '8.8.8.8' });
    assert.match(first.headers['x-ab-group'] ?? '', /^[ab]$/);
    assert.equal(again.headers['x-ab-group'], first.headers['x-ab-group'], 'the same viewer lands in the same group');
    assert.equal(first.cookies['ab-group'], first.headers['x-ab-group'], 'the origin sees the assigned cookie');
  });

  it('a function that never ends hits the time limit: 503 with CloudFront’s page, and the worker lives on', async () => {
    const r = await edge.fetch('/spin/x');
    assert.equal(r.status, 503);
    assert.match(r.text, /The CloudFront function associated with the CloudFront distribution is invalid or could not run/);
    assert.equal((await edge.fetch('/about')).status, 200);
  });
});

describe('functions through the control plane', () => {
  it('a published function and its key value store reach a running edge; a key change follows', async () => {
    const origin = await startOrigin();
    const cp = await startControlPlane('cachefront-fn-cp-');
    const edge = await startPopEdge(cp, 'FRA', cp.token('edge'), { stateDir: 'edge' });
    const call = apiClient(cp.url, cp.token('write'));
    const through = (path: string) => get(`${String(edge.ready.url)}${path}`, { headers: { host: 'fncp.localhost' } });
    try {
      assert.equal((await call('POST', '/v1/key-value-stores', { id: 'table', name: 'table' })).status, 201);
      assert.equal((await call('PUT', '/v1/key-value-stores/table/keys/%2Fold', { value: '/new' })).status < 300, true);
      const code = readFileSync(example('kvs-redirects'), 'utf8');
      const fn = await call('POST', '/v1/functions', { name: 'redirects', code, keyValueStoreAssociations: ['table'] });
      assert.equal(fn.status, 201, JSON.stringify(fn.body));
      const published = await call('POST', '/v1/functions/redirects/publish', undefined, { 'if-match': fn.etag });
      assert.ok(published.status < 300, JSON.stringify(published.body));
      const dist = await call('POST', '/v1/distributions', {
        aliases: ['fncp.localhost'],
        origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port } }],
        defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized', functionAssociations: [{ eventType: 'viewer-request', functionName: 'redirects' }] },
      });
      assert.equal(dist.status, 201, JSON.stringify(dist.body));
      assert.equal((await call('GET', `/v1/distributions/${dist.body.id}?wait=15`)).body.status, 'Deployed');
      const r = await through('/old');
      assert.equal(r.status, 301);
      assert.equal(r.headers.location, '/new');
      // A key change is a config change: it reaches the edge.
      assert.ok((await call('PUT', '/v1/key-value-stores/table/keys/%2Fold', { value: '/newer' })).status < 300);
      assert.equal((await call('GET', `/v1/distributions/${dist.body.id}?wait=15`)).body.status, 'Deployed');
      assert.equal((await through('/old')).headers.location, '/newer');
      assert.equal((await through('/index.html')).status, 200, 'paths not in the store go to the origin');
    } finally {
      await edge.stop();
      await cp.stop();
      await origin.stop();
    }
  });
});

describe('origin modification helpers (cloudfront module, 2.0) at the edge', () => {
  let a: Origin;
  let b: Origin;
  let edge: Edge;
  let closedPort: number;

  before(async () => {
    [a, b] = await Promise.all([startOrigin(), startOrigin()]);
    // A port nothing listens on: the primary of a function-made origin group that fails.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const code = `import cf from 'cloudfront';
function handler(event) {
  var q = event.request.querystring.pick;
  var pick = q ? q.value : '';
  if (pick === 'b') cf.selectRequestOriginById('b');
  if (pick === 'update') cf.updateRequestOrigin({ domainName: '127.0.0.1', originPath: '/echo', customOriginConfig: { port: ${b.port}, protocol: 'http' }, customHeaders: { 'x-from-function': 'yes' } });
  if (pick === 'group') cf.createRequestOriginGroup({ originIds: ['dead', 'b'], failoverCriteria: { statusCodes: [500, 502, 503, 504] } });
  if (pick === 'nope') cf.selectRequestOriginById('nope');
  return event.request;
}`;
    edge = await startEdge(
      `
functions:
  - name: route
    runtime: cloudfront-js-2.0
    code: ${JSON.stringify(code)}
distributions:
  - id: EFUNC000000003
    aliases: [route.localhost]
    origins:
      - { id: a, domainName: 127.0.0.1, customOriginConfig: { httpPort: ${a.port} } }
      - { id: b, domainName: 127.0.0.1, customOriginConfig: { httpPort: ${b.port} } }
      - { id: dead, domainName: 127.0.0.1, connectionAttempts: 1, connectionTimeout: 1, customOriginConfig: { httpPort: ${closedPort} } }
    defaultCacheBehavior:
      targetOriginId: a
      cachePolicyId: Managed-CachingDisabled
      originRequestPolicyId: Managed-AllViewerExceptHostHeader
      functionAssociations: [{ eventType: viewer-request, functionName: route }]
`,
      [],
      'route.localhost',
      1,
    );
  });
  after(async () => {
    await edge?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('selectRequestOriginById, updateRequestOrigin and createRequestOriginGroup choose where the miss goes', async () => {
    await Promise.all([a.reset(), b.reset()]);
    assert.equal((await edge.fetch('/bytes/10')).status, 200);
    assert.equal((await a.stats()).byPath['/bytes/10'], 1, 'no call: the behavior origin');
    assert.equal((await edge.fetch('/bytes/11?pick=b')).status, 200);
    assert.equal((await b.stats()).byPath['/bytes/11'], 1, 'selectRequestOriginById');
    assert.equal((await a.stats()).byPath['/bytes/11'], undefined);

    const updated = await edge.fetch('/x?pick=update');
    assert.equal(updated.status, 200);
    const report = JSON.parse(updated.text);
    assert.equal(report.path, '/echo/x', 'originPath from updateRequestOrigin');
    assert.equal(report.headers['x-from-function'], 'yes', 'customHeaders from updateRequestOrigin');
    assert.equal((await b.stats()).byPath['/echo/x'], 1, 'domainName and port from updateRequestOrigin');

    const grouped = await edge.fetch('/bytes/12?pick=group');
    assert.equal(grouped.status, 200, 'the dead primary fails over to b');
    assert.equal((await b.stats()).byPath['/bytes/12'], 1);

    const unknown = await edge.fetch('/bytes/13?pick=nope');
    assert.equal(unknown.status, 503, 'an unknown origin id is a function error');
    assert.equal((await a.stats()).byPath['/bytes/13'], undefined);
    assert.equal((await b.stats()).byPath['/bytes/13'], undefined);
    assert.equal((await edge.fetch('/bytes/14')).status, 200, 'the next request is unaffected');
  });
});
