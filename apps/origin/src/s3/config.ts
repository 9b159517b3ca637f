// S3 mode's options, validated once where the origin starts (every problem with its path);
// what comes out is trusted by the request path. Reads the filesystem only to resolve each
// bucket's directory, so a request never meets a missing one.
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { bucketNameProblem } from './bucket-name.ts';
import type { Issue } from './sidecar.ts';

export interface BucketOptions {
  /** An S3 bucket name (3-63 characters: lowercase letters, digits, dots, hyphens). */
  name: string;
  /** The directory served as the bucket's objects. */
  dir: string;
  /** Only requests signed by one of `signers` may read it (default: public). */
  private?: boolean;
  /**
   * Private buckets: the signers may also list it (s3:ListBucket), so a missing key is
   * NoSuchKey 404 to them. Default false: they may only read objects (s3:GetObject), as the
   * bucket policy CloudFront suggests for origin access control grants, and a missing key
   * is AccessDenied 403 (what SPA setups map to /index.html).
   */
  signersMayList?: boolean;
}

export interface S3Options {
  buckets?: BucketOptions[];
  /** Access key id -> secret access key of the SigV4 signers allowed to read private buckets. */
  signers?: Record<string, string>;
}

export interface Bucket {
  name: string;
  /** realpath of the directory. */
  root: string;
  private: boolean;
  signersMayList: boolean;
}

export interface S3Config {
  buckets: ReadonlyMap<string, Bucket>;
  secrets: ReadonlyMap<string, string>;
}

// AWS access key ids are word characters (IAM API Reference, AccessKey: [\w]+, 16-128 long);
// shorter ones are allowed for tests (the SigV4 test suite uses AKIDEXAMPLE).
const ACCESS_KEY_ID = /^\w{1,128}$/;

export function parseS3Options(opts: S3Options): { value: S3Config } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const buckets = new Map<string, Bucket>();
  for (const [i, bucket] of (opts.buckets ?? []).entries()) {
    const path = `buckets[${i}]`;
    const problem = typeof bucket.name === 'string' ? bucketNameProblem(bucket.name) : 'must be a string';
    if (problem !== undefined) issues.push({ path: `${path}.name`, message: `'${String(bucket.name)}' ${problem}` });
    else if (buckets.has(bucket.name)) issues.push({ path: `${path}.name`, message: `'${bucket.name}' is configured twice` });
    if (bucket.private !== undefined && typeof bucket.private !== 'boolean') issues.push({ path: `${path}.private`, message: 'must be a boolean' });
    if (bucket.signersMayList !== undefined && typeof bucket.signersMayList !== 'boolean') issues.push({ path: `${path}.signersMayList`, message: 'must be a boolean' });
    const root = typeof bucket.dir === 'string' && statSync(bucket.dir, { throwIfNoEntry: false })?.isDirectory() ? realpathSync(resolve(bucket.dir)) : undefined;
    if (root === undefined) issues.push({ path: `${path}.dir`, message: `'${String(bucket.dir)}' is not a directory` });
    if (problem === undefined && root !== undefined) buckets.set(bucket.name, { name: bucket.name, root, private: bucket.private === true, signersMayList: bucket.signersMayList === true });
  }
  const secrets = new Map<string, string>();
  for (const [id, secret] of Object.entries(opts.signers ?? {})) {
    if (!ACCESS_KEY_ID.test(id)) issues.push({ path: `signers.${id}`, message: 'an access key id is 1-128 letters, digits or underscores' });
    else if (typeof secret !== 'string' || !/^[\x21-\x7e]+$/.test(secret)) issues.push({ path: `signers.${id}`, message: 'the secret must be non-empty printable ASCII without spaces' });
    else secrets.set(id, secret);
  }
  return issues.length > 0 ? { issues } : { value: { buckets, secrets } };
}

/** parseS3Options, throwing a TypeError that lists every problem (what startOrigin's callers get). */
export function s3Config(opts: S3Options): S3Config {
  const parsed = parseS3Options(opts);
  if ('issues' in parsed) throw new TypeError(`invalid S3 options: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return parsed.value;
}
