import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compilePathPattern, type StepCounter } from './path-pattern.ts';

// Examples from "Path pattern" in the CloudFront Developer Guide, plus edge cases.
const table: [pattern: string, path: string, expected: boolean][] = [
  ['/images/*.jpg', '/images/a.jpg', true],
  ['/images/*.jpg', '/images/sub/dir/a.jpg', true], // * crosses '/'
  ['/images/*.jpg', '/images/a.JPG', false], // case-sensitive
  ['/images/*.jpg', '/images/a.jpg.png', false],
  ['images/*.jpg', '/images/a.jpg', true], // leading '/' optional
  ['/images/*', '/images/', true],
  ['/images/*', '/images', false],
  ['/images*', '/images', true],
  ['*.jpg', '/a/b/c.jpg', true],
  ['*.jpg', '/a/b/c.jpeg', false],
  ['/*.jpg', '/c.jpg', true],
  ['/a/*/b', '/a//b', true],
  ['/a/*/b', '/a/b', false],
  ['/images/?.jpg', '/images/a.jpg', true],
  ['/images/?.jpg', '/images/ab.jpg', false],
  ['/images/?.jpg', '/images/.jpg', false],
  ['/a?c', '/a/c', true], // ? matches '/' too
  ['/exact.html', '/exact.html', true],
  ['/exact.html', '/exact.htm', false],
  ['/exact.html', '/exact.html/', false],
  ['*', '/anything/at/all', true],
  ['*', '/', true],
  ['/api/*', '/api/v1/users', true],
  ['/api/*', '/apiv1', false],
  ['/*/*/*', '/a/b/c', true],
  ['/*/*/*', '/a/b', false],
  ['/a*b*c', '/abc', true],
  ['/a*b*c', '/aXbYc', true],
  ['/a*b*c', '/acb', false],
  ['/a*ab*b', '/aab', false], // first and last segments may not overlap
  ['/a*ab*b', '/aabb', true],
  ['/*ba*', '/aaba', true],
  ['/$special~', '/$special~', true],
];

describe('path patterns (CloudFront semantics)', () => {
  for (const [pattern, path, expected] of table) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compilePathPattern(pattern).match(path), expected);
    });
  }

  it('does linear work on a hostile pattern (many *) against an 8 KB path', () => {
    // Worst case for backtracking engines: many stars, near-misses everywhere.
    // 40 stars between 'a's, then a 'c' that never comes: a backtracking matcher tries
    // every way to split the a's between the stars before giving up.
    const pattern = '/' + '*a'.repeat(40) + '*c*b';
    const stepsFor = (len: number) => {
      const counter: StepCounter = { steps: 0 };
      const m = compilePathPattern(pattern, counter);
      assert.equal(m.match('/' + 'a'.repeat(len) + 'b'), false);
      return counter.steps;
    };
    const s4k = stepsFor(4096);
    const s8k = stepsFor(8192);
    // Bounded by (path + 1) * (longest segment + 1) comparisons, and doubling the
    // path at most doubles the work (plus a constant): linear, not polynomial.
    assert.ok(s8k <= (8193 + 1) * 3, `steps ${s8k}`);
    assert.ok(s8k <= 2 * s4k + 100, `4k: ${s4k}, 8k: ${s8k}`);
  });

  it('does linear work when the literal part nearly matches everywhere', () => {
    const pattern = '/*' + 'a'.repeat(20) + 'b*';
    const counter: StepCounter = { steps: 0 };
    const m = compilePathPattern(pattern, counter);
    assert.equal(m.match('/' + 'a'.repeat(8192)), false);
    assert.ok(counter.steps <= 8193 * 22, `steps ${counter.steps}`);
  });
});
