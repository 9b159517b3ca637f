import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCacheSegment, type CachingHeaders } from './cache-directives.ts';
import { OriginError } from './errors.ts';

const cases: [string, CachingHeaders | 'error'][] = [
  ['max-age=60', { cacheControl: 'max-age=60' }],
  ['s-maxage=30,max-age=5', { cacheControl: 's-maxage=30, max-age=5' }],
  ['no-store', { cacheControl: 'no-store' }],
  ['no-cache', { cacheControl: 'no-cache' }],
  ['private', { cacheControl: 'private' }],
  ['stale-while-revalidate=30,max-age=1', { cacheControl: 'stale-while-revalidate=30, max-age=1' }],
  ['public,%20max-age=10', { cacheControl: 'public, max-age=10' }],
  ['no-cache=%22set-cookie%22', { cacheControl: 'no-cache="set-cookie"' }],
  ['none', {}],
  ['expires=120', { expiresIn: 120 }],
  ['expires=0', { expiresIn: 0 }],
  ['expires=-60', { expiresIn: -60 }],
  ['expires=120,public', { cacheControl: 'public', expiresIn: 120 }],
  ['expires=soon', 'error'],
  ['max-age=60;x', 'error'],
  ['bad%20directive', 'error'],
  ['%zz', 'error'],
  ['', 'error'],
];

for (const [segment, expected] of cases) {
  test(`parseCacheSegment(${JSON.stringify(segment)})`, () => {
    if (expected === 'error') {
      assert.throws(() => parseCacheSegment(segment), (err: unknown) => err instanceof OriginError && err.status === 400);
    } else {
      assert.deepEqual(parseCacheSegment(segment), expected);
    }
  });
}
