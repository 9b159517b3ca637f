// When origins fail: origin-group failover, connection attempts and timeouts, stale
// content, custom error responses and error caching — real processes, short timeouts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { eventually, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

/** A loopback port with nothing listening (connections are refused). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function config(up: number, down: number, flaky: number): string {
  const o = (id: string, port: number, path = '', extra = '') => `
      - id: ${id}
        domainName: 127.0.0.1
        originPath: "${path}"
        connectionAttempts: 1
        connectionTimeout: 1${extra}
        customOriginConfig: { httpPort: ${port}, originReadTimeout: 2 }`;
  const group = (id: string, primary: string, codes: string) => `
      - id: ${id}
        failoverCriteria: { statusCodes: [${codes}] }
        members: [{ originId: ${primary} }, { originId: bytes }]`;
  const behavior = (pattern: string, target: string) => `
      - pathPattern: ${pattern}
        targetOriginId: ${target}
        cachePolicyId: Managed-CachingDisabled
        allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]`;
  return `
distributions:
  - id: EFAIL000000001
    aliases: [failover.localhost]
    origins:${o('up', up)}${o('down', down)}${o('p503', up, '/status/503')}${o('p404', up, '/status/404')}${o('bytes', up, '/bytes/64')}
    originGroups:${group('g-down', 'down', '500, 502, 503, 504')}${group('g-503', 'p503', '503')}${group('g-404', 'p404', '500, 502, 503, 504')}
    defaultCacheBehavior: { targetOriginId: up, cachePolicyId: Managed-CachingOptimized }
    cacheBehaviors:${behavior('/down/*', 'g-down')}${behavior('/s503/*', 'g-503')}${behavior('/s404/*', 'g-404')}${behavior('/solo-down/*', 'down')}
  - id: EFAIL000000002
    aliases: [stale.localhost]
    origins:${o('flaky', flaky)}
    defaultCacheBehavior: { targetOriginId: flaky, cachePolicyId: Managed-CachingOptimized }
  - id: EFAIL000000003
    aliases: [errors.localhost]
    origins:${o('up', up)}
    defaultCacheBehavior: { targetOriginId: up, cachePolicyId: Managed-CachingOptimized }
    customErrorResponses:
      - { errorCode: 404, responsePagePath: /index.html, responseCode: 200, errorCachingMinTTL: 30 }
      - { errorCode: 500, errorCachingMinTTL: 30 }
`;
}

describe('origin failures', () => {
  let up: Origin;
  let flaky: Origin;
  let edge: Edge;
  const MISS = 'Miss from cachefront';
  const HIT = 'Hit from cachefront';

  before(async () => {
    up = await startOrigin();
    flaky = await startOrigin();
    edge = await startEdge(config(up.port, await closedPort(), flaky.port), [], 'failover.localhost', 1);
  });
  after(async () => {
    await edge?.stop();
    await flaky?.stop();
    await up?.stop();
  });

  it('primary down (connection refused) -> the secondary serves', async () => {
    await up.reset();
    const r = await edge.fetch('/down/a');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.length, 64);
    assert.equal((await up.stats()).byPath['/bytes/64/down/a'], 1);
  });

  it('503 from the primary is in the criteria -> failover; the primary was tried first', async () => {
    await up.reset();
    const r = await edge.fetch('/s503/b');
    assert.equal(r.status, 200);
    const seen = (await up.stats()).byPath;
    assert.equal(seen['/status/503/s503/b'], 1, 'primary first');
    assert.equal(seen['/bytes/64/s503/b'], 1, 'then the secondary');
  });

  it('404 is not in the criteria -> no failover, the viewer gets the 404', async () => {
    await up.reset();
    const r = await edge.fetch('/s404/c');
    assert.equal(r.status, 404);
    assert.equal((await up.stats()).byPath['/bytes/64/s404/c'], undefined);
  });

  it('POST never fails over: a dead primary is a 502 with CloudFront’s page', async () => {
    await up.reset();
    const r = await edge.fetch('/down/form', { method: 'POST' });
    assert.equal(r.status, 502);
    assert.equal(r.headers['x-cache'], 'Error from cachefront');
    assert.match(r.text, /CloudFront wasn't able to connect to the origin/);
    assert.equal((await up.stats()).byPath['/bytes/64/down/form'], undefined);
    // OPTIONS does fail over (the secondary answers it, here with a 404 of its own).
    assert.notEqual((await edge.fetch('/down/form', { method: 'OPTIONS' })).status, 502);
    assert.equal((await up.stats()).byPath['/bytes/64/down/form'], 1);
  });

  it('no group: a dead origin is a 502', async () => {
    assert.equal((await edge.fetch('/solo-down/x')).status, 502);
  });

  it('errors are cached for errorCachingMinTTL; a custom error page replaces a 404 with its response code', async () => {
    await up.reset();
    for (let i = 0; i < 2; i++) assert.equal((await edge.fetch('/status/500/x', { host: 'errors.localhost' })).status, 500);
    assert.equal((await up.stats()).byPath['/status/500/x'], 1, 'the 500 was cached');
    const page = await edge.fetch('/no-such-file', { host: 'errors.localhost' });
    assert.equal(page.status, 200);
    assert.match(page.text, /<html/i);
    const again = await edge.fetch('/no-such-file', { host: 'errors.localhost' });
    assert.equal(again.status, 200);
    assert.equal((await up.stats()).byPath['/no-such-file'], 1, 'the origin 404 is cached too');
  });

  it('stale-while-revalidate: an expired object is served at once and refreshed once in the background', async () => {
    await flaky.reset();
    const path = '/cache/max-age=1,stale-while-revalidate=60/swr';
    assert.equal((await edge.fetch(path, { host: 'stale.localhost' })).headers['x-cache'], MISS);
    // Wait for the object to expire (time passing is what is tested; poll Age).
    await eventually(async () => Number((await edge.fetch(path, { host: 'stale.localhost' })).headers.age) >= 1 || undefined, 'expiry', 5000, 100);
    const count = async () => (await flaky.stats()).byPath[path] ?? 0;
    // The stale hit triggered exactly one background refresh.
    await eventually(async () => (await count()) === 2 || undefined, 'one background refresh');
    const fresh = await edge.fetch(path, { host: 'stale.localhost' });
    assert.equal(fresh.headers['x-cache'], HIT);
    assert.equal(await count(), 2);
  });

  it('stale-if-error and the unreachable-origin rule: the old copy is served; stale-if-error=0 opts out', async () => {
    const keep = '/cache/max-age=1/keep';
    const optOut = '/cache/max-age=1,stale-if-error=0/optout';
    // optOut first: once `keep` has expired (polled below), the older optOut copy has too.
    for (const p of [optOut, keep]) assert.equal((await edge.fetch(p, { host: 'stale.localhost' })).status, 200);
    await flaky.stop(); // the origin goes away
    await eventually(async () => {
      const r = await edge.fetch(keep, { host: 'stale.localhost' });
      return r.status === 200 && Number(r.headers.age) >= 1 ? r : undefined;
    }, 'the expired copy served while the origin is down', 5000, 100);
    const refused = await edge.fetch(optOut, { host: 'stale.localhost' });
    assert.equal(refused.status, 502);
  });
});
