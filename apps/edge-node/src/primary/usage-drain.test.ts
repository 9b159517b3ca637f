import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUsage, type UsageCounters } from '@cachefront/protocol';
import { UsageDrain, UsageOutbox, type UsageWorker } from './usage-drain.ts';

/** A worker as worker.ts is: it hands over its counters when asked and starts again from zero. */
class FakeWorker implements UsageWorker {
  readonly id: number;
  requests = 0;
  private readonly drain: UsageDrain;
  private asks = 0;
  constructor(id: number, drain: UsageDrain) {
    this.id = id;
    this.drain = drain;
  }
  send(): void {
    this.asks++;
  }
  /** Handles the oldest request not answered yet. */
  answer(): void {
    assert.ok(this.asks > 0, 'asked');
    this.asks--;
    const usage: Record<string, UsageCounters> = this.requests ? { E1: { ...emptyUsage(), requests: this.requests, hits: this.requests } } : {};
    this.requests = 0;
    this.drain.received(this.id, usage);
  }
}

const requests = (u: Record<string, UsageCounters>) => u.E1?.requests ?? 0;

describe('UsageDrain', () => {
  it('two drains at once (a heartbeat ack while an event ack drains) count each reply once', async () => {
    const drain = new UsageDrain(60_000);
    const w = new FakeWorker(1, drain);
    w.requests = 5;
    const first = drain.drain([w]);
    const second = drain.drain([w]);
    w.answer(); // 5, asked by the first drain
    w.answer(); // nothing since
    const [a, b] = await Promise.all([first, second]);
    assert.equal(requests(a) + requests(b), 5);
  });

  it('a reply later than the wait is taken by the next drain, not dropped', async () => {
    const drain = new UsageDrain(20);
    const w = new FakeWorker(1, drain);
    w.requests = 7;
    assert.deepEqual(await drain.drain([w]), {}, 'the worker did not answer in time');
    w.answer(); // the late reply: 7
    w.requests = 2;
    const next = drain.drain([w]);
    w.answer(); // 2
    assert.equal(requests(await next), 9);
  });

  it('waits for every worker, and not for one that exited', async () => {
    const drain = new UsageDrain(60_000);
    const [w1, w2] = [new FakeWorker(1, drain), new FakeWorker(2, drain)];
    w1.requests = 1;
    w2.requests = 2;
    let settled = false;
    const taken = drain.drain([w1, w2]).finally(() => (settled = true));
    w1.answer();
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false, 'worker 2 has not answered');
    drain.forget(2);
    assert.equal(requests(await taken), 1);
  });
});

describe('UsageOutbox', () => {
  const counts = (n: number): Record<string, UsageCounters> => ({ E1: { ...emptyUsage(), requests: n } });

  it('an ack whose drain ends after a later ack took its batch keeps what it drained', async () => {
    // The heartbeat's drain waits on a busy worker past the next heartbeat, whose drain ends first.
    const drains: ((u: Record<string, UsageCounters>) => void)[] = [];
    const outbox = new UsageOutbox(() => new Promise((resolve) => drains.push(resolve)));
    // What each ack sends is serialized as soon as it has its batch (control/client.ts).
    const sent: number[] = [];
    const first = outbox.take().then(({ usage }) => sent.push(requests(JSON.parse(JSON.stringify(usage)) as Record<string, UsageCounters>)));
    const second = outbox.take().then(({ usage }) => sent.push(requests(JSON.parse(JSON.stringify(usage)) as Record<string, UsageCounters>)));
    drains[1]!(counts(5));
    await second;
    drains[0]!(counts(7));
    await first;
    assert.deepEqual(sent, [5, 7]);
  });

  it('what an ack failed to deliver goes with the next one', async () => {
    let n = 3;
    const outbox = new UsageOutbox(async () => counts(n));
    const lost = await outbox.take();
    lost.failed();
    n = 4;
    assert.equal(requests((await outbox.take()).usage), 7);
  });
});
