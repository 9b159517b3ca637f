import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePath, removeDotSegments } from './normalize-path.ts';

describe('normalizePath (RFC 3986 §6.2.2, as CloudFront matches behaviors)', () => {
  const cases: [string, string][] = [
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
    ['/a%2Fb/../c', '/c'],
    ['/caf%c3%a9', '/caf%C3%A9'],
    ['/a//../b', '/a/b'],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${want}`, () => assert.equal(normalizePath(input), want));
  }
  it('leaves a plain path as the same string (no work on the hit path)', () => {
    const p = '/images/logo.png';
    assert.equal(normalizePath(p), p);
  });
  it('removeDotSegments keeps a trailing slash from a final dot segment', () => {
    assert.equal(removeDotSegments('/a/b/./'), '/a/b/');
  });
});
