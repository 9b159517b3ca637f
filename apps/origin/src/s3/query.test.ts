import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery, queryValue } from './query.ts';

test('query pairs: percent-decoded, + kept, order and repeats kept, broken escapes as sent', () => {
  assert.deepEqual(parseQuery('max-keys=2&prefix=J'), [['max-keys', '2'], ['prefix', 'J']]);
  assert.deepEqual(parseQuery('lifecycle'), [['lifecycle', '']]);
  assert.deepEqual(parseQuery('a=1+2&a=%2F&&b='), [['a', '1+2'], ['a', '/'], ['b', '']]);
  assert.deepEqual(parseQuery('k=%zz'), [['k', '%zz']]);
  assert.deepEqual(parseQuery(''), []);
  assert.equal(queryValue(parseQuery('a=1&a=2'), 'a'), '1');
  assert.equal(queryValue(parseQuery('a=1'), 'b'), undefined);
});
