import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LimitBreaker } from './breaker.ts';

describe('LimitBreaker', () => {
  const setup = () => {
    let t = 0;
    const b = new LimitBreaker({ threshold: 3, windowMs: 10_000, cooldownMs: 1_000, maxCooldownMs: 4_000, now: () => t });
    return { b, at: (ms: number) => void (t = ms) };
  };

  it('opens after threshold limit hits within the window; hits outside it do not count', () => {
    const { b, at } = setup();
    for (const ms of [0, 5_000, 11_000]) {
      at(ms);
      assert.ok(b.allow());
      b.record(true);
    }
    assert.ok(!b.isOpen, 'the hit at 0 is out of the window at 11,000');
    at(12_000);
    b.record(true);
    assert.ok(b.isOpen);
    assert.ok(!b.allow());
  });

  it('after the cooldown one trial: a limit hit reopens for twice as long (capped), a clean run closes it', () => {
    const { b, at } = setup();
    for (let i = 0; i < 3; i++) b.record(true);
    at(999);
    assert.ok(!b.allow());
    at(1_000);
    assert.ok(b.allow(), 'the trial');
    b.record(true);
    at(2_999);
    assert.ok(!b.allow(), 'reopened for 2,000 ms');
    at(3_000);
    assert.ok(b.allow());
    b.record(true);
    at(6_999);
    assert.ok(!b.allow(), 'then 4,000 ms (the cap)');
    at(7_000);
    assert.ok(b.allow());
    b.record(true);
    at(10_999);
    assert.ok(!b.allow(), 'still capped at 4,000 ms');
    at(11_000);
    assert.ok(b.allow());
    b.record(false);
    assert.ok(!b.isOpen);
    for (let i = 0; i < 2; i++) b.record(true);
    assert.ok(!b.isOpen, 'closed: the threshold counts again from zero');
    b.record(true);
    at(11_999);
    assert.ok(!b.allow(), 'and the cooldown is back to 1,000 ms');
    at(12_000);
    assert.ok(b.allow());
  });
});
