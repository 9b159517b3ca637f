import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { generateKeyPairSync } from 'node:crypto';
import { Harness, rawDistribution, testPem } from '../test-support.ts';

const h = new Harness();
after(() => h.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const etag = (r: { headers: Headers }) => r.headers.get('etag') as string;
const paths = (r: { body: { error: { issues: { path: string }[] } } }) => r.body.error.issues.map((i) => i.path);
const trusting = (...trustedKeyGroups: string[]) => ({ targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', trustedKeyGroups });

test('public keys: create (generated K id), get with ETag, list; only the comment can change', async () => {
  const r = await h.call('POST', '/v1/public-keys', { body: { name: 'signer', encodedKey: testPem() } });
  assert.equal(r.status, 201);
  const id: string = r.body.id;
  assert.match(id, /^K[A-Z0-9]{13}$/);
  assert.equal(r.headers.get('location'), `http://localhost/v1/public-keys/${id}`);
  assert.match(etag(r), /^[A-Z0-9]{13,14}$/);
  const created = new Date(h.clock.now()).toISOString();
  assert.deepEqual(r.body, { id, createdTime: created, publicKeyConfig: { id, name: 'signer', encodedKey: testPem(), comment: '' } });

  const got = await h.call('GET', `/v1/public-keys/${id}`, { token: h.token('read') });
  assert.deepEqual(got.body, r.body);
  assert.equal(etag(got), etag(r));
  const listed = await h.call('GET', '/v1/public-keys', { token: h.token('read') });
  assert.deepEqual(listed.body.items.find((k: { id: string }) => k.id === id), r.body);
  assert.equal(listed.body.quantity, listed.body.items.length);

  // UpdatePublicKey: "the only value you can change is the comment".
  h.clock.advance(1000);
  const body = { ...r.body.publicKeyConfig, comment: 'rotates in May' };
  assert.equal((await h.call('PUT', `/v1/public-keys/${id}`, { body })).body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('PUT', `/v1/public-keys/${id}`, { body, headers: { 'if-match': 'STALE' } })).status, 412);
  const put = await h.call('PUT', `/v1/public-keys/${id}`, { body, headers: { 'if-match': `"${etag(r)}"` } });
  assert.equal(put.status, 200);
  assert.notEqual(etag(put), etag(r));
  assert.deepEqual(put.body, { id, createdTime: created, publicKeyConfig: { ...body, id } }, 'createdTime stays the creation time');

  const changed = await h.call('PUT', `/v1/public-keys/${id}`, {
    body: { id: 'other', name: 'renamed', encodedKey: testPem('ec256') },
    headers: { 'if-match': etag(put) },
  });
  assert.equal(changed.status, 400);
  assert.equal(changed.body.error.code, 'InvalidArgument');
  assert.deepEqual(paths(changed), ['id']);
  const rekeyed = await h.call('PUT', `/v1/public-keys/${id}`, { body: { name: 'renamed', encodedKey: testPem('ec256') }, headers: { 'if-match': etag(put) } });
  assert.deepEqual(paths(rekeyed), ['name', 'encodedKey']);
  assert.equal(etag(await h.call('GET', `/v1/public-keys/${id}`)), etag(put), 'a refused change changes nothing');

  assert.equal((await h.call('GET', '/v1/public-keys/KNOSUCH000000')).body.error.code, 'NoSuchPublicKey');
  assert.equal((await h.call('PUT', '/v1/public-keys/KNOSUCH000000', { body, headers: { 'if-match': 'X' } })).status, 404);
  assert.equal((await h.call('DELETE', `/v1/public-keys/${id}`)).body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('DELETE', `/v1/public-keys/${id}`, { headers: { 'if-match': etag(put) } })).status, 204);
  assert.equal((await h.call('GET', `/v1/public-keys/${id}`)).status, 404);
});

test('public key ids and names are unique: PublicKeyAlreadyExists', async () => {
  assert.equal((await h.call('POST', '/v1/public-keys', { body: { id: 'mine', encodedKey: testPem() } })).status, 201);
  const again = await h.call('POST', '/v1/public-keys', { body: { id: 'mine', encodedKey: testPem('ec256') } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'PublicKeyAlreadyExists');
  const sameName = await h.call('POST', '/v1/public-keys', { body: { id: 'mine2', name: 'mine', encodedKey: testPem('ec256') } });
  assert.equal(sameName.body.error.code, 'PublicKeyAlreadyExists');
  const spaced = await h.call('POST', '/v1/public-keys', { body: { name: 'P-256 signer', encodedKey: testPem('ec256') } });
  assert.deepEqual(paths(spaced), ['name'], "names use the id's characters");
});

test('a key CloudFront would refuse is InvalidArgument with an issue per problem', async () => {
  const privatePem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const table: [string, unknown, { path: string; message: string }[]][] = [
    ['RSA 1024', { encodedKey: testPem('rsa1024') }, [{ path: 'encodedKey', message: 'is a 1024-bit RSA key; CloudFront requires RSA keys of 2048 bits' }]],
    ['a private key', { encodedKey: privatePem }, [{ path: 'encodedKey', message: 'is a private key; give the public key only (openssl pkey -in private_key.pem -pubout)' }]],
    [
      'not PEM, a bad id and a long comment',
      { id: 'K 1', encodedKey: 'ssh-rsa AAAA', comment: 'c'.repeat(129) },
      [
        { path: 'id', message: "character space is not allowed (use letters, digits, '-' and '_')" },
        { path: 'encodedKey', message: "must be a PEM public key: '-----BEGIN PUBLIC KEY-----', base64 lines, '-----END PUBLIC KEY-----'" },
        { path: 'comment', message: 'must be at most 128 characters (got 129)' },
      ],
    ],
    ['no key', { name: 'k' }, [{ path: 'encodedKey', message: 'is required' }]],
  ];
  const seq = (await h.call('GET', '/healthz')).body.seq;
  for (const [name, body, issues] of table) {
    const r = await h.call('POST', '/v1/public-keys', { body });
    assert.equal(r.status, 400, name);
    assert.equal(r.body.error.code, 'InvalidArgument', name);
    assert.deepEqual(r.body.error.issues, issues, name);
    assert.ok(!JSON.stringify(r.body).includes(privatePem.split('\n')[1] as string), 'the key is never echoed');
  }
  assert.equal((await h.call('GET', '/healthz')).body.seq, seq, 'refusals advance nothing');
});

test('key groups: create (UUID), get, list, update; items must be stored public keys', async () => {
  const pk = (await h.call('POST', '/v1/public-keys', { body: { id: 'kg-test-1', encodedKey: testPem() } })).body.id;
  const unknown = await h.call('POST', '/v1/key-groups', { body: { items: [pk, 'nope'] } });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body.error.issues.map((i: { path: string }) => i.path), ['items[1]']);
  assert.match(unknown.body.error.issues[0].message, /^no public key with id 'nope' \(ids: .*kg-test-1.*\)$/);
  assert.deepEqual(paths(await h.call('POST', '/v1/key-groups', { body: { items: [] } })), ['items']);

  const r = await h.call('POST', '/v1/key-groups', { body: { name: 'signers', items: [pk], comment: 'v1' } });
  assert.equal(r.status, 201);
  const id: string = r.body.id;
  assert.match(id, UUID);
  assert.equal(r.headers.get('location'), `http://localhost/v1/key-groups/${id}`);
  assert.deepEqual(r.body, { id, lastModifiedTime: new Date(h.clock.now()).toISOString(), keyGroupConfig: { id, name: 'signers', items: [pk], comment: 'v1' } });
  const got = await h.call('GET', `/v1/key-groups/${id}`, { token: h.token('read') });
  assert.deepEqual(got.body, r.body);
  assert.equal(etag(got), etag(r));
  assert.ok((await h.call('GET', '/v1/key-groups')).body.items.some((g: { id: string }) => g.id === id));

  assert.equal((await h.call('POST', '/v1/key-groups', { body: { name: 'signers', items: [pk] } })).body.error.code, 'KeyGroupAlreadyExists');
  assert.equal((await h.call('POST', '/v1/key-groups', { body: { id, items: [pk] } })).body.error.code, 'KeyGroupAlreadyExists');

  h.clock.advance(5000);
  const pk2 = (await h.call('POST', '/v1/public-keys', { body: { id: 'kg-test-2', encodedKey: testPem('ec256') } })).body.id;
  const put = await h.call('PUT', `/v1/key-groups/${id}`, { body: { ...r.body.keyGroupConfig, items: [pk, pk2], comment: 'v2' }, headers: { 'if-match': etag(r) } });
  assert.equal(put.status, 200);
  assert.equal(put.body.lastModifiedTime, new Date(h.clock.now()).toISOString());
  assert.deepEqual(put.body.keyGroupConfig.items, [pk, pk2]);
  assert.equal((await h.call('PUT', `/v1/key-groups/${id}`, { body: { items: [pk] }, headers: { 'if-match': etag(r) } })).status, 412);
  assert.equal((await h.call('GET', '/v1/key-groups/nope')).body.error.code, 'NoSuchKeyGroup');
});

test('in use: a public key a key group lists, a key group a distribution trusts (disabled too)', async () => {
  const pk = await h.call('POST', '/v1/public-keys', { body: { id: 'use-pk', encodedKey: testPem() } });
  const kg = await h.call('POST', '/v1/key-groups', { body: { id: 'use-kg', items: ['use-pk'] } });
  const unknown = await h.call('POST', '/v1/distributions', { body: rawDistribution({ defaultCacheBehavior: trusting('use-kg2') }) });
  assert.equal(unknown.status, 400);
  assert.deepEqual(unknown.body.error.issues[0].path, 'defaultCacheBehavior.trustedKeyGroups[0]');
  assert.match(unknown.body.error.issues[0].message, /^no key group with id 'use-kg2' \(ids: .*use-kg.*\)$/);

  const d = await h.distribution({ cacheBehaviors: [{ pathPattern: '/private/*', ...trusting('use-kg') }] });
  assert.deepEqual(d.body.distributionConfig.cacheBehaviors[0].trustedKeyGroups, ['use-kg']);
  assert.deepEqual(d.body.distributionConfig.defaultCacheBehavior.trustedKeyGroups, []);

  const pkInUse = await h.call('DELETE', '/v1/public-keys/use-pk', { headers: { 'if-match': etag(pk) } });
  assert.equal(pkInUse.status, 409);
  assert.equal(pkInUse.body.error.code, 'PublicKeyInUse');
  assert.match(pkInUse.body.error.message, /use-kg/);
  const kgInUse = await h.call('DELETE', '/v1/key-groups/use-kg', { headers: { 'if-match': etag(kg) } });
  assert.equal(kgInUse.status, 409);
  assert.equal(kgInUse.body.error.code, 'KeyGroupInUse');
  assert.match(kgInUse.body.error.message, new RegExp(d.id));

  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  assert.equal((await h.call('DELETE', '/v1/key-groups/use-kg', { headers: { 'if-match': etag(kg) } })).body.error.code, 'KeyGroupInUse');
  await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': etag(disabled) } });
  assert.equal((await h.call('DELETE', '/v1/key-groups/use-kg', { headers: { 'if-match': etag(kg) } })).status, 204);
  assert.equal((await h.call('DELETE', '/v1/public-keys/use-pk', { headers: { 'if-match': etag(pk) } })).status, 204);
});

test('scopes: read may GET, only write may change, edge may do neither', async () => {
  const read = h.token('read');
  assert.equal((await h.call('GET', '/v1/public-keys', { token: read })).status, 200);
  assert.equal((await h.call('GET', '/v1/key-groups', { token: read })).status, 200);
  for (const [method, path] of [
    ['POST', '/v1/public-keys'],
    ['PUT', '/v1/public-keys/K1'],
    ['DELETE', '/v1/key-groups/x'],
    ['POST', '/v1/key-groups'],
  ]) {
    const r = await h.call(method as string, path as string, { token: read, body: {} });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.body.error.code, 'AccessDenied');
  }
  assert.equal((await h.call('GET', '/v1/key-groups', { token: h.token('edge') })).status, 403);
  assert.equal((await h.call('GET', '/v1/public-keys', { token: null })).status, 401);
});

