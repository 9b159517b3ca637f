import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canServeIfError, canServeWhileRevalidating, isServerError, staleFor } from './stale.ts';
import type { EntryMeta } from './freshness.ts';

const T0 = 1_000_000;
const meta = (cc: string | undefined, ttl = 60, status = 200): EntryMeta => ({ status, headers: cc === undefined ? {} : { 'cache-control': cc }, storedAt: T0, ttl, initialAge: 0 });
const at = (seconds: number) => T0 + seconds * 1000;
const defaults = { minTTL: 0, maxTTL: 31536000 };
const disabled = { minTTL: 0, maxTTL: 0 };

describe('stale content (RFC 5861, CloudFront)', () => {
  it('staleFor counts seconds past expiry', () => {
    assert.equal(staleFor(meta(undefined), at(30)), 0);
    assert.equal(staleFor(meta(undefined), at(75)), 15);
  });

  const swr: [string, string | undefined, number, boolean][] = [
    ['within stale-while-revalidate', 'max-age=60, stale-while-revalidate=30', 80, true],
    ['at its edge', 'max-age=60, stale-while-revalidate=30', 90, true],
    ['past it', 'max-age=60, stale-while-revalidate=30', 91, false],
    ['no directive', 'max-age=60', 61, false],
    ['invalid value', 'max-age=60, stale-while-revalidate=soon', 61, false],
  ];
  for (const [name, cc, t, want] of swr) it(`while revalidating: ${name}`, () => assert.equal(canServeWhileRevalidating(meta(cc), at(t)), want));

  const sie: [string, string | undefined, number, { minTTL: number; maxTTL: number }, number, boolean][] = [
    ['within stale-if-error', 'max-age=60, stale-if-error=100', 150, defaults, 200, true],
    ['past stale-if-error', 'max-age=60, stale-if-error=100', 161, defaults, 200, false],
    ['stale-if-error=0 opts out of the CloudFront rule', 'max-age=60, stale-if-error=0', 61, defaults, 200, false],
    ['no directive, maxTTL > 0: served (CloudFront)', 'max-age=60', 100_000, defaults, 200, true],
    ['no directive, minTTL > 0: served', undefined, 100_000, { minTTL: 10, maxTTL: 0 }, 200, true],
    ['no directive, all TTLs 0: not served', 'max-age=60', 61, disabled, 200, false],
    ['a cached error never stands in for an error', undefined, 61, defaults, 404, false],
    // RFC 9111 §4.2.4: the CloudFront default never overrides these directives...
    ['must-revalidate: not served', 'max-age=60, must-revalidate', 61, defaults, 200, false],
    ['proxy-revalidate: not served', 'max-age=60, proxy-revalidate', 61, defaults, 200, false],
    ['s-maxage (implies proxy-revalidate): not served', 'max-age=60, s-maxage=60', 61, defaults, 200, false],
    ['no-cache (stored under minTTL): not served', 'no-cache', 61, { minTTL: 60, maxTTL: 600 }, 200, false],
    // ...but the origin's explicit stale-if-error is its own permission.
    ['s-maxage with stale-if-error: served within it', 's-maxage=60, stale-if-error=100', 150, defaults, 200, true],
  ];
  for (const [name, cc, t, policy, status, want] of sie) {
    it(`if error: ${name}`, () => assert.equal(canServeIfError(meta(cc, 60, status), at(t), policy), want));
  }

  it('5xx that count as errors', () => {
    assert.deepEqual([500, 501, 502, 503, 504, 404].map(isServerError), [true, false, true, true, true, false]);
  });
});
