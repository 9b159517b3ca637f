import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, rawDistribution } from '../test-support.ts';

const h = new Harness();
after(() => h.close());

test('response headers policies: create, get with ETag, the five managed ones by name and AWS id, validation issues by path', async () => {
  const r = await h.call('POST', '/v1/response-headers-policies', {
    body: { id: 'site', customHeadersConfig: [{ header: 'X-Site', value: 'a', override: true }], removeHeadersConfig: ['X-Powered-By'] },
  });
  assert.equal(r.status, 201);
  assert.equal(r.body.type, 'custom');
  assert.deepEqual(r.body.responseHeadersPolicyConfig.customHeadersConfig, [{ header: 'x-site', value: 'a', override: true }]);
  const got = await h.call('GET', '/v1/response-headers-policies/site', { token: h.token('read') });
  assert.equal(got.headers.get('etag'), r.headers.get('etag'));

  const listed = await h.call('GET', '/v1/response-headers-policies', { token: h.token('read') });
  assert.deepEqual(
    listed.body.items.filter((i: { type: string }) => i.type === 'managed').map((i: { id: string }) => i.id),
    ['e61eb60c-9c35-4d20-a928-2b84e02af89c', '5cc3b908-e619-4b99-88e5-2cf7f45965bd', 'eaab4381-ed33-4a86-88ca-d9558dc6cd63', '67f7725c-6f97-4210-82d7-5512b31e9d03', '60669652-455b-4ae9-85a4-c4c02393f86c'],
  );
  const byName = await h.call('GET', '/v1/response-headers-policies/Managed-SimpleCORS');
  assert.equal(byName.body.id, '60669652-455b-4ae9-85a4-c4c02393f86c');
  assert.deepEqual(byName.body.responseHeadersPolicyConfig.corsConfig.accessControlAllowOrigins, ['*']);

  const bad = await h.call('POST', '/v1/response-headers-policies', {
    body: { id: 'bad', corsConfig: { accessControlAllowOrigins: [], accessControlAllowMethods: ['BREW'], accessControlAllowCredentials: true, originOverride: true }, customHeadersConfig: Array.from({ length: 11 }, (_, i) => ({ header: `x-${i}`, value: 'v', override: false })) },
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(
    bad.body.error.issues.map((i: { path: string }) => i.path).sort(),
    ['corsConfig.accessControlAllowMethods[0]', 'corsConfig.accessControlAllowOrigins', 'customHeadersConfig'],
  );
  assert.equal((await h.call('GET', '/v1/response-headers-policies/nope')).body.error.code, 'NoSuchResponseHeadersPolicy');
});

test('a distribution may use a stored or managed policy; one in use cannot be deleted', async () => {
  await h.call('POST', '/v1/response-headers-policies', { body: { id: 'used-rhp', customHeadersConfig: [{ header: 'x-a', value: '1', override: false }] } });
  const unknown = await h.call('POST', '/v1/distributions', { body: rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', responseHeadersPolicyId: 'nope' } }) });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.issues[0].path, 'defaultCacheBehavior.responseHeadersPolicyId');
  const d = await h.distribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', responseHeadersPolicyId: 'used-rhp' } });
  await h.distribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', responseHeadersPolicyId: 'Managed-SecurityHeadersPolicy' } });
  const p = await h.call('GET', '/v1/response-headers-policies/used-rhp');
  const inUse = await h.call('DELETE', '/v1/response-headers-policies/used-rhp', { headers: { 'if-match': p.headers.get('etag') as string } });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'ResponseHeadersPolicyInUse');
  assert.match(inUse.body.error.message, new RegExp(d.id));
});
