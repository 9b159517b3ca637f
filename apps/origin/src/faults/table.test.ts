import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FaultTable } from './table.ts';

test('path rules win over global ones, in order; no rule -> undefined', () => {
  const table = new FaultTable();
  table.replace([
    { mode: 'status', status: 500 },
    { path: '/a/*', mode: 'status', status: 501 },
    { path: '/a/b', mode: 'status', status: 502 },
    { mode: 'refuse' }, // acts on the listener, never on a request
  ]);
  const status = (path: string) => {
    const rule = table.take(path)?.rule;
    return rule?.mode === 'status' ? rule.status : rule?.mode;
  };
  assert.equal(status('/a/b'), 501);
  assert.equal(status('/a/c'), 501);
  assert.equal(status('/z'), 500);
  table.replace([{ path: '/a/*', mode: 'hang' }]);
  assert.equal(status('/z'), undefined);
});

test('times: the next N matching requests, then the rule goes away', () => {
  const table = new FaultTable();
  table.add({ path: '/x', mode: 'status', status: 503, times: 2 });
  assert.equal(table.take('/y'), undefined); // a miss does not use one up
  assert.equal(table.list()[0]?.times, 2);
  assert.ok(table.take('/x'));
  assert.equal(table.list()[0]?.times, 1);
  assert.ok(table.take('/x'));
  assert.equal(table.take('/x'), undefined);
  assert.deepEqual(table.list(), []);
});

test('forMs: the rule expires on the clock; the listener mode follows', () => {
  let clock = 1_000_000;
  const table = new FaultTable({ now: () => clock });
  table.add({ mode: 'refuse', forMs: 500 });
  table.add({ path: '/x', mode: 'hang', forMs: 1000 });
  assert.equal(table.listenerMode(), 'refuse');
  assert.deepEqual(table.list().map((v) => v.expiresInMs), [500, 1000]);
  clock += 500;
  assert.equal(table.listenerMode(), 'open');
  assert.equal(table.take('/x')?.rule.mode, 'hang');
  clock += 500;
  assert.equal(table.take('/x'), undefined);
  table.dispose();
});

test('a new refuse/blackhole rule replaces the one in force', () => {
  const table = new FaultTable();
  table.add({ mode: 'refuse' });
  table.add({ mode: 'blackhole' });
  assert.deepEqual(table.list(), [{ id: 2, mode: 'blackhole' }]);
  assert.equal(table.listenerMode(), 'blackhole');
  assert.equal(table.remove(2), true);
  assert.equal(table.remove(2), false);
  assert.equal(table.listenerMode(), 'open');
});

test('held requests are released by remove and clear, even when times used the rule up', () => {
  const table = new FaultTable();
  const id = table.add({ path: '/a', mode: 'hang' });
  table.add({ path: '/b', mode: 'hang', times: 1 });
  const a = table.take('/a');
  const b = table.take('/b');
  assert.ok(a && b);
  assert.equal(table.list().length, 1, '/b was used up');
  assert.equal(b.released.aborted, false, 'being used up does not release');
  table.remove(id);
  assert.deepEqual([a.released.aborted, b.released.aborted], [true, false]);
  table.clear();
  assert.equal(b.released.aborted, true);
  assert.equal(table.dropped.aborted, false);
  table.dispose();
  assert.equal(table.dropped.aborted, true);
});

test('change listeners run on every change; settled() awaits what they return', async () => {
  const table = new FaultTable();
  const seen: string[] = [];
  let finish = () => {};
  table.onChange(() => {
    seen.push(table.listenerMode());
    return new Promise<void>((resolve) => (finish = resolve));
  });
  table.add({ mode: 'refuse' });
  let settled = false;
  const done = table.settled().then(() => (settled = true));
  await Promise.resolve();
  assert.equal(settled, false);
  finish();
  await done;
  table.clear();
  finish();
  await table.settled();
  assert.deepEqual(seen, ['refuse', 'open']);
});
