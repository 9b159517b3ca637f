// S3 mode's inputs, fuzzed (DESIGN's security invariants): seeded requests with every Host
// form, encoded and traversing keys, odd methods, Range and conditional headers, and forged,
// truncated or garbage SigV4 Authorization headers and presigned queries, at a private and a
// public bucket. Invariants: every request gets an answer below 500 (or S3's 501 NotImplemented); a file outside a bucket
// (reachable only by traversal or a symlink) is never served; a private object is never
// served without a valid signature (none of these requests has one).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { rawRequest, testOrigin } from '../test-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'origin-s3-fuzz-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
mkdirSync(join(tmp, 'pub', 'dir'), { recursive: true });
mkdirSync(join(tmp, 'priv'));
writeFileSync(join(tmp, 'pub', 'a.txt'), 'public a');
writeFileSync(join(tmp, 'pub', 'dir', 'b.txt'), 'public b');
writeFileSync(join(tmp, 'priv', 'secret.txt'), 'PRIVATE-OBJECT');
writeFileSync(join(tmp, 'outside.txt'), 'OUTSIDE-SECRET');
symlinkSync(join(tmp, 'outside.txt'), join(tmp, 'pub', 'link.txt'));
const origin = await testOrigin({
  buckets: [{ name: 'pub-bucket', dir: join(tmp, 'pub') }, { name: 'priv-bucket', dir: join(tmp, 'priv'), private: true }],
  signers: { AKIDFUZZ0000001: 'fuzz-secret' },
});
const port = new URL(origin.url).port;

/** mulberry32: the same seed, the same requests. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

const HOSTS = ['pub-bucket.s3.localhost', 'priv-bucket.s3.localhost', `priv-bucket.s3.localhost:${port}`, 'priv-bucket.s3.eu-west-1.amazonaws.com', 'nope-bucket.s3.localhost', 's3.localhost', '127.0.0.1', 'PRIV-BUCKET.s3.localhost', 'priv-bucket.s3-localhost', 'a..b.s3.localhost', ''];
const SEGMENTS = ['pub-bucket', 'priv-bucket', 'secret.txt', 'a.txt', 'dir', 'b.txt', 'link.txt', 'outside.txt', '..', '.', '', '%2e%2e', '%2E%2E%2F', '..%2f', '%2f', '%5c', '\\', 'secret.txt%00', '%00', '%', '%zz', '%c3%a9', '..;', 'secret.txt.s3meta.json', '~'];
const QUERIES = ['', 'x-id=GetObject', 'acl', 'versionId=1', 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDFUZZ0000001%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=' + 'a'.repeat(64), 'X-Amz-Algorithm=AWS4-HMAC-SHA256', 'list-type=2', '%=&'];
const AUTHS = [
  undefined,
  'AWS4-HMAC-SHA256 Credential=AKIDFUZZ0000001/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + '0'.repeat(64),
  'AWS4-HMAC-SHA256 Credential=UNKNOWN/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc',
  'AWS4-HMAC-SHA256 Credential=AKIDFUZZ0000001',
  'AWS4-HMAC-SHA256 ',
  'AWS AKIDFUZZ0000001:c2lnbmF0dXJl',
  'Bearer token',
  'AWS4-HMAC-SHA256 Credential=' + 'A'.repeat(5000) + ', SignedHeaders=host, Signature=1',
  'AWS4-HMAC-SHA256 Credential=AKIDFUZZ0000001/20260101/us-east-1/s3/aws4_request, SignedHeaders=, Signature=',
];
const EXTRA: [string, string][] = [['Range', 'bytes=0-3'], ['Range', 'bytes=5-1'], ['Range', 'bytes=0-1,3-4'], ['If-None-Match', '*'], ['If-Match', '"x"'], ['If-Modified-Since', 'garbage'], ['x-amz-date', '20260101T000000Z'], ['x-amz-date', 'not-a-date'], ['x-amz-content-sha256', 'UNSIGNED-PAYLOAD'], ['x-amz-content-sha256', 'zz'], ['x-amz-security-token', 'tok']];

test("S3 mode, 1500 fuzzed requests: always an answer below 500 (or S3's NotImplemented), nothing outside a bucket, nothing private unsigned", async () => {
  const r = seeded(19);
  const statuses: Record<number, number> = {};
  for (let i = 0; i < 1500; i++) {
    const path = `/${Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, SEGMENTS)).join('/')}${r() < 0.4 ? `?${pick(r, QUERIES)}` : ''}`;
    const headers: string[] = [];
    const host = pick(r, HOSTS);
    if (host !== '') headers.push('Host', host);
    const auth = pick(r, AUTHS);
    if (auth !== undefined) headers.push('Authorization', auth);
    for (let k = Math.floor(r() * 3); k > 0; k--) headers.push(...pick(r, EXTRA));
    const method = pick(r, ['GET', 'GET', 'GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'OPTIONS']);
    const res = await rawRequest(origin.url, { method, path, headers, ...(method === 'PUT' || method === 'POST' ? { body: 'x' } : {}) });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const what = `${method} ${path} Host: ${host} Authorization: ${auth?.slice(0, 60)}`;
    // 501 NotImplemented is S3's own answer for what this S3 mode does not do (listings, writes to odd places).
    const notImplemented = res.status === 501 && (method === 'HEAD' || res.body.includes('<Code>NotImplemented</Code>'));
    assert.ok(res.status > 0 && (res.status < 500 || notImplemented), `${res.status} for ${what}: ${res.body.toString().slice(0, 200)}`);
    assert.ok(!res.body.includes('OUTSIDE-SECRET'), `a file outside the bucket was served for ${what}`);
    assert.ok(!res.body.includes('PRIVATE-OBJECT'), `a private object was served unsigned for ${what}`);
  }
  // The run reached both kinds of answers: objects and S3's refusals.
  assert.ok((statuses[200] ?? 0) > 0 && (statuses[403] ?? 0) > 0 && (statuses[404] ?? 0) > 0, JSON.stringify(statuses));
});
