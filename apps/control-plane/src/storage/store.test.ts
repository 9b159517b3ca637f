import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseDistribution } from '@cachefront/config';
import { SCHEMA_VERSION } from './migrations.ts';
import { Store } from './store.ts';
import { Harness, oldSchema, rawDistribution, storeOldDistribution, tempDir, testPem } from '../test-support.ts';

test('reopening the database file keeps everything', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const p = await h.call('POST', '/v1/cache-policies', { body: { id: 'keep', minTTL: 0, defaultTTL: 30 } });
  const d = await h.distribution({ aliases: ['durable.example.com'], defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'keep' } });
  const edge = await h.stream('edge=dur&pop=FRA&since=0');
  await h.ack('dur', 2);
  const inv = await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'r', paths: ['/a'] } });
  assert.equal(inv.body.status, 'InProgress');
  await edge.close();
  const before = {
    distribution: await h.call('GET', `/v1/distributions/${d.id}`),
    policy: await h.call('GET', '/v1/cache-policies/keep'),
    invalidation: await h.call('GET', `/v1/distributions/${d.id}/invalidations/${inv.body.id}`),
  };

  h.reopen();
  const got = await h.call('GET', `/v1/distributions/${d.id}`);
  assert.equal(got.headers.get('etag'), d.etag);
  assert.deepEqual(got.body.distributionConfig, before.distribution.body.distributionConfig);
  assert.equal(got.body.status, 'Deployed', 'after a restart edges are down until heard from');
  const policy = await h.call('GET', '/v1/cache-policies/keep');
  assert.deepEqual(policy.body, p.body);
  assert.equal(policy.headers.get('etag'), before.policy.headers.get('etag'));
  const invAfter = await h.call('GET', `/v1/distributions/${d.id}/invalidations/${inv.body.id}`);
  // Still InProgress (edges it waits for are down after the restart, so none count now).
  assert.deepEqual(invAfter.body, { ...before.invalidation.body, status: 'InProgress', progress: { acked: 0, total: 0 } });
  const edges = (await h.call('GET', '/v1/edges')).body.items;
  assert.deepEqual(
    edges.map((e: { id: string; pop: string; status: string; appliedSeq: number; connected: boolean }) => [e.id, e.pop, e.status, e.appliedSeq, e.connected]),
    [['dur', 'FRA', 'down', 2, false]],
  );
  assert.equal((await h.call('GET', '/healthz')).body.seq, 3);
  // The sequence continues; the alias is still taken.
  const next = await h.distribution();
  const stream = await h.stream('edge=dur&pop=FRA&since=0');
  await stream.next();
  assert.equal((await stream.next()).data.seq, 4);
  assert.equal((await h.call('POST', '/v1/distributions', { body: rawDistribution({ aliases: ['durable.example.com'] }) })).status, 409);
  assert.ok(next.id);
  await stream.close();
});

