import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { byteRanges, rangeFor } from './range.ts';

test('one byte range of a stored body (RFC 9110 §14.1.2)', () => {
  assert.deepEqual(rangeFor('bytes=0-1', 11), { start: 0, end: 1 });
  assert.deepEqual(rangeFor('bytes=1-', 11), { start: 1, end: 10 });
  assert.deepEqual(rangeFor('bytes=-1', 11), { start: 10, end: 10 });
  assert.deepEqual(rangeFor('bytes=-50', 11), { start: 0, end: 10 }, 'a suffix longer than the body is the whole body');
  assert.deepEqual(rangeFor('bytes=5-500', 11), { start: 5, end: 10 }, 'last-pos past the end is clamped');
  assert.deepEqual(rangeFor('BYTES = 2 - 3', 11), { start: 2, end: 3 });
});

test('unsatisfiable ranges answer 416; unusable ones are ignored (a 200)', () => {
  assert.equal(rangeFor('bytes=11-', 11), 'unsatisfiable');
  assert.equal(rangeFor('bytes=-0', 11), 'unsatisfiable');
  assert.equal(rangeFor('bytes=0-0', 0), 'unsatisfiable');
  for (const r of [undefined, 'bytes=3-1', 'bytes=-', 'items=0-1', 'bytes=0-1,3-4', 'bytes=a-b', 'bytes=0-1;x']) assert.equal(rangeFor(r, 11), undefined, String(r));
});

test('If-Range: the range only when the validator still matches (§13.1.5)', () => {
  const v = { etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 00:00:00 GMT' };
  assert.deepEqual(rangeFor('bytes=0-1', 11, { ...v, ifRange: '"v1"' }), { start: 0, end: 1 });
  assert.equal(rangeFor('bytes=0-1', 11, { ...v, ifRange: '"v2"' }), undefined);
  assert.deepEqual(rangeFor('bytes=0-1', 11, { ...v, ifRange: v.lastModified }), { start: 0, end: 1 });
  assert.equal(rangeFor('bytes=0-1', 11, { ...v, ifRange: 'Wed, 02 Dec 2026 00:00:00 GMT' }), undefined);
  assert.equal(rangeFor('bytes=0-1', 11, { etag: 'W/"v1"', ifRange: 'W/"v1"' }), undefined, 'a weak ETag never matches If-Range');
});

describe('byteRanges (several ranges, RFC 9110 §14.1.2)', () => {
  const size = 100;
  const table: [string, ReturnType<typeof byteRanges>][] = [
    ['bytes=0-9', [{ start: 0, end: 9 }]],
    ['bytes=0-4, 90-', [{ start: 0, end: 4 }, { start: 90, end: 99 }]],
    ['bytes=-5,0-0', [{ start: 0, end: 0 }, { start: 95, end: 99 }]],
    ['bytes=0-9,5-14,15-20', [{ start: 0, end: 20 }]],
    ['bytes=200-300', 'unsatisfiable'],
    ['bytes=200-300, 0-1', [{ start: 0, end: 1 }]],
    ['bytes=5-2', undefined],
    ['bytes=0-1,x', undefined],
    ['items=0-1', undefined],
    ['bytes=', undefined],
    [`bytes=${'0-1,'.repeat(300)}`, undefined],
  ];
  for (const [range, want] of table) it(range.slice(0, 40), () => assert.deepEqual(byteRanges(range, size), want));
  it('more than 50 ranges after merging: the whole representation; 50 are served', () => {
    const ranges = (n: number) => `bytes=${Array.from({ length: n }, (_, i) => `${i * 2}-${i * 2}`).join(',')}`;
    assert.equal(byteRanges(ranges(51), 1000), undefined);
    assert.equal((byteRanges(ranges(50), 1000) as unknown[]).length, 50);
  });
  it('If-Range that does not match: the whole representation', () => {
    assert.equal(byteRanges('bytes=0-1', size, { ifRange: '"a"', etag: '"b"' }), undefined);
    assert.deepEqual(byteRanges('bytes=0-1', size, { ifRange: '"a"', etag: '"a"' }), [{ start: 0, end: 1 }]);
  });
});
