import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectRange, type RangeVerdict } from './range.ts';

test('Range against a 10-byte object (RFC 9110 §14.1.2 examples, S3 one-range rule)', () => {
  const full: RangeVerdict = { kind: 'full' };
  const none: RangeVerdict = { kind: 'unsatisfiable' };
  const part = (start: number, end: number): RangeVerdict => ({ kind: 'partial', start, end });
  const cases: [string | undefined, number, RangeVerdict][] = [
    [undefined, 10, full],
    ['bytes=0-9', 10, part(0, 9)],
    ['bytes=0-0', 10, part(0, 0)],
    ['bytes=2-5', 10, part(2, 5)],
    ['bytes=5-', 10, part(5, 9)],
    ['bytes=5-100', 10, part(5, 9)],
    ['bytes=-3', 10, part(7, 9)],
    ['bytes=-100', 10, part(0, 9)],
    ['Bytes = 1 - 2', 10, part(1, 2)],
    ['bytes=9-9', 10, part(9, 9)],
    ['bytes=10-', 10, none],
    ['bytes=10-20', 10, none],
    ['bytes=-0', 10, none],
    ['bytes=0-', 0, none],
    ['bytes=-1', 0, none],
    // Not one valid byte range: the whole object.
    ['bytes=5-2', 10, full],
    ['bytes=0-1,4-5', 10, full],
    ['bytes=-', 10, full],
    ['items=0-1', 10, full],
    ['bytes=a-b', 10, full],
    ['', 10, full],
  ];
  for (const [header, size, expected] of cases) assert.deepEqual(selectRange(header, size), expected, `${header} / ${size}`);
});
