import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseSigV4Claim } from './auth-claim.ts';
import { S3Error } from './errors.ts';
import { parseQuery } from './query.ts';
import { EMPTY_SHA256, MAX_SKEW_MS, UNSIGNED_PAYLOAD, verifySigV4, type ReceivedRequest } from './sigv4.ts';

// The examples of the S3 API Reference, "Signature Calculations for the Authorization Header"
// and "Authenticating Requests: Using Query Parameters": one key, one date, known signatures.
const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const secrets = new Map([[AKID, SECRET]]);
const NOW = Date.UTC(2013, 4, 24);
const HOST = 'examplebucket.s3.amazonaws.com';
const CRED = `${AKID}/20130524/us-east-1/s3/aws4_request`;

function received(method: string, target: string, headers: Record<string, string>): ReceivedRequest {
  const q = target.indexOf('?');
  return {
    method,
    path: q === -1 ? target : target.slice(0, q),
    query: parseQuery(q === -1 ? '' : target.slice(q + 1)),
    headers: Object.fromEntries(Object.entries({ host: HOST, ...headers }).map(([k, v]) => [k.toLowerCase(), v])),
    bodySha256: EMPTY_SHA256,
  };
}

function verify(req: ReceivedRequest, now = NOW, keys: ReadonlyMap<string, string> = secrets): Promise<string> {
  const claim = parseSigV4Claim(req.headers, req.query);
  assert.ok(claim, 'a signed request');
  return verifySigV4(req, claim, keys, now);
}

const docAuth = (signedHeaders: string, signature: string) => `AWS4-HMAC-SHA256 Credential=${CRED},SignedHeaders=${signedHeaders},Signature=${signature}`;
const DOC_GET_OBJECT = received('GET', '/test.txt', {
  Range: 'bytes=0-9',
  'x-amz-content-sha256': EMPTY_SHA256,
  'x-amz-date': '20130524T000000Z',
  Authorization: docAuth('host;range;x-amz-content-sha256;x-amz-date', 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'),
});

test('the S3 documentation examples verify', async () => {
  const examples: [string, ReceivedRequest][] = [
    ['GET Object', DOC_GET_OBJECT],
    [
      'GET Bucket lifecycle',
      received('GET', '/?lifecycle', {
        'x-amz-date': '20130524T000000Z',
        'x-amz-content-sha256': EMPTY_SHA256,
        Authorization: docAuth('host;x-amz-content-sha256;x-amz-date', 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543'),
      }),
    ],
    [
      'GET Bucket (list objects)',
      received('GET', '/?max-keys=2&prefix=J', {
        'x-amz-date': '20130524T000000Z',
        'x-amz-content-sha256': EMPTY_SHA256,
        Authorization: docAuth('host;x-amz-content-sha256;x-amz-date', '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7'),
      }),
    ],
    [
      'presigned URL',
      received(
        'GET',
        '/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
          '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
        {},
      ),
    ],
  ];
  for (const [name, req] of examples) assert.equal(await verify(req), AKID, name);
});

/** Asserts the promise rejects with this S3 error code; returns the error. */
async function rejectsWith(promise: Promise<unknown>, code: string, name = code): Promise<S3Error> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof S3Error, `${name}: ${String(err)}`);
    assert.equal(err.code, code, `${name}: ${err.message}`);
    return err;
  }
  assert.fail(`${name}: verified, expected ${code}`);
}

