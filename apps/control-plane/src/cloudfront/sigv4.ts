// AWS Signature Version 4 for the CloudFront API, verified for real: the signature the
// claimed access key would have made is recomputed with @smithy/signature-v4 (the AWS SDK's
// own signer) over the request as received, and compared in constant time. As
// apps/origin/src/s3/sigv4.ts does for S3, but with the rules of AWS's other services: the
// canonical URI is the path encoded once more (uriEscapePath), and the payload hash is the
// body's own (x-amz-content-sha256 is optional; when sent and signed it must match the body).
// Signature Version 4 signing process: "Create a canonical request", "Create a string to sign".

import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CloudFrontError } from './errors.ts';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses a request signed more than 15 minutes from its clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
export const SERVICE = 'cloudfront';

export interface SignedRequest {
  method: string;
  /** The path as received, still percent-encoded. */
  path: string;
  /** Decoded query pairs. */
  query: [string, string][];
  /** Lower-case header names -> values. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface Claim {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

/** The Authorization header's parts; a missing header is MissingAuthenticationToken, a malformed one IncompleteSignature. */
export function parseAuthorization(headers: Record<string, string>): Claim {
  const auth = headers.authorization;
  if (auth === undefined || auth.trim() === '') throw new CloudFrontError('MissingAuthenticationToken', 'Missing Authentication Token: sign requests with AWS Signature Version 4 (an access key from `cachefront access-key create`)');
  const incomplete = (why: string) => new CloudFrontError('IncompleteSignature', `Authorization header is not a valid ${ALGORITHM} signature: ${why}`);
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(auth.trim());
  if (m === null) throw incomplete(`the algorithm must be ${ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of (m[1] as string).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) throw incomplete('Credential, SignedHeaders and Signature are required');
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1] as string)) throw incomplete(`Credential must be <key id>/<YYYYMMDD>/<region>/${SERVICE}/aws4_request`);
  const [accessKeyId, date, region, service] = scope as [string, string, string, string];
  if (!/^[0-9a-f]{64}$/.test(signature)) throw incomplete('Signature must be 64 hex digits');
  const amzDate = headers['x-amz-date'];
  if (amzDate === undefined || !/^\d{8}T\d{6}Z$/.test(amzDate)) throw incomplete('an X-Amz-Date header (YYYYMMDDTHHMMSSZ) is required');
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';').filter(Boolean), signature, amzDate };
}

function amzDateMs(amzDate: string): number {
  const d = amzDate;
  return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
}

/**
 * Checks the request's signature with the secret of its key (`secretOf`); returns the key id,
 * or throws InvalidClientTokenId (unknown key), RequestTimeTooSkewed (more than 15 minutes
 * off), IncompleteSignature, or SignatureDoesNotMatch.
 */
export async function verifySignature(req: SignedRequest, secretOf: (accessKeyId: string) => string | undefined, now: number): Promise<string> {
  const claim = parseAuthorization(req.headers);
  const secret = secretOf(claim.accessKeyId);
  if (secret === undefined) throw new CloudFrontError('InvalidClientTokenId', 'The security token included in the request is invalid: no such access key');
  if (claim.service !== SERVICE) throw new CloudFrontError('SignatureDoesNotMatch', `Credential should be scoped to the service '${SERVICE}', not '${claim.service}'`);
  if (claim.amzDate.slice(0, 8) !== claim.date) throw new CloudFrontError('SignatureDoesNotMatch', `the Credential date ${claim.date} is not the X-Amz-Date day ${claim.amzDate.slice(0, 8)}`);
  const signedAt = amzDateMs(claim.amzDate);
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    const iso = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    throw new CloudFrontError('RequestTimeTooSkewed', `Signature expired: the request was signed at ${claim.amzDate}, the server time is ${iso}; a request must be signed within 15 minutes of it`);
  }
  if (!claim.signedHeaders.includes('host')) throw new CloudFrontError('SignatureDoesNotMatch', 'the Host header must be signed');

  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const sent = req.headers['x-amz-content-sha256'];
  if (sent !== undefined && claim.signedHeaders.includes('x-amz-content-sha256') && sent !== bodyHash) {
    throw new CloudFrontError('SignatureDoesNotMatch', 'x-amz-content-sha256 is not the SHA-256 of the request body');
  }
  // Null-prototype: a listed name like `__proto__` is just a name.
  const headers: Record<string, string> = Object.create(null);
  for (const name of claim.signedHeaders) if (Object.hasOwn(req.headers, name)) headers[name] = req.headers[name] ?? '';
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of req.query) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId: claim.accessKeyId, secretAccessKey: secret },
    region: claim.region,
    service: SERVICE,
    sha256: Sha256,
    applyChecksum: false, // only the x-amz-content-sha256 the client sent, if any
  });
  const signed = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: (req.headers.host ?? '').replace(/:\d+$/, ''), path: req.path, query, headers, body: req.body },
    { signingDate: new Date(signedAt), signingRegion: claim.region, signingService: SERVICE, signableHeaders: new Set(claim.signedHeaders) },
  );
  const authorization = signed.headers.authorization ?? '';
  const expected = /Signature=([0-9a-f]{64})$/.exec(authorization)?.[1];
  // A listed header that did not arrive is left out by the signer: the list it signed must be the claimed one.
  const listed = /SignedHeaders=([^,]*)/.exec(authorization)?.[1];
  if (expected === undefined || listed !== claim.signedHeaders.join(';') || !timingSafeEqual(Buffer.from(expected), Buffer.from(claim.signature))) {
    throw new CloudFrontError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
  }
  return claim.accessKeyId;
}
