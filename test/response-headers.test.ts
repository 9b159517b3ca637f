// Response headers policies at the edge (docs/edge-rules.md "Response headers policies"): managed and
// local policies on hits, misses and errors, override, removal, CORS and preflights.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get, loopbackOrigin, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'rhp.localhost';

describe('response headers policies', () => {
  let origin: Origin;
  let edge: Edge;
  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(
      `responseHeadersPolicies:
  - id: site-headers
    customHeadersConfig:
      - { header: X-Site, value: cachefront, override: false }
      - { header: Cache-Control, value: no-store, override: true }
    removeHeadersConfig: [etag]
    securityHeadersConfig:
      contentSecurityPolicy: { contentSecurityPolicy: "default-src 'self'", override: true }
  - id: app-cors
    corsConfig:
      accessControlAllowOrigins: [https://app.example.com, "https://*.example.org"]
      accessControlAllowHeaders: [content-type, x-token]
      accessControlAllowMethods: [GET, HEAD, OPTIONS]
      accessControlAllowCredentials: true
      accessControlExposeHeaders: [x-site]
      accessControlMaxAgeSec: 600
      originOverride: true
  - id: timing
    serverTimingHeadersConfig: { enabled: true, samplingRate: 100 }
  - id: keep-origin
    customHeadersConfig:
      - { header: Cache-Control, value: no-store, override: false }
distributions:
  - id: ERHP000000001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized, responseHeadersPolicyId: Managed-SecurityHeadersPolicy }
    cacheBehaviors:
      # The origin's knobs (?cc=, ?etag=) are query strings: this policy keys and forwards them all.
      - { pathPattern: /status/200/site*, targetOriginId: o, cachePolicyId: Managed-UseOriginCacheControlHeaders-QueryStrings, responseHeadersPolicyId: site-headers }
      - { pathPattern: /status/200/keep*, targetOriginId: o, cachePolicyId: Managed-UseOriginCacheControlHeaders-QueryStrings, responseHeadersPolicyId: keep-origin }
      - { pathPattern: /status/200/timing*, targetOriginId: o, cachePolicyId: Managed-CachingOptimized, responseHeadersPolicyId: timing }
      - { pathPattern: /delay/*, targetOriginId: o, cachePolicyId: Managed-CachingOptimized, responseHeadersPolicyId: timing }
      - { pathPattern: /status/200/simple*, targetOriginId: o, cachePolicyId: Managed-CachingOptimized, responseHeadersPolicyId: 60669652-455b-4ae9-85a4-c4c02393f86c }
      - pathPattern: /status/200/api*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        responseHeadersPolicyId: app-cors
        allowedMethods: [GET, HEAD, OPTIONS]
`,
      [],
      HOST,
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('Managed-SecurityHeadersPolicy (by name): its five headers on a miss, a hit and an error, with AWS values', async () => {
    const path = `/bytes/10?run=${Date.now()}`;
    for (const r of [await edge.fetch(path), await edge.fetch(path), await edge.fetch('/status/404')]) {
      assert.equal(r.headers['strict-transport-security'], 'max-age=31536000');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(r.headers['x-xss-protection'], '1; mode=block');
      assert.equal(r.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    }
    assert.equal((await edge.fetch(path)).headers['x-cache'], 'Hit from cachefront');
  });

  it('custom headers (override on and off), removed headers and a CSP, on a miss and a hit', async () => {
    const path = `/status/200/site?cc=max-age%3D60&etag=%22v1%22&run=${Date.now()}`;
    const miss = await edge.fetch(path);
    const hit = await edge.fetch(path);
    assert.equal(hit.headers['x-cache'], 'Hit from cachefront', 'stored as the origin sent it: Cache-Control no-store is the viewer\'s only');
    for (const r of [miss, hit]) {
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-site'], 'cachefront');
      assert.equal(r.headers['cache-control'], 'no-store', "override: true replaces the origin's Cache-Control");
      assert.equal(r.headers.etag, undefined, 'removed');
      assert.equal(r.headers['content-security-policy'], "default-src 'self'");
    }
  });

  it("override off keeps the origin's header; the policy's only when the origin sent none", async () => {
    assert.equal((await edge.fetch(`/status/200/keep?cc=max-age%3D60&run=${Date.now()}`)).headers['cache-control'], 'max-age=60');
    assert.equal((await edge.fetch(`/status/200/keep-none?run=${Date.now()}`)).headers['cache-control'], 'no-store');
  });

  it('Server-Timing at 100 %: cdn-cache-miss then cdn-cache-hit with the POP, the request id, the hit layer and first-byte latencies', async () => {
    const path = `/status/200/timing?run=${Date.now()}`;
    const miss = await edge.fetch(path);
    const head = (r: { headers: Record<string, unknown> }) => `cdn-pop;desc="${String(r.headers['x-amz-cf-pop'])}",cdn-rid;desc="${String(r.headers['x-amz-cf-id'])}"`;
    assert.match(String(miss.headers['server-timing']), new RegExp(`^cdn-cache-miss,${escape(head(miss))},cdn-upstream-fbl;dur=\\d+,cdn-downstream-fbl;dur=\\d+$`));
    const hit = await edge.fetch(path);
    assert.match(String(hit.headers['server-timing']), new RegExp(`^cdn-cache-hit,${escape(head(hit))},cdn-hit-layer;desc="EDGE",cdn-downstream-fbl;dur=\\d+$`));
  });

  it("Server-Timing's cdn-upstream-fbl is the origin's first-byte time, and cdn-downstream-fbl includes it", async () => {
    const miss = await edge.fetch(`/delay/150?run=${Date.now()}`);
    assert.equal(miss.status, 200);
    const dur = (metric: string) => Number(new RegExp(`${metric};dur=(\\d+)`).exec(String(miss.headers['server-timing']))?.[1]);
    assert.ok(dur('cdn-upstream-fbl') >= 150, String(miss.headers['server-timing']));
    assert.ok(dur('cdn-downstream-fbl') >= dur('cdn-upstream-fbl'), String(miss.headers['server-timing']));
  });

  it('SimpleCORS (by AWS id): Access-Control-Allow-Origin * for a request with Origin, nothing without', async () => {
    const path = `/status/200/simple?run=${Date.now()}`;
    assert.equal((await edge.fetch(path, { headers: { origin: 'https://any.example' } })).headers['access-control-allow-origin'], '*');
    assert.equal((await edge.fetch(path)).headers['access-control-allow-origin'], undefined);
  });

  it('a CORS policy: an allowed origin (exact or wildcard) is echoed with credentials, exposed headers and Vary: Origin; another gets none', async () => {
    const path = `/status/200/api?run=${Date.now()}`;
    const r = await edge.fetch(path, { headers: { origin: 'https://app.example.com' } });
    assert.equal(r.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(r.headers['access-control-allow-credentials'], 'true');
    assert.equal(r.headers['access-control-expose-headers'], 'x-site');
    assert.match(String(r.headers.vary), /Origin/);
    assert.equal((await edge.fetch(path, { headers: { origin: 'https://a.b.example.org' } })).headers['access-control-allow-origin'], 'https://a.b.example.org');
    assert.equal((await edge.fetch(path, { headers: { origin: 'https://evil.example' } })).headers['access-control-allow-origin'], undefined);
  });

  it('a preflight is answered at the edge (no origin request); a preflight from an origin not allowed is not', async () => {
    await origin.reset();
    const path = `/status/200/api-preflight?run=${Date.now()}`;
    const pre = await edge.fetch(path, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-token' } });
    assert.equal(pre.status, 200);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.equal(pre.headers['access-control-allow-methods'], 'GET, HEAD, OPTIONS');
    assert.equal(pre.headers['access-control-allow-headers'], 'content-type, x-token');
    assert.equal(pre.headers['access-control-max-age'], '600');
    assert.equal(pre.headers['access-control-allow-credentials'], 'true');
    const stats = JSON.parse((await get(`${origin.url}/_origin/stats`)).text) as { byPath: Record<string, number> };
    assert.equal(stats.byPath['/status/200/api-preflight'] ?? 0, 0, 'no origin request for the preflight');
    const denied = await edge.fetch(path, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
  });
});

/** `text` as a literal in a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
