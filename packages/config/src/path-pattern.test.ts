import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDistribution } from './index.ts';
import { pathPatternProblem } from './path-pattern.ts';
import { issuesOf, problemTable, rawDistribution, valueOf } from './test-fixtures.ts';

// "All distribution settings reference" > "Path pattern": the doc's own examples first.
const table: [string, string | undefined][] = [
  ['*.jpg', undefined],
  ['images/*.jpg', undefined],
  ['/images/*.jpg', undefined],
  ['a*.jpg', undefined],
  ['a??.jpg', undefined],
  ['*.doc*', undefined],
  ['/api/*', undefined],
  ['/A-Z_a-z.0-9/~$"\'@:+&/*', undefined],
  ['', 'must not be empty'],
  ['/images/[0-9].jpg', "characters '[', ']' are not allowed"],
  ['/images/[a', "character '[' is not allowed"],
  ['/a b', 'character space is not allowed'],
  ['/a%20b', "character '%' is not allowed"],
  ['/a#b', "character '#' is not allowed"],
  ['/a\\b', "character '\\' is not allowed"],
  ['/a,b;c', "characters ',', ';' are not allowed"],
  ['/caf\u00e9', "character '\u00e9' is not allowed"],
  ['/tab\there', 'character U+0009 is not allowed'],
  [`/${'a'.repeat(254)}`, undefined],
  [`/${'a'.repeat(255)}`, 'must be at most 255 characters (got 256)'],
];

describe('pathPatternProblem', () => {
  problemTable(pathPatternProblem, table);
});

describe('path patterns in a distribution', () => {
  const withPattern = (pathPattern: unknown) =>
    parseDistribution(rawDistribution({ cacheBehaviors: [{ pathPattern, targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' }] }));

  it("rejects '[' with the path of the pattern", () => {
    assert.deepStrictEqual(issuesOf(withPattern('/images/[a')), [
      { path: 'cacheBehaviors[0].pathPattern', message: "character '[' is not allowed" },
    ]);
  });

  it("accepts '/images/*.jpg' and keeps it as written", () => {
    assert.equal(valueOf(withPattern('/images/*.jpg')).cacheBehaviors[0]?.pathPattern, '/images/*.jpg');
  });

  it('requires a pattern on every cache behavior', () => {
    assert.deepStrictEqual(issuesOf(withPattern(undefined)), [{ path: 'cacheBehaviors[0].pathPattern', message: 'is required' }]);
  });
});
