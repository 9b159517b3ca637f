import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, rawDistribution } from '../test-support.ts';

const h = new Harness();
after(() => h.close());

const s3Origin = (oac: string) => ({ origins: [{ id: 'app', domainName: 'site.s3.localhost', s3OriginConfig: { originAccessIdentity: '' }, originAccessControlId: oac }] });

test('origin access controls: create (an E-id when none is given), get with ETag, update with If-Match, validation issues by path', async () => {
  const r = await h.call('POST', '/v1/origin-access-controls', { body: { name: 'site-oac', signingBehavior: 'always' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.id, /^E[A-Z0-9]{13}$/);
  assert.deepEqual(r.body.originAccessControlConfig, { id: r.body.id, name: 'site-oac', description: '', signingProtocol: 'sigv4', signingBehavior: 'always', originAccessControlOriginType: 's3' });
  const got = await h.call('GET', `/v1/origin-access-controls/${r.body.id}`, { token: h.token('read') });
  assert.equal(got.headers.get('etag'), r.headers.get('etag'));
  const changed = await h.call('PUT', `/v1/origin-access-controls/${r.body.id}`, {
    body: { name: 'site-oac', signingBehavior: 'no-override' },
    headers: { 'if-match': r.headers.get('etag') as string },
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.equal(changed.body.originAccessControlConfig.signingBehavior, 'no-override');

  const bad = await h.call('POST', '/v1/origin-access-controls', { body: { name: 'x'.repeat(65), signingBehavior: 'sometimes', originAccessControlOriginType: 'mediastore' } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.issues.map((i: { path: string }) => i.path).sort(), ['name', 'originAccessControlOriginType', 'signingBehavior']);
  const dup = await h.call('POST', '/v1/origin-access-controls', { body: { name: 'site-oac', signingBehavior: 'never' } });
  assert.equal(dup.status, 409);
  assert.equal((await h.call('GET', '/v1/origin-access-controls/ENOPE000000000')).body.error.code, 'NoSuchOriginAccessControl');
});

test('an S3 origin may name a stored origin access control; one in use cannot be deleted', async () => {
  const oac = await h.call('POST', '/v1/origin-access-controls', { body: { id: 'used-oac', name: 'used-oac', signingBehavior: 'always' } });
  assert.equal(oac.status, 201);
  const unknown = await h.call('POST', '/v1/distributions', { body: rawDistribution(s3Origin('nope')) });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.issues[0].path, 'origins[0].originAccessControlId');
  const d = await h.distribution(s3Origin('used-oac'));
  // An S3 origin reads back without a customOriginConfig (CloudFront's Origin has one or the other), so GET then PUT round-trips.
  const got = await h.call('GET', `/v1/distributions/${d.id}`);
  assert.equal(got.body.distributionConfig.origins[0].customOriginConfig, undefined);
  assert.deepEqual(got.body.distributionConfig.origins[0].s3OriginConfig, { originAccessIdentity: '' });
  const put = await h.call('PUT', `/v1/distributions/${d.id}`, { body: { ...got.body.distributionConfig, comment: 'round trip' }, headers: { 'if-match': got.headers.get('etag') as string } });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const inUse = await h.call('DELETE', '/v1/origin-access-controls/used-oac', { headers: { 'if-match': oac.headers.get('etag') as string } });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'OriginAccessControlInUse');
  assert.match(inUse.body.error.message, new RegExp(d.id));
});
