import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileCacheKey } from '@cachefront/cache-core';
import { resolveCachePolicy, type CachefrontConfig } from '@cachefront/config';
import { parentRefillGuard } from './parent-refill.ts';
import { cachedObject } from './store.ts';
import { replicaStore } from './replica.ts';

/** One worker's store, alone (no other worker, no directory). */
const memoryStore = (maxBytes: number) => replicaStore({ maxBytes, writer: 1, send: () => undefined, purged: () => 0 });

const empty: CachefrontConfig = { distributions: [], cachePolicies: [], originRequestPolicies: [], responseHeadersPolicies: [], originAccessControls: [], publicKeys: [], keyGroups: [], trustedProxies: [], functions: [], lambdaFunctions: [], keyValueStores: [], realtimeLogConfigs: [] };
const keyOf = compileCacheKey(resolveCachePolicy(empty, 'Managed-CachingOptimized')!);
const A = 'ea.cachefront.local';
const key = (path: string) => keyOf(A, { method: 'GET', path, query: '', headers: {}, httpVersion: '1.1' }).key;
/** An object stored at `storedAt` (ms) whose parent said Age: `age` (s). */
const fromParent = (storedAt: number, age: number) => cachedObject({ status: 200, headers: { 'x-cachefront-tier': 'shield-hit', age: String(age) }, storedAt, ttl: 600, initialAge: age }, Buffer.from('x'), []);
const fromOrigin = (storedAt: number) => cachedObject({ status: 200, headers: {}, storedAt, ttl: 600, initialAge: 0 }, Buffer.from('x'), []);

describe('parentRefillGuard', () => {
  it('after an invalidation, a copy the parent held from before it is not stored', () => {
    let now = 100_000;
    const g = parentRefillGuard(memoryStore(1 << 20), () => now);
    g.invalidated(A, ['/a*']);
    now += 2000;
    g.store.set(key('/a'), fromParent(now, 30)); // at the parent for 30 s: from before
    assert.equal(g.store.get(key('/a')), undefined);
    g.store.set(key('/a'), fromParent(now, 0)); // the parent fetched it again after purging
    assert.ok(g.store.get(key('/a')));
  });
  it('other paths, origin responses, and invalidations past the window are not affected', () => {
    let now = 100_000;
    const g = parentRefillGuard(memoryStore(1 << 20), () => now, { keepMs: 60_000 });
    g.invalidated(A, ['/a']);
    g.store.set(key('/b'), fromParent(now, 30));
    g.store.set(key('/x'), fromOrigin(now));
    assert.ok(g.store.get(key('/b')));
    assert.ok(g.store.get(key('/x')));
    now += 61_000;
    g.store.set(key('/a'), fromParent(now, 120));
    assert.ok(g.store.get(key('/a')), 'an invalidation older than the window no longer blocks');
  });
});
