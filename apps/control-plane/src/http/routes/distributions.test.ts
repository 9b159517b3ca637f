import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, rawDistribution } from '../../test-support.ts';

const h = new Harness();
after(() => h.close());

test('create: 201, Location, ETag, defaults filled, generated id', async () => {
  const r = await h.call('POST', '/v1/distributions', { body: rawDistribution({ aliases: ['create.example.com'] }) });
  assert.equal(r.status, 201);
  const id: string = r.body.id;
  assert.match(id, /^E[A-Z0-9]{13}$/);
  assert.equal(r.headers.get('location'), `http://localhost/v1/distributions/${id}`);
  assert.match(r.headers.get('etag') ?? '', /^[A-Z0-9]{13,14}$/);
  assert.equal(r.body.status, 'Deployed', 'no live edge: deployed at once');
  assert.equal(r.body.domainName, `${id.toLowerCase()}.cachefront.local`);
  assert.equal(r.body.lastModifiedTime, new Date(h.clock.now()).toISOString());
  const cfg = r.body.distributionConfig;
  assert.equal(cfg.id, id);
  assert.equal(cfg.enabled, true);
  assert.equal(cfg.priceClass, 'PriceClass_All');
  assert.deepEqual(cfg.defaultCacheBehavior.allowedMethods, ['GET', 'HEAD']);
  assert.equal(cfg.origins[0].customOriginConfig.originReadTimeout, 30);

  const got = await h.call('GET', `/v1/distributions/${id}`, { token: h.token('read') });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), r.headers.get('etag'));
  assert.deepEqual(got.body, r.body);

  const listed = await h.call('GET', '/v1/distributions', { token: h.token('read') });
  const item = listed.body.items.find((i: { id: string }) => i.id === id);
  assert.equal(listed.body.quantity, listed.body.items.length);
  assert.deepEqual(item, {
    id,
    status: 'Deployed',
    domainName: r.body.domainName,
    lastModifiedTime: r.body.lastModifiedTime,
    enabled: true,
    aliases: ['create.example.com'],
    comment: '',
  });
});

test('create with an id; the same id again is DistributionAlreadyExists', async () => {
  const r = await h.call('POST', '/v1/distributions', { body: rawDistribution({ id: 'EMINE00000001' }) });
  assert.equal(r.status, 201);
  assert.equal(r.body.id, 'EMINE00000001');
  const again = await h.call('POST', '/v1/distributions', { body: rawDistribution({ id: 'EMINE00000001' }) });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'DistributionAlreadyExists');
});

test('validation lists every issue with its path, as the config file check does', async () => {
  const r = await h.call('POST', '/v1/distributions', {
    body: {
      id: 'not-an-id',
      origins: [{ id: 'app', domainName: 'origin.example.com', connectionAttempts: 9 }],
      defaultCacheBehavior: { targetOriginId: 'nope', cachePolicyId: 'CachingOptimised' },
      bogus: true,
    },
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'InvalidArgument');
  const paths = r.body.error.issues.map((i: { path: string }) => i.path);
  for (const p of ['id', 'origins[0].connectionAttempts', 'defaultCacheBehavior.targetOriginId', 'defaultCacheBehavior.cachePolicyId']) {
    assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
  }
  assert.ok(r.body.error.issues.length >= 5, 'the unknown field too');
  for (const i of r.body.error.issues) assert.equal(typeof i.message, 'string');
});

test('malformed JSON is 400 MalformedInput, never a 500', async () => {
  for (const raw of ['{"origins": [', 'not json', '']) {
    const r = await h.call('POST', '/v1/distributions', { raw, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400, raw);
    assert.equal(r.body.error.code, 'MalformedInput');
    assert.equal(r.body.error.issues, undefined);
  }
  const notObject = await h.call('POST', '/v1/distributions', { body: [1, 2] });
  assert.equal(notObject.status, 400);
  assert.equal(notObject.body.error.code, 'InvalidArgument');
});

test('update needs If-Match: missing 400, stale 412, current (quoted too) 200 with a new ETag', async () => {
  const d = await h.distribution({ comment: 'v1' });
  const body = rawDistribution({ comment: 'v2' });
  const missing = await h.call('PUT', `/v1/distributions/${d.id}`, { body });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.code, 'InvalidIfMatchVersion');
  const stale = await h.call('PUT', `/v1/distributions/${d.id}`, { body, headers: { 'if-match': 'EWRONGETAG000' } });
  assert.equal(stale.status, 412);
  assert.equal(stale.body.error.code, 'PreconditionFailed');

  const ok = await h.call('PUT', `/v1/distributions/${d.id}`, { body, headers: { 'if-match': `"${d.etag}"` } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.distributionConfig.comment, 'v2');
  assert.equal(ok.body.distributionConfig.id, d.id);
  const etag2 = ok.headers.get('etag');
  assert.notEqual(etag2, d.etag);
  const reused = await h.call('PUT', `/v1/distributions/${d.id}`, { body, headers: { 'if-match': d.etag } });
  assert.equal(reused.status, 412, 'the old ETag no longer matches');

  const otherId = await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution({ id: 'EOTHER0000001' }), headers: { 'if-match': etag2 as string } });
  assert.equal(otherId.status, 400);
  assert.equal(otherId.body.error.issues[0].path, 'id');

  const none = await h.call('PUT', '/v1/distributions/ENOSUCH000001', { body, headers: { 'if-match': 'X' } });
  assert.equal(none.status, 404);
  assert.equal(none.body.error.code, 'NoSuchDistribution');
});

