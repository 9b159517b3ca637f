// End to end with the real AWS SDK (@aws-sdk/client-s3): an S3Client pointed at the origin,
// path style and virtual-hosted, signing with an allowed signer's key.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { testOrigin } from '../test-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'origin-s3-sdk-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
mkdirSync(join(tmp, 'pub', 'assets'), { recursive: true });
mkdirSync(join(tmp, 'priv'));
const REPORT = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
writeFileSync(join(tmp, 'priv', 'report.bin'), REPORT);
writeFileSync(join(tmp, 'priv', 'notes.txt'), 'private notes\n');
writeFileSync(join(tmp, 'pub', 'assets', 'app.js'), 'console.log(1)\n');

const AKID = 'AKIDSDKTEST00001';
const SECRET = 'sdk/secret+key=0123456789abcdefghijklmn';
const origin = await testOrigin({
  buckets: [
    { name: 'private-bucket', dir: join(tmp, 'priv'), private: true, signersMayList: true },
    { name: 'public-bucket', dir: join(tmp, 'pub') },
  ],
  signers: { [AKID]: SECRET },
});
const port = new URL(origin.url).port;
const md5 = (data: Buffer | string) => `"${createHash('md5').update(data).digest('hex')}"`;

const clients: S3Client[] = [];
after(() => clients.forEach((c) => c.destroy()));
function client(config: S3ClientConfig = {}): S3Client {
  const c = new S3Client({ region: 'us-east-1', endpoint: origin.url, forcePathStyle: true, credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, maxAttempts: 1, ...config });
  clients.push(c);
  return c;
}
const s3 = client();

/** The S3 error an SDK call fails with (name = S3's Code, plus the HTTP status). */
async function s3Failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof S3ServiceException, String(err));
    return { name: err.name, status: err.$metadata.httpStatusCode };
  }
  assert.fail('the call succeeded');
}

test('GetObject: the file byte for byte; HeadObject: ETag = MD5, ContentType, length', async () => {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'report.bin' }));
  assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(REPORT));
  assert.equal(got.ETag, md5(REPORT));
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }));
  assert.equal(head.ETag, md5('private notes\n'));
  assert.equal(head.ContentType, 'text/plain; charset=utf-8');
  assert.equal(head.ContentLength, 14);
  assert.equal(head.AcceptRanges, 'bytes');
  assert.ok(head.LastModified instanceof Date);
  assert.equal((await s3.send(new HeadBucketCommand({ Bucket: 'private-bucket' }))).$metadata.httpStatusCode, 200);
});

test('GetObject with Range: 206, ContentRange, those bytes', async () => {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'report.bin', Range: 'bytes=100-199' }));
  assert.equal(got.$metadata.httpStatusCode, 206);
  assert.equal(got.ContentRange, `bytes 100-199/${REPORT.length}`);
  assert.equal(got.ContentLength, 100);
  assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(REPORT.subarray(100, 200)));
});

test('GetObject with IfNoneMatch = its ETag: 304; IfMatch another: 412 PreconditionFailed', async () => {
  // A 304 has no body, so the SDK has no S3 code to name it by (as with S3 itself): status only.
  const notModified = await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt', IfNoneMatch: md5('private notes\n') })));
  assert.equal(notModified.status, 304);
  assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt', IfMatch: '"other"' }))), { name: 'PreconditionFailed', status: 412 });
});

test('GetObject response overrides (ResponseContentType, ResponseCacheControl) for a signer', async () => {
  const got = await s3.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt', ResponseContentType: 'text/x-notes', ResponseCacheControl: 'no-store' }));
  assert.equal(got.ContentType, 'text/x-notes');
  assert.equal(got.CacheControl, 'no-store');
  assert.equal(await got.Body!.transformToString(), 'private notes\n');
});

test('errors the SDK knows by name: NoSuchKey (a signer), SignatureDoesNotMatch (wrong secret), InvalidAccessKeyId, MethodNotAllowed', async () => {
  assert.deepEqual(await s3Failure(s3.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'missing.txt' }))), { name: 'NoSuchKey', status: 404 });
  const wrongSecret = client({ credentials: { accessKeyId: AKID, secretAccessKey: `${SECRET}x` } });
  assert.deepEqual(await s3Failure(wrongSecret.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }))), { name: 'SignatureDoesNotMatch', status: 403 });
  const unknown = client({ credentials: { accessKeyId: 'AKIDNOTALLOWED01', secretAccessKey: SECRET } });
  assert.deepEqual(await s3Failure(unknown.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }))), { name: 'InvalidAccessKeyId', status: 403 });
  assert.deepEqual(await s3Failure(s3.send(new PutObjectCommand({ Bucket: 'public-bucket', Key: 'new.txt', Body: 'data' }))), { name: 'MethodNotAllowed', status: 405 });
});

