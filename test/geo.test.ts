// Viewer location end to end: geo restriction, CloudFront-* headers, trusted proxies (a
// file-mode edge), then price classes, the resolver and usage through a control plane
// with edges in three regions.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiClient, cachePolicy, eventually, get, loopbackOrigin, startControlPlane, startEdge, startOrigin, startPopEdge, type ControlPlane, type Edge, type Origin, type Proc } from './helpers.ts';

const GB = '81.2.69.142';
const US = '8.8.8.8';
const JP = '133.242.1.1';
const UNKNOWN = '10.1.2.3';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

function config(originPort: number): string {
  const origins = `
    origins:
      - ${loopbackOrigin('o', originPort)}
      - ${loopbackOrigin('echo', originPort, '/echo')}
      - ${loopbackOrigin('bytes', originPort, '/bytes/64')}`;
  return `
distributions:
  - id: EGEO0000000001
    aliases: [geo.localhost]
    restrictions: { geoRestriction: { restrictionType: blacklist, items: [GB] } }${origins}
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
    cacheBehaviors:
      - pathPattern: /headers/*
        targetOriginId: echo
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: cf-headers
      - pathPattern: /plain/*
        targetOriginId: echo
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewer
      - pathPattern: /by-country/*
        targetOriginId: bytes
        cachePolicyId: by-country
  - id: EGEO0000000002
    aliases: [us-only.localhost]
    restrictions: { geoRestriction: { restrictionType: whitelist, items: [US] } }${origins}
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
  - id: EGEO0000000003
    aliases: [custom-page.localhost]
    restrictions: { geoRestriction: { restrictionType: blacklist, items: [GB] } }
    customErrorResponses:
      - { errorCode: 403, responsePagePath: /index.html, responseCode: 404 }${origins}
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
cachePolicies:
${cachePolicy('by-country', { headersConfig: '{ headerBehavior: whitelist, headers: [CloudFront-Viewer-Country] }' })}originRequestPolicies:
  - id: cf-headers
    headersConfig:
      headerBehavior: allViewerAndWhitelistCloudFront
      headers: [CloudFront-Viewer-Country, CloudFront-Viewer-Country-Name, CloudFront-Is-Mobile-Viewer, CloudFront-Is-IOS-Viewer, CloudFront-Viewer-Address]
    cookiesConfig: { cookieBehavior: none }
    queryStringsConfig: { queryStringBehavior: none }
`;
}

