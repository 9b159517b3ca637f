import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, rawDistribution } from '../test-support.ts';

const h = new Harness();
after(() => h.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('cache policies: create (generated UUID), get with ETag, list custom then managed', async () => {
  const r = await h.call('POST', '/v1/cache-policies', { body: { minTTL: 0, defaultTTL: 60 } });
  assert.equal(r.status, 201);
  assert.match(r.body.id, UUID);
  assert.equal(r.body.type, 'custom');
  assert.equal(r.headers.get('location'), `http://localhost/v1/cache-policies/${r.body.id}`);
  assert.deepEqual(
    { ...r.body.cachePolicyConfig, parametersInCacheKeyAndForwardedToOrigin: undefined },
    { id: r.body.id, name: r.body.id, comment: '', minTTL: 0, defaultTTL: 60, maxTTL: 31536000, parametersInCacheKeyAndForwardedToOrigin: undefined },
  );
  const got = await h.call('GET', `/v1/cache-policies/${r.body.id}`, { token: h.token('read') });
  assert.deepEqual(got.body, r.body);
  assert.equal(got.headers.get('etag'), r.headers.get('etag'));

  const listed = await h.call('GET', '/v1/cache-policies', { token: h.token('read') });
  assert.equal(listed.body.items[0].id, r.body.id);
  const managed = listed.body.items.filter((i: { type: string }) => i.type === 'managed');
  assert.ok(managed.length >= 7);
  assert.ok(listed.body.items.findIndex((i: { type: string }) => i.type === 'managed') > 0, 'custom first');
  assert.equal(listed.body.quantity, listed.body.items.length);

  const byName = await h.call('GET', '/v1/cache-policies/Managed-CachingOptimized');
  assert.equal(byName.body.type, 'managed');
  assert.equal(byName.body.id, '658327ea-f89d-4fab-a63d-7e88639e58f6');
  const managedPut = await h.call('PUT', '/v1/cache-policies/Managed-CachingOptimized', { body: { minTTL: 0 }, headers: { 'if-match': 'x' } });
  assert.equal(managedPut.status, 400);
  assert.equal((await h.call('GET', '/v1/cache-policies/nope')).body.error.code, 'NoSuchCachePolicy');
  assert.equal((await h.call('GET', '/v1/origin-request-policies/nope')).body.error.code, 'NoSuchOriginRequestPolicy');
});

test('policy ids and names are unique; a managed id is refused with its path', async () => {
  assert.equal((await h.call('POST', '/v1/cache-policies', { body: { id: 'dup', minTTL: 0 } })).status, 201);
  const again = await h.call('POST', '/v1/cache-policies', { body: { id: 'dup', minTTL: 0 } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'CachePolicyAlreadyExists');
  const sameName = await h.call('POST', '/v1/cache-policies', { body: { id: 'dup2', name: 'dup', minTTL: 0 } });
  assert.equal(sameName.body.error.code, 'CachePolicyAlreadyExists');
  const managedId = await h.call('POST', '/v1/cache-policies', { body: { id: 'Managed-CachingDisabled', minTTL: -1 } });
  assert.equal(managedId.status, 400);
  assert.deepEqual(
    managedId.body.error.issues.map((i: { path: string }) => i.path),
    ['id', 'minTTL'],
  );
  const orp = await h.call('POST', '/v1/origin-request-policies', { body: { id: 'dup' } });
  assert.equal(orp.status, 201, 'the kinds have separate names');
  assert.equal((await h.call('POST', '/v1/origin-request-policies', { body: { id: 'dup' } })).body.error.code, 'OriginRequestPolicyAlreadyExists');
});

test('distributions may use stored policies; a policy in use cannot be deleted', async () => {
  await h.call('POST', '/v1/cache-policies', { body: { id: 'used', minTTL: 0 } });
  await h.call('POST', '/v1/origin-request-policies', { body: { id: 'used-orp' } });
  const unknown = await h.call('POST', '/v1/distributions', {
    body: rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'unused-nope' } }),
  });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.issues[0].path, 'defaultCacheBehavior.cachePolicyId');

  const d = await h.distribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'used', originRequestPolicyId: 'used-orp' } });
  const p = await h.call('GET', '/v1/cache-policies/used');
  const inUse = await h.call('DELETE', '/v1/cache-policies/used', { headers: { 'if-match': p.headers.get('etag') as string } });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'CachePolicyInUse');
  assert.match(inUse.body.error.message, new RegExp(d.id));
  const o = await h.call('GET', '/v1/origin-request-policies/used-orp');
  const orpInUse = await h.call('DELETE', '/v1/origin-request-policies/used-orp', { headers: { 'if-match': o.headers.get('etag') as string } });
  assert.equal(orpInUse.body.error.code, 'OriginRequestPolicyInUse');

  // Disabled still counts (it can be enabled again); deleted does not.
  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': disabled.headers.get('etag') as string } });
  const missingIfMatch = await h.call('DELETE', '/v1/cache-policies/used');
  assert.equal(missingIfMatch.body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('DELETE', '/v1/cache-policies/used', { headers: { 'if-match': 'stale' } })).status, 412);
  assert.equal((await h.call('DELETE', '/v1/cache-policies/used', { headers: { 'if-match': p.headers.get('etag') as string } })).status, 204);
  assert.equal((await h.call('GET', '/v1/cache-policies/used')).status, 404);
});

test('a policy update puts every distribution using it back InProgress until the edges ack', async () => {
  await h.call('POST', '/v1/cache-policies', { body: { id: 'shared', minTTL: 0 } });
  const user = await h.distribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'shared' } });
  const bystander = await h.distribution();

  const edge = await h.stream(`edge=pol-edge&pop=FRA&since=0`);
  const snapshot = await edge.next();
  assert.equal(snapshot.event, 'hello');
  const config = await edge.next();
  assert.equal(config.event, 'config');
  assert.ok(config.data.config.cachePolicies.some((p: { id: string }) => p.id === 'shared'));
  await h.ack('pol-edge', config.data.seq);
  const status = async (id: string) => (await h.call('GET', `/v1/distributions/${id}`)).body.status;
  assert.equal(await status(user.id), 'Deployed');

  const p = await h.call('GET', '/v1/cache-policies/shared');
  const updated = await h.call('PUT', '/v1/cache-policies/shared', { body: { minTTL: 5, comment: 'v2' }, headers: { 'if-match': p.headers.get('etag') as string } });
  assert.equal(updated.status, 200);
  assert.equal(updated.body.cachePolicyConfig.minTTL, 5);
  assert.notEqual(updated.headers.get('etag'), p.headers.get('etag'));
  const pushed = await edge.next();
  assert.equal(pushed.event, 'config');
  assert.equal(pushed.data.config.cachePolicies.find((x: { id: string }) => x.id === 'shared').minTTL, 5);

  assert.equal(await status(user.id), 'InProgress');
  assert.equal(await status(bystander.id), 'Deployed', 'a distribution not using it is unaffected');
  assert.equal((await h.call('GET', `/v1/distributions/${user.id}`)).headers.get('etag'), user.etag, 'its own version is unchanged');
  await h.ack('pol-edge', pushed.data.seq);
  assert.equal(await status(user.id), 'Deployed');

  const renamed = await h.call('PUT', '/v1/cache-policies/shared', { body: { id: 'other', minTTL: -1 }, headers: { 'if-match': updated.headers.get('etag') as string } });
  assert.equal(renamed.status, 400);
  assert.deepEqual(
    renamed.body.error.issues.map((i: { path: string }) => i.path),
    ['id', 'minTTL'],
  );
  await edge.close();
});
