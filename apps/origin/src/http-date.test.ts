import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatHttpDate, parseHttpDate } from './http-date.ts';

const NOV_6_1994 = Date.UTC(1994, 10, 6, 8, 49, 37);

// RFC 9110 §5.6.7's own examples, plus malformed ones.
const cases: [string, number | undefined][] = [
  ['Sun, 06 Nov 1994 08:49:37 GMT', NOV_6_1994], // IMF-fixdate
  ['Sunday, 06-Nov-94 08:49:37 GMT', NOV_6_1994], // obsolete RFC 850
  ['Sun Nov  6 08:49:37 1994', NOV_6_1994], // obsolete asctime
  ['  Sun, 06 Nov 1994 08:49:37 GMT ', NOV_6_1994],
  ['Sun, 06 Nov 1994 08:49:37 UTC', undefined],
  ['Sun, 31 Feb 1994 08:49:37 GMT', undefined],
  ['Sun, 06 Nov 1994 24:49:37 GMT', undefined],
  ['1994-11-06T08:49:37Z', undefined],
  ['yesterday', undefined],
  ['', undefined],
];

for (const [input, expected] of cases) {
  test(`parseHttpDate(${JSON.stringify(input)})`, () => {
    assert.equal(parseHttpDate(input, Date.UTC(2025, 0, 1)), expected);
  });
}

test('RFC 850 two-digit years more than 50 years ahead are in the past century', () => {
  const now = Date.UTC(2025, 0, 1);
  assert.equal(new Date(parseHttpDate('Friday, 01-Jan-99 00:00:00 GMT', now) ?? 0).getUTCFullYear(), 1999);
  assert.equal(new Date(parseHttpDate('Thursday, 01-Jan-30 00:00:00 GMT', now) ?? 0).getUTCFullYear(), 2030);
});

test('formatHttpDate produces IMF-fixdate and round-trips', () => {
  assert.equal(formatHttpDate(NOV_6_1994), 'Sun, 06 Nov 1994 08:49:37 GMT');
  assert.equal(parseHttpDate(formatHttpDate(NOV_6_1994)), NOV_6_1994);
});