test('a tampered signature: SignatureDoesNotMatch with the canonical request and string to sign S3 would show', async () => {
  const tampered = { ...DOC_GET_OBJECT, headers: { ...DOC_GET_OBJECT.headers, authorization: DOC_GET_OBJECT.headers.authorization!.replace(/f0e8/, 'f0e9') } };
  const err = await rejectsWith(verify(tampered), 'SignatureDoesNotMatch');
  const details = Object.fromEntries(err.details);
  assert.equal(details.AWSAccessKeyId, AKID);
  assert.equal(details.SignatureProvided, 'f0e9bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  // Both exactly as the documentation prints them.
  assert.equal(
    details.CanonicalRequest,
    `GET\n/test.txt\n\nhost:${HOST}\nrange:bytes=0-9\nx-amz-content-sha256:${EMPTY_SHA256}\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n${EMPTY_SHA256}`,
  );
  assert.equal(details.StringToSign, 'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
});

test('any change to what was signed breaks the signature', async () => {
  const changed: [string, ReceivedRequest][] = [
    ['path', { ...DOC_GET_OBJECT, path: '/test.txu' }],
    ['signed header value', { ...DOC_GET_OBJECT, headers: { ...DOC_GET_OBJECT.headers, range: 'bytes=0-10' } }],
    ['host', { ...DOC_GET_OBJECT, headers: { ...DOC_GET_OBJECT.headers, host: 'other.s3.amazonaws.com' } }],
    ['query added', { ...DOC_GET_OBJECT, query: parseQuery('versionId=1') }],
    ['method', { ...DOC_GET_OBJECT, method: 'HEAD' }],
    ['wrong secret', DOC_GET_OBJECT],
  ];
  for (const [name, req] of changed) {
    const keys = name === 'wrong secret' ? new Map([[AKID, `${SECRET}x`]]) : secrets;
    await rejectsWith(verify(req, NOW, keys), 'SignatureDoesNotMatch', name);
  }
  // A header that was not signed may change freely.
  assert.equal(await verify({ ...DOC_GET_OBJECT, headers: { ...DOC_GET_OBJECT.headers, 'user-agent': 'curl/8' } }), AKID);
});

test('an unknown access key id: InvalidAccessKeyId', async () => {
  const err = await rejectsWith(verify(DOC_GET_OBJECT, NOW, new Map([['AKIDOTHER', SECRET]])), 'InvalidAccessKeyId');
  assert.deepEqual(err.details, [['AWSAccessKeyId', AKID]]);
});

test('x-amz-date more than 15 minutes from the server clock: RequestTimeTooSkewed, either way', async () => {
  assert.equal(await verify(DOC_GET_OBJECT, NOW + MAX_SKEW_MS), AKID);
  assert.equal(await verify(DOC_GET_OBJECT, NOW - MAX_SKEW_MS), AKID);
  for (const now of [NOW + MAX_SKEW_MS + 1000, NOW - MAX_SKEW_MS - 1000]) {
    const err = await rejectsWith(verify(DOC_GET_OBJECT, now), 'RequestTimeTooSkewed');
    assert.equal(Object.fromEntries(err.details).MaxAllowedSkewMilliseconds, '900000');
  }
});

// Requests signed here the way the SDK signs them, for the cases the documentation has no example of.
async function sdkSigned(target: string, headers: Record<string, string>, secret = SECRET): Promise<ReceivedRequest> {
  const signer = new SignatureV4({ credentials: { accessKeyId: AKID, secretAccessKey: secret }, region: 'eu-west-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const base = received('GET', target, headers);
  const out = await signer.sign(
    { method: 'GET', protocol: 'http:', hostname: HOST, path: base.path, query: Object.fromEntries(base.query), headers: base.headers },
    { signingDate: new Date(NOW) },
  );
  return { ...base, headers: { ...out.headers } };
}

test('UNSIGNED-PAYLOAD and the empty-body hash verify; another body hash does not match an empty body', async () => {
  assert.equal(await verify(await sdkSigned('/a%20b.txt', { 'x-amz-content-sha256': UNSIGNED_PAYLOAD })), AKID);
  assert.equal(await verify(await sdkSigned('/a.txt?x-id=GetObject', { 'x-amz-content-sha256': EMPTY_SHA256 })), AKID);
  const other = await sdkSigned('/a.txt', { 'x-amz-content-sha256': 'a'.repeat(64) });
  await rejectsWith(verify(other), 'XAmzContentSHA256Mismatch');
  await rejectsWith(verify(await sdkSigned('/a.txt', { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' })), 'InvalidArgument');
  const missing = await sdkSigned('/a.txt', {});
  delete missing.headers['x-amz-content-sha256'];
  await rejectsWith(verify(missing), 'InvalidRequest');
});

test('x-amz-* headers and host must be signed', async () => {
  const req = await sdkSigned('/a.txt', { 'x-amz-content-sha256': UNSIGNED_PAYLOAD });
  const err = await rejectsWith(verify({ ...req, headers: { ...req.headers, 'x-amz-meta-extra': '1' } }), 'AccessDenied');
  assert.deepEqual(err.details, [['HeadersNotSigned', 'x-amz-meta-extra']]);
  const noHost = { ...req, headers: { ...req.headers, authorization: req.headers.authorization!.replace('SignedHeaders=host;', 'SignedHeaders=') } };
  assert.deepEqual((await rejectsWith(verify(noHost), 'AccessDenied')).details, [['HeadersNotSigned', 'host']]);
});

test('presigned URLs: valid until X-Amz-Expires, then AccessDenied; a tampered one does not match', async () => {
  const signer = new SignatureV4({ credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const presigned = await signer.presign(
    { method: 'GET', protocol: 'http:', hostname: HOST, path: '/dir/a%2Bb.txt', query: { 'x-id': 'GetObject' }, headers: { host: HOST, 'x-amz-content-sha256': UNSIGNED_PAYLOAD } },
    { signingDate: new Date(NOW), expiresIn: 60, unhoistableHeaders: new Set(['x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) },
  );
  const query = new URLSearchParams(presigned.query as Record<string, string>).toString().replace(/\+/g, '%20');
  const req = received('GET', `${presigned.path}?${query}`, {});
  assert.equal(await verify(req), AKID);
  assert.equal(await verify(req, NOW + 60_000), AKID);
  const expired = await rejectsWith(verify(req, NOW + 61_000), 'AccessDenied');
  assert.equal(expired.message, 'Request has expired');
  await rejectsWith(verify(req, NOW - MAX_SKEW_MS - 1000), 'RequestTimeTooSkewed');
  await rejectsWith(verify({ ...req, path: '/dir/other.txt' }), 'SignatureDoesNotMatch');
  await rejectsWith(verify({ ...req, query: req.query.map(([n, v]) => [n, n === 'x-id' ? 'PutObject' : v]) }), 'SignatureDoesNotMatch');
});

test('header names that are Object.prototype keys are only names', async () => {
  const req = await sdkSigned('/a.txt', { 'x-amz-content-sha256': UNSIGNED_PAYLOAD });
  const odd = { ...req, headers: { ...req.headers, authorization: req.headers.authorization!.replace('SignedHeaders=host;', 'SignedHeaders=constructor;host;__proto__;') } };
  await rejectsWith(verify(odd), 'SignatureDoesNotMatch');
});
