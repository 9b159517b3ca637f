import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, rawDistribution } from '../../test-support.ts';

const h = new Harness();
after(() => h.close());

const etag = (r: { headers: Headers }) => r.headers.get('etag') as string;
const paths = (r: { body: { error: { issues: { path: string }[] } } }) => r.body.error.issues.map((i) => i.path);
const CODE = "function handler(event) { event.request.headers['x-v'] = { value: '1' }; return event.request; }";
const CODE2 = "function handler(event) { console.log('v2 ' + event.request.uri); event.request.headers['x-v'] = { value: '2' }; return event.request; }";
const EVENT = { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '1.2.3.4' }, request: { method: 'GET', uri: '/a', querystring: {}, headers: {}, cookies: {} } };
const associating = (functionName: string) => ({
  defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', functionAssociations: [{ eventType: 'viewer-request', functionName }] },
});

test('functions: create in DEVELOPMENT, get with ETag, list; PUT needs If-Match; publish copies DEVELOPMENT to LIVE', async () => {
  const seq0 = (await h.call('GET', '/healthz')).body.seq;
  const r = await h.call('POST', '/v1/functions', { body: { name: 'add-header', comment: 'adds x-v', code: CODE } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), 'http://localhost/v1/functions/add-header');
  const now = new Date(h.clock.now()).toISOString();
  assert.deepEqual(r.body, {
    name: 'add-header',
    status: 'UNPUBLISHED',
    stage: 'DEVELOPMENT',
    functionConfig: { runtime: 'cloudfront-js-2.0', comment: 'adds x-v', keyValueStoreAssociations: [] },
    code: CODE,
    lastModifiedTime: now,
    createdTime: now,
  });
  assert.equal((await h.call('GET', '/v1/functions/add-header?stage=LIVE')).body.error.code, 'NoSuchFunctionExists');
  const got = await h.call('GET', '/v1/functions/add-header', { token: h.token('read') });
  assert.deepEqual(got.body, r.body);
  assert.equal(etag(got), etag(r));
  const listed = await h.call('GET', '/v1/functions');
  assert.equal(listed.body.items.find((f: { name: string }) => f.name === 'add-header').published, false);
  assert.equal((await h.call('POST', '/v1/functions', { body: { name: 'add-header', code: CODE } })).body.error.code, 'FunctionAlreadyExists');

  assert.equal((await h.call('PUT', '/v1/functions/add-header', { body: { code: CODE2 } })).body.error.code, 'InvalidIfMatchVersion');
  assert.equal((await h.call('PUT', '/v1/functions/add-header', { body: { code: CODE2 }, headers: { 'if-match': 'STALE' } })).status, 412);
  const put = await h.call('PUT', '/v1/functions/add-header', { body: { code: CODE2 }, headers: { 'if-match': etag(r) } });
  assert.equal(put.status, 200);
  assert.equal(put.body.code, CODE2);
  assert.notEqual(etag(put), etag(r));
  assert.equal((await h.call('GET', '/healthz')).body.seq, seq0 + 2, 'every mutation advances seq');

  assert.equal((await h.call('POST', '/v1/functions/add-header/publish', { headers: { 'if-match': etag(r) } })).status, 412);
  const pub = await h.call('POST', '/v1/functions/add-header/publish', { headers: { 'if-match': etag(put) } });
  assert.equal(pub.status, 200);
  assert.equal(pub.body.stage, 'LIVE');
  assert.equal(pub.body.status, 'UNASSOCIATED');
  const live = await h.call('GET', '/v1/functions/add-header?stage=LIVE');
  assert.equal(live.body.code, CODE2);
  assert.equal((await h.call('GET', '/v1/functions/add-header?stage=NOPE')).status, 400);
  assert.equal((await h.call('GET', '/v1/functions/nosuch')).status, 404);
  assert.equal((await h.call('PUT', '/v1/functions/nosuch', { body: { code: CODE }, headers: { 'if-match': 'X' } })).body.error.code, 'NoSuchFunctionExists');

  const del = await h.call('DELETE', '/v1/functions/add-header', { headers: { 'if-match': etag(pub) } });
  assert.equal(del.status, 204);
  assert.equal((await h.call('GET', '/v1/functions/add-header')).status, 404);
});

