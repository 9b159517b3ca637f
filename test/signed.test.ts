// Private content end to end: an edge (2 workers) whose /private/* behavior trusts a key
// group, URLs and cookies signed by AWS's own signer and by ours, CloudFront's 403 XML.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { customPolicy, signUrl } from '@cachefront/signing';
import { apiClient, cachePolicy, get, loopbackOrigin, startControlPlane, startEdge, startOrigin, startPopEdge, type Edge, type Origin } from './helpers.ts';

const HOST = 'private.localhost';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (k: { export(o: { type: 'spki' | 'pkcs8'; format: 'pem' }): string | Buffer }, type: 'spki' | 'pkcs8') => String(k.export({ type, format: 'pem' }));
const RSA_PRIVATE = pem(rsa.privateKey, 'pkcs8');
const EC_PRIVATE = pem(ec.privateKey, 'pkcs8');
const indent = (text: string) => text.trim().split('\n').join('\n          ');

function config(originPort: number): string {
  return `
publicKeys:
  - id: KRSA0000000001
    name: rsa
    encodedKey: |
          ${indent(pem(rsa.publicKey, 'spki'))}
  - id: KEC00000000001
    name: ec
    encodedKey: |
          ${indent(pem(ec.publicKey, 'spki'))}
keyGroups:
  - id: signers
    name: signers
    items: [KRSA0000000001, KEC00000000001]
distributions:
  - id: EPRIVATE000001
    aliases: [${HOST}]
    origins:
      - ${loopbackOrigin('origin', originPort)}
      - ${loopbackOrigin('echo', originPort, '/echo')}
    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: Managed-CachingOptimized
    cacheBehaviors:
      - pathPattern: /private/*
        targetOriginId: origin
        cachePolicyId: all-queries
        trustedKeyGroups: [signers]
      - pathPattern: /secure-echo/*
        targetOriginId: echo
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewer
        trustedKeyGroups: [signers]
cachePolicies:
${cachePolicy('all-queries', { cookiesConfig: '{ cookieBehavior: all }', queryStringsConfig: '{ queryStringBehavior: all }' })}`;
}

