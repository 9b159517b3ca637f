import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCache } from './cache.ts';

describe('BoundedCache', () => {
  it('evicts the oldest entry past capacity (insertion order)', () => {
    const c = new BoundedCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a hit does not reorder
    c.set('c', 3);
    assert.equal(c.size, 2);
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b'), 2);
    assert.equal(c.get('c'), 3);
  });

  it('replaces an existing key without growing or reordering', () => {
    const c = new BoundedCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 9);
    assert.equal(c.size, 2);
    assert.equal(c.get('a'), 9);
    c.set('c', 3); // a is still the oldest
    assert.equal(c.get('a'), undefined);
    assert.equal(c.get('b'), 2);
  });

  it('stores nothing with capacity 0', () => {
    const c = new BoundedCache<number>(0);
    c.set('a', 1);
    assert.equal(c.size, 0);
    assert.equal(c.get('a'), undefined);
  });

  it('stays bounded, keeping the newest entries', () => {
    const c = new BoundedCache<number>(100);
    for (let i = 0; i < 10_000; i++) c.set(String(i), i);
    assert.equal(c.size, 100);
    assert.equal(c.get('9999'), 9999);
    assert.equal(c.get('9899'), undefined);
    assert.equal(c.get('9900'), 9900);
  });

  it('when full, each insert evicts exactly the oldest entry, across many wrap-arounds', () => {
    // (Its speed — no scan over evicted holes — is measured by src/bench.ts, not asserted here.)
    const c = new BoundedCache<number>(1000);
    for (let i = 0; i < 25_000; i++) {
      c.set(`k-${i}`, i);
      if (i >= 1000) assert.equal(c.get(`k-${i - 1000}`), undefined);
    }
    assert.equal(c.size, 1000);
    assert.equal(c.get('k-24000'), 24000);
  });

  it('clear() empties it', () => {
    const c = new BoundedCache<number>(3);
    c.set('a', 1);
    c.clear();
    assert.equal(c.get('a'), undefined);
    assert.equal(c.size, 0);
  });
});
