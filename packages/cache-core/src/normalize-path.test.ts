import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePath, originResolutions, removeDotSegments } from './normalize-path.ts';

describe('normalizePath (RFC 3986 §6.2.2, as CloudFront matches behaviors)', () => {
  const cases: [string, string | undefined][] = [
    ['/a/b/c', '/a/b/c'],
    ['/public/../private/x', '/private/x'],
    ['/a/./b', '/a/b'],
    ['/a/b/..', '/a/'],
    ['/a/b/.', '/a/b/'],
    ['/../../x', '/x'],
    ['/..', '/'],
    ['/a/%2e%2e/b', '/b'],
    ['/a/%2E%2E/%2e/b', '/b'],
    ['/a/.%2E/b', '/b'],
    ['/a/..b/c', '/a/..b/c'],
    ['/a/b..', '/a/b..'],
    ['/%7Euser/x', '/~user/x'],
    // Encoded slashes and backslashes are separators to the most normalizing origins.
    ['/a%2Fb/../c', '/a/c'],
    ['/private/free/..%2freport.html', '/private/report.html'],
    ['/private/free/..%5Creport.html', '/private/report.html'],
    ['/a\\b', '/a/b'],
    ['/caf%c3%a9', '/caf%C3%A9'],
    ['/a//b', '/a/b'],
    ['/a///b//', '/a/b/'],
    ['/a/%2F/b', '/a/b'],
    // An empty segment with a dot segment: origins disagree (merge slashes first or not).
    ['/a//../b', undefined],
    ['/.//private/x', undefined],
    ['/public/..//private/x', undefined],
    ['/x/..%2F/private/y', undefined],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${want ?? 'refused'}`, () => assert.equal(normalizePath(input), want));
  }
  it('leaves a plain path as the same string (no work on the hit path)', () => {
    const p = '/images/logo.png';
    assert.equal(normalizePath(p), p);
  });
  it('removeDotSegments keeps a trailing slash from a final dot segment', () => {
    assert.equal(removeDotSegments('/a/b/./'), '/a/b/');
  });
});

describe('originResolutions (the test oracle: how origins may resolve a raw path)', () => {
  const cases: [string, string[]][] = [
    ['/a/b', ['/a/b', '/a/b', '/a/b']],
    ['/a//../b', ['/a/b', '/b', '/a/b']],
    ['/x/..%2Fprivate/y', ['/private/y', '/private/y', '/private/y']],
    ['/%70rivate\\x', ['/private/x', '/private/x', '/private/x']],
  ];
  for (const [input, want] of cases) it(input, () => assert.deepEqual(originResolutions(input), want));
});