describe('viewer location at the edge', () => {
  let origin: Origin;
  let edge: Edge;
  const as = (ip: string | undefined, path: string, host = 'geo.localhost', headers: Record<string, string> = {}) =>
    edge.fetch(path, { host, headers: ip === undefined ? headers : { 'x-cachefront-viewer-address': ip, ...headers } });

  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(config(origin.port), ['--dev-viewer-address-header', '--trusted-proxy', '127.0.0.1/32']);
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('warns that the dev-only viewer address header is on', () => {
    assert.ok(edge.lines.some((l) => /DEV ONLY/.test(l) && /"level":40/.test(l)));
  });

  it('block list: a listed country gets CloudFront 403; others and unknown locations are served', async () => {
    const blocked = await as(GB, '/');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.headers['x-cache'], 'Error from cachefront');
    assert.match(blocked.text, /configured to block access from your country/);
    assert.equal((await as(US, '/')).status, 200);
    assert.equal((await as(UNKNOWN, '/')).status, 200, 'unknown location is served');
  });

  it('a custom error page for 403 replaces the block page, fetched through its behavior and cached', async () => {
    await origin.reset();
    const page = await as(GB, '/anything', 'custom-page.localhost');
    assert.equal(page.status, 404);
    assert.equal(page.headers['x-cache'], 'Error from cachefront');
    const index = await as(US, '/index.html', 'custom-page.localhost');
    assert.equal(page.text, index.text, 'the page is /index.html');
    await as(GB, '/other', 'custom-page.localhost');
    assert.equal((await origin.stats()).byPath['/index.html'], 1, 'one origin fetch serves the page to every blocked viewer');
  });

  it('allow list: only listed countries, unknown locations served', async () => {
    assert.equal((await as(US, '/', 'us-only.localhost')).status, 200);
    assert.equal((await as(GB, '/', 'us-only.localhost')).status, 403);
    assert.equal((await as(JP, '/', 'us-only.localhost')).status, 403);
    assert.equal((await as(UNKNOWN, '/', 'us-only.localhost')).status, 200);
  });

  it('X-Forwarded-For is believed from a trusted proxy: the right-most untrusted entry is the viewer', async () => {
    assert.equal((await as(undefined, '/', 'geo.localhost', { 'x-forwarded-for': GB })).status, 403);
    // A viewer cannot hide behind an entry it wrote itself: the proxy's entry is right-most.
    assert.equal((await as(undefined, '/', 'geo.localhost', { 'x-forwarded-for': `${US}, ${GB}` })).status, 403);
    assert.equal((await as(undefined, '/', 'geo.localhost', { 'x-forwarded-for': `${GB}, ${US}` })).status, 200);
  });

  it('X-Forwarded-For to the origin: the received list plus the address the edge saw (the proxy), as CloudFront sends it', async () => {
    const r = await as(undefined, '/headers/xff', 'geo.localhost', { 'x-forwarded-for': US });
    const h = (JSON.parse(r.text) as { headers: Record<string, string> }).headers;
    assert.equal(h['x-forwarded-for'], `${US}, 127.0.0.1`, 'the viewer once, then the trusted proxy');
  });

  it('CloudFront-* headers reach the origin only when the policy names them, with the edge’s values', async () => {
    const withPolicy = await as(US, '/headers/a', 'geo.localhost', { 'user-agent': IPHONE, 'cloudfront-viewer-country': 'FR' });
    assert.equal(withPolicy.status, 200, withPolicy.text);
    const h = (JSON.parse(withPolicy.text) as { headers: Record<string, string> }).headers;
    assert.equal(h['cloudfront-viewer-country'], 'US', 'the viewer cannot set it');
    assert.equal(h['cloudfront-viewer-country-name'], 'United States');
    assert.equal(h['cloudfront-is-mobile-viewer'], 'true');
    assert.equal(h['cloudfront-is-ios-viewer'], 'true');
    assert.match(h['cloudfront-viewer-address'] ?? '', /^8\.8\.8\.8:\d+$/);
    const plain = await as(US, '/plain/a', 'geo.localhost', { 'cloudfront-viewer-country': 'FR' });
    const p = (JSON.parse(plain.text) as { headers: Record<string, string> }).headers;
    assert.equal(p['cloudfront-viewer-country'], undefined, 'AllViewer forwards no CloudFront-* headers, and never the viewer’s own');
  });

  it('CloudFront-Viewer-Country in the cache key: one cached copy per country', async () => {
    await origin.reset();
    const xc = async (ip: string) => (await as(ip, '/by-country/page')).headers['x-cache'];
    assert.equal(await xc(US), 'Miss from cachefront');
    assert.equal(await xc(JP), 'Miss from cachefront');
    assert.equal(await xc(US), 'Hit from cachefront');
    assert.equal(await xc(JP), 'Hit from cachefront');
    assert.equal((await origin.stats()).byPath['/bytes/64/by-country/page'], 2);
  });
});

