// The CloudFront REST API in-process (app.request), signed as an SDK signs: access key
// scopes, CloudFront's error XML, body limits, the shared store with /v1, tagging. The SDK
// and the aws CLI against a real control plane and edge: test/cloudfront-api.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { readFileSync } from 'node:fs';
import { secretBox, secretBoxFile } from '../auth/secret-box.ts';
import { Harness } from '../test-support.ts';
import { XML_NAMESPACE } from './model.ts';
import { signedHeaders } from './test-signing.ts';

const h = new Harness();
let write: { id: string; secret: string };
let read: { id: string; secret: string };

async function cf(method: string, target: string, o: { body?: string | Uint8Array; key?: { id: string; secret: string }; headers?: Record<string, string> } = {}) {
  const headers = await signedHeaders({ method, target, body: o.body, key: o.key ?? write, headers: o.headers });
  const res = await h.cp.app.request(`http://localhost${target}`, { method, headers, body: o.body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const errorCode = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const batch = (ref: string, paths: string[]) =>
  `<InvalidationBatch xmlns="${XML_NAMESPACE}"><Paths><Quantity>${paths.length}</Quantity><Items>${paths.map((p) => `<Path>${p}</Path>`).join('')}</Items></Paths><CallerReference>${ref}</CallerReference></InvalidationBatch>`;

describe('CloudFront REST API (in-process)', () => {
  let distId = '';
  before(async () => {
    const created = await h.call('POST', '/v1/access-keys', { body: { scope: 'write' } });
    assert.equal(created.status, 201);
    write = { id: created.body.accessKeyId, secret: created.body.secretAccessKey };
    const r = await h.call('POST', '/v1/access-keys', { body: { scope: 'read' } });
    read = { id: r.body.accessKeyId, secret: r.body.secretAccessKey };
    distId = (await h.distribution()).id;
  });
  after(() => h.close());

  test('errors are CloudFront error XML; no signature, a bad one and an unknown key are refused', async () => {
    const res = await h.cp.app.request('http://localhost/2020-05-31/distribution');
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>[^<]+</Message></Error><RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>$`));
    assert.equal((await cf('GET', '/2020-05-31/distribution', { key: { id: write.id, secret: 'wrong' } })).status, 403);
    assert.equal(errorCode((await cf('GET', '/2020-05-31/distribution', { key: { id: write.id, secret: 'wrong' } })).text), 'SignatureDoesNotMatch');
    assert.equal(errorCode((await cf('GET', '/2020-05-31/distribution', { key: { id: 'CFAKNOPENOPENOPENOPE', secret: 'x' } })).text), 'InvalidClientTokenId');
  });

  test('a read key lists but may not write (AccessDenied)', async () => {
    const list = await cf('GET', '/2020-05-31/distribution', { key: read });
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`<DistributionList xmlns="${XML_NAMESPACE}"><Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>1</Quantity><Items><DistributionSummary><Id>${distId}</Id>`));
    const denied = await cf('POST', `/2020-05-31/distribution/${distId}/invalidation`, { key: read, body: batch('r0', ['/x']) });
    assert.equal(denied.status, 403);
    assert.equal(errorCode(denied.text), 'AccessDenied');
    assert.equal((await h.call('GET', `/v1/distributions/${distId}/invalidations`)).body.quantity, 0);
  });

  test('an invalidation made here is the one /v1 sees, and the other way round', async () => {
    const seq = (await h.call('GET', '/healthz')).body.seq;
    const res = await cf('POST', `/2020-05-31/distribution/${distId}/invalidation`, { body: batch('r1', ['/a&amp;b', '/c/*']) });
    assert.equal(res.status, 201, res.text);
    const id = /<Id>([^<]+)<\/Id>/.exec(res.text)?.[1];
    assert.equal(res.headers.get('location'), `http://localhost/2020-05-31/distribution/${distId}/invalidation/${id}`);
    const v1 = await h.call('GET', `/v1/distributions/${distId}/invalidations/${id}`);
    assert.deepEqual(v1.body.invalidationBatch, { callerReference: 'r1', paths: ['/a&b', '/c/*'] });
    assert.equal((await h.call('GET', '/healthz')).body.seq, seq + 1);
    const list = await cf('GET', `/2020-05-31/distribution/${distId}/invalidation`);
    assert.match(list.text, new RegExp(`<Quantity>1</Quantity><Items><InvalidationSummary><Id>${id}</Id><CreateTime>[^<]+</CreateTime><Status>(Completed|InProgress)</Status>`));
    assert.equal(errorCode((await cf('GET', `/2020-05-31/distribution/${distId}/invalidation/INOPE`)).text), 'NoSuchInvalidation');
    assert.equal(errorCode((await cf('GET', '/2020-05-31/distribution/ENOPE/invalidation')).text), 'NoSuchDistribution');
  });

  test('bad bodies: clear XML errors, nothing written', async () => {
    const seq = (await h.call('GET', '/healthz')).body.seq;
    const target = `/2020-05-31/distribution/${distId}/invalidation`;
    const lol = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${batch('&b;', ['/x'])}`;
    const cases: [string, string, number][] = [
      ['<InvalidationBatch><Paths>', 'MalformedXML', 400],
      [lol, 'MalformedXML', 400],
      [batch('r2', ['/x']).replace('</CallerReference>', '</CallerReference><Extra>1</Extra>'), 'MalformedInput', 400],
      [batch('r2', ['/x']).replace('<Quantity>1</Quantity>', '<Quantity>3</Quantity>'), 'InconsistentQuantities', 400],
      [batch('r2', ['no-slash']), 'InvalidArgument', 400],
      ['', 'MissingBody', 400],
    ];
    for (const [body, code, status] of cases) {
      const res = await cf('POST', target, { body });
      assert.equal(res.status, status, `${code}: ${res.text}`);
      assert.equal(errorCode(res.text), code, res.text);
    }
    // 10 MB: refused by its Content-Length, before it is read.
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x20);
    const res = await cf('POST', target, { body: big, headers: { 'content-length': String(big.length) } });
    assert.equal(res.status, 413);
    assert.equal(errorCode(res.text), 'RequestEntityTooLarge');
    assert.equal((await h.call('GET', '/healthz')).body.seq, seq, 'nothing was written');
  });

  test('unknown routes are NotFound; operations cachefront lacks are UnsupportedOperation', async () => {
    assert.equal((await cf('GET', '/2020-05-31/nothing-here')).status, 404);
    const res = await cf('GET', '/2020-05-31/streaming-distribution');
    assert.equal(res.status, 400);
    assert.equal(errorCode(res.text), 'UnsupportedOperation');
  });

  test('tags per distribution ARN: add, replace, list sorted, remove; unknown resources refused', async () => {
    const arn = `arn:aws:cloudfront::000000000000:distribution/${distId}`;
    const q = encodeURIComponent(arn);
    const tags = (items: [string, string][]) => `<Tags xmlns="${XML_NAMESPACE}"><Items>${items.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</Items></Tags>`;
    assert.equal((await cf('POST', `/2020-05-31/tagging?Operation=Tag&Resource=${q}`, { body: tags([['team', 'web'], ['env', 'dev']]) })).status, 204);
    assert.equal((await cf('POST', `/2020-05-31/tagging?Operation=Tag&Resource=${q}`, { body: tags([['env', 'prod']]) })).status, 204);
    const listed = await cf('GET', `/2020-05-31/tagging?Resource=${q}`, { key: read });
    assert.match(listed.text, /<Tags xmlns="[^"]+"><Items><Tag><Key>env<\/Key><Value>prod<\/Value><\/Tag><Tag><Key>team<\/Key><Value>web<\/Value><\/Tag><\/Items><\/Tags>/);
    const untag = `<TagKeys xmlns="${XML_NAMESPACE}"><Items><Key>env</Key></Items></TagKeys>`;
    assert.equal((await cf('POST', `/2020-05-31/tagging?Operation=Untag&Resource=${q}`, { body: untag })).status, 204);
    assert.doesNotMatch((await cf('GET', `/2020-05-31/tagging?Resource=${q}`)).text, /env/);
    const missing = await cf('GET', `/2020-05-31/tagging?Resource=${encodeURIComponent('arn:aws:cloudfront::000000000000:distribution/ENOPE')}`);
    assert.equal(errorCode(missing.text), 'NoSuchResource');
    const badKey = await cf('POST', `/2020-05-31/tagging?Operation=Tag&Resource=${q}`, { body: tags([['bad#key', 'v']]) });
    assert.equal(errorCode(badKey.text), 'InvalidTagging');
  });

  test('cache policies: create, get, list with the managed ones, update with If-Match, delete; the same records as /v1', async () => {
    const config = (ttl: number) =>
      `<CachePolicyConfig xmlns="${XML_NAMESPACE}"><Comment>api</Comment><Name>api-policy</Name><DefaultTTL>${ttl}</DefaultTTL><MaxTTL>3600</MaxTTL><MinTTL>0</MinTTL>` +
      '<ParametersInCacheKeyAndForwardedToOrigin><EnableAcceptEncodingGzip>true</EnableAcceptEncodingGzip><EnableAcceptEncodingBrotli>false</EnableAcceptEncodingBrotli>' +
      '<HeadersConfig><HeaderBehavior>none</HeaderBehavior></HeadersConfig><CookiesConfig><CookieBehavior>none</CookieBehavior></CookiesConfig>' +
      '<QueryStringsConfig><QueryStringBehavior>whitelist</QueryStringBehavior><QueryStrings><Quantity>1</Quantity><Items><Name>v</Name></Items></QueryStrings></QueryStringsConfig>' +
      '</ParametersInCacheKeyAndForwardedToOrigin></CachePolicyConfig>';
    const created = await cf('POST', '/2020-05-31/cache-policy', { body: config(60) });
    assert.equal(created.status, 201, created.text);
    const id = /<Id>([^<]+)<\/Id>/.exec(created.text)?.[1] as string;
    const etag = created.headers.get('etag') as string;
    const v1 = await h.call('GET', `/v1/cache-policies/${id}`);
    assert.equal(v1.body.cachePolicyConfig.defaultTTL, 60);
    assert.deepEqual(v1.body.cachePolicyConfig.parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig, { queryStringBehavior: 'whitelist', queryStrings: ['v'] });
    const got = await cf('GET', `/2020-05-31/cache-policy/${id}/config`, { key: read });
    assert.match(got.text, /<DefaultTTL>60<\/DefaultTTL>/);
    const list = await cf('GET', '/2020-05-31/cache-policy', { key: read });
    assert.match(list.text, new RegExp(`<CachePolicySummary><Type>custom</Type><CachePolicy><Id>${id}</Id>`));
    assert.match(list.text, /<CachePolicySummary><Type>managed<\/Type><CachePolicy><Id>658327ea-f89d-4fab-a63d-7e88639e58f6<\/Id>/);
    assert.equal(errorCode((await cf('PUT', `/2020-05-31/cache-policy/${id}`, { body: config(120), headers: { 'if-match': 'STALE' } })).text), 'PreconditionFailed');
    const updated = await cf('PUT', `/2020-05-31/cache-policy/${id}`, { body: config(120), headers: { 'if-match': etag } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal((await h.call('GET', `/v1/cache-policies/${id}`)).body.cachePolicyConfig.defaultTTL, 120);
    assert.equal(errorCode((await cf('DELETE', '/2020-05-31/cache-policy/658327ea-f89d-4fab-a63d-7e88639e58f6', { headers: { 'if-match': 'X' } })).text), 'InvalidArgument');
    assert.equal((await cf('DELETE', `/2020-05-31/cache-policy/${id}`, { headers: { 'if-match': updated.headers.get('etag') as string } })).status, 204);
    assert.equal((await h.call('GET', `/v1/cache-policies/${id}`)).status, 404);
  });

  test('origin access controls: create and list (flat summaries)', async () => {
    const body = `<OriginAccessControlConfig xmlns="${XML_NAMESPACE}"><Name>oac-1</Name><Description>d</Description><SigningProtocol>sigv4</SigningProtocol><SigningBehavior>always</SigningBehavior><OriginAccessControlOriginType>s3</OriginAccessControlOriginType></OriginAccessControlConfig>`;
    const created = await cf('POST', '/2020-05-31/origin-access-control', { body });
    assert.equal(created.status, 201, created.text);
    const list = await cf('GET', '/2020-05-31/origin-access-control');
    assert.match(list.text, /<OriginAccessControlSummary><Id>E[A-Z0-9]{13}<\/Id><Description>d<\/Description><Name>oac-1<\/Name><SigningProtocol>sigv4<\/SigningProtocol><SigningBehavior>always<\/SigningBehavior>/);
  });

  test('secrets are sealed: the database alone does not reveal them, and the key file opens them', () => {
    const db = new DatabaseSync(h.dataPath);
    const rows = db.prepare('SELECT id, sealed_secret FROM access_keys').all() as { id: string; sealed_secret: string }[];
    db.close();
    const row = rows.find((r) => r.id === write.id);
    assert.ok(row !== undefined);
    assert.ok(!row.sealed_secret.includes(write.secret));
    const key = Buffer.from(readFileSync(secretBoxFile(h.dataPath), 'utf8').trim(), 'hex');
    assert.equal(secretBox(key).open(row.sealed_secret, write.id), write.secret);
    assert.equal(secretBox(key).open(row.sealed_secret, read.id), undefined, 'bound to its key id');
    assert.equal(secretBox(Buffer.alloc(32)).open(row.sealed_secret, write.id), undefined, 'another key file opens nothing');
  });
});
