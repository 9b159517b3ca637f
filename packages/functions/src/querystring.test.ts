// require('querystring') (JavaScript runtime features, Query string), checked against the
// developer guide's examples and against node:querystring.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import querystring from 'node:querystring';
import { serializeQueryString } from './querystring.ts';
import { evaluate } from './test-fixtures.ts';

describe('querystring module', () => {
  it("the guide's examples", async () => {
    const value = await evaluate(`var qs = require('querystring'); return [
      qs.parse('name=value&abc=xyz&abc=123'),
      qs.stringify({ name: 'value', abc: ['xyz', '123'], anotherName: '' }),
      qs.decode === qs.parse, qs.encode === qs.stringify,
    ];`);
    assert.deepEqual(value, [{ name: 'value', abc: ['xyz', '123'] }, 'name=value&abc=xyz&abc=123&anotherName=', true, true]);
  });

  const parseCases: [input: string, sep?: string, eq?: string][] = [
    ['a=1&b=2&a=3'],
    ['a+b=c+d&e=%20%41&f'],
    ['x=%E2%82%AC&y=%E2%82&z=%ZZ'], // invalid UTF-8 and a bad escape: U+FFFD and kept as is
    ['a:1;b:2', ';', ':'],
    ['&&a=1&=2&b'],
    ['k=v=w'],
  ];
  for (const [input, sep, eq] of parseCases) {
    it(`parse ${JSON.stringify(input)} like node:querystring`, async () => {
      const value = await evaluate(`return require('querystring').parse(${JSON.stringify(input)}, ${JSON.stringify(sep ?? null)}, ${JSON.stringify(eq ?? null)});`);
      assert.deepEqual(value, { ...querystring.parse(input, sep, eq) });
    });
  }

  it('parse options: maxKeys and decodeURIComponent', async () => {
    const value = await evaluate(`var qs = require('querystring'); return [
      qs.parse('a=1&b=2&c=3', null, null, { maxKeys: 2 }),
      Object.keys(qs.parse(new Array(1101).join('k=v&').replace(/k=v/g, function () { return 'k' + Math.random() + '=v'; }))).length,
      qs.parse('a=%41', null, null, { decodeURIComponent: function (s) { return s.toLowerCase(); } }),
    ];`);
    assert.deepEqual(value, [{ a: '1', b: '2' }, 1000, { a: '%41' }]);
  });

  const stringifyCases: unknown[] = [{ a: 'x y', b: ['1', 2, true], c: null, d: undefined, e: { nested: 1 }, 'k é': 'ü/?&=' }, { n: Number.NaN, i: Infinity, z: 0 }];
  for (const obj of stringifyCases) {
    it(`stringify ${JSON.stringify(obj)} like node:querystring`, async () => {
      const value = await evaluate(`return require('querystring').stringify(${JSON.stringify(obj)});`);
      assert.equal(value, querystring.stringify(JSON.parse(JSON.stringify(obj)) as querystring.ParsedUrlQueryInput));
    });
  }

  it('escape and unescape like node:querystring', async () => {
    const inputs = ["a b&c=d/é!'()*~", '%E2%82%AC %zz %', 'plain'];
    const value = await evaluate(`var qs = require('querystring'); var inputs = ${JSON.stringify(inputs)};
      return inputs.map(function (s) { return [qs.escape(s), qs.unescape(s)]; });`);
    assert.deepEqual(value, inputs.map((s) => [querystring.escape(s), querystring.unescape(s)]));
  });

  it('stringify with a separator, equals and encoder', async () => {
    const value = await evaluate(`return require('querystring').stringify({ a: 'b c', d: 'e' }, ';', ':', { encodeURIComponent: function (s) { return s.toUpperCase(); } });`);
    assert.equal(value, 'A:B C;D:E');
  });
});

describe('serializeQueryString (event querystring back to a query)', () => {
  it('writes names and values as they are, repeated for multiValue', () => {
    assert.equal(serializeQueryString({ a: { value: 'x%20y' }, b: { value: '1', multiValue: [{ value: '1' }, { value: '2' }] }, c: { value: '' } }), 'a=x%20y&b=1&b=2&c=');
    assert.equal(serializeQueryString({}), '');
  });
});
