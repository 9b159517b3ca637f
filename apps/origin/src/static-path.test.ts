import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveStaticPath } from './static-path.ts';

const root = '/srv/site';
const cases: [string, string | undefined][] = [
  ['/', '/srv/site'],
  ['/index.html', '/srv/site/index.html'],
  ['/a/b.css', '/srv/site/a/b.css'],
  ['/a/', '/srv/site/a'],
  ['//a', '/srv/site/a'],
  ['/with%20space.txt', '/srv/site/with space.txt'],
  ['/../etc/passwd', undefined],
  ['/a/../../etc/passwd', undefined],
  ['/a/./b', undefined],
  ['/..%2fetc%2fpasswd', undefined],
  ['/..%2Fetc/passwd', undefined],
  ['/%2e%2e/etc/passwd', undefined],
  ['/a%2f..%2f..%2fetc', undefined],
  ['/..%5cetc', undefined],
  ['/a%00.txt', undefined],
  ['/%zz', undefined],
  ['relative', undefined],
];

for (const [urlPath, expected] of cases) {
  test(`resolveStaticPath(${JSON.stringify(urlPath)})`, () => {
    assert.equal(resolveStaticPath(root, urlPath), expected);
  });
}
