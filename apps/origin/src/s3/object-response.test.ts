import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S3Error } from './errors.ts';
import { decideObjectResponse, type ObjectFacts, type ObjectRequest } from './object-response.ts';

const ETAG = '"5d41402abc4b2a76b9719d911017c592"';
const MTIME = Date.UTC(2024, 0, 15, 10, 30, 0, 250);
const LM = 'Mon, 15 Jan 2024 10:30:00 GMT';
const BEFORE = 'Mon, 15 Jan 2024 10:29:59 GMT';
const obj: ObjectFacts = { size: 10, lastModified: MTIME, etag: ETAG, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-amz-meta-owner': 'alice', 'cache-control': 'max-age=60' } };
const req = (headers: Record<string, string> = {}, extra: Partial<ObjectRequest> = {}): ObjectRequest => ({ method: 'GET', headers, query: [], authenticated: false, ...extra });

test('a plain GET: S3 headers, metadata, the whole length', () => {
  assert.deepEqual(decideObjectResponse(req(), obj), {
    status: 200,
    headers: {
      'last-modified': LM,
      etag: ETAG,
      'accept-ranges': 'bytes',
      'content-type': 'text/plain; charset=utf-8',
      'x-amz-meta-owner': 'alice',
      'cache-control': 'max-age=60',
      'content-length': '10',
    },
  });
});

test('conditional requests in S3 order (GetObject docs and RFC 9110 §13.2.2)', () => {
  const outcome = (headers: Record<string, string>, method = 'GET') => {
    try {
      return decideObjectResponse(req(headers, { method }), obj).status;
    } catch (err) {
      assert.ok(err instanceof S3Error);
      return `${err.status} ${Object.fromEntries(err.details).Condition}`;
    }
  };
  const cases: [Record<string, string>, number | string][] = [
    [{ 'if-none-match': ETAG }, 304],
    [{ 'if-none-match': '"other"' }, 200],
    [{ 'if-none-match': '*' }, 304],
    [{ 'if-modified-since': LM }, 304],
    [{ 'if-modified-since': BEFORE }, 200],
    [{ 'if-match': ETAG }, 200],
    [{ 'if-match': '"other"' }, '412 If-Match'],
    [{ 'if-unmodified-since': LM }, 200],
    [{ 'if-unmodified-since': BEFORE }, '412 If-Unmodified-Since'],
    // S3: If-Match true and If-Unmodified-Since false -> 200.
    [{ 'if-match': ETAG, 'if-unmodified-since': BEFORE }, 200],
    // S3: If-None-Match false and If-Modified-Since true -> 304.
    [{ 'if-none-match': ETAG, 'if-modified-since': BEFORE }, 304],
    // If-None-Match true wins over an If-Modified-Since that would give 304.
    [{ 'if-none-match': '"other"', 'if-modified-since': LM }, 200],
    // A failed If-Match beats a matching If-None-Match.
    [{ 'if-match': '"other"', 'if-none-match': ETAG }, '412 If-Match'],
    [{ 'if-unmodified-since': BEFORE, 'if-none-match': ETAG }, '412 If-Unmodified-Since'],
    // Preconditions before Range.
    [{ 'if-none-match': ETAG, range: 'bytes=50-' }, 304],
    [{ 'if-modified-since': 'not a date' }, 200],
  ];
  for (const [headers, expected] of cases) assert.equal(outcome(headers), expected, JSON.stringify(headers));
  assert.equal(outcome({ 'if-none-match': ETAG }, 'HEAD'), 304);
});

test('304 carries the validators and caching fields only', () => {
  assert.deepEqual(decideObjectResponse(req({ 'if-none-match': ETAG }), obj), {
    status: 304,
    headers: { etag: ETAG, 'last-modified': LM, 'cache-control': 'max-age=60' },
  });
});

test('one range: 206 with Content-Range; unsatisfiable: InvalidRange 416 with bytes */size', () => {
  const partial = decideObjectResponse(req({ range: 'bytes=2-5' }), obj);
  assert.equal(partial.status, 206);
  assert.ok(partial.status === 206);
  assert.deepEqual([partial.start, partial.end, partial.headers['content-range'], partial.headers['content-length']], [2, 5, 'bytes 2-5/10', '4']);
  assert.equal(decideObjectResponse(req({ range: 'bytes=0-1,3-4' }), obj).status, 200);
  assert.throws(
    () => decideObjectResponse(req({ range: 'bytes=10-' }), obj),
    (err: unknown) =>
      err instanceof S3Error && err.status === 416 && err.code === 'InvalidRange' && err.headers['content-range'] === 'bytes */10' && Object.fromEntries(err.details).ActualObjectSize === '10',
  );
});

test('response-* overrides: signed requests only', () => {
  const query: [string, string][] = [['response-content-type', 'application/x-test'], ['response-cache-control', 'no-store'], ['x-id', 'GetObject']];
  const signed = decideObjectResponse(req({}, { query, authenticated: true }), obj);
  assert.equal(signed.headers['content-type'], 'application/x-test');
  assert.equal(signed.headers['cache-control'], 'no-store');
  assert.throws(() => decideObjectResponse(req({}, { query }), obj), (err: unknown) => err instanceof S3Error && err.code === 'InvalidRequest');
  assert.throws(
    () => decideObjectResponse(req({}, { query: [['response-content-type', 'a\nb']], authenticated: true }), obj),
    (err: unknown) => err instanceof S3Error && err.code === 'InvalidArgument',
  );
});
