// S3 mode through a real origin on a loopback port: raw HTTP requests (Host headers of every
// form, paths sent byte for byte) and requests signed with the SDK's own SigV4 signer.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseHttpDate } from '../http-date.ts';
import { faultsApi, rawRequest, testOrigin, type RawResponse } from '../test-helpers.ts';
import { UNSIGNED_PAYLOAD } from './sigv4.ts';

const tmp = mkdtempSync(join(tmpdir(), 'origin-s3-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const pub = join(tmp, 'pub');
const priv = join(tmp, 'priv');
mkdirSync(join(pub, 'dir'), { recursive: true });
mkdirSync(priv);
const BIG = randomBytes(3 * 1024 * 1024 + 11);
const files: Record<string, string | Buffer> = {
  'hello.txt': 'hello\n',
  'dir/page.html': '<p>page</p>',
  'a b+c.txt': 'spaces and plus',
  'é.txt': 'accent',
  'empty.txt': '',
  'big.bin': BIG,
  'styled.css': 'body{}',
  'styled.css.s3meta.json': JSON.stringify({ cacheControl: 'max-age=300', contentType: 'text/x-custom', metadata: { Owner: 'alice' } }),
  'bad.txt': 'bad',
  'bad.txt.s3meta.json': JSON.stringify({ metadata: { 'no space': 'x' } }),
};
for (const [name, content] of Object.entries(files)) writeFileSync(join(pub, name), content);
writeFileSync(join(tmp, 'outside.txt'), 'TOP SECRET');
symlinkSync(join(tmp, 'outside.txt'), join(pub, 'escape.txt'));
symlinkSync(join(pub, 'hello.txt'), join(pub, 'alias.txt'));
writeFileSync(join(priv, 'secret.txt'), 'private bytes');

const AKID = 'AKIDTESTORIGIN01';
const SECRET = 'c2VjcmV0LWtleS1mb3ItdGVzdHM/+';
const origin = await testOrigin({
  buckets: [
    { name: 'pub-bucket', dir: pub },
    { name: 'priv-bucket', dir: priv, private: true, signersMayList: true },
    { name: 'oac-bucket', dir: priv, private: true }, // signers may only get objects, as an OAC bucket policy grants
    { name: 'echo', dir: pub }, // shadows the /echo demo route on path style
  ],
  signers: { [AKID]: SECRET },
});
const authority = new URL(origin.url).host;
const md5 = (data: string | Buffer) => `"${createHash('md5').update(data).digest('hex')}"`;

const get = (path: string, headers: string[] = [], method = 'GET') => rawRequest(origin.url, { method, path, headers });

/** Headers of a request signed by the AWS SDK's signer for this origin (Host: 127.0.0.1:port unless given). */
async function signed(path: string, opts: { method?: string; secret?: string; host?: string; headers?: Record<string, string>; date?: Date } = {}): Promise<string[]> {
  const signer = new SignatureV4({ credentials: { accessKeyId: AKID, secretAccessKey: opts.secret ?? SECRET }, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const [p = '', q = ''] = path.split('?');
  const out = await signer.sign(
    {
      method: opts.method ?? 'GET',
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: p,
      query: Object.fromEntries(new URLSearchParams(q)),
      headers: { host: opts.host ?? authority, 'x-amz-content-sha256': UNSIGNED_PAYLOAD, ...opts.headers },
    },
    { signingDate: opts.date ?? new Date() },
  );
  return Object.entries(out.headers).flat();
}

function assertS3Error(res: RawResponse, status: number, code: string, fields: Record<string, string> = {}): void {
  assert.equal(res.status, status, res.body.toString());
  assert.equal(res.headers['content-type'], 'application/xml');
  const xml = res.body.toString();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>/);
  assert.match(xml, new RegExp(`<Code>${code}</Code><Message>[^<]+</Message>`));
  for (const [name, value] of Object.entries(fields)) assert.ok(xml.includes(`<${name}>${value}</${name}>`), `${name}=${value} in ${xml}`);
  assert.match(xml, /<RequestId>[0-9A-F]{16}<\/RequestId><HostId>[\w+/=]+<\/HostId><\/Error>$/);
  assert.equal(res.headers['x-amz-request-id'], /<RequestId>(\w+)</.exec(xml)?.[1]);
}

test('GET an object, path style and every virtual-hosted form: S3 headers, exact bytes', async () => {
  const mtime = statSync(join(pub, 'hello.txt')).mtimeMs;
  const port = new URL(origin.url).port;
  const forms: [string, string[]][] = [
    ['/pub-bucket/hello.txt', []],
    ['/hello.txt', ['Host', `pub-bucket.s3.localhost:${port}`]],
    ['/hello.txt', ['Host', 'pub-bucket.s3.localhost']],
    ['/hello.txt', ['Host', 'pub-bucket.s3.amazonaws.com']],
    ['/hello.txt', ['Host', 'pub-bucket.s3.eu-west-1.amazonaws.com']],
    ['/hello.txt', ['Host', 'pub-bucket.s3-eu-west-1.amazonaws.com']],
    ['/pub-bucket/hello.txt', ['Host', `s3.localhost:${port}`]],
  ];
  for (const [path, headers] of forms) {
    const res = await get(path, headers);
    const what = `${headers[1] ?? authority} ${path}`;
    assert.equal(res.status, 200, what);
    assert.equal(res.body.toString(), 'hello\n', what);
    assert.equal(res.headers.etag, md5('hello\n'), what);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8', what);
    assert.equal(res.headers['content-length'], '6', what);
    assert.equal(res.headers['accept-ranges'], 'bytes', what);
    assert.equal(res.headers.server, 'AmazonS3', what);
    assert.match(String(res.headers['x-amz-request-id']), /^[0-9A-F]{16}$/, what);
    assert.match(String(res.headers['x-amz-id-2']), /^[\w+/=]{64}$/, what);
    assert.equal(parseHttpDate(res.headers['last-modified'] ?? ''), Math.floor(mtime / 1000) * 1000, what);
    assert.ok(parseHttpDate(res.headers.date ?? ''), what);
  }
});

test('HEAD: the GET headers without a body', async () => {
  const res = await get('/pub-bucket/hello.txt', [], 'HEAD');
  assert.equal(res.status, 200);
  assert.equal(res.body.length, 0);
  assert.equal(res.headers['content-length'], '6');
  assert.equal(res.headers.etag, md5('hello\n'));
  assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
});

test('a large object streams whole, ETag its MD5; an empty one is 0 bytes', async () => {
  const res = await get('/pub-bucket/big.bin');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-length'], String(BIG.length));
  assert.equal(res.headers.etag, md5(BIG));
  assert.ok(res.body.equals(BIG));
  const empty = await get('/pub-bucket/empty.txt');
  assert.equal(empty.status, 200);
  assert.equal(empty.headers['content-length'], '0');
  assert.equal(empty.headers.etag, '"d41d8cd98f00b204e9800998ecf8427e"');
});

test('keys are URL-decoded; nothing outside the directory, no directories, no sidecars', async () => {
  assert.equal((await get('/pub-bucket/a%20b+c.txt')).body.toString(), 'spaces and plus');
  assert.equal((await get('/pub-bucket/%C3%A9.txt')).body.toString(), 'accent');
  assert.equal((await get('/pub-bucket/dir/page.html')).headers['content-type'], 'text/html; charset=utf-8');
  assert.equal((await get('/pub-bucket/alias.txt')).body.toString(), 'hello\n'); // a symlink inside the bucket
  for (const path of [
    '/pub-bucket/../priv/secret.txt',
    '/pub-bucket/%2e%2e/outside.txt',
    '/pub-bucket/..%2foutside.txt',
    '/pub-bucket/dir/../../outside.txt',
    '/pub-bucket/escape.txt', // symlink out of the bucket
    '/pub-bucket/dir',
    '/pub-bucket/dir/',
    '/pub-bucket//hello.txt',
    '/pub-bucket/styled.css.s3meta.json',
    '/pub-bucket/nope.txt',
  ]) {
    const res = await get(path);
    assertS3Error(res, 404, 'NoSuchKey');
    assert.ok(!res.body.toString().includes('TOP SECRET'), path);
  }
  assertS3Error(await get('/pub-bucket/missing%20file.txt'), 404, 'NoSuchKey', { Key: 'missing file.txt' });
  assertS3Error(await get('/pub-bucket/%zz'), 400, 'InvalidURI');
  assertS3Error(await get(`/pub-bucket/${'k'.repeat(1025)}`), 400, 'KeyTooLongError', { Size: '1025', MaxSizeAllowed: '1024' });
});

test('sidecar metadata: Content-Type and Cache-Control overrides, x-amz-meta-*; a bad sidecar is an InternalError', async () => {
  const res = await get('/pub-bucket/styled.css');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/x-custom');
  assert.equal(res.headers['cache-control'], 'max-age=300');
  assert.equal(res.headers['x-amz-meta-owner'], 'alice');
  assert.equal(res.body.toString(), 'body{}');
  const bad = await get('/pub-bucket/bad.txt');
  assertS3Error(bad, 500, 'InternalError');
  assert.match(bad.body.toString(), /invalid metadata sidecar bad\.txt\.s3meta\.json: metadata\.no space/);
});

test('Range: 206 with Content-Range; unsatisfiable: 416 InvalidRange; several ranges: the whole object', async () => {
  const part = await get('/pub-bucket/big.bin', ['Range', 'bytes=1000-1999']);
  assert.equal(part.status, 206);
  assert.equal(part.headers['content-range'], `bytes 1000-1999/${BIG.length}`);
  assert.equal(part.headers['content-length'], '1000');
  assert.equal(part.headers.etag, md5(BIG));
  assert.ok(part.body.equals(BIG.subarray(1000, 2000)));
  const suffix = await get('/pub-bucket/hello.txt', ['Range', 'bytes=-3']);
  assert.equal(suffix.body.toString(), 'lo\n');
  const head = await get('/pub-bucket/hello.txt', ['Range', 'bytes=0-1'], 'HEAD');
  assert.deepEqual([head.status, head.headers['content-range'], head.headers['content-length'], head.body.length], [206, 'bytes 0-1/6', '2', 0]);
  const bad = await get('/pub-bucket/hello.txt', ['Range', 'bytes=6-']);
  assertS3Error(bad, 416, 'InvalidRange', { RangeRequested: 'bytes=6-', ActualObjectSize: '6' });
  assert.equal(bad.headers['content-range'], 'bytes */6');
  assert.equal((await get('/pub-bucket/hello.txt', ['Range', 'bytes=0-1,3-4'])).status, 200);
});

test('conditional requests: 304 with validators, 412 PreconditionFailed naming the condition', async () => {
  const etag = md5('hello\n');
  const lastModified = (await get('/pub-bucket/hello.txt')).headers['last-modified'] ?? '';
  const notModified = await get('/pub-bucket/hello.txt', ['If-None-Match', etag]);
  assert.equal(notModified.status, 304);
  assert.equal(notModified.headers.etag, etag);
  assert.equal(notModified.headers['last-modified'], lastModified);
  assert.equal(notModified.body.length, 0);
  assert.equal(notModified.headers['x-amz-request-id']?.length, 16);
  assert.equal((await get('/pub-bucket/hello.txt', ['If-Modified-Since', lastModified])).status, 304);
  assertS3Error(await get('/pub-bucket/hello.txt', ['If-Match', '"nope"']), 412, 'PreconditionFailed', { Condition: 'If-Match' });
  assertS3Error(await get('/pub-bucket/hello.txt', ['If-Unmodified-Since', 'Mon, 01 Jan 2001 00:00:00 GMT']), 412, 'PreconditionFailed', { Condition: 'If-Unmodified-Since' });
  assert.equal((await get('/pub-bucket/hello.txt', ['If-Match', etag, 'If-Unmodified-Since', 'Mon, 01 Jan 2001 00:00:00 GMT'])).status, 200);
});

test('buckets: NoSuchBucket, HeadBucket, no listing, no writes', async () => {
  assertS3Error(await get('/x.txt', ['Host', 'nope-bucket.s3.localhost']), 404, 'NoSuchBucket', { BucketName: 'nope-bucket' });
  assertS3Error(await get('/nope-bucket/x.txt', ['Host', 's3.localhost']), 404, 'NoSuchBucket', { BucketName: 'nope-bucket' });
  assertS3Error(await get('/', ['Host', 's3.localhost']), 501, 'NotImplemented');
  assertS3Error(await get('/pub-bucket'), 501, 'NotImplemented');
  assertS3Error(await get('/pub-bucket/hello.txt?tagging'), 501, 'NotImplemented');
  const headBucket = await get('/pub-bucket', [], 'HEAD');
  assert.deepEqual([headBucket.status, headBucket.headers['x-amz-bucket-region']], [200, 'us-east-1']);
  for (const method of ['PUT', 'POST', 'DELETE']) {
    const res = await rawRequest(origin.url, { method, path: '/pub-bucket/new.txt', body: 'data' });
    assertS3Error(res, 405, 'MethodNotAllowed', { Method: method, ResourceType: 'OBJECT' });
    assert.equal(res.headers.allow, 'GET, HEAD');
  }
  assertS3Error(await rawRequest(origin.url, { method: 'DELETE', path: '/pub-bucket' }), 405, 'MethodNotAllowed', { ResourceType: 'BUCKET' });
  const headMissing = await get('/pub-bucket/nope.txt', [], 'HEAD');
  assert.deepEqual([headMissing.status, headMissing.body.length], [404, 0]);
});

test('the demo routes stay as they were; a configured bucket shadows one on path style only', async () => {
  assert.equal((await get('/bytes/5')).body.length, 5);
  assert.equal((await get('/healthz')).status, 200);
  assert.equal((await get('/_origin/stats', ['Host', 'pub-bucket.s3.localhost'])).headers['content-type'], 'application/json');
  assert.equal((await get('/status/204')).status, 204);
  assert.equal((await get('/not-a-bucket/x')).headers['content-type'], 'application/json'); // the demo origin's 404
  assert.equal((await get('/echo/hello.txt')).body.toString(), 'hello\n'); // the bucket named echo
  assert.equal((await get('/echo')).status, 501); // ... is the bucket itself, not the echo route
});

test('private bucket: anonymous -> AccessDenied (existing or not), signed -> the object, NoSuchKey for a signer', async () => {
  assertS3Error(await get('/priv-bucket/secret.txt'), 403, 'AccessDenied');
  assertS3Error(await get('/priv-bucket/missing.txt'), 403, 'AccessDenied');
  assertS3Error(await get('/priv-bucket'), 403, 'AccessDenied');
  assertS3Error(await rawRequest(origin.url, { method: 'PUT', path: '/priv-bucket/x', body: 'x' }), 403, 'AccessDenied');
  const ok = await get('/priv-bucket/secret.txt', await signed('/priv-bucket/secret.txt'));
  assert.equal(ok.status, 200);
  assert.equal(ok.body.toString(), 'private bytes');
  const virtualHost = `priv-bucket.s3.localhost:${new URL(origin.url).port}`;
  assert.equal((await get('/secret.txt', await signed('/secret.txt', { host: virtualHost }))).status, 200);
  assertS3Error(await get('/priv-bucket/missing.txt', await signed('/priv-bucket/missing.txt')), 404, 'NoSuchKey', { Key: 'missing.txt' });
  // Without signersMayList a signer may only get objects (s3:GetObject): a missing key is AccessDenied to it too.
  assert.equal((await get('/oac-bucket/secret.txt', await signed('/oac-bucket/secret.txt'))).status, 200);
  assertS3Error(await get('/oac-bucket/missing.txt', await signed('/oac-bucket/missing.txt')), 403, 'AccessDenied');
});

test('signature failures: wrong secret, tampering, unknown key, skew, malformed, unsigned x-amz-*', async () => {
  assertS3Error(await get('/priv-bucket/secret.txt', await signed('/priv-bucket/secret.txt', { secret: 'wrong' })), 403, 'SignatureDoesNotMatch', { AWSAccessKeyId: AKID });
  const other = await signed('/priv-bucket/other.txt');
  const tampered = await get('/priv-bucket/secret.txt', other);
  assertS3Error(tampered, 403, 'SignatureDoesNotMatch');
  assert.match(tampered.body.toString(), /<CanonicalRequest>GET\n\/priv-bucket\/secret.txt\n/);
  const unknown = (await signed('/priv-bucket/secret.txt')).map((v) => v.replace(AKID, 'AKIDUNKNOWN'));
  assertS3Error(await get('/priv-bucket/secret.txt', unknown), 403, 'InvalidAccessKeyId', { AWSAccessKeyId: 'AKIDUNKNOWN' });
  const skewed = await signed('/priv-bucket/secret.txt', { date: new Date(Date.now() - 20 * 60_000) });
  assertS3Error(await get('/priv-bucket/secret.txt', skewed), 403, 'RequestTimeTooSkewed', { MaxAllowedSkewMilliseconds: '900000' });
  assertS3Error(await get('/priv-bucket/secret.txt', ['Authorization', 'AWS4-HMAC-SHA256 Credential=x', 'x-amz-date', '20240101T000000Z']), 400, 'AuthorizationHeaderMalformed');
  assertS3Error(await get('/priv-bucket/secret.txt', ['Authorization', 'AWS AKID:sig']), 400, 'InvalidArgument');
  const extra = [...(await signed('/priv-bucket/secret.txt')), 'x-amz-meta-added', '1'];
  assertS3Error(await get('/priv-bucket/secret.txt', extra), 403, 'AccessDenied', { HeadersNotSigned: 'x-amz-meta-added' });
  // A bad signature is refused on a public bucket too (S3 checks any signature it is given).
  assertS3Error(await get('/pub-bucket/hello.txt', await signed('/pub-bucket/hello.txt', { secret: 'wrong' })), 403, 'SignatureDoesNotMatch');
});

test('presigned URLs: readable until they expire', async () => {
  const signer = new SignatureV4({ credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, region: 'eu-central-1', service: 's3', sha256: Sha256, uriEscapePath: false });
  const presign = async (path: string, expiresIn: number, signingDate = new Date()) => {
    // As @aws-sdk/s3-request-presigner does: the payload is UNSIGNED-PAYLOAD, not a signed header.
    const sha = new Set(['x-amz-content-sha256']);
    const out = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path, query: {}, headers: { host: authority, 'x-amz-content-sha256': UNSIGNED_PAYLOAD } },
      { expiresIn, signingDate, unsignableHeaders: sha, unhoistableHeaders: sha },
    );
    return `${path}?${new URLSearchParams(out.query as Record<string, string>).toString()}`;
  };
  const url = await presign('/priv-bucket/secret.txt', 60);
  const res = await fetch(origin.url + url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'private bytes');
  const expired = await get(await presign('/priv-bucket/secret.txt', 60, new Date(Date.now() - 120_000)));
  assertS3Error(expired, 403, 'AccessDenied');
  assert.match(expired.body.toString(), /<Message>Request has expired<\/Message><X-Amz-Expires>60<\/X-Amz-Expires>/);
  assertS3Error(await get(url.replace('secret.txt', 'secret.txu')), 403, 'SignatureDoesNotMatch');
});

test('S3 requests are counted by the stats and can be faulted like any other path', async () => {
  const before = ((await (await fetch(`${origin.url}/_origin/stats`)).json()) as { byPath: Record<string, number> }).byPath['/pub-bucket/empty.txt'] ?? 0;
  await get('/pub-bucket/empty.txt');
  const after = ((await (await fetch(`${origin.url}/_origin/stats`)).json()) as { byPath: Record<string, number> }).byPath['/pub-bucket/empty.txt'];
  assert.equal(after, before + 1);
  assert.equal((await faultsApi(origin.url, 'POST', { mode: 'status', status: 503, path: '/pub-bucket/*', times: 1 })).status, 201);
  assert.equal((await get('/pub-bucket/hello.txt')).status, 503);
  assert.equal((await get('/pub-bucket/hello.txt')).status, 200);
});
