import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesResource } from './wildcard.ts';

describe('custom policy Resource wildcards', () => {
  const table: [pattern: string, url: string, expected: boolean][] = [
    // The guide's example: http://d111111abcdef8.cloudfront.net/*game_download.zip*
    ['http://d111111abcdef8.cloudfront.net/*game_download.zip*', 'http://d111111abcdef8.cloudfront.net/game_download.zip', true],
    ['http://d111111abcdef8.cloudfront.net/*game_download.zip*', 'http://d111111abcdef8.cloudfront.net/example_game_download.zip?license=yes', true],
    ['http://d111111abcdef8.cloudfront.net/*game_download.zip*', 'http://d111111abcdef8.cloudfront.net/test_game_download.zip?license=temp', true],
    ['http://d111111abcdef8.cloudfront.net/*game_download.zip*', 'http://d111111abcdef8.cloudfront.net/game_download.rar', false],
    ['http://d111111abcdef8.cloudfront.net/training/*', 'http://d111111abcdef8.cloudfront.net/training/orientation.pdf', true],
    ['http://d111111abcdef8.cloudfront.net/training/*', 'http://d111111abcdef8.cloudfront.net/other/orientation.pdf', false],
    ['http://*', 'http://d111111abcdef8.cloudfront.net/training/orientation.pdf', true],
    ['http://*', 'https://d111111abcdef8.cloudfront.net/training/orientation.pdf', false],
    ['http*://d111111abcdef8.cloudfront.net/*', 'https://d111111abcdef8.cloudfront.net/a', true],
    ['*', 'https://anything/at/all?x=1', true],
    ['https://h/a.jpg', 'https://h/a.jpg', true],
    ['https://h/a.jpg', 'https://h/a.jpg?x=1', false], // no wildcard: the query must match too
    ['https://h/a.jpg', 'https://h/A.jpg', false], // case-sensitive
    ['https://h/?.jpg', 'https://h/a.jpg', true],
    ['https://h/?.jpg', 'https://h/ab.jpg', false],
    ['https://h/?.jpg', 'https://h/.jpg', false],
    ['https://h/a*b*c', 'https://h/abc', true],
    ['https://h/a*ab*b', 'https://h/aab', false], // prefix and suffix may not overlap
    ['https://h/a*?*c', 'https://h/ac', false],
    ['https://h/a*?*c', 'https://h/axc', true],
    ['https://h/*.jpg?size=*', 'https://h/x/y.jpg?size=large', true],
  ];
  for (const [pattern, url, expected] of table) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${url}`, () => {
      assert.equal(matchesResource(pattern, url), expected);
    });
  }

  it('stays fast on a hostile pattern against a 32 KB URL', () => {
    const url = `https://h/${'a'.repeat(32 * 1024)}`;
    const pattern = `https://h/${'*a'.repeat(2000)}*b`;
    const start = performance.now();
    assert.equal(matchesResource(pattern, url), false);
    assert.equal(matchesResource(`https://h/*${'a?'.repeat(500)}b*`, url), false);
    // A backtracking matcher takes minutes here; the bound is loose so a busy machine passes.
    assert.ok(performance.now() - start < 5000);
  });
});
