import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import pino from 'pino';
import { parseDistribution } from '@cachefront/config';
import { createGeo } from '@cachefront/geo';
import { createApp } from '../http/app.ts';
import { SCHEMA_VERSION } from '../storage/migrations.ts';
import { DEFAULT_POP_CATALOG } from '../catalog/default-catalog.ts';
import { priceClassScope } from '../catalog/pop-catalog.ts';
import { builtInPriceTable } from '../usage/price-table.ts';
import { Propagation } from '../edges/propagation.ts';
import { resourceRoutes } from '../http/routes/resources.ts';
import { realtimeLogConfigs } from './realtime-log-configs.ts';
import type { ControlPlane } from '../server.ts';
import { Store } from '../storage/store.ts';
import { Harness, oldSchema, rawDistribution, storeOldDistribution } from '../test-support.ts';

const BASE = '/v1/realtime-log-configs';

/**
 * A harness whose app serves /v1/realtime-log-configs: the shared app once app.ts mounts the
 * route, until then a control plane built here on the same database with the route mounted.
 */
async function harness(opts: ConstructorParameters<typeof Harness>[0] = {}): Promise<Harness> {
  const h = new Harness(opts);
  const probe = await h.call('GET', BASE);
  if (probe.status !== 404) return h;
  h.cp.close();
  h.cp = withRealtimeLogRoutes(h);
  return h;
}

function withRealtimeLogRoutes(h: Harness): ControlPlane {
  const now = h.clock.now;
  const log = pino({ level: 'silent' });
  const store = new Store(h.dataPath, now);
  const propagation = new Propagation({ store, now, log, heartbeatMs: 60_000, edgeTimeoutMs: 10_000, scope: priceClassScope(DEFAULT_POP_CATALOG) });
  const s = { store, propagation, log, keys: h.keys, now, prices: builtInPriceTable(DEFAULT_POP_CATALOG), catalog: DEFAULT_POP_CATALOG, geo: createGeo() };
  const app = createApp(s);
  app.route(BASE, resourceRoutes(s, realtimeLogConfigs));
  return {
    app,
    sweep: () => propagation.sweep(),
    drain: () => propagation.close(),
    close() {
      propagation.close();
      store.close();
    },
  };
}

const h = await harness();
after(() => h.close());

const etag = (r: { headers: Headers }) => r.headers.get('etag') as string;
const paths = (r: { body: { error: { issues: { path: string }[] } } }) => r.body.error.issues.map((i) => i.path);
const seq = async () => (await h.call('GET', '/healthz')).body.seq as number;
const behavior = (extra: Record<string, unknown>) => ({ targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', ...extra });

test('real-time log configs: create, get, list, update with If-Match, delete with If-Match', async () => {
  const seq0 = await seq();
  const r = await h.call('POST', BASE, { body: { name: 'main', samplingRate: 10, fields: ['timestamp', 'c-ip', 'sc-status'] } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `http://localhost${BASE}/main`);
  assert.ok(etag(r));
  assert.deepEqual(r.body, {
    name: 'main',
    arn: 'arn:aws:cloudfront::000000000000:realtime-log-config/main',
    samplingRate: 10,
    fields: ['timestamp', 'c-ip', 'sc-status'],
    lastModifiedTime: new Date(h.clock.t).toISOString(),
  });
  assert.equal(await seq(), seq0 + 1, 'one mutation, one seq');

  const got = await h.call('GET', `${BASE}/main`, { token: h.token('read') });
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, r.body);
  assert.equal(etag(got), etag(r));
  await h.call('POST', BASE, { body: { name: 'second', samplingRate: 100, fields: ['cs-uri-stem'] } });
  const listed = await h.call('GET', BASE, { token: h.token('read') });
  assert.equal(listed.body.quantity, 2);
  assert.deepEqual(
    listed.body.items.map((i: { name: string }) => i.name),
    ['main', 'second'],
  );
  assert.deepEqual(listed.body.items[0], r.body);
  assert.equal((await h.call('GET', `${BASE}/nope`)).body.error.code, 'NoSuchRealtimeLogConfig');
  assert.equal((await h.call('GET', `${BASE}/nope`)).status, 404);
  assert.equal((await h.call('POST', BASE, { body: { name: 'x', samplingRate: 1, fields: ['c-ip'] }, token: h.token('read') })).status, 403);

  // PUT: If-Match required and current; the body's name absent or equal.
  const v2 = { samplingRate: 50, fields: ['timestamp', 'cs-uri-stem'] };
  const noIfMatch = await h.call('PUT', `${BASE}/main`, { body: v2 });
  assert.equal(noIfMatch.status, 400);
  assert.equal(noIfMatch.body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('PUT', `${BASE}/main`, { body: v2, headers: { 'if-match': 'STALE' } })).status, 412);
  assert.equal((await h.call('PUT', `${BASE}/nope`, { body: v2, headers: { 'if-match': etag(r) } })).body.error.code, 'NoSuchRealtimeLogConfig');
  const renamed = await h.call('PUT', `${BASE}/main`, { body: { ...v2, name: 'other', samplingRate: 0 }, headers: { 'if-match': etag(r) } });
  assert.equal(renamed.status, 400);
  assert.deepEqual(paths(renamed), ['name', 'samplingRate']);
  h.clock.advance(1000);
  const seq1 = await seq();
  const put = await h.call('PUT', `${BASE}/main`, { body: v2, headers: { 'if-match': `"${etag(r)}"` } });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.notEqual(etag(put), etag(r));
  assert.deepEqual(put.body, { ...r.body, ...v2, lastModifiedTime: new Date(h.clock.t).toISOString() });
  assert.equal(await seq(), seq1 + 1);
  assert.equal(etag(await h.call('GET', `${BASE}/main`)), etag(put));
  const sameName = await h.call('PUT', `${BASE}/main`, { body: { name: 'main', ...v2, samplingRate: 5 }, headers: { 'if-match': etag(put) } });
  assert.equal(sameName.status, 200);

  // DELETE: If-Match required and current.
  assert.equal((await h.call('DELETE', `${BASE}/main`)).body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('DELETE', `${BASE}/main`, { headers: { 'if-match': etag(put) } })).status, 412, 'the ETag before the last PUT is stale');
  assert.equal((await h.call('DELETE', `${BASE}/nope`, { headers: { 'if-match': etag(put) } })).status, 404);
  const seq2 = await seq();
  assert.equal((await h.call('DELETE', `${BASE}/main`, { headers: { 'if-match': etag(sameName) } })).status, 204);
  assert.equal(await seq(), seq2 + 1);
  assert.equal((await h.call('GET', `${BASE}/main`)).status, 404);
  assert.deepEqual(
    (await h.call('GET', BASE)).body.items.map((i: { name: string }) => i.name),
    ['second'],
  );
  // A deleted name may be used again.
  assert.equal((await h.call('POST', BASE, { body: { name: 'main', samplingRate: 1, fields: ['c-ip'] } })).status, 201);
});

