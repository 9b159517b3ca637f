import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cacheKeyTarget, compileCacheKey } from './cache-key.ts';
import { compileInvalidation, parseCacheTags } from './invalidation.ts';
import { policy, req } from './test-fixtures.ts';

const HOST = 'e123.cachefront.local';
const allQueries = policy({ params: { queryStringsConfig: { queryStringBehavior: 'all', queryStrings: [] } } });
const noQueries = policy({});
const target = (key: string, tags?: string[]) => ({ ...cacheKeyTarget(key), tags });

describe('cacheKeyTarget', () => {
  it('recovers host, path and the key query from every kind of key', () => {
    const withHeaders = policy({
      params: {
        queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] },
        headersConfig: { headerBehavior: 'whitelist', headers: ['x-a'] },
        cookiesConfig: { cookieBehavior: 'all', cookies: [] },
      },
    });
    const k = compileCacheKey(withHeaders)(HOST, req('/img/a.jpg?utm=1&v=2', { 'x-a': '1', cookie: 'c=1', 'accept-encoding': 'gzip' })).key;
    assert.deepEqual(cacheKeyTarget(k), { host: HOST, path: '/img/a.jpg', query: 'v=2' });
    const plain = compileCacheKey(noQueries)(HOST, req('/x?y=1')).key;
    assert.deepEqual(cacheKeyTarget(plain), { host: HOST, path: '/x', query: '' });
    const options = compileCacheKey(noQueries)(HOST, { ...req('/o'), method: 'OPTIONS' }).key;
    assert.deepEqual(cacheKeyTarget(options), { host: HOST, path: '/o', query: '' });
  });
});

describe('compileInvalidation', () => {
  const keyAll = (url: string) => compileCacheKey(allQueries)(HOST, req(url)).key;
  const keyNone = (url: string) => compileCacheKey(noQueries)(HOST, req(url)).key;

  it('an exact path drops that object, every variant of it, and nothing else', () => {
    const m = compileInvalidation(['/images/a.jpg']);
    const variants = ['gzip', 'br', 'identity'].map((ae) => compileCacheKey(noQueries)(HOST, req('/images/a.jpg', { 'accept-encoding': ae })).key);
    for (const k of variants) assert.equal(m(target(k)), true);
    assert.equal(m(target(keyNone('/images/a.jpg?anything=1'))), true, 'query not in key: same object');
    assert.equal(m(target(keyNone('/images/A.jpg'))), false, 'case-sensitive');
    assert.equal(m(target(keyNone('/images/a.jpg2'))), false);
    assert.equal(m(target(keyNone('/images/'))), false);
  });

  it('with query strings in the key, the path must name the query string (or end in *)', () => {
    assert.equal(compileInvalidation(['/a.jpg'])(target(keyAll('/a.jpg?v=1'))), false);
    assert.equal(compileInvalidation(['/a.jpg'])(target(keyAll('/a.jpg'))), true);
    assert.equal(compileInvalidation(['/a.jpg?v=1'])(target(keyAll('/a.jpg?v=1'))), true);
    assert.equal(compileInvalidation(['/a.jpg?v=1'])(target(keyAll('/a.jpg?v=2'))), false);
    const star = compileInvalidation(['/a.jpg*']);
    for (const u of ['/a.jpg', '/a.jpg?v=1', '/a.jpg?v=2', '/a.jpg.bak']) assert.equal(star(target(keyAll(u))), true, u);
    assert.equal(star(target(keyAll('/b.jpg?v=1'))), false);
  });

  it('a trailing * is a prefix; /* drops everything', () => {
    const dir = compileInvalidation(['/images/*']);
    assert.equal(dir(target(keyNone('/images/a/b.png'))), true);
    assert.equal(dir(target(keyNone('/images'))), false);
    assert.equal(dir(target(keyNone('/imagesx/a'))), false);
    const all = compileInvalidation(['/*']);
    for (const u of ['/', '/a', '/deep/er?q=1']) assert.equal(all(target(keyAll(u))), true);
  });

  it('#tag drops objects carrying the tag, exactly', () => {
    const m = compileInvalidation(['#product-42']);
    assert.equal(m(target(keyNone('/p'), ['home', 'product-42'])), true);
    assert.equal(m(target(keyNone('/p'), ['product-420'])), false);
    assert.equal(m(target(keyNone('/p'))), false);
    assert.equal(m(target(keyNone('/p'), ['Product-42'])), false);
  });

  it('several paths: any of them', () => {
    const m = compileInvalidation(['/x', '/y/*', '#t']);
    assert.equal(m(target(keyNone('/x'))), true);
    assert.equal(m(target(keyNone('/y/z'))), true);
    assert.equal(m(target(keyNone('/q'), ['t'])), true);
    assert.equal(m(target(keyNone('/q'), ['u'])), false);
  });
});

describe('parseCacheTags', () => {
  it('splits on commas, trims, drops empties, joins repeated headers', () => {
    assert.deepEqual(parseCacheTags(' a, b ,,c '), ['a', 'b', 'c']);
    assert.deepEqual(parseCacheTags(['a', 'b, c']), ['a', 'b', 'c']);
    assert.equal(parseCacheTags(' , '), undefined);
    assert.equal(parseCacheTags(undefined), undefined);
  });
});