test('anonymous: AccessDenied on the private bucket, objects of the public one', async () => {
  // No credentials: a signer that leaves the request unsigned (the SDK's anonymous access).
  const anonymous = client({ signer: { sign: async (request) => request } });
  assert.deepEqual(await s3Failure(anonymous.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }))), { name: 'AccessDenied', status: 403 });
  assert.deepEqual(await s3Failure(anonymous.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'missing.txt' }))), { name: 'AccessDenied', status: 403 });
  const got = await anonymous.send(new GetObjectCommand({ Bucket: 'public-bucket', Key: 'assets/app.js' }));
  assert.equal(await got.Body!.transformToString(), 'console.log(1)\n');
  assert.equal(got.ContentType, 'text/javascript; charset=utf-8');
  assert.deepEqual(await s3Failure(anonymous.send(new GetObjectCommand({ Bucket: 'public-bucket', Key: 'missing.js' }))), { name: 'NoSuchKey', status: 404 });
  // And without any SDK: a plain GET.
  const plain = await fetch(`${origin.url}/public-bucket/assets/app.js`);
  assert.equal(plain.status, 200);
  assert.equal(await plain.text(), 'console.log(1)\n');
});

// *.localhost names do not resolve through this machine's resolver (glibc without
// nss-myhostname), so these clients' agent resolves them to loopback itself (RFC 6761 §6.3:
// localhost names are loopback). The Host header is still the one the SDK sends.
const seen: string[] = [];
const lookup = (hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
  seen.push(hostname);
  if (!hostname.endsWith('.localhost')) return dnsLookup(hostname, options, callback);
  if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};
const httpAgent = new Agent({ lookup } as ConstructorParameters<typeof Agent>[0]);
after(() => httpAgent.destroy());
/** An SDK client whose endpoint is the S3 service name s3.localhost:<port>. */
const serviceClient = (forcePathStyle: boolean) => client({ endpoint: `http://s3.localhost:${port}`, forcePathStyle, requestHandler: { httpAgent } });

test('virtual-hosted style: the SDK addresses <bucket>.s3.localhost:<port>', async () => {
  // Path style would have sent /private-bucket/notes.txt; this only works if the Host names the bucket.
  seen.length = 0;
  const virtual = serviceClient(false);
  const got = await virtual.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }));
  assert.equal(await got.Body!.transformToString(), 'private notes\n');
  assert.deepEqual([...new Set(seen)], ['private-bucket.s3.localhost']);
  const head = await virtual.send(new HeadObjectCommand({ Bucket: 'public-bucket', Key: 'assets/app.js' }));
  assert.equal(head.ETag, md5('console.log(1)\n'));
  assert.deepEqual(await s3Failure(virtual.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'nope' }))), { name: 'NoSuchKey', status: 404 });
});

test('NoSuchBucket: on an S3 host, virtual-hosted or path style (on 127.0.0.1, /<unknown>/ is the demo origin)', async () => {
  for (const forcePathStyle of [false, true]) {
    assert.deepEqual(await s3Failure(serviceClient(forcePathStyle).send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'x' }))), { name: 'NoSuchBucket', status: 404 }, `forcePathStyle ${forcePathStyle}`);
  }
  const path = await serviceClient(true).send(new GetObjectCommand({ Bucket: 'public-bucket', Key: 'assets/app.js' }));
  assert.equal(await path.Body!.transformToString(), 'console.log(1)\n');
});

test("a skewed origin clock: RequestTimeTooSkewed, which the SDK's clock correction then gets past", async () => {
  const skewed = await testOrigin({ buckets: [{ name: 'private-bucket', dir: join(tmp, 'priv'), private: true, signersMayList: true }], signers: { [AKID]: SECRET }, now: () => Date.now() + 30 * 60_000 });
  const once = client({ endpoint: skewed.url });
  assert.deepEqual(await s3Failure(once.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }))), { name: 'RequestTimeTooSkewed', status: 403 });
  // With retries, the SDK reads the origin's Date header, corrects its clock and signs again.
  const retrying = client({ endpoint: skewed.url, maxAttempts: 3 });
  const got = await retrying.send(new GetObjectCommand({ Bucket: 'private-bucket', Key: 'notes.txt' }));
  assert.equal(await got.Body!.transformToString(), 'private notes\n');
});
