import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorXml, escapeXml, S3Error } from './errors.ts';

const ids = { requestId: '4442587FB7D0A2F9', hostId: 'aG9zdA==' };

test('an error renders as S3 XML with its status, details in order, then the request ids', async () => {
  const err = new S3Error('NoSuchKey', { Key: 'a/b <c>.txt' });
  assert.equal(err.status, 404);
  const res = err.toResponse(ids, 'GET');
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('content-type'), 'application/xml');
  assert.equal(
    await res.text(),
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
      '<Key>a/b &lt;c&gt;.txt</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>aG9zdA==</HostId></Error>',
  );
});

test('status per code, custom messages and extra headers', async () => {
  const table: [S3Error, number][] = [
    [new S3Error('AccessDenied'), 403],
    [new S3Error('NoSuchBucket', { BucketName: 'b' }), 404],
    [new S3Error('MethodNotAllowed', { Method: 'PUT', ResourceType: 'OBJECT' }, undefined, { allow: 'GET, HEAD' }), 405],
    [new S3Error('InvalidRange', { RangeRequested: 'bytes=9-', ActualObjectSize: 3 }), 416],
    [new S3Error('AuthorizationHeaderMalformed'), 400],
    [new S3Error('SignatureDoesNotMatch'), 403],
    [new S3Error('RequestTimeTooSkewed'), 403],
    [new S3Error('InvalidAccessKeyId'), 403],
    [new S3Error('NotImplemented'), 501],
  ];
  for (const [err, status] of table) assert.equal(err.toResponse(ids, 'GET').status, status, err.code);
  const res = table[2]![0].toResponse(ids, 'GET');
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
  assert.match(await res.text(), /<Method>PUT<\/Method><ResourceType>OBJECT<\/ResourceType>/);
  assert.match(errorXml('AccessDenied', 'Request has expired', [], ids), /<Message>Request has expired<\/Message>/);
});

test('HEAD errors have no body, as from S3', async () => {
  const res = new S3Error('NoSuchKey').toResponse(ids, 'HEAD');
  assert.equal(res.status, 404);
  assert.equal(res.body, null);
  assert.equal(res.headers.get('content-type'), null);
});

test('escapeXml: markup escaped, characters XML cannot carry replaced', () => {
  assert.equal(escapeXml(`a&b<c>"d'`), 'a&amp;b&lt;c&gt;&quot;d&apos;');
  assert.equal(escapeXml('tab\tnl\ncr\r ok'), 'tab\tnl\ncr\r ok');
  assert.equal(escapeXml('nul\0 bell\x07 \ud800 x\uffff'), 'nul\ufffd bell\ufffd \ufffd x\ufffd');
  assert.equal(escapeXml('emoji 😀 €'), 'emoji 😀 €');
});