test('account quotas: 10 public keys and 10 key groups (TooManyPublicKeys, TooManyKeyGroups)', async (t) => {
  const q = new Harness();
  t.after(() => q.close());
  for (let i = 0; i < 10; i++) assert.equal((await q.call('POST', '/v1/public-keys', { body: { id: `pk${i}`, encodedKey: testPem() } })).status, 201);
  const pk = await q.call('POST', '/v1/public-keys', { body: { id: 'pk10', encodedKey: testPem() } });
  assert.equal(pk.status, 400);
  assert.equal(pk.body.error.code, 'TooManyPublicKeys');
  for (let i = 0; i < 10; i++) assert.equal((await q.call('POST', '/v1/key-groups', { body: { id: `kg${i}`, items: ['pk0'] } })).status, 201);
  const kg = await q.call('POST', '/v1/key-groups', { body: { id: 'kg10', items: ['pk0'] } });
  assert.equal(kg.body.error.code, 'TooManyKeyGroups');
  assert.equal((await q.call('GET', '/healthz')).body.seq, 20, 'the refusals advanced nothing');

  const six = await q.call('PUT', '/v1/key-groups/kg0', {
    body: { items: ['pk0', 'pk1', 'pk2', 'pk3', 'pk4', 'pk5'] },
    headers: { 'if-match': etag(await q.call('GET', '/v1/key-groups/kg0')) },
  });
  assert.deepEqual(six.body.error.issues, [{ path: 'items', message: 'has 6 public keys; CloudFront allows at most 5 per key group (Quotas)' }]);
  const five = await q.call('POST', '/v1/distributions', {
    body: rawDistribution({ defaultCacheBehavior: trusting('kg0', 'kg1'), cacheBehaviors: [{ pathPattern: '/a/*', ...trusting('kg2', 'kg3', 'kg4') }] }),
  });
  assert.deepEqual(five.body.error.issues, [
    { path: 'cacheBehaviors[0].trustedKeyGroups[2]', message: "key group 'kg4' makes 5 key groups in this distribution; CloudFront allows at most 4 per distribution (Quotas)" },
  ]);
});