test('aliases are unique across distributions: CNAMEAlreadyExists', async () => {
  const a = await h.distribution({ aliases: ['www.unique.example'] });
  const clash = await h.call('POST', '/v1/distributions', { body: rawDistribution({ aliases: ['www.unique.example'] }) });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.error.code, 'CNAMEAlreadyExists');
  assert.match(clash.body.error.message, new RegExp(a.id));
  // Keeping its own alias on update is fine.
  const same = await h.call('PUT', `/v1/distributions/${a.id}`, { body: rawDistribution({ aliases: ['www.unique.example', 'two.unique.example'] }), headers: { 'if-match': a.etag } });
  assert.equal(same.status, 200);
  const b = await h.distribution({ aliases: ['b.unique.example'] });
  const steal = await h.call('PUT', `/v1/distributions/${b.id}`, { body: rawDistribution({ aliases: ['two.unique.example'] }), headers: { 'if-match': b.etag } });
  assert.equal(steal.status, 409);
  assert.equal(steal.body.error.code, 'CNAMEAlreadyExists');
});

test('delete only when disabled: 409, then disable, then 204; gone afterwards', async () => {
  const d = await h.distribution({ aliases: ['gone.example.com'] });
  const enabled = await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': d.etag } });
  assert.equal(enabled.status, 409);
  assert.equal(enabled.body.error.code, 'DistributionNotDisabled');

  const staleDisable = await h.call('POST', `/v1/distributions/${d.id}/disable`, { headers: { 'if-match': 'STALE' } });
  assert.equal(staleDisable.status, 412);
  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  assert.equal(disabled.status, 200);
  assert.equal(disabled.body.distributionConfig.enabled, false);
  const etag = disabled.headers.get('etag') as string;
  assert.notEqual(etag, d.etag);
  const again = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  assert.equal(again.headers.get('etag'), etag, 'disabling a disabled distribution changes nothing');

  const noIfMatch = await h.call('DELETE', `/v1/distributions/${d.id}`);
  assert.equal(noIfMatch.status, 400);
  assert.equal(noIfMatch.body.error.code, 'InvalidIfMatchVersion');
  const stale = await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': d.etag } });
  assert.equal(stale.status, 412);
  const del = await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': etag } });
  assert.equal(del.status, 204);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).status, 404);
  // Its alias is free again.
  assert.equal((await h.call('POST', '/v1/distributions', { body: rawDistribution({ aliases: ['gone.example.com'] }) })).status, 201);
});

test('unknown routes and ids: 404 with the error body', async () => {
  const r = await h.call('GET', '/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'NoSuchResource');
  const d = await h.call('GET', '/v1/distributions/ENOSUCH000001');
  assert.equal(d.body.error.code, 'NoSuchDistribution');
  assert.equal((await h.call('POST', '/v1/distributions/ENOSUCH000001/disable')).status, 404);
  const w = await h.call('GET', `/v1/distributions/${(await h.distribution()).id}?wait=soon`);
  assert.equal(w.status, 400);
  assert.equal(w.body.error.code, 'InvalidArgument');
});

test('a cached behavior forwarding values its cache key leaves out is accepted, with a warning naming them', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const poisonable = rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', originRequestPolicyId: 'Managed-AllViewer' } });
  const created = await h.call('POST', '/v1/distributions', { body: poisonable });
  assert.equal(created.status, 201, 'CloudFront accepts it');
  assert.equal(created.body.warnings.length, 1);
  assert.equal(created.body.warnings[0].path, 'defaultCacheBehavior.originRequestPolicyId');
  assert.match(created.body.warnings[0].message, /x-forwarded-host.*cache poisoning/);
  const got = await h.call('GET', `/v1/distributions/${created.body.id}`);
  assert.deepEqual(got.body.warnings, created.body.warnings);
  const plain = await h.call('POST', '/v1/distributions', { body: rawDistribution() });
  assert.equal(plain.body.warnings, undefined);
});
