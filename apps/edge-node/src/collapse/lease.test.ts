import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseTable } from './lease.ts';

describe('LeaseTable', () => {
  it('one leader per key while in flight; followers get its port; the next miss after a release leads', () => {
    const t = new LeaseTable();
    assert.deepEqual(t.acquire('k', 1, 1001), { leader: true, port: 1001 });
    assert.deepEqual(t.acquire('k', 2, 1002), { leader: false, port: 1001 });
    t.release('k', 2); // not the leader: no effect
    assert.deepEqual(t.acquire('k', 3, 1003), { leader: false, port: 1001 });
    t.release('k', 1);
    assert.deepEqual(t.acquire('k', 2, 1002), { leader: true, port: 1002 });
  });

  it("a dead worker's leads are released", () => {
    const t = new LeaseTable();
    t.acquire('a', 1, 1001);
    t.acquire('b', 2, 1002);
    t.releaseAll(1);
    assert.equal(t.acquire('a', 3, 1003).leader, true);
    assert.deepEqual(t.acquire('b', 3, 1003), { leader: false, port: 1002 });
  });
});
