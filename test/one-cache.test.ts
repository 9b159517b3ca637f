// Issue 17: an edge is one cache whatever its worker count (docs/edge-rules.md "One cache per edge"):
// sequential requests on new connections land on any worker (the kernel spreads them,
// SO_REUSEPORT) and fetch each object from the origin once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, get, loopbackOrigin, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'one.localhost';

describe('one cache per edge', () => {
  let origin: Origin;
  let edge: Edge;
  before(async () => {
    process.env.CACHEFRONT_TEST_HOOKS = '1'; // the edge inherits it: POST /debug/crash
    origin = await startOrigin();
    edge = await startEdge(
      `distributions:
  - id: EONE000000001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
`,
      ['--cache-size', '1MB'],
      HOST,
      4,
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('4 workers, 30 URLs x 4 requests on new connections: 30 origin requests, every repeat a Hit, and every worker served some', async () => {
    await origin.reset();
    const repeats: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const path = `/bytes/${200 + i}?cc=max-age%3D3600&run=${Date.now()}`;
      assert.equal((await edge.fetch(path, { headers: { connection: 'close' } })).headers['x-cache'], 'Miss from cachefront');
      for (let r = 0; r < 3; r++) {
        const x = String((await edge.fetch(path, { headers: { connection: 'close' } })).headers['x-cache']);
        repeats[x] = (repeats[x] ?? 0) + 1;
      }
    }
    assert.deepEqual(repeats, { 'Hit from cachefront': 90 });
    assert.equal((await origin.stats()).total, 30);
    const stats = JSON.parse((await get(`${edge.adminUrl}/stats`)).text) as { cache: { entries: number; maxBytes: number }; workers: { originBytes: number; cache: { entries: number } }[] };
    assert.equal(stats.cache.entries, 30, 'the edge holds each object once');
    assert.equal(stats.cache.maxBytes, 1_000_000, '--cache-size bounds the whole edge');
    assert.equal(stats.workers.length, 4);
    assert.ok(stats.workers.every((w) => w.cache.entries === 30), 'every worker can serve every object');
    assert.ok(stats.workers.filter((w) => w.originBytes > 0).length >= 2, 'misses landed on more than one worker');
  });

  it('--cache-size bounds the edge: a full cache evicts (counted once, for the edge) and stays within its size', async () => {
    for (let i = 0; i < 40; i++) await edge.fetch(`/bytes/40000/fill-${i}?cc=max-age%3D3600`, { headers: { connection: 'close' } });
    const stats = JSON.parse((await get(`${edge.adminUrl}/stats`)).text) as { cache: { bytes: number; maxBytes: number; evictions: number } };
    assert.ok(stats.cache.evictions > 0, JSON.stringify(stats.cache));
    assert.ok(stats.cache.bytes <= stats.cache.maxBytes, JSON.stringify(stats.cache));
    const metrics = (await get(`${edge.adminUrl}/metrics`)).text;
    assert.match(metrics, new RegExp(`cachefront_edge_cache_evictions_total\\{pop="[^"]+"\\} ${stats.cache.evictions}\\b`));
  });

  it('a worker that dies does not take the cache with it: its replacement serves every object as a Hit', async () => {
    const threads = async () => (JSON.parse((await get(`${edge.adminUrl}/stats`)).text) as { workers: { thread: number; cache: { entries: number } }[] }).workers;
    const paths = Array.from({ length: 10 }, (_, i) => `/bytes/${300 + i}/dies?cc=max-age%3D3600`);
    for (const p of paths) await edge.fetch(p, { headers: { connection: 'close' } });
    await origin.reset();
    const before = (await threads()).map((w) => w.thread);
    const crash = await get(`${edge.adminUrl}/debug/crash`, { method: 'POST' });
    assert.equal(crash.status, 200, 'the edge runs with CACHEFRONT_TEST_HOOKS=1');
    const after = await eventually(async () => {
      const now = await threads();
      return now.length === 4 && now.some((w) => !before.includes(w.thread)) ? now : undefined;
    }, 'a replacement worker');
    const replacement = after.find((w) => !before.includes(w.thread))!.thread;
    const edgeEntries = (JSON.parse((await get(`${edge.adminUrl}/stats`)).text) as { cache: { entries: number } }).cache.entries;
    // The snapshot comes on the worker's cache port, its stats on the other one: poll.
    await eventually(async () => (await threads()).find((w) => w.thread === replacement)?.cache.entries === edgeEntries, 'the replacement holds the whole cache');
    // New connections spread over all four workers, the replacement included.
    for (let r = 0; r < 4; r++) for (const p of paths) assert.equal((await edge.fetch(p, { headers: { connection: 'close' } })).headers['x-cache'], 'Hit from cachefront', p);
    assert.equal((await origin.stats()).total, 0, 'nothing fetched again');
  });
});
