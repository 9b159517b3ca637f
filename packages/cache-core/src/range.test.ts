import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeFor } from './range.ts';

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
