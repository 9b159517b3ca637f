import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EdgeRegistry, MAX_EDGES } from './edge-registry.ts';

test('liveness follows connects and acks within the timeout', () => {
  const r = new EdgeRegistry([{ id: 'old', pop: 'FRA', firstSeen: 0, lastSeen: 0, appliedSeq: 3 }], 10_000);
  assert.equal(r.get('old')?.status, 'down', 'known edges start down');
  assert.equal(r.appliedByAll(), Infinity, 'no live edge holds anything back');

  r.connect('a', 'FRA', 5, 1000);
  assert.deepEqual(r.counts(), { live: 1, down: 1 });
  assert.equal(r.appliedByAll(), 5);

  assert.deepEqual(r.ack('a', 4, 2000), { applied: false, revived: false }, 'appliedSeq never goes back');
  assert.equal(r.get('a')?.appliedSeq, 5);
  assert.deepEqual(r.ack('a', 9, 3000), { applied: true, revived: false });
  assert.equal(r.ack('nope', 1, 3000), undefined);

  r.connect('b', 'NRT', 2, 3000);
  assert.equal(r.appliedByAll(), 2);

  assert.deepEqual(r.sweep(13_000), [], 'exactly at the timeout is still live');
  assert.deepEqual(
    r.sweep(13_001).map((e) => e.id),
    ['a', 'b'],
  );
  assert.equal(r.appliedByAll(), Infinity);

  assert.deepEqual(r.ack('b', 2, 20_000), { applied: false, revived: true });
  assert.equal(r.appliedByAll(), 2);
  r.disconnect('b');
  assert.equal(r.get('b')?.connected, false);
  assert.equal(r.get('b')?.status, 'live', 'a closed stream is live until the timeout');
});

test('a reconnect reports what the edge says it has', () => {
  const r = new EdgeRegistry([], 10_000);
  r.connect('a', 'FRA', 7, 0);
  r.connect('a', 'AMS', 0, 500); // state dir wiped
  assert.deepEqual({ ...r.get('a') }, { id: 'a', pop: 'AMS', firstSeen: 0, lastSeen: 500, appliedSeq: 0, status: 'live', connected: true });
});

test('new edge ids are refused past MAX_EDGES; known ids still connect', () => {
  const known = Array.from({ length: MAX_EDGES }, (_, i) => ({ id: `e${i}`, pop: 'FRA', firstSeen: 0, lastSeen: 0, appliedSeq: 0 }));
  const r = new EdgeRegistry(known, 1000);
  assert.match(r.refusal('new-one', 'x') ?? '', /at most 1000 edges/);
  assert.equal(r.refusal('e7', 'x'), undefined);
  r.connect('e7', 'FRA', 0, 1, undefined, undefined, 'x');
  assert.match(r.refusal('e7', 'y') ?? '', /another edge token/);
});