test('each change is one immutable version row with its own seq', async (t) => {
  const v = new Harness();
  t.after(() => v.close());
  const pk = await v.call('POST', '/v1/public-keys', { body: { id: 'pk', encodedKey: testPem() } });
  const kg = await v.call('POST', '/v1/key-groups', { body: { id: 'kg', items: ['pk'] } });
  const put = await v.call('PUT', '/v1/key-groups/kg', { body: { items: ['pk'], comment: 'x' }, headers: { 'if-match': etag(kg) } });
  await v.call('DELETE', '/v1/key-groups/kg', { headers: { 'if-match': etag(put) } });
  await v.call('DELETE', '/v1/public-keys/pk', { headers: { 'if-match': etag(pk) } });
  const db = new DatabaseSync(v.dataPath);
  t.after(() => db.close());
  assert.deepEqual(
    db.prepare('SELECT kind, key_id, seq, op, etag FROM key_versions ORDER BY vid').all().map((r) => [r.kind, r.key_id, r.seq, r.op, r.etag]),
    [
      ['public-key', 'pk', 1, 'create', etag(pk)],
      ['key-group', 'kg', 2, 'create', etag(kg)],
      ['key-group', 'kg', 3, 'update', etag(put)],
      ['key-group', 'kg', 4, 'delete', null],
      ['public-key', 'pk', 5, 'delete', null],
    ],
  );
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM keys').get()?.n, 0);
  assert.throws(() => db.exec("UPDATE key_versions SET op = 'update'"), /immutable/);
  assert.throws(() => db.exec('DELETE FROM key_versions'), /immutable/);
});

