import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSidecar } from './sidecar.ts';

test('a sidecar becomes response headers, user metadata as x-amz-meta-* in lower case', () => {
  assert.deepEqual(
    parseSidecar({
      contentType: 'text/html; charset=utf-8',
      cacheControl: ' max-age=60 ',
      contentDisposition: 'attachment; filename="a.html"',
      contentEncoding: 'gzip',
      contentLanguage: 'en',
      expires: 'Thu, 01 Dec 2033 16:00:00 GMT',
      metadata: { Owner: 'alice', 'build-id': '42' },
    }),
    {
      value: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'max-age=60',
        'content-disposition': 'attachment; filename="a.html"',
        'content-encoding': 'gzip',
        'content-language': 'en',
        expires: 'Thu, 01 Dec 2033 16:00:00 GMT',
        'x-amz-meta-owner': 'alice',
        'x-amz-meta-build-id': '42',
      },
    },
  );
  assert.deepEqual(parseSidecar({}), { value: {} });
});

test('every problem is reported with its path', () => {
  assert.deepEqual(parseSidecar([]), { issues: [{ path: '', message: 'must be a JSON object' }] });
  const result = parseSidecar({ contentType: 5, cachecontrol: 'x', cacheControl: 'a\nb', metadata: { 'a b': 'x', ok: 'é', fine: 'y' }, constructor: 'x' });
  assert.ok('issues' in result);
  assert.deepEqual(
    result.issues.map((i) => i.path),
    ['contentType', 'cachecontrol', 'cacheControl', 'metadata.a b', 'metadata.ok', 'constructor'],
  );
  assert.match(result.issues[1]!.message, /unknown field; expected one of contentType, cacheControl/);
  assert.deepEqual(parseSidecar({ metadata: 'x' }), { issues: [{ path: 'metadata', message: 'must be an object of name -> string' }] });
});
