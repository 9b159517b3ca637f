// S3 mode as one middleware in front of the demo routes: a request addressed to a bucket
// (addressing.ts) is answered here as S3 would answer it; any other goes on unchanged.
// The decisions are pure calls (addressing, auth-claim, sigv4, object-response); this file
// does the I/O: stat, realpath, MD5, sidecars, and streaming the bytes.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context, MiddlewareHandler } from 'hono';
import { contentTypeFor } from '../content-types.ts';
import { formatHttpDate } from '../http-date.ts';
import { receivedHeaders } from '../received-headers.ts';
import { requestTarget, type OriginEnv } from '../request-target.ts';
import { s3Address, type S3Address } from './addressing.ts';
import { parseSigV4Claim } from './auth-claim.ts';
import type { S3Config } from './config.ts';
import { S3Error, type RequestIds } from './errors.ts';
import { decodeKey, MAX_KEY_BYTES } from './key-path.ts';
import { Md5Cache } from './md5-cache.ts';
import { findObject, readSidecar } from './object-file.ts';
import { decideObjectResponse } from './object-response.ts';
import { parseQuery } from './query.ts';
import { EMPTY_SHA256, verifySigV4 } from './sigv4.ts';

// Subresources that make a GET another operation (GetObjectAcl, GetObjectTagging, ...) or
// address a version/part; none is implemented, so they are refused rather than ignored.
const SUBRESOURCES = ['acl', 'attributes', 'legal-hold', 'partNumber', 'restore', 'retention', 'tagging', 'torrent', 'uploadId', 'uploads', 'versionId'];

export function s3Requests(config: S3Config, now: () => number): MiddlewareHandler<OriginEnv> {
  const md5 = new Md5Cache();
  const isBucket = (name: string) => config.buckets.has(name);
  return async (c, next) => {
    const target = requestTarget(c);
    const address = s3Address(c.req.header('host') ?? new URL(c.req.url).host, target.path, isBucket);
    if (!address) return next();
    const ids: RequestIds = { requestId: randomBytes(8).toString('hex').toUpperCase(), hostId: randomBytes(48).toString('base64') };
    let res: Response;
    try {
      res = await serve(c, address, target, config, md5, now);
    } catch (err) {
      const error = err instanceof S3Error ? err : new S3Error('InternalError', {}, err instanceof Error ? err.message : String(err));
      res = error.toResponse(ids, c.req.method);
    }
    // On every S3 response, errors included (S3 API Reference, "Common Response Headers").
    res.headers.set('x-amz-request-id', ids.requestId);
    res.headers.set('x-amz-id-2', ids.hostId);
    res.headers.set('date', formatHttpDate(now()));
    res.headers.set('server', 'AmazonS3');
    return res;
  };
}

async function serve(c: Context<OriginEnv>, address: S3Address, target: { path: string; query: string }, config: S3Config, md5: Md5Cache, now: () => number): Promise<Response> {
  const method = c.req.method;
  const bucket = config.buckets.get(address.bucket);
  if (bucket === undefined) {
    if (address.bucket === '') throw new S3Error('NotImplemented', {}, "ListBuckets is not supported by cachefront's S3 mode");
    throw new S3Error('NoSuchBucket', { BucketName: address.bucket });
  }

  // A signature, when there is one, is checked even on a public bucket, as S3 does.
  const headers: Record<string, string> = receivedHeaders(c).headers;
  const query = parseQuery(target.query);
  const claim = parseSigV4Claim(headers, query);
  const bodyless = method === 'GET' || method === 'HEAD';
  const signer = claim && (await verifySigV4({ method, path: target.path, query, headers, ...(bodyless ? { bodySha256: EMPTY_SHA256 } : {}) }, claim, config.secrets, now()));
  if (bucket.private && signer === undefined) throw new S3Error('AccessDenied');

  const resourceType = address.rawKey === '' ? 'BUCKET' : 'OBJECT';
  if (!bodyless) throw new S3Error('MethodNotAllowed', { Method: method, ResourceType: resourceType }, undefined, { allow: 'GET, HEAD' });
  if (resourceType === 'BUCKET') {
    // HeadBucket; listing (ListObjects/ListObjectsV2) and the bucket subresources are not implemented.
    if (method === 'HEAD') return new Response(null, { status: 200, headers: { 'x-amz-bucket-region': 'us-east-1' } });
    throw new S3Error('NotImplemented', {}, "Listing objects (and bucket subresources) is not supported by cachefront's S3 mode");
  }
  const key = decodeKey(address.rawKey);
  if (key === undefined) throw new S3Error('InvalidURI', { URI: target.path });
  const keyBytes = Buffer.byteLength(key);
  if (keyBytes > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', { Size: keyBytes, MaxSizeAllowed: MAX_KEY_BYTES });
  const subresource = SUBRESOURCES.find((name) => query.some(([n]) => n === name));
  if (subresource !== undefined) throw new S3Error('NotImplemented', {}, `The '${subresource}' subresource is not supported by cachefront's S3 mode`);

  const object = await findObject(bucket.root, key);
  if (object === undefined) {
    // S3 says NoSuchKey only to a caller allowed to list the bucket (s3:ListBucket), else AccessDenied,
    // so keys cannot be probed. Here: anyone on a public bucket; on a private one, a verified
    // signer when the bucket grants its signers listing (signersMayList).
    const mayList = !bucket.private || (signer !== undefined && bucket.signersMayList);
    throw mayList ? new S3Error('NoSuchKey', { Key: key }) : new S3Error('AccessDenied');
  }
  const [etag, stored] = await Promise.all([md5.etagOf(object.path, object.size, object.mtimeMs), readSidecar(bucket.root, key)]);
  const verdict = decideObjectResponse(
    { method, headers, query, authenticated: signer !== undefined },
    { size: object.size, lastModified: object.mtimeMs, etag, headers: { 'content-type': contentTypeFor(key), ...stored } },
  );
  if (verdict.status === 304 || method === 'HEAD' || object.size === 0) return new Response(null, { status: verdict.status, headers: verdict.headers });
  const [start, end] = verdict.status === 206 ? [verdict.start, verdict.end] : [0, object.size - 1];
  // Streamed from disk: a large object is never in memory whole.
  const body = Readable.toWeb(createReadStream(object.path, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(body, { status: verdict.status, headers: verdict.headers });
}
