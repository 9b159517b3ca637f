import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SIGNING_QUERY_PARAMS, splitSignedUrl, stripSigningParams } from './query.ts';

describe('stripSigningParams', () => {
  const table: [query: string, expected: string][] = [
    ['', ''],
    ['?', ''],
    ['color=red&size=medium', 'color=red&size=medium'],
    ['color=red&size=medium&Policy=eyJ&Signature=abc&Key-Pair-Id=K2JCJMDEHXQW5F', 'color=red&size=medium'],
    ['Expires=1&Signature=x&Key-Pair-Id=K&Hash-Algorithm=SHA256', ''],
    ['?a=1&Expires=1', 'a=1'],
    ['Expires=1&b=%2F%20+&a=1', 'b=%2F%20+&a=1'], // kept byte for byte, in order
    ['z=1&Signature=x&a=2', 'z=1&a=2'], // not sorted
    ['expires=1&SIGNATURE=2', 'expires=1&SIGNATURE=2'], // names are case-sensitive
    ['Signature', ''], // a bare name is still the parameter
    ['Key-Pair-Id-2=x&Policyx=y', 'Key-Pair-Id-2=x&Policyx=y'],
    ['a=1&&b=2', 'a=1&&b=2'],
    ['a=Expires=1', 'a=Expires=1'],
  ];
  for (const [query, expected] of table) {
    it(`${JSON.stringify(query)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(stripSigningParams(query), expected);
    });
  }

  it('lists the five signing parameters', () => {
    assert.deepEqual([...SIGNING_QUERY_PARAMS], ['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);
    assert.throws(() => (SIGNING_QUERY_PARAMS as string[]).push('x'));
  });
});

describe('splitSignedUrl', () => {
  it('separates the resource from the signing parameters', () => {
    const s = splitSignedUrl('https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium&Expires=1767290400&Signature=nitf~-_&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256');
    assert.equal(s.resource, 'https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium');
    assert.deepEqual(s.params, { Expires: '1767290400', Signature: 'nitf~-_', 'Key-Pair-Id': 'K2JCJMDEHXQW5F', 'Hash-Algorithm': 'SHA256' });
    assert.equal(s.signed, true);
  });

  it('drops the ? when no query is left', () => {
    assert.equal(splitSignedUrl('https://h/a.jpg?Expires=1&Signature=x&Key-Pair-Id=K').resource, 'https://h/a.jpg');
    assert.equal(splitSignedUrl('https://h/a.jpg?').resource, 'https://h/a.jpg');
  });

  it('keeps the first of repeated parameters and strips them all', () => {
    const s = splitSignedUrl('https://h/a?Signature=one&x=1&Signature=two');
    assert.equal(s.params.Signature, 'one');
    assert.equal(s.resource, 'https://h/a?x=1');
  });

  it('reports unsigned URLs', () => {
    const s = splitSignedUrl('https://h/a?x=1');
    assert.equal(s.signed, false);
    assert.equal(s.resource, 'https://h/a?x=1');
  });
});