describe('signed URLs and cookies at the edge', () => {
  let origin: Origin;
  let edge: Edge;
  let base: string;
  const inAnHour = () => new Date(Date.now() + 3600_000);
  const errorCode = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
  const fetchUrl = (url: string, headers: Record<string, string> = {}) => edge.fetch(url.slice(base.length), { headers });

  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(config(origin.port), [], HOST);
    // What viewers (and signers) see: the Host header they send, with the edge's port.
    base = `http://${HOST}:${new URL(edge.url).port}`;
    edge.fetch = ((f) => (path, opts = {}) => f(path, { ...opts, host: opts.host ?? `${HOST}:${new URL(edge.url).port}` }))(edge.fetch);
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('unsigned -> 403 MissingKey as CloudFront XML, X-Cache Error; public paths are unaffected', async () => {
    const r = await edge.fetch('/private/bytes');
    assert.equal(r.status, 403);
    assert.equal(r.headers['content-type'], 'text/xml');
    assert.equal(r.headers['x-cache'], 'Error from cachefront');
    assert.equal(r.text, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>MissingKey</Code><Message>Missing Key-Pair-Id query parameter or cookie value</Message></Error>');
    assert.equal((await edge.fetch('/')).status, 200);
  });

  it("AWS's signer: canned URLs verify, and many signed URLs for one object share one cached copy", async () => {
    await origin.reset();
    const url = `${base}/private/report.html`;
    const a = getSignedUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, dateLessThan: inAnHour() });
    const b = getSignedUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, dateLessThan: new Date(Date.now() + 7200_000) });
    assert.notEqual(a, b);
    const results = [];
    for (const signed of [a, b, a, b]) {
      const r = await fetchUrl(signed);
      assert.equal(r.status, 200, r.text);
      results.push(r.headers['x-cache']);
    }
    // One keep-alive connection, one worker: one origin fetch for four different signed URLs.
    assert.deepEqual(results, ['Miss from cachefront', 'Hit from cachefront', 'Hit from cachefront', 'Hit from cachefront']);
    assert.equal((await origin.stats()).byPath['/private/report.html'], 1);
  });

  it("AWS's signer: custom policy with a wildcard resource, as cookies, SHA256 and ECDSA", async () => {
    const policy = customPolicy({ resource: `${base}/private/rep*`, dateLessThan: Math.floor(Date.now() / 1000) + 600 });
    const cookies = getSignedCookies({ policy, keyPairId: 'KEC00000000001', privateKey: EC_PRIVATE, algorithm: 'SHA256' });
    const cookie = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    const ok = await edge.fetch('/private/report.html', { headers: { cookie } });
    assert.equal(ok.status, 200, ok.text);
    const outside = await edge.fetch('/private/other.html', { headers: { cookie } });
    assert.equal(errorCode(outside.text), 'AccessDenied', 'a path outside the resource pattern is refused');
  });

  it('dot segments cannot route around the signed behavior (behaviors match the normalized path)', async () => {
    for (const path of ['/x/../private/report.html', '/x/%2e%2e/private/report.html', '/./private/report.html']) {
      const r = await edge.fetch(path);
      assert.equal(r.status, 403, path);
      assert.equal(errorCode(r.text), 'MissingKey', path);
    }
  });

  it('paths an origin could resolve into the signed behavior another way are refused or need a signature', async () => {
    for (const path of ['/.//private/report.html', '/x/..//private/report.html', '/x/..%2F/private/report.html']) {
      assert.equal((await edge.fetch(path)).status, 400, path);
    }
    for (const path of ['/x/..%2fprivate/report.html', '/x%2F..%2Fprivate/report.html', '/%70rivate/report.html']) {
      const r = await edge.fetch(path);
      assert.equal(r.status, 403, path);
      assert.equal(errorCode(r.text), 'MissingKey', path);
    }
  });

  it('refusals carry the right code: expired, tampered, query added, unknown key, truncated signature, bad policy, wrong IP', async () => {
    const url = `${base}/private/x`;
    const past = signUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, expires: Math.floor(Date.now() / 1000) - 10 });
    assert.equal(errorCode((await fetchUrl(past)).text), 'AccessDenied');
    const good = signUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, expires: Math.floor(Date.now() / 1000) + 600 });
    assert.notEqual((await fetchUrl(good)).status, 403);
    assert.equal(errorCode((await fetchUrl(good.replace('/private/x', '/private/y'))).text), 'AccessDenied');
    assert.equal(errorCode((await fetchUrl(`${good}&extra=1`)).text), 'AccessDenied');
    assert.equal(errorCode((await fetchUrl(good.replace('KRSA0000000001', 'KNOPE000000001'))).text), 'InvalidKey');
    assert.equal(errorCode((await fetchUrl(good.replace(/Signature=[^&]+/, (m) => m.slice(0, 40)))).text), 'MalformedSignature');
    const signature = /Signature=([^&]+)/.exec(good)![1];
    const garbage = `${base}/private/x?Policy=${'A'.repeat(6000)}&Signature=${signature}&Key-Pair-Id=KRSA0000000001`;
    assert.equal(errorCode((await fetchUrl(garbage)).text), 'MalformedPolicy');
    const elsewhere = signUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, policy: customPolicy({ resource: url, dateLessThan: Math.floor(Date.now() / 1000) + 600, ipAddress: '10.0.0.0/8' }) });
    assert.equal(errorCode((await fetchUrl(elsewhere)).text), 'AccessDenied');
    const here = signUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, policy: customPolicy({ resource: url, dateLessThan: Math.floor(Date.now() / 1000) + 600, ipAddress: '127.0.0.0/8' }) });
    assert.notEqual((await fetchUrl(here)).status, 403);
  });

  it('the origin never sees the signing parameters or cookies; a signed URL wins over cookies', async () => {
    const url = `${base}/secure-echo/a?keep=1`;
    const signed = signUrl({ url, keyPairId: 'KRSA0000000001', privateKey: RSA_PRIVATE, expires: Math.floor(Date.now() / 1000) + 600 });
    const badCookies = 'CloudFront-Expires=1; CloudFront-Signature=xx; CloudFront-Key-Pair-Id=KNOPE; session=s1';
    const r = await fetchUrl(signed, { cookie: badCookies });
    assert.equal(r.status, 200, r.text);
    const echo = JSON.parse(r.text) as { query: string; cookies: Record<string, string> };
    assert.equal(echo.query, 'keep=1');
    assert.deepEqual(echo.cookies, { session: 's1' });
  });
});