describe('price classes, the resolver and usage through the control plane', () => {
  let origin: Origin;
  let cp: ControlPlane;
  let cpUrl = '';
  let write = '';
  const edges: Record<string, { proc: Proc; url: string }> = {};
  // cpUrl and the token are known once before() ran.
  const call = (...args: Parameters<ReturnType<typeof apiClient>>) => apiClient(cpUrl, write)(...args);
  const at = (pop: string, path = '/') => get(`${edges[pop]!.url}${path}`, { headers: { host: 'pc.localhost' } });

  before(async () => {
    origin = await startOrigin();
    cp = await startControlPlane('cachefront-geo-');
    cpUrl = cp.url;
    write = cp.token('write');
    const edgeToken = cp.token('edge');
    for (const pop of ['FRA', 'IAD', 'NRT']) {
      const proc = await startPopEdge(cp, pop, edgeToken);
      edges[pop] = { proc, url: String(proc.ready.url) };
    }
    await eventually(async () => (await call('GET', '/v1/edges')).body.items.filter((e: { status: string; url?: string }) => e.status === 'live' && e.url).length === 3, 'three live edges');
  });
  after(async () => {
    await Promise.all(Object.values(edges).map((e) => e.proc.stop()));
    await cp?.stop();
    await origin?.stop();
  });

  let distId = '';
  it('PriceClass_100 is deployed to North America and Europe only; outside, the host is unknown', async () => {
    const created = await call('POST', '/v1/distributions', {
      aliases: ['pc.localhost'],
      priceClass: 'PriceClass_100',
      origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port } }],
      defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    distId = created.body.id;
    assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
    assert.equal((await at('FRA')).status, 200);
    assert.equal((await at('IAD')).status, 200);
    const nrt = await at('NRT');
    assert.equal(nrt.status, 403);
    assert.match(nrt.text, /Bad request/);
  });

  it('the resolver picks the nearest live in-class edge', async () => {
    const resolve = async (ip: string) => (await call('GET', `/v1/resolve?host=pc.localhost&ip=${ip}`)).body;
    assert.equal((await resolve(GB)).pop.code, 'FRA');
    assert.equal((await resolve(US)).pop.code, 'IAD');
    const jp = await resolve(JP);
    assert.notEqual(jp.pop.code, 'NRT', 'NRT is outside PriceClass_100');
    assert.equal(jp.edge.url, edges[jp.pop.code]!.url);
    const unknown = await resolve(UNKNOWN);
    assert.match(unknown.reason, /unknown/);
    assert.equal((await call('GET', '/v1/resolve?host=nope.localhost&ip=8.8.8.8')).status, 404);
    assert.equal((await call('GET', '/v1/resolve?host=pc.localhost&ip=not-an-ip')).status, 400);

    // PriceClass_200 adds Japan: NRT now serves, and Japanese viewers land there.
    const d = await call('GET', `/v1/distributions/${distId}`);
    const updated = await call('PUT', `/v1/distributions/${distId}`, { ...d.body.distributionConfig, priceClass: 'PriceClass_200' }, { 'if-match': d.etag });
    assert.equal(updated.status, 200);
    assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
    assert.equal((await at('NRT')).status, 200);
    assert.equal((await resolve(JP)).pop.code, 'NRT');
  });

  it("a wildcard alias: edges and the resolver serve every subdomain by the distribution's price class; a more specific alias elsewhere wins", async () => {
    const dist = async (aliases: string[], priceClass: string, originPath: string) => {
      const created = await call('POST', '/v1/distributions', {
        aliases,
        priceClass,
        origins: [{ id: 'o', domainName: '127.0.0.1', originPath, customOriginConfig: { httpPort: origin.port } }],
        defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal((await call('GET', `/v1/distributions/${created.body.id}?wait=15`)).body.status, 'Deployed');
    };
    await dist(['*.wild.localhost'], 'PriceClass_100', '/echo/wildcard');
    await dist(['www.wild.localhost', '*.b.wild.localhost'], 'PriceClass_All', '/echo/specific');
    const via = async (pop: string, host: string) => {
      const r = await get(`${edges[pop]!.url}/x`, { headers: { host } });
      return r.status === 200 ? (JSON.parse(r.text) as { path: string }).path : r.status;
    };
    assert.equal(await via('FRA', 'a.wild.localhost'), '/echo/wildcard/x');
    assert.equal(await via('IAD', 'deep.er.wild.localhost'), '/echo/wildcard/x', 'one label or more');
    assert.equal(await via('FRA', 'www.wild.localhost'), '/echo/specific/x', 'an exact alias wins over a wildcard');
    assert.equal(await via('FRA', 'c.b.wild.localhost'), '/echo/specific/x', 'the longer wildcard wins');
    assert.equal(await via('FRA', 'wild.localhost'), 403, 'a wildcard does not cover the name itself');
    assert.equal(await via('NRT', 'a.wild.localhost'), 403, 'PriceClass_100 is not deployed at NRT');
    assert.equal(await via('NRT', 'www.wild.localhost'), '/echo/specific/x');

    // Explain picks the distribution the same way.
    const explained = await call('POST', '/v1/explain', { url: 'http://x.b.wild.localhost/x', pop: 'FRA' });
    assert.equal(explained.status, 200, JSON.stringify(explained.body));
    assert.equal(explained.body.originRequest.path, '/echo/specific/x');
    const resolve = async (host: string, ip: string) => (await call('GET', `/v1/resolve?host=${host}&ip=${ip}`)).body;
    assert.notEqual((await resolve('a.wild.localhost', JP)).pop.code, 'NRT', 'the wildcard distribution is outside Japan');
    assert.equal((await resolve('www.wild.localhost', JP)).pop.code, 'NRT');
    assert.equal((await call('GET', `/v1/resolve?host=wild.localhost&ip=${JP}`)).status, 404);
    // The same wildcard twice is the same alternate domain name: refused.
    const twice = await call('POST', '/v1/distributions', {
      aliases: ['*.wild.localhost'],
      origins: [{ id: 'o', domainName: '127.0.0.1' }],
      defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled' },
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'CNAMEAlreadyExists');
  });

  it('usage: requests and bytes per POP and pricing region reach the control plane', async () => {
    for (let i = 0; i < 3; i++) await at('FRA', '/bytes/1000');
    await at('IAD', '/bytes/1000');
    const usage = await eventually(async () => {
      const u = (await call('GET', `/v1/distributions/${distId}/usage`)).body;
      const fra = u.byPop?.find((p: { pop: string }) => p.pop === 'FRA');
      return fra && fra.requests >= 4 ? u : undefined; // 1 earlier request + 3
    }, 'FRA usage');
    const fra = usage.byPop.find((p: { pop: string }) => p.pop === 'FRA');
    assert.ok(fra.bytesOut >= 3000);
    assert.equal(fra.pricingRegion, 'Europe & Israel');
    assert.ok(usage.byRegion.some((r: { pricingRegion: string }) => /United States/.test(r.pricingRegion)));
    assert.equal(usage.estimate.currency, 'USD');
    assert.equal(usage.estimate.illustrative, true);
  });
});
