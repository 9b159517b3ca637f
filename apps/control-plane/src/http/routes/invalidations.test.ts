import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from '../../test-support.ts';

const h = new Harness();
after(() => h.close());

const post = (id: string, body: unknown) => h.call('POST', `/v1/distributions/${id}/invalidations`, { body });

test('create: 201, Location, I-id; Completed at once with no live edge; list newest first', async () => {
  const d = await h.distribution();
  const r = await post(d.id, { callerReference: 'ref-1', paths: ['/index.html', '/img/*'] });
  assert.equal(r.status, 201);
  assert.match(r.body.id, /^I[A-Z0-9]{13}$/);
  assert.equal(r.headers.get('location'), `http://localhost/v1/distributions/${d.id}/invalidations/${r.body.id}`);
  assert.deepEqual(r.body, {
    id: r.body.id,
    status: 'Completed',
    createTime: new Date(h.clock.now()).toISOString(),
    invalidationBatch: { callerReference: 'ref-1', paths: ['/index.html', '/img/*'] },
    progress: { acked: 0, total: 0 },
  });
  const wrapped = await post(d.id, { invalidationBatch: { callerReference: 'ref-2', paths: ['/a'] } });
  assert.equal(wrapped.status, 201);
  const list = await h.call('GET', `/v1/distributions/${d.id}/invalidations`, { token: h.token('read') });
  assert.deepEqual(list.body, {
    quantity: 2,
    items: [
      { id: wrapped.body.id, status: 'Completed', createTime: wrapped.body.createTime },
      { id: r.body.id, status: 'Completed', createTime: r.body.createTime },
    ],
  });
  const one = await h.call('GET', `/v1/distributions/${d.id}/invalidations/${r.body.id}`, { token: h.token('read') });
  assert.deepEqual(one.body, r.body);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}/invalidations/INOSUCH000000`)).body.error.code, 'NoSuchInvalidation');
  assert.equal((await post('ENOSUCH000001', { callerReference: 'x', paths: ['/'] })).body.error.code, 'NoSuchDistribution');
});

test('callerReference: same paths in another order -> the same invalidation; other paths -> 409', async () => {
  const d = await h.distribution();
  const first = await post(d.id, { callerReference: 'deploy-7', paths: ['/a', '/b/*'] });
  const retry = await post(d.id, { callerReference: 'deploy-7', paths: ['/b/*', '/a'] });
  assert.equal(retry.status, 201);
  assert.deepEqual(retry.body, first.body);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}/invalidations`)).body.quantity, 1);
  const other = await post(d.id, { callerReference: 'deploy-7', paths: ['/a'] });
  assert.equal(other.status, 409);
  assert.equal(other.body.error.code, 'InvalidationBatchAlreadyExists');
  // The reference is per distribution.
  const d2 = await h.distribution();
  assert.equal((await post(d2.id, { callerReference: 'deploy-7', paths: ['/a'] })).status, 201);
});

test('paths are validated, every problem listed; # needs cacheTagHeader', async () => {
  const d = await h.distribution();
  const r = await post(d.id, { callerReference: 'bad', paths: ['/ok', 'no-slash', '/a*b', '#tag'] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'InvalidArgument');
  assert.deepEqual(
    r.body.error.issues.map((i: { path: string }) => i.path),
    ['paths[1]', 'paths[2]', 'paths[3]'],
  );
  const tagged = await h.distribution({ cacheTagHeader: 'Surrogate-Key' });
  assert.equal((await post(tagged.id, { callerReference: 'tags', paths: ['#product-42', '/x'] })).status, 201);
  const empty = await post(d.id, { callerReference: 'none', paths: [] });
  assert.equal(empty.body.error.issues[0].path, 'paths');
  assert.equal((await h.call('POST', `/v1/distributions/${d.id}/invalidations`, { raw: '{oops' })).body.error.code, 'MalformedInput');
});

test('in-progress limits per distribution: 3,000 paths, 15 wildcard paths; completion frees them', async () => {
  const d = await h.distribution();
  const other = await h.distribution();
  // A live edge that has applied nothing holds every invalidation InProgress.
  const edge = await h.stream('edge=limits&pop=AMS&since=0');
  const files = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `/${prefix}/${i}`);

  const big = await post(d.id, { callerReference: 'f1', paths: files('a', 2999) });
  assert.equal(big.status, 201);
  assert.equal(big.body.status, 'InProgress');
  assert.equal((await post(d.id, { callerReference: 'f2', paths: ['/one'] })).status, 201);
  const over = await post(d.id, { callerReference: 'f3', paths: ['/two'] });
  assert.equal(over.status, 400);
  assert.equal(over.body.error.code, 'TooManyInvalidationsInProgress');
  assert.equal((await post(other.id, { callerReference: 'f3', paths: ['/two'] })).status, 201, 'another distribution has its own budget');

  for (let i = 0; i < 15; i++) assert.equal((await post(d.id, { callerReference: `w${i}`, paths: [`/w${i}/*`] })).status, 201);
  const sixteenth = await post(d.id, { callerReference: 'w15', paths: ['/w15/*'] });
  assert.equal(sixteenth.body.error.code, 'TooManyInvalidationsInProgress');
  assert.match(sixteenth.body.error.message, /16 wildcard paths/);

  // The edge applies everything: all Completed, and the budget is free again.
  const head = (await h.call('GET', '/healthz')).body.seq;
  assert.equal((await h.ack('limits', head)).status, 204);
  assert.equal((await h.call('GET', `/v1/distributions/${d.id}/invalidations/${big.body.id}`)).body.status, 'Completed');
  assert.equal((await post(d.id, { callerReference: 'w15', paths: ['/w15/*'] })).status, 201);
  assert.equal((await post(d.id, { callerReference: 'f3', paths: files('b', 3000) })).status, 201);
  await edge.close();
});

test('?wait= answers as soon as the invalidation completes', async () => {
  // Earlier tests' edges time out first: only this test's edge holds anything back.
  h.clock.advance(11_000);
  h.cp.sweep();
  const d = await h.distribution();
  const edge = await h.stream('edge=waiter&pop=AMS&since=0');
  const inv = await post(d.id, { callerReference: 'w', paths: ['/x'] });
  assert.equal(inv.body.status, 'InProgress');
  const url = `/v1/distributions/${d.id}/invalidations/${inv.body.id}`;

  const timedOut = await h.call('GET', `${url}?wait=0.05`);
  assert.equal(timedOut.body.status, 'InProgress', 'the time is up: answers with the current status');

  const started = Date.now();
  const waiting = h.call('GET', `${url}?wait=10`);
  await h.ack('waiter', (await h.call('GET', '/healthz')).body.seq);
  const r = await waiting;
  assert.equal(r.body.status, 'Completed');
  assert.ok(Date.now() - started < 5000, 'answered on the change, not at the deadline');
  await edge.close();
});