test('functions are validated with the config rules and compiled: syntax errors are a 400 with the message', async () => {
  const bad = await h.call('POST', '/v1/functions', { body: { name: 'bad name', runtime: 'node', code: 'x'.repeat(10 * 1024 + 1) } });
  assert.equal(bad.status, 400);
  assert.deepEqual(paths(bad), ['name', 'runtime', 'code']);
  assert.deepEqual(paths(await h.call('POST', '/v1/functions', { body: { name: 'nocode' } })), ['code']);
  assert.deepEqual(paths(await h.call('POST', '/v1/functions', { body: { name: 'f', code: CODE, keyValueStoreAssociations: ['missing'] } })), ['keyValueStoreAssociations[0]']);
  const syntax = await h.call('POST', '/v1/functions', { body: { name: 'syntax', code: 'function handler(event) { return event.request' } });
  assert.equal(syntax.status, 400);
  assert.equal(syntax.body.error.code, 'InvalidArgument');
  assert.match(syntax.body.error.message, /does not compile: .*SyntaxError/);
  assert.deepEqual(paths(syntax), ['code']);
  assert.equal((await h.call('GET', '/v1/functions/syntax')).status, 404);
});

test('test endpoint: output, logs and utilization; a throwing function reports its error, never a 500', async () => {
  const r = await h.call('POST', '/v1/functions', { body: { name: 'tester', code: CODE } });
  await h.call('PUT', '/v1/functions/tester', { body: { code: CODE2 }, headers: { 'if-match': etag(r) } });
  const dev = await h.call('POST', '/v1/functions/tester/test', { body: { eventObject: EVENT } });
  assert.equal(dev.status, 200);
  assert.equal(dev.body.functionOutput.request.headers['x-v'].value, '2');
  assert.deepEqual(dev.body.functionExecutionLogs, ['v2 /a']);
  assert.equal(dev.body.functionErrorMessage, '');
  assert.equal(typeof dev.body.computeUtilization, 'number');
  assert.equal((await h.call('POST', '/v1/functions/tester/test', { body: { stage: 'LIVE', eventObject: EVENT } })).body.error.code, 'NoSuchFunctionExists');
  assert.deepEqual(paths(await h.call('POST', '/v1/functions/tester/test', { body: { eventType: 'origin-request' } })), ['eventObject', 'eventType']);

  const t = await h.call('POST', '/v1/functions', { body: { name: 'thrower', code: "function handler(event) { throw new Error('boom'); }" } });
  assert.equal(t.status, 201);
  const failed = await h.call('POST', '/v1/functions/thrower/test', { body: { eventObject: JSON.stringify(EVENT) } });
  assert.equal(failed.status, 200);
  assert.equal(failed.body.functionOutput, null);
  assert.match(failed.body.functionErrorMessage, /boom/);
  const odd = await h.call('POST', '/v1/functions/tester/test', { body: { eventObject: { request: 'not an object' } } });
  assert.equal(odd.status, 200);
  assert.notEqual(odd.body.functionErrorMessage, '');
});

test('associations need a published function; publishing bumps the distributions using it; FunctionInUse', async () => {
  const r = await h.call('POST', '/v1/functions', { body: { name: 'assoc', code: CODE } });
  const unpublished = await h.call('POST', '/v1/distributions', { body: rawDistribution(associating('assoc')) });
  assert.equal(unpublished.status, 400);
  assert.deepEqual(paths(unpublished), ['defaultCacheBehavior.functionAssociations[0].functionName']);
  const pub = await h.call('POST', '/v1/functions/assoc/publish', { headers: { 'if-match': etag(r) } });
  const d = await h.distribution(associating('assoc'));
  assert.equal((await h.call('GET', '/v1/functions/assoc')).body.status, 'DEPLOYED');

  const inUse = await h.call('DELETE', '/v1/functions/assoc', { headers: { 'if-match': etag(pub) } });
  assert.equal(inUse.status, 409);
  assert.equal(inUse.body.error.code, 'FunctionInUse');
  assert.match(inUse.body.error.message, new RegExp(d.id));

  // Edges see the LIVE stage in the snapshot; a new publish is a config change for d.
  const edge = await h.stream('edge=e1&pop=FRA&since=0');
  await edge.next(); // hello
  const snap = await edge.next();
  const fn = snap.data.config.functions.find((f: { name: string }) => f.name === 'assoc');
  assert.deepEqual(fn, { name: 'assoc', runtime: 'cloudfront-js-2.0', comment: '', code: CODE, keyValueStoreAssociations: [] });
  assert.equal(snap.data.config.functions.some((f: { name: string }) => f.name === 'tester'), false, 'unpublished functions are not deployed');
  await h.ack('e1', snap.data.seq);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'Deployed');

  const put = await h.call('PUT', '/v1/functions/assoc', { body: { code: CODE2 }, headers: { 'if-match': etag(pub) } });
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'Deployed', 'DEVELOPMENT changes do not reach edges');
  const pub2 = await h.call('POST', '/v1/functions/assoc/publish', { headers: { 'if-match': etag(put) } });
  assert.equal(pub2.status, 200);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'InProgress');
  const next = await edge.next();
  assert.equal(next.event, 'config');
  assert.equal(next.data.config.functions.find((f: { name: string }) => f.name === 'assoc').code, CODE2);
  await h.ack('e1', next.data.seq);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}`)).body.status, 'Deployed');
  await edge.close();
});