test('validation: every issue with its path (sampling rate 1-100, known and distinct fields, no unknown keys)', async () => {
  const issues = async (body: unknown) => {
    const r = await h.call('POST', BASE, { body });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'InvalidArgument');
    return r.body.error.issues as { path: string; message: string }[];
  };
  const zero = await issues({ name: 'v', samplingRate: 0, fields: ['c-ip'] });
  assert.deepEqual(zero, [{ path: 'samplingRate', message: 'must be a whole number from 1 to 100' }]);
  assert.deepEqual(
    (await issues({ name: 'v', samplingRate: 101, fields: ['c-ip'] })).map((i) => i.path),
    ['samplingRate'],
  );
  assert.deepEqual(
    (await issues({ name: 'v', samplingRate: 2.5, fields: ['c-ip'] })).map((i) => i.path),
    ['samplingRate'],
  );
  const unknownField = await issues({ name: 'v', samplingRate: 5, fields: ['c-ip', 'cs-nope'] });
  assert.equal(unknownField[0]?.path, 'fields[1]');
  assert.match(unknownField[0]?.message ?? '', /not a real-time log field/);
  const duplicate = await issues({ name: 'v', samplingRate: 5, fields: ['c-ip', 'timestamp', 'c-ip'] });
  assert.deepEqual(duplicate, [{ path: 'fields', message: 'a field is listed twice' }]);
  assert.deepEqual(
    (await issues({ name: 'v', samplingRate: 5, fields: [] })).map((i) => i.path),
    ['fields'],
  );
  // All at once: each problem listed, an unknown key at its own path.
  assert.deepEqual(
    (await issues({ name: 'bad name', samplingRate: 0, fields: ['nope'], endPoints: [] })).map((i) => i.path).sort(),
    ['endPoints', 'fields[0]', 'name', 'samplingRate'],
  );
  assert.deepEqual(
    (await issues({})).map((i) => i.path).sort(),
    ['fields', 'name', 'samplingRate'],
  );
  assert.deepEqual(
    (await issues([1])).map((i) => i.path),
    [''],
  );
  const malformed = await h.call('POST', BASE, { raw: '{nope', headers: { 'content-type': 'application/json' } });
  assert.equal(malformed.body.error.code, 'MalformedInput');
  assert.equal((await h.call('GET', `${BASE}/v`)).status, 404, 'nothing was stored');
});