describe('trusted keys through the control plane', () => {
  it('a key added to the group works once deployed; a removed key stops working once deployed', async () => {
    const origin = await startOrigin();
    const cp = await startControlPlane('cachefront-keys-');
    const write = cp.token('write');
    const edgeProc = await startPopEdge(cp, 'FRA', cp.token('edge'), { stateDir: 'edge' });
    const edgeUrl = String(edgeProc.ready.url);
    const host = `keys.localhost:${new URL(edgeUrl).port}`;
    const call = apiClient(String(cp.ready.url), write);
    const deployed = async (distId: string) => assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
    const signedWith = (keyPairId: string, privateKey: string) =>
      signUrl({ url: `http://${host}/private/report.html`, keyPairId, privateKey, expires: Math.floor(Date.now() / 1000) + 600 });
    const status = async (url: string) => (await get(url.replace(`http://${host}`, edgeUrl), { headers: { host } })).status;
    try {
      const k1 = await call('POST', '/v1/public-keys', { name: 'k1', encodedKey: pem(rsa.publicKey, 'spki') });
      assert.equal(k1.status, 201, JSON.stringify(k1.body));
      const k2 = await call('POST', '/v1/public-keys', { name: 'k2', encodedKey: pem(ec.publicKey, 'spki') });
      assert.match(k1.body.id, /^K[A-Z0-9]{13}$/);
      const group = await call('POST', '/v1/key-groups', { name: 'signers', items: [k1.body.id] });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      const dist = await call('POST', '/v1/distributions', {
        aliases: ['keys.localhost'],
        origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port } }],
        defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' },
        cacheBehaviors: [{ pathPattern: '/private/*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized', trustedKeyGroups: [group.body.id] }],
      });
      assert.equal(dist.status, 201, JSON.stringify(dist.body));
      await deployed(dist.body.id);
      const byK1 = signedWith(k1.body.id, RSA_PRIVATE);
      const byK2 = signedWith(k2.body.id, EC_PRIVATE);
      assert.equal(await status(byK1), 200);
      assert.equal(await status(byK2), 403, 'k2 is not trusted yet');

      // Rotate: add k2, deploy, then drop k1, deploy.
      const g1 = await call('GET', `/v1/key-groups/${group.body.id}`);
      const cfg = g1.body.keyGroupConfig;
      assert.equal((await call('PUT', `/v1/key-groups/${group.body.id}`, { ...cfg, items: [k1.body.id, k2.body.id] }, { 'if-match': g1.etag })).status, 200);
      await deployed(dist.body.id);
      assert.equal(await status(byK2), 200, 'an added key works once deployed');
      const g2 = await call('GET', `/v1/key-groups/${group.body.id}`);
      assert.equal((await call('PUT', `/v1/key-groups/${group.body.id}`, { ...cfg, items: [k2.body.id] }, { 'if-match': g2.etag })).status, 200);
      await deployed(dist.body.id);
      assert.equal(await status(byK1), 403, "a removed key's signatures stop working once deployed (even though it verified before)");
      assert.equal(await status(byK2), 200);
      assert.equal((await call('DELETE', `/v1/public-keys/${k2.body.id}`, undefined, { 'if-match': k2.etag })).body.error.code, 'PublicKeyInUse');
    } finally {
      await edgeProc.stop();
      await cp.stop();
      await origin.stop();
    }
  });
});
