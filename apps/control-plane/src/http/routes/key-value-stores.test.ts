import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { Harness } from '../../test-support.ts';

const h = new Harness();
after(() => h.close());

const etag = (r: { headers: Headers }) => r.headers.get('etag') as string;
const paths = (r: { body: { error: { issues: { path: string }[] } } }) => r.body.error.issues.map((i) => i.path);
const READER = "import cf from 'cloudfront'; const kvs = cf.kvs(); async function handler(event) { event.request.headers['x-color'] = { value: await kvs.get('color') }; return event.request; }";
const EVENT = { request: { method: 'GET', uri: '/', querystring: {}, headers: {}, cookies: {} } };

test('key value stores: create, get, list, keys put/get/list/delete, delete with If-Match', async () => {
  const seq0 = (await h.call('GET', '/healthz')).body.seq;
  const r = await h.call('POST', '/v1/key-value-stores', { body: { id: 'colors', name: 'colors', comment: 'c' } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), 'http://localhost/v1/key-value-stores/colors');
  assert.equal(r.body.itemCount, 0);
  assert.equal((await h.call('POST', '/v1/key-value-stores', { body: { id: 'colors', name: 'other' } })).body.error.code, 'KeyValueStoreAlreadyExists');
  assert.deepEqual(paths(await h.call('POST', '/v1/key-value-stores', { body: { name: 'bad name', extra: 1 } })), ['extra', 'name']);
  const generated = await h.call('POST', '/v1/key-value-stores', { body: { name: 'gen' } });
  assert.match(generated.body.id, /^[0-9a-f-]{36}$/);

  const put = await h.call('PUT', '/v1/key-value-stores/colors/keys/color', { body: { value: 'blue' } });
  assert.equal(put.status, 200);
  assert.equal(put.body.itemCount, 1);
  assert.equal(put.body.totalSizeInBytes, 'color'.length + 'blue'.length);
  assert.notEqual(etag(put), etag(r));
  assert.equal((await h.call('GET', '/healthz')).body.seq, seq0 + 3, 'a key change advances seq');
  assert.deepEqual((await h.call('GET', '/v1/key-value-stores/colors/keys/color')).body, { key: 'color', value: 'blue' });
  assert.equal((await h.call('GET', '/v1/key-value-stores/colors/keys/nope')).body.error.code, 'NoSuchKey');
  await h.call('PUT', '/v1/key-value-stores/colors/keys/size', { body: { value: 'L' } });
  assert.deepEqual((await h.call('GET', '/v1/key-value-stores/colors/keys')).body, { quantity: 2, items: [{ key: 'color', value: 'blue' }, { key: 'size', value: 'L' }] });
  assert.equal((await h.call('PUT', '/v1/key-value-stores/colors/keys/size', { body: { value: 'M' }, headers: { 'if-match': 'STALE' } })).status, 412);
  const del = await h.call('DELETE', '/v1/key-value-stores/colors/keys/size');
  assert.equal(del.status, 200);
  assert.equal(del.body.itemCount, 1);
  assert.equal((await h.call('DELETE', '/v1/key-value-stores/colors/keys/size')).status, 404);
  assert.equal((await h.call('GET', '/v1/key-value-stores/nosuch')).body.error.code, 'NoSuchKeyValueStore');
  assert.equal((await h.call('PUT', '/v1/key-value-stores/nosuch/keys/a', { body: { value: 'x' } })).status, 404);

  const listed = await h.call('GET', '/v1/key-value-stores', { token: h.token('read') });
  assert.deepEqual(listed.body.items.map((s: { id: string }) => s.id), ['colors', generated.body.id]);
  assert.equal((await h.call('DELETE', `/v1/key-value-stores/${generated.body.id}`)).body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('DELETE', `/v1/key-value-stores/${generated.body.id}`, { headers: { 'if-match': etag(generated) } })).status, 204);
});

