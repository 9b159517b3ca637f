import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileCacheKey } from './cache-key.ts';
import { policy, req } from './test-fixtures.ts';
import type { ViewerRequest } from './request.ts';

const HOST = 'd111111abcdef8.cachefront.local';
type Case = { name: string; policy: Parameters<typeof policy>[0]; a: ViewerRequest; b: ViewerRequest; same: boolean };

const cases: Case[] = [
  { name: 'no query strings in key: query ignored', policy: {}, a: req('/a?x=1'), b: req('/a?x=2'), same: true },
  { name: 'path always in key', policy: {}, a: req('/a'), b: req('/b'), same: false },
  { name: 'path is case-sensitive', policy: {}, a: req('/a'), b: req('/A'), same: false },
  {
    name: 'whitelist: named query string in key',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } } },
    a: req('/a?v=1&utm=x'),
    b: req('/a?v=2&utm=x'),
    same: false,
  },
  {
    name: 'whitelist: other query strings not in key',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } } },
    a: req('/a?v=1&utm=x'),
    b: req('/a?utm=y&v=1'),
    same: true,
  },
  {
    name: 'allExcept: excluded names ignored, others kept',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'allExcept', queryStrings: ['utm'] } } },
    a: req('/a?v=1&utm=x'),
    b: req('/a?v=1&utm=y'),
    same: true,
  },
  {
    name: 'allExcept: non-excluded names in key',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'allExcept', queryStrings: ['utm'] } } },
    a: req('/a?v=1'),
    b: req('/a?v=2'),
    same: false,
  },
  {
    name: 'all: order matters (CloudFront does not sort query strings)',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'all', queryStrings: [] } } },
    a: req('/a?x=1&y=2'),
    b: req('/a?y=2&x=1'),
    same: false,
  },
  {
    name: 'query string names and values are case-sensitive',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } } },
    a: req('/a?V=1'),
    b: req('/a?V=2'),
    same: true,
  },
  {
    name: 'header whitelist: value in key',
    policy: { params: { headersConfig: { headerBehavior: 'whitelist', headers: ['accept-language'] } } },
    a: req('/a', { 'accept-language': 'en' }),
    b: req('/a', { 'accept-language': 'fr' }),
    same: false,
  },
  {
    name: 'header whitelist: other headers ignored',
    policy: { params: { headersConfig: { headerBehavior: 'whitelist', headers: ['accept-language'] } } },
    a: req('/a', { 'accept-language': 'en', 'user-agent': 'x' }),
    b: req('/a', { 'accept-language': 'en', 'user-agent': 'y' }),
    same: true,
  },
  {
    name: 'header absent differs from header present',
    policy: { params: { headersConfig: { headerBehavior: 'whitelist', headers: ['x-v'] } } },
    a: req('/a'),
    b: req('/a', { 'x-v': '' }),
    same: false,
  },
  {
    name: 'cookie whitelist: cookies sorted by name',
    policy: { params: { cookiesConfig: { cookieBehavior: 'whitelist', cookies: ['a', 'b'] } } },
    a: req('/p', { cookie: 'b=2; a=1' }),
    b: req('/p', { cookie: 'a=1; zz=9; b=2' }),
    same: true,
  },
  {
    name: 'cookie whitelist: value in key',
    policy: { params: { cookiesConfig: { cookieBehavior: 'whitelist', cookies: ['session'] } } },
    a: req('/p', { cookie: 'session=1' }),
    b: req('/p', { cookie: 'session=2' }),
    same: false,
  },
  {
    name: 'cookies none: cookies ignored',
    policy: {},
    a: req('/p', { cookie: 'session=1' }),
    b: req('/p', { cookie: 'session=2' }),
    same: true,
  },
  {
    name: 'cookie allExcept',
    policy: { params: { cookiesConfig: { cookieBehavior: 'allExcept', cookies: ['tracking'] } } },
    a: req('/p', { cookie: 'tracking=1; theme=dark' }),
    b: req('/p', { cookie: 'theme=dark; tracking=2' }),
    same: true,
  },
  {
    name: 'cookie all',
    policy: { params: { cookiesConfig: { cookieBehavior: 'all', cookies: [] } } },
    a: req('/p', { cookie: 'tracking=1' }),
    b: req('/p', { cookie: 'tracking=2' }),
    same: false,
  },
  {
    name: 'gzip+br enabled: variants normalize to br,gzip',
    policy: { params: { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true } },
    a: req('/p', { 'accept-encoding': 'gzip, deflate, br' }),
    b: req('/p', { 'accept-encoding': 'br;q=0.9, gzip' }),
    same: true,
  },
  {
    name: 'gzip only vs br+gzip differ',
    policy: { params: { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true } },
    a: req('/p', { 'accept-encoding': 'gzip' }),
    b: req('/p', { 'accept-encoding': 'gzip, br' }),
    same: false,
  },
  {
    name: 'encodings not enabled: Accept-Encoding ignored',
    policy: {},
    a: req('/p', { 'accept-encoding': 'gzip' }),
    b: req('/p'),
    same: true,
  },
  {
    name: 'OPTIONS and GET do not share an entry',
    policy: {},
    a: req('/p', {}, 'OPTIONS'),
    b: req('/p'),
    same: false,
  },
  { name: 'HEAD and GET share an entry', policy: {}, a: req('/p', {}, 'HEAD'), b: req('/p'), same: true },
  {
    name: 'no ambiguity between path and query parts',
    policy: { params: { queryStringsConfig: { queryStringBehavior: 'all', queryStrings: [] } } },
    a: req('/a?b'),
    b: req('/a%3Fb'),
    same: false,
  },
];

