import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileCacheKey } from '@cachefront/cache-core';
import { resolveCachePolicy, type CachefrontConfig } from '@cachefront/config';
import { InFlight } from './inflight.ts';
import { purge } from './purge.ts';
import { cachedObject } from './store.ts';
import { replicaStore } from './replica.ts';

/** One worker's store, alone (no other worker, no directory). */
const memoryStore = (maxBytes: number) => replicaStore({ maxBytes, writer: 1, send: () => undefined, purged: () => 0 });

const empty: CachefrontConfig = { distributions: [], cachePolicies: [], originRequestPolicies: [], responseHeadersPolicies: [], originAccessControls: [], publicKeys: [], keyGroups: [], trustedProxies: [], functions: [], lambdaFunctions: [], keyValueStores: [], realtimeLogConfigs: [] };
const keyOf = compileCacheKey(resolveCachePolicy(empty, 'Managed-CachingOptimized')!);
const A = 'ea.cachefront.local';
const B = 'eb.cachefront.local';
const key = (host: string, path: string, ae = 'gzip') => keyOf(host, { method: 'GET', path, query: '', headers: { 'accept-encoding': ae }, httpVersion: '1.1' }).key;
const obj = (tags?: string[]) => cachedObject({ status: 200, headers: {}, storedAt: 0, ttl: 60, initialAge: 0 }, Buffer.from('x'), [], tags);

describe('purge', () => {
  it('drops the matching objects of that distribution only, every encoding variant', () => {
    const store = memoryStore(1 << 20);
    for (const k of [key(A, '/a'), key(A, '/a', 'br'), key(A, '/b'), key(B, '/a')]) store.set(k, obj());
    assert.equal(purge(store, new Map(), A, ['/a']), 2);
    assert.equal(store.get(key(A, '/a')), undefined);
    assert.equal(store.get(key(A, '/a', 'br')), undefined);
    assert.ok(store.get(key(A, '/b')));
    assert.ok(store.get(key(B, '/a')), 'another distribution is untouched');
  });

  it('tags: objects carrying the tag go', () => {
    const store = memoryStore(1 << 20);
    store.set(key(A, '/p1'), obj(['product', 'p1']));
    store.set(key(A, '/p2'), obj(['product', 'p2']));
    store.set(key(A, '/home'), obj(['home']));
    assert.equal(purge(store, new Map(), A, ['#product']), 2);
    assert.ok(store.get(key(A, '/home')));
  });

  it('a matching fetch in flight is marked (not stored later) and unhooked so new requests refetch', () => {
    const inflight = new Map<string, InFlight>();
    const match = new InFlight(1024);
    const other = new InFlight(1024);
    inflight.set(key(A, '/a'), match);
    inflight.set(key(A, '/z'), other);
    purge(memoryStore(1024), inflight, A, ['/a']);
    assert.equal(match.invalidated, true);
    assert.equal(other.invalidated, false);
    assert.deepEqual([...inflight.keys()], [key(A, '/z')]);
  });

  it('a tag invalidation also catches fetches whose origin has not answered yet', () => {
    const inflight = new Map<string, InFlight>();
    const pending = new InFlight(1024);
    const answered = new InFlight(1024);
    answered.setHead({ status: 200, viewerHeaders: [], originHeaders: {}, shareable: true, ttl: 1, initialAge: 0, storedAt: 0 });
    answered.tags = ['other'];
    inflight.set(key(A, '/pending'), pending);
    inflight.set(key(A, '/answered'), answered);
    purge(memoryStore(1024), inflight, A, ['#t']);
    assert.equal(pending.invalidated, true);
    assert.equal(answered.invalidated, false);
  });
});
