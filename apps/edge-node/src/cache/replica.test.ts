// The edge's one cache (docs/design-one-cache.md): workers' replicas (replica.ts) and the
// primary's directory (primary/cache-directory.ts), wired in one process with the message
// queue a real edge has between its threads (ordered per worker, delivered later).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CacheMessage } from '@cachefront/protocol';
import { CacheDirectory } from '../primary/cache-directory.ts';
import { replicaStore, type ReplicaStore } from './replica.ts';
import { cachedObject } from './store.ts';

const HOST = 'e1.cachefront.local';
const key = (path: string) => `${HOST}\n${path}\n\n`;
const obj = (body: string, storedAt = 1000, tags?: string[]) => cachedObject({ status: 200, headers: {}, storedAt, ttl: 60, initialAge: 0 }, Buffer.from(body), ['content-type', 'text/plain'], tags);

/** `n` workers and a directory of `maxBytes`; `pump()` delivers every queued message. */
function edge(n: number, maxBytes = 1 << 20) {
  const queue: (() => void)[] = [];
  const workers: ReplicaStore[] = [];
  const purged: number[] = [];
  const directory = new CacheDirectory({
    maxBytes,
    send: (m: CacheMessage, except?: number) => workers.forEach((w, i) => i + 1 !== except && queue.push(() => w.apply(m))),
  });
  const add = () => {
    const id = workers.length + 1;
    purged[id] = 0;
    const w = replicaStore({ maxBytes, writer: id, send: (m) => queue.push(() => directory.receive(id, m)), purged: () => purged[id]! });
    workers.push(w);
    return w;
  };
  for (let i = 0; i < n; i++) add();
  const pump = async () => {
    await Promise.resolve(); // the directory sends evictions from a microtask
    while (queue.length > 0) {
      queue.shift()!();
      await Promise.resolve();
    }
  };
  return { directory, workers, add, pump, purged };
}

describe('one cache per edge: replicas and the directory', () => {
  it('what one worker stores, every worker serves: one copy of the body, in shared memory', async () => {
    const { workers, pump, directory } = edge(3);
    workers[0]!.set(key('/a'), obj('hello'));
    await pump();
    const got = workers.map((w) => w.get(key('/a')));
    assert.deepEqual(got.map((o) => o?.body.toString()), ['hello', 'hello', 'hello']);
    assert.ok(got.every((o) => o!.body.buffer instanceof SharedArrayBuffer));
    assert.equal(new Set(got.map((o) => o!.body.buffer)).size, 1, 'the same bytes, not copies');
    assert.equal(directory.stats.entries, 1);
    assert.equal(got[1]!.hitHeaders.length, got[1]!.viewerHeaders.length + 6, 'a receiving worker builds its hit headers');
  });

  it('--cache-size bounds the whole edge: the directory evicts least recently hit objects from every worker, and counts them', async () => {
    const one = obj('x'.repeat(1000)).size;
    const { workers, pump, directory } = edge(2, one * 3);
    for (const p of ['/1', '/2', '/3']) {
      workers[0]!.set(key(p), obj('x'.repeat(1000)));
      await pump();
    }
    // /1 is hit on worker 2 (reported to the directory), so /2 is the least recently used.
    assert.ok(workers[1]!.get(key('/1')));
    workers[1]!.flushTouches();
    await pump();
    workers[1]!.set(key('/4'), obj('x'.repeat(1000)));
    await pump();
    for (const w of workers) assert.deepEqual(w.entries().map(([k]) => k.split('\n')[1]).sort(), ['/1', '/3', '/4']);
    assert.equal(directory.stats.evictions, 1);
    assert.ok(directory.stats.bytes <= one * 3);
    assert.equal(workers[0]!.stats.evictions, 1);
    assert.equal(workers[0]!.stats.bytes, directory.stats.bytes);
  });

  it('two workers store one key at once: every worker and the directory end with the newest', async () => {
    const { workers, pump, directory } = edge(3);
    workers[0]!.set(key('/k'), obj('new', 2000));
    workers[1]!.set(key('/k'), obj('old', 1000));
    await pump();
    assert.deepEqual(workers.map((w) => w.get(key('/k'))?.body.toString()), ['new', 'new', 'new']);
    const { entries } = directory.snapshot() as { entries: [string, { stamp: { at: number } }][] };
    assert.equal(entries[0]?.[1].stamp.at, 2000);
  });

  it('a delete reaches every worker; an older delete does not remove a newer copy', async () => {
    const { workers, pump, directory } = edge(2);
    workers[0]!.set(key('/d'), obj('v1', 1000));
    await pump();
    assert.equal(workers[1]!.delete(key('/d')), true);
    await pump();
    assert.equal(workers[0]!.get(key('/d')), undefined);
    assert.equal(directory.stats.entries, 0);
    // A newer copy stored meanwhile survives a delete of the older one.
    workers[0]!.set(key('/e'), obj('v1', 1000));
    await pump();
    workers[1]!.set(key('/e'), obj('v2', 3000));
    assert.equal(workers[0]!.delete(key('/e')), true); // its v1: crosses v2 on the way
    await pump();
    assert.equal(workers[1]!.get(key('/e'))?.body.toString(), 'v2');
    assert.equal(workers[0]!.get(key('/e'))?.body.toString(), 'v2');
  });

  it('an invalidation: a store that crossed it on the way is not passed on, one made after it is', async () => {
    const { workers, pump, directory, purged } = edge(2);
    workers[0]!.set(key('/p'), obj('before', 1000)); // worker 1 had not applied invalidation 1 yet
    directory.invalidate(1, HOST, ['/p']);
    await pump();
    assert.equal(workers[1]!.get(key('/p')), undefined, 'not passed on');
    assert.equal(directory.stats.entries, 0);
    purged[1] = 1;
    workers[0]!.invalidate(key('/p'));
    workers[0]!.set(key('/p'), obj('after', 2000));
    await pump();
    assert.equal(workers[1]!.get(key('/p'))?.body.toString(), 'after');
    assert.equal(directory.invalidate(2, HOST, ['/*']), 1);
  });

  it('a worker that starts later (a replacement) gets everything from a snapshot, least recent first', async () => {
    const { workers, pump, directory, add } = edge(1);
    workers[0]!.set(key('/s1'), obj('one'));
    workers[0]!.set(key('/s2'), obj('two', 1001, ['t']));
    await pump();
    const late = add();
    late.apply(directory.snapshot());
    assert.equal(late.get(key('/s1'))?.body.toString(), 'one');
    assert.deepEqual(late.get(key('/s2'))?.tags, ['t']);
    assert.deepEqual(late.entries().map(([k]) => k.split('\n')[1]), ['/s1', '/s2']);
  });

  it('an object larger than the whole cache is not stored anywhere', async () => {
    const { workers, pump, directory } = edge(2, 100);
    workers[0]!.set(key('/big'), obj('x'.repeat(500)));
    await pump();
    assert.equal(workers[0]!.get(key('/big')), undefined);
    assert.equal(directory.stats.entries, 0);
  });
});
