import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeKey, keyFile } from './key-path.ts';

test('keys map to files below the bucket directory only', () => {
  const root = '/srv/bucket';
  const cases: [string, string | undefined][] = [
    ['a.txt', '/srv/bucket/a.txt'],
    ['dir/sub/a b.txt', '/srv/bucket/dir/sub/a b.txt'],
    ['..a/b..', '/srv/bucket/..a/b..'],
    ['.hidden', '/srv/bucket/.hidden'],
    ['', undefined],
    ['..', undefined],
    ['../secret', undefined],
    ['a/../../secret', undefined],
    ['a/./b', undefined],
    ['/a', undefined],
    ['a//b', undefined],
    ['dir/', undefined],
    ['a\\..\\b', undefined],
    ['a\0b', undefined],
    ['a.txt.s3meta.json', undefined],
  ];
  for (const [key, file] of cases) assert.equal(keyFile(root, key), file, JSON.stringify(key));
});

test('keys are percent-decoded once; broken escapes are refused', () => {
  assert.equal(decodeKey('a%20b%2Fc+d'), 'a b/c+d');
  assert.equal(decodeKey('%2e%2e%2fsecret'), '../secret'); // then refused by keyFile
  assert.equal(keyFile('/srv/b', decodeKey('%2e%2e%2fsecret') ?? ''), undefined);
  assert.equal(decodeKey('%E2%82%AC'), '€');
  assert.equal(decodeKey('%zz'), undefined);
  assert.equal(decodeKey('%C0%AF'), undefined); // overlong UTF-8 for '/'
});
