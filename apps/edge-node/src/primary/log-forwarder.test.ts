import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RealtimeEntry } from '@cachefront/protocol';
import { RealtimeHub, type StreamedEntry } from './admin.ts';
import { LogForwarder, type LogPoster } from './log-forwarder.ts';

const entry = (n: number): StreamedEntry => ({ distributionId: 'E1', configName: 'rt', fields: ['n'], values: [String(n)], pop: 'FRA' });

/** Answers each post with the next queued verdict; records what it was sent. */
class FakePoster implements LogPoster {
  readonly batches: RealtimeEntry[][] = [];
  verdicts: boolean[] = [];
  postLogs(entries: RealtimeEntry[]): Promise<boolean> {
    this.batches.push(entries);
    return Promise.resolve(this.verdicts.shift() ?? true);
  }
}

const counts = (hub: RealtimeHub): Record<string, number> =>
  Object.fromEntries(hub.forwarded.snapshot().series.map((s) => [s.labels[0], s.value ?? 0]));

describe('LogForwarder', () => {
  it('sends queued entries in batches without the pop, and counts them', async () => {
    const hub = new RealtimeHub();
    const poster = new FakePoster();
    const fwd = new LogForwarder(hub, poster);
    hub.publish([entry(1), entry(2)], true);
    await fwd.flush();
    assert.deepEqual(poster.batches, [[1, 2].map((n) => ({ distributionId: 'E1', configName: 'rt', fields: ['n'], values: [String(n)] }))]);
    assert.deepEqual(counts(hub), { sent: 2 });
    await fwd.flush();
    assert.equal(poster.batches.length, 1, 'an empty queue sends nothing');
  });

  it('puts an undelivered batch back in front and sends it first next time', async () => {
    const hub = new RealtimeHub();
    const poster = new FakePoster();
    const fwd = new LogForwarder(hub, poster);
    hub.publish([entry(1), entry(2)], true);
    poster.verdicts = [false];
    await fwd.flush();
    hub.publish([entry(3)], true);
    await fwd.flush();
    assert.deepEqual(poster.batches.map((b) => b.map((e) => e.values[0])), [['1', '2'], ['1', '2', '3']]);
    assert.deepEqual(counts(hub), { sent: 3 });
  });

  it('one batch in flight at a time', async () => {
    const hub = new RealtimeHub();
    let release: (ok: boolean) => void = () => undefined;
    const posts: RealtimeEntry[][] = [];
    const fwd = new LogForwarder(hub, { postLogs: (e) => (posts.push(e), new Promise((r) => (release = r))) });
    hub.publish([entry(1)], true);
    const first = fwd.flush();
    hub.publish([entry(2)], true);
    await fwd.flush();
    assert.equal(posts.length, 1);
    release(true);
    await first;
    const second = fwd.flush();
    release(true);
    await second;
    assert.deepEqual(posts.map((b) => b.map((e) => e.values[0])), [['1'], ['2']]);
  });

  it('the queue is bounded: entries beyond it are dropped and counted; a put-back batch only fills the room left', async () => {
    const hub = new RealtimeHub(3);
    const poster = new FakePoster();
    const fwd = new LogForwarder(hub, poster);
    hub.publish([1, 2, 3, 4, 5].map(entry), true);
    assert.deepEqual(counts(hub), { dropped: 2 });
    poster.verdicts = [false];
    const failed = fwd.flush();
    hub.publish([6, 7].map(entry), true); // arrives while the batch is out
    await failed;
    await fwd.flush();
    assert.deepEqual(poster.batches.map((b) => b.map((e) => e.values[0])), [['1', '2', '3'], ['1', '6', '7']]);
  });

  it('entries not meant for the control plane only reach the streams', async () => {
    const hub = new RealtimeHub();
    const poster = new FakePoster();
    hub.publish([entry(1)], false);
    await new LogForwarder(hub, poster).flush();
    assert.equal(poster.batches.length, 0);
  });
});