test('edges get public keys and key groups; a change to one puts the distributions trusting it InProgress until acked', async (t) => {
  const e = new Harness();
  t.after(() => e.close());
  const pk1 = await e.call('POST', '/v1/public-keys', { body: { id: 'pk1', encodedKey: testPem() } });
  const pk2 = await e.call('POST', '/v1/public-keys', { body: { id: 'pk2', encodedKey: testPem('ec256') } });
  const kg = await e.call('POST', '/v1/key-groups', { body: { id: 'signers', items: ['pk1'] } });
  const user = await e.distribution({ cacheBehaviors: [{ pathPattern: '/private/*', ...trusting('signers') }] });
  const bystander = await e.distribution();

  const edge = await e.stream('edge=key-edge&pop=FRA&since=0');
  assert.equal((await edge.next()).event, 'hello');
  const snapshot = await edge.next();
  assert.equal(snapshot.event, 'config');
  assert.deepEqual(snapshot.data.config.publicKeys, [pk1.body.publicKeyConfig, pk2.body.publicKeyConfig]);
  assert.deepEqual(snapshot.data.config.keyGroups, [kg.body.keyGroupConfig]);
  assert.deepEqual(snapshot.data.config.distributions[0].cacheBehaviors[0].trustedKeyGroups, ['signers']);
  await e.ack('key-edge', snapshot.data.seq);
  const status = async (id: string) => (await e.call('GET', `/v1/distributions/${id}`)).body.status;
  assert.equal(await status(user.id), 'Deployed');

  // Adding a key works once deployed: the change is pushed and holds the distribution back until acked.
  const added = await e.call('PUT', '/v1/key-groups/signers', { body: { items: ['pk1', 'pk2'] }, headers: { 'if-match': etag(kg) } });
  assert.equal(added.status, 200);
  const pushed = await edge.next();
  assert.equal(pushed.event, 'config');
  assert.equal(pushed.data.seq, (await e.call('GET', '/healthz')).body.seq);
  assert.deepEqual(pushed.data.config.keyGroups[0].items, ['pk1', 'pk2']);
  assert.equal(await status(user.id), 'InProgress');
  assert.equal(await status(bystander.id), 'Deployed', 'a distribution not trusting it is unaffected');
  assert.equal(etag(await e.call('GET', `/v1/distributions/${user.id}`)), user.etag, 'its own version is unchanged');
  const waiting = e.call('GET', `/v1/distributions/${user.id}?wait=10`);
  await e.ack('key-edge', pushed.data.seq);
  assert.equal((await waiting).body.status, 'Deployed');

  // Removing a key revokes its signatures once deployed.
  const removed = await e.call('PUT', '/v1/key-groups/signers', { body: { items: ['pk2'] }, headers: { 'if-match': etag(added) } });
  const revoked = await edge.next();
  assert.deepEqual(revoked.data.config.keyGroups[0].items, ['pk2']);
  assert.equal(await status(user.id), 'InProgress');
  await e.ack('key-edge', revoked.data.seq);
  assert.equal(await status(user.id), 'Deployed');

  // A public key change reaches the distributions that trust it through a key group, and only those.
  const pk1Put = await e.call('PUT', '/v1/public-keys/pk1', { body: { encodedKey: testPem(), comment: 'retired' }, headers: { 'if-match': etag(pk1) } });
  assert.equal(pk1Put.status, 200);
  const unused = await edge.next();
  assert.equal(unused.data.config.publicKeys[0].comment, 'retired');
  assert.equal(await status(user.id), 'Deployed', 'pk1 is in no key group any more');
  await e.ack('key-edge', unused.data.seq);
  await e.call('PUT', '/v1/public-keys/pk2', { body: { encodedKey: testPem('ec256'), comment: 'current' }, headers: { 'if-match': etag(pk2) } });
  const used = await edge.next();
  assert.equal(await status(user.id), 'InProgress');
  assert.equal(await status(bystander.id), 'Deployed');
  await e.ack('key-edge', used.data.seq);
  assert.equal(await status(user.id), 'Deployed');

  // Deleting an unused public key is a config change too: the edges stop having it.
  await e.call('DELETE', '/v1/public-keys/pk1', { headers: { 'if-match': etag(pk1Put) } });
  const gone = await edge.next();
  assert.deepEqual(
    gone.data.config.publicKeys.map((k: { id: string }) => k.id),
    ['pk2'],
  );
  assert.equal(removed.status, 200);
  await edge.close();
});
