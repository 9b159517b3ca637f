import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseTable } from './lease.ts';

describe('LeaseTable', () => {
  it('one leader per key while in flight; followers get its port', () => {
    const t = new LeaseTable();
    assert.deepEqual(t.acquire('k', 1, 1001), { leader: true, port: 1001 });
    assert.deepEqual(t.acquire('k', 2, 1002), { leader: false, port: 1001 });
    t.release('k', 1, Date.now() + 60_000);
    assert.deepEqual(t.acquire('k', 2, 1002), { leader: true, port: 1002 }, 'a POP edge keeps no copies: the next miss leads');
  });

  describe('parent tiers share fresh copies between workers', () => {
    let now = 1_000_000;
    const table = () => new LeaseTable({ shareCopies: true, now: () => now });

    it('a miss on another worker is sent to the fresh copy', () => {
      const t = table();
      t.acquire('k', 1, 1001);
      t.release('k', 1, now + 10_000);
      assert.deepEqual(t.acquire('k', 2, 1002), { leader: false, port: 1001 });
      assert.deepEqual(t.acquire('k', 3, 1003), { leader: false, port: 1001 });
    });
    it('an expired copy is forgotten: the next miss leads', () => {
      const t = table();
      t.acquire('k', 1, 1001);
      t.release('k', 1, now + 10_000);
      now += 10_001;
      assert.deepEqual(t.acquire('k', 2, 1002), { leader: true, port: 1002 });
    });
    it('the holder missing on its own copy (evicted, purged) leads a new fetch', () => {
      const t = table();
      t.acquire('k', 1, 1001);
      t.release('k', 1, now + 10_000);
      assert.deepEqual(t.acquire('k', 1, 1001), { leader: true, port: 1001 });
    });
    it('a fetch that stored nothing leaves no copy', () => {
      const t = table();
      t.acquire('k', 1, 1001);
      t.release('k', 1, undefined);
      assert.deepEqual(t.acquire('k', 2, 1002), { leader: true, port: 1002 });
    });
    it("a dead worker's copies and an invalidated distribution's copies are forgotten", () => {
      const t = table();
      for (const [k, w] of [['ea\n/a', 1], ['ea\n/b', 2], ['eb\n/a', 2]] as const) {
        t.acquire(k, w, 1000 + w);
        t.release(k, w, now + 10_000);
      }
      t.releaseAll(1);
      assert.equal(t.acquire('ea\n/a', 3, 1003).leader, true);
      t.forget('ea\n');
      assert.equal(t.acquire('ea\n/b', 3, 1003).leader, true);
      assert.deepEqual(t.acquire('eb\n/a', 3, 1003), { leader: false, port: 1002 });
    });
  });
});
