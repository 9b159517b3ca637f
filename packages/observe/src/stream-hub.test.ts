import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pumpEvents, StreamHub } from './stream-hub.ts';

type E = { distributionId: string; n: number };

describe('StreamHub', () => {
  it('delivers to subscribers of the entry\'s distribution and to those of all', async () => {
    const hub = new StreamHub<E>();
    const a = hub.subscribe('A', 10);
    const all = hub.subscribe(undefined, 10);
    hub.publish([{ distributionId: 'A', n: 1 }, { distributionId: 'B', n: 2 }]);
    assert.deepEqual((await a.next(1000)).map((e) => e.n), [1]);
    assert.deepEqual((await all.next(1000)).map((e) => e.n), [1, 2]);
  });

  it('next() waits for entries, and returns [] when the time is up', async () => {
    const hub = new StreamHub<E>();
    const s = hub.subscribe(undefined, 10);
    const pending = s.next(60_000);
    hub.publish([{ distributionId: 'A', n: 3 }]);
    assert.deepEqual((await pending).map((e) => e.n), [3]);
    assert.deepEqual(await s.next(1), []);
  });

  it('a slow subscriber keeps at most max entries and counts what it lost', async () => {
    const hub = new StreamHub<E>();
    const s = hub.subscribe(undefined, 2);
    hub.publish([1, 2, 3, 4].map((n) => ({ distributionId: 'A', n })));
    assert.deepEqual((await s.next(1000)).map((e) => e.n), [1, 2]);
    assert.equal(s.dropped, 2);
  });

  it('close() unsubscribes and releases a pending next()', async () => {
    const hub = new StreamHub<E>();
    const s = hub.subscribe(undefined, 10);
    assert.equal(hub.size, 1);
    const pending = s.next(60_000);
    s.close();
    assert.deepEqual(await pending, []);
    assert.equal(hub.size, 0);
    assert.equal(s.isClosed, true);
    hub.publish([{ distributionId: 'A', n: 1 }]);
    assert.deepEqual(await s.next(1), []);
  });

  it('pumpEvents: hello, entries as log events, a ping when idle, until closed', async () => {
    const hub = new StreamHub<{ distributionId: string; n: number }>();
    const sub = hub.subscribe(undefined, 10);
    const sent: { event: string; data: string }[] = [];
    const pumped = pumpEvents(sub, { pop: 'TST' }, async (e) => {
      sent.push(e);
      if (e.event === 'ping') hub.publish([{ distributionId: 'E1', n: 1 }]);
      if (e.event === 'log') sub.close();
    }, 5);
    await pumped;
    assert.deepEqual(sent.map((e) => e.event), ['hello', 'ping', 'log']);
    assert.deepEqual(JSON.parse(sent[0]!.data), { pop: 'TST' });
    assert.deepEqual(JSON.parse(sent[1]!.data), { dropped: 0 });
    assert.deepEqual(JSON.parse(sent[2]!.data), { distributionId: 'E1', n: 1 });
    assert.equal(hub.size, 0, 'closed subscriptions leave the hub');
  });
});