test('versions are immutable: an update appends, the old row stays; the database refuses edits', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  await h.call('POST', '/v1/cache-policies', { body: { id: 'p', minTTL: 0 } });
  const d = await h.distribution({ comment: 'first' });
  const put = await h.call('PUT', `/v1/distributions/${d.id}`, { body: rawDistribution({ comment: 'second' }), headers: { 'if-match': d.etag } });
  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`, { headers: { 'if-match': put.headers.get('etag') as string } });
  await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': disabled.headers.get('etag') as string } });

  const db = new DatabaseSync(h.dataPath);
  t.after(() => db.close());
  const rows = db.prepare('SELECT seq, op, etag, config FROM distribution_versions WHERE distribution_id = ? ORDER BY vid').all(d.id);
  assert.deepEqual(
    rows.map((r) => [r.seq, r.op, r.etag]),
    [
      [2, 'create', d.etag],
      [3, 'update', put.headers.get('etag')],
      [4, 'disable', disabled.headers.get('etag')],
      [5, 'delete', null],
    ],
  );
  assert.equal(JSON.parse(rows[0]?.config as string).comment, 'first', 'the first version is as it was');
  assert.throws(() => db.exec("UPDATE distribution_versions SET config = '{}'"), /immutable/);
  assert.throws(() => db.exec('DELETE FROM distribution_versions'), /immutable/);
  assert.throws(() => db.exec("UPDATE policy_versions SET op = 'update'"), /immutable/);
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM distributions').get()?.n, 0);
});

test('a completed invalidation cannot go back to InProgress', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  const d = await h.distribution();
  await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { body: { callerReference: 'r', paths: ['/a'] } });
  const db = new DatabaseSync(h.dataPath);
  t.after(() => db.close());
  assert.throws(() => db.exec("UPDATE invalidations SET status = 'InProgress'"), /stays completed/);
});

test('a refused mutation leaves no trace (one transaction)', async (t) => {
  const h = new Harness();
  t.after(() => h.close());
  await h.distribution({ aliases: ['taken.example.com'] });
  const refused = await h.call('POST', '/v1/distributions', { body: rawDistribution({ aliases: ['taken.example.com'] }) });
  assert.equal(refused.status, 409);
  assert.equal((await h.call('GET', '/healthz')).body.seq, 1);
  const db = new DatabaseSync(h.dataPath);
  t.after(() => db.close());
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM distribution_versions').get()?.n, 1);
});

test('pragmas and schema version; a newer schema is refused', () => {
  const dir = tempDir();
  const path = join(dir, 'cp.db');
  const store = new Store(path);
  assert.equal(store.db.get('PRAGMA journal_mode')?.journal_mode, 'wal');
  assert.equal(store.db.get('PRAGMA synchronous')?.synchronous, 2, 'FULL');
  assert.equal(store.db.get('PRAGMA busy_timeout')?.timeout, 5000);
  assert.equal(store.db.get('PRAGMA user_version')?.user_version, SCHEMA_VERSION);
  store.db.sql.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  store.close();
  assert.throws(() => new Store(path), /newer than this control plane understands/);
  rmSync(dir, { recursive: true });
});

test('a database file from before public keys and key groups (schema 1) is migrated and keeps its data', async (t) => {
  // What the schema-1 control plane wrote: its tables, and a distribution stored without trustedKeyGroups.
  const old = parseDistribution({ id: 'EOLD000000001', ...rawDistribution({ cacheBehaviors: [{ pathPattern: '/a/*', targetOriginId: 'app', cachePolicyId: 'Managed-CachingDisabled' }] }) });
  if (old.issues) throw new Error('fixture');
  const { trustedKeyGroups: _d, ...defaultBehavior } = old.value.defaultCacheBehavior;
  const { trustedKeyGroups: _c, ...behavior } = old.value.cacheBehaviors[0] ?? old.value.defaultCacheBehavior;
  const stored = JSON.stringify({ ...old.value, defaultCacheBehavior: defaultBehavior, cacheBehaviors: [behavior] });
  const h = new Harness({
    prepare: oldSchema(1, (db) => storeOldDistribution(db, 'EOLD000000001', 'OLDETAG000001', stored)),
  });
  t.after(() => h.close());

  const db = new DatabaseSync(h.dataPath);
  t.after(() => db.close());
  assert.equal(db.prepare('PRAGMA user_version').get()?.user_version, SCHEMA_VERSION);
  assert.equal((await h.call('GET', '/healthz')).body.seq, 1);
  const got = await h.call('GET', '/v1/distributions/EOLD000000001');
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), 'OLDETAG000001');
  assert.deepEqual(got.body.distributionConfig.defaultCacheBehavior.trustedKeyGroups, [], 'read as the parser fills it');
  assert.deepEqual(got.body.distributionConfig.cacheBehaviors[0].trustedKeyGroups, []);
  assert.deepEqual((await h.call('GET', '/v1/public-keys')).body, { quantity: 0, items: [] });

  // The new kinds work on the old file, and the sequence continues.
  assert.equal((await h.call('POST', '/v1/public-keys', { body: { id: 'pk', encodedKey: testPem() } })).status, 201);
  const kg = await h.call('POST', '/v1/key-groups', { body: { id: 'kg', items: ['pk'] } });
  assert.equal(kg.status, 201);
  const put = await h.call('PUT', '/v1/distributions/EOLD000000001', {
    body: { ...got.body.distributionConfig, cacheBehaviors: [{ ...got.body.distributionConfig.cacheBehaviors[0], trustedKeyGroups: ['kg'] }] },
    headers: { 'if-match': 'OLDETAG000001' },
  });
  assert.equal(put.status, 200);
  assert.equal((await h.call('GET', '/healthz')).body.seq, 4);
  const stream = await h.stream('edge=mig&pop=FRA&since=1');
  await stream.next();
  const config = (await stream.next()).data.config;
  assert.deepEqual(config.keyGroups, [kg.body.keyGroupConfig]);
  assert.deepEqual(config.distributions[0].cacheBehaviors[0].trustedKeyGroups, ['kg']);
  await stream.close();

  // The old version row is history, kept as written; reopening keeps the keys.
  assert.equal(db.prepare("SELECT config FROM distribution_versions WHERE etag = 'OLDETAG000001'").get()?.config, stored);
  h.reopen();
  assert.equal((await h.call('GET', '/v1/key-groups/kg')).headers.get('etag'), kg.headers.get('etag'));
});