test('key value store limits: key 512 bytes, value 1 KB, store 5 MB', async () => {
  await h.call('POST', '/v1/key-value-stores', { body: { id: 'big', name: 'big' } });
  const longKey = await h.call('PUT', `/v1/key-value-stores/big/keys/${'k'.repeat(513)}`, { body: { value: 'v' } });
  assert.equal(longKey.status, 400);
  assert.deepEqual(paths(longKey), ['key']);
  assert.equal((await h.call('PUT', `/v1/key-value-stores/big/keys/${'k'.repeat(512)}`, { body: { value: 'v' } })).status, 200);
  const longValue = await h.call('PUT', '/v1/key-value-stores/big/keys/a', { body: { value: 'é'.repeat(513) } });
  assert.equal(longValue.status, 400);
  assert.match(longValue.body.error.issues[0].message, /at most 1024 bytes \(got 1026\)/);
  assert.deepEqual(paths(await h.call('PUT', '/v1/key-value-stores/big/keys/a', { body: { nope: 1 } })), ['value']);
  // Fill to 500 bytes under 5 MB straight in the database (fast), then one more key is refused.
  const db = new DatabaseSync(h.dataPath);
  const used = 512 + 1;
  const rows = Math.floor((5 * 1024 * 1024 - 500 - used) / 1030);
  db.exec('BEGIN');
  const insert = db.prepare("INSERT INTO kvs_items (store_id, key, value) VALUES ('big', ?, ?)");
  for (let n = 0; n < rows; n++) insert.run(`k${String(n).padStart(5, '0')}`, 'v'.repeat(1024));
  const pad = 5 * 1024 * 1024 - 500 - used - rows * 1030 - 3;
  insert.run('pad', 'p'.repeat(pad));
  db.exec('COMMIT');
  db.close();
  assert.equal((await h.call('GET', '/v1/key-value-stores/big')).body.totalSizeInBytes, 5 * 1024 * 1024 - 500);
  assert.equal((await h.call('PUT', '/v1/key-value-stores/big/keys/fits', { body: { value: 'x'.repeat(400) } })).status, 200);
  const full = await h.call('PUT', '/v1/key-value-stores/big/keys/overflow', { body: { value: 'x'.repeat(1024) } });
  assert.equal(full.status, 400);
  assert.match(full.body.error.issues[0].message, /limited to 5242880 bytes/);
});

test('key changes reach edges in the snapshot and bump the distributions whose functions read the store; KeyValueStoreInUse', async () => {
  const kvs = await h.call('POST', '/v1/key-value-stores', { body: { id: 'theme', name: 'theme' } });
  await h.call('PUT', '/v1/key-value-stores/theme/keys/color', { body: { value: 'red' } });
  const f = await h.call('POST', '/v1/functions', { body: { name: 'reader', code: READER, keyValueStoreAssociations: ['theme'] } });
  assert.equal(f.status, 201, JSON.stringify(f.body));
  const tested = await h.call('POST', '/v1/functions/reader/test', { body: { eventObject: EVENT } });
  assert.equal(tested.body.functionOutput.request.headers['x-color'].value, 'red', tested.body.functionErrorMessage);
  await h.call('POST', '/v1/functions/reader/publish', { headers: { 'if-match': etag(f) } });
  const d = await h.distribution({
    defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', functionAssociations: [{ eventType: 'viewer-request', functionName: 'reader' }] },
  });

  const edge = await h.stream('edge=k1&pop=FRA&since=0');
  await edge.next(); // hello
  const snap = await edge.next();
  assert.deepEqual(snap.data.config.functions.find((x: { name: string }) => x.name === 'reader').keyValueStoreAssociations, ['theme']);
  assert.deepEqual(snap.data.config.keyValueStores.find((x: { id: string }) => x.id === 'theme'), { id: 'theme', name: 'theme', comment: '', data: { color: 'red' } });
  await h.ack('k1', snap.data.seq);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'Deployed');

  await h.call('PUT', '/v1/key-value-stores/theme/keys/color', { body: { value: 'green' } });
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'InProgress');
  const next = await edge.next();
  assert.equal(next.event, 'config');
  assert.deepEqual(next.data.config.keyValueStores.find((x: { id: string }) => x.id === 'theme').data, { color: 'green' });
  await h.ack('k1', next.data.seq);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'Deployed');
  await edge.close();

  assert.equal((await h.call('DELETE', '/v1/key-value-stores/theme', { headers: { 'if-match': etag(kvs) } })).status, 412, 'key changes change the ETag');
  const current = etag(await h.call('GET', '/v1/key-value-stores/theme'));
  const inUse = await h.call('DELETE', '/v1/key-value-stores/theme', { headers: { 'if-match': current } });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'KeyValueStoreInUse');
});