test('a name is unique: RealtimeLogConfigAlreadyExists', async () => {
  const body = { name: 'dup', samplingRate: 1, fields: ['timestamp'] };
  assert.equal((await h.call('POST', BASE, { body })).status, 201);
  const seq0 = await seq();
  const again = await h.call('POST', BASE, { body: { ...body, samplingRate: 2 } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'RealtimeLogConfigAlreadyExists');
  assert.equal(await seq(), seq0, 'a refused mutation commits nothing');
  assert.equal((await h.call('GET', `${BASE}/dup`)).body.samplingRate, 1);
});

test('distributions: a behavior names a stored config (by name or ARN); unknown is refused at its path; in use cannot be deleted', async () => {
  const unknown = await h.call('POST', '/v1/distributions', {
    body: rawDistribution({
      defaultCacheBehavior: behavior({ realtimeLogConfigName: 'ghost' }),
      cacheBehaviors: [{ pathPattern: '/a/*', ...behavior({ realtimeLogConfigArn: 'arn:aws:cloudfront::123456789012:realtime-log-config/ghost2' }) }],
    }),
  });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.code, 'InvalidArgument');
  assert.deepEqual(paths(unknown), ['defaultCacheBehavior.realtimeLogConfigName', 'cacheBehaviors[0].realtimeLogConfigArn']);
  assert.match(unknown.body.error.issues[0].message, /no real-time log config named 'ghost'/);

  const rc = await h.call('POST', BASE, { body: { name: 'used', samplingRate: 25, fields: ['timestamp', 'cs-uri-stem'] } });
  const d = await h.distribution({
    defaultCacheBehavior: behavior({ realtimeLogConfigName: 'used' }),
    cacheBehaviors: [{ pathPattern: '/b/*', ...behavior({ realtimeLogConfigArn: 'arn:aws:cloudfront::123456789012:realtime-log-config/used' }) }],
  });
  assert.equal(d.body.distributionConfig.defaultCacheBehavior.realtimeLogConfigName, 'used');
  assert.equal(d.body.distributionConfig.cacheBehaviors[0].realtimeLogConfigName, 'used', 'the ARN is stored as the name');

  // An update must name a stored config too.
  const badUpdate = await h.call('PUT', `/v1/distributions/${d.id}`, {
    body: rawDistribution({ defaultCacheBehavior: behavior({ realtimeLogConfigName: 'ghost' }) }),
    headers: { 'if-match': d.etag },
  });
  assert.equal(badUpdate.status, 400);
  assert.deepEqual(paths(badUpdate), ['defaultCacheBehavior.realtimeLogConfigName']);

  const inUse = await h.call('DELETE', `${BASE}/used`, { headers: { 'if-match': etag(rc) } });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'RealtimeLogConfigInUse');
  assert.match(inUse.body.error.message, new RegExp(d.id));

  // Disabled still counts (it can be enabled again); deleted does not.
  const disabled = await h.call('POST', `/v1/distributions/${d.id}/disable`);
  assert.equal((await h.call('DELETE', `${BASE}/used`, { headers: { 'if-match': etag(rc) } })).body.error.code, 'RealtimeLogConfigInUse');
  assert.equal((await h.call('DELETE', `/v1/distributions/${d.id}`, { headers: { 'if-match': etag(disabled) } })).status, 204);
  assert.equal((await h.call('DELETE', `${BASE}/used`, { headers: { 'if-match': etag(rc) } })).status, 204);
});

test('the snapshot carries the configs; an update puts the distributions naming it back InProgress', async () => {
  const rc = await h.call('POST', BASE, { body: { name: 'live', samplingRate: 100, fields: ['timestamp', 'sc-status'] } });
  const user = await h.distribution({ defaultCacheBehavior: behavior({ realtimeLogConfigName: 'live' }) });
  const bystander = await h.distribution();
  const status = async (id: string) => (await h.call('GET', `/v1/distributions/${id}`)).body.status;

  // An edge that has applied everything so far: every distribution is Deployed.
  const edge = await h.stream(`edge=rtl-edge&pop=FRA&since=${await seq()}`);
  assert.equal((await edge.next()).event, 'hello');
  assert.equal(await status(user.id), 'Deployed');
  assert.equal(await status(bystander.id), 'Deployed');

  const put = await h.call('PUT', `${BASE}/live`, { body: { samplingRate: 5, fields: ['timestamp'] }, headers: { 'if-match': etag(rc) } });
  assert.equal(put.status, 200);
  const pushed = await edge.next();
  assert.equal(pushed.event, 'config');
  assert.equal(pushed.data.seq, await seq());
  assert.deepEqual(
    pushed.data.config.realtimeLogConfigs.find((c: { name: string }) => c.name === 'live'),
    { name: 'live', samplingRate: 5, fields: ['timestamp'] },
  );
  assert.equal(await status(user.id), 'InProgress');
  assert.equal(await status(bystander.id), 'Deployed', 'a distribution not naming it is unaffected');
  assert.equal((await h.call('GET', `/v1/distributions/${user.id}`)).headers.get('etag'), user.etag, 'its own version is unchanged');
  await edge.close();

  // A fresh edge's first snapshot has every stored config.
  const fresh = await h.stream('edge=rtl-fresh&pop=FRA&since=0');
  await fresh.next();
  const snapshot = await fresh.next();
  assert.equal(snapshot.event, 'config');
  const listed = (await h.call('GET', BASE)).body.items.map((i: { name: string; samplingRate: number; fields: string[] }) => ({ name: i.name, samplingRate: i.samplingRate, fields: i.fields }));
  assert.deepEqual(snapshot.data.config.realtimeLogConfigs, listed);
  await fresh.close();
});