describe('cache keys', () => {
  for (const c of cases) {
    it(c.name, () => {
      const fn = compileCacheKey(policy(c.policy));
      const ka = fn(HOST, c.a).key;
      const kb = fn(HOST, c.b).key;
      if (c.same) assert.equal(ka, kb);
      else assert.notEqual(ka, kb);
    });
  }

  it('includes the distribution host', () => {
    const fn = compileCacheKey(policy());
    assert.notEqual(fn('a.example', req('/x')).key, fn('b.example', req('/x')).key);
  });
});

describe('Accept-Encoding normalization (Cache compressed objects)', () => {
  const table: [gzip: boolean, br: boolean, header: string | undefined, key: string | undefined, forward: string | undefined][] = [
    [true, true, 'gzip, deflate, br', 'br,gzip', 'br,gzip'],
    [true, true, 'gzip', 'gzip', 'gzip'],
    [true, true, 'br', 'br', 'br'],
    [true, true, 'deflate', undefined, 'identity'],
    [true, true, undefined, undefined, undefined],
    [true, false, 'gzip, br', 'gzip', 'gzip'],
    [false, true, 'gzip, br', 'br', 'br'],
    [true, false, 'br', undefined, 'identity'],
    [true, true, 'gzip;q=0, br', 'br', 'br'],
    [true, true, 'GZIP', 'gzip', 'gzip'],
    [true, true, 'x-gzip', 'gzip', 'gzip'],
  ];
  for (const [gzip, br, header, key, forward] of table) {
    it(`gzip=${gzip} br=${br} "${header}" -> key ${key}, origin ${forward}`, () => {
      const fn = compileCacheKey(policy({ params: { enableAcceptEncodingGzip: gzip, enableAcceptEncodingBrotli: br } }));
      const r = fn(HOST, req('/p', header === undefined ? {} : { 'accept-encoding': header }));
      assert.equal(r.encoding.key, key);
      assert.equal(r.encoding.forward, forward);
    });
  }
  it('HTTP/1.0 requests drop Accept-Encoding', () => {
    const fn = compileCacheKey(policy({ params: { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true } }));
    const r = fn(HOST, { ...req('/p', { 'accept-encoding': 'gzip' }), httpVersion: '1.0' });
    assert.equal(r.encoding.key, undefined);
    assert.equal(r.encoding.forward, undefined);
  });
});