test('version rows are immutable and record every change', async (t) => {
  const r = await h.call('POST', BASE, { body: { name: 'hist', samplingRate: 1, fields: ['c-ip'] } });
  const put = await h.call('PUT', `${BASE}/hist`, { body: { samplingRate: 2, fields: ['c-ip'] }, headers: { 'if-match': etag(r) } });
  await h.call('DELETE', `${BASE}/hist`, { headers: { 'if-match': etag(put) } });
  const db = new DatabaseSync(h.dataPath);
  t.after(() => db.close());
  const rows = db.prepare("SELECT op, etag, config FROM realtime_log_config_versions WHERE name = 'hist' ORDER BY vid").all();
  assert.deepEqual(
    rows.map((x) => [x.op, x.etag, x.config === null ? null : JSON.parse(x.config as string).samplingRate]),
    [
      ['create', etag(r), 1],
      ['update', etag(put), 2],
      ['delete', null, null],
    ],
  );
  assert.throws(() => db.exec("UPDATE realtime_log_config_versions SET op = 'create' WHERE name = 'hist'"), /immutable/);
  assert.throws(() => db.exec("DELETE FROM realtime_log_config_versions WHERE name = 'hist'"), /immutable/);
  assert.equal(db.prepare("SELECT COUNT(*) AS n FROM realtime_log_configs WHERE name = 'hist'").get()?.n, 0);
});

test('a database from schema 4 (before real-time log configs) is migrated and keeps its data', async (t) => {
  // What the schema-4 control plane wrote: a distribution stored without logging (nor a real-time log config).
  const parsed = parseDistribution({ id: 'EOLD000000004', ...rawDistribution() });
  if (parsed.issues) throw new Error('fixture');
  const { logging: _, ...schema4 } = parsed.value;
  const stored = JSON.stringify(schema4);
  const old = await harness({
    prepare: oldSchema(4, (db) => storeOldDistribution(db, 'EOLD000000004', 'OLDETAG000004', stored)),
  });
  t.after(() => old.close());
  const db = new DatabaseSync(old.dataPath);
  t.after(() => db.close());
  assert.equal(SCHEMA_VERSION, 8); // steps 5 (real-time log configs), 6 (response headers policies), 7 (origin access controls) and 8 (access keys, tags) ran
  assert.equal(db.prepare('PRAGMA user_version').get()?.user_version, SCHEMA_VERSION);
  assert.equal((await old.call('GET', '/healthz')).body.seq, 1);
  assert.deepEqual((await old.call('GET', BASE)).body, { quantity: 0, items: [] });
  const got = await old.call('GET', '/v1/distributions/EOLD000000004');
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), 'OLDETAG000004');
  assert.deepEqual(got.body.distributionConfig.logging, { enabled: false, includeCookies: false, prefix: '' }, 'read as the parser fills it');

  // The new kind works on the old file, and the sequence continues.
  const rc = await old.call('POST', BASE, { body: { name: 'migrated', samplingRate: 10, fields: ['timestamp'] } });
  assert.equal(rc.status, 201);
  const config = got.body.distributionConfig;
  const put = await old.call('PUT', '/v1/distributions/EOLD000000004', {
    body: { ...config, defaultCacheBehavior: { ...config.defaultCacheBehavior, realtimeLogConfigName: 'migrated' } },
    headers: { 'if-match': 'OLDETAG000004' },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal((await old.call('GET', '/healthz')).body.seq, 3);
  const stream = await old.stream('edge=mig&pop=FRA&since=1');
  await stream.next();
  const snapshot = (await stream.next()).data.config;
  assert.deepEqual(snapshot.realtimeLogConfigs, [{ name: 'migrated', samplingRate: 10, fields: ['timestamp'] }]);
  assert.equal(snapshot.distributions[0].defaultCacheBehavior.realtimeLogConfigName, 'migrated');
  await stream.close();
  // The old version row is history, kept as written.
  assert.equal(db.prepare("SELECT config FROM distribution_versions WHERE etag = 'OLDETAG000004'").get()?.config, stored);
});
