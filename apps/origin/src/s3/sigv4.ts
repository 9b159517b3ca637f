// SigV4 verification for S3 requests: recompute the signature the claimed key would have made
// with @smithy/signature-v4 (the AWS SDK's own signer) and compare in constant time. The request
// handed to the signer is rebuilt from what arrived: method, the path exactly as received
// (S3 signs it without encoding it again: uriEscapePath false), the query decoded, and only
// the headers the client listed in SignedHeaders.
import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import { ALGORITHM, amzDateMs, type SigV4Claim } from './auth-claim.ts';
import { S3Error } from './errors.ts';

/** The request as received: the inputs of its canonical request. */
export interface ReceivedRequest {
  method: string;
  /** Path as received, still percent-encoded (the canonical URI of an S3 request). */
  path: string;
  /** Decoded name/value pairs (query.ts). */
  query: [string, string][];
  /** Lower-case names -> values as received. */
  headers: Record<string, string>;
  /** SHA-256 (hex) of the body that came with it, when the caller knows it (GET/HEAD: empty). */
  bodySha256?: string;
}

/** Access key id -> secret access key. */
export type Secrets = ReadonlyMap<string, string>;

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** S3 refuses a request signed more than 15 minutes from its clock (RequestTimeTooSkewed). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

const CONTENT_SHA256 = 'x-amz-content-sha256';
type HttpRequest = Parameters<SignatureV4['presign']>[0];

/**
 * Checks a claimed signature; returns the access key id it proves, or throws S3's error:
 * InvalidAccessKeyId, RequestTimeTooSkewed, AccessDenied (expired presigned URL, unsigned
 * x-amz-* headers), InvalidRequest / InvalidArgument (x-amz-content-sha256), SignatureDoesNotMatch
 * (with S3's CanonicalRequest and StringToSign details), XAmzContentSHA256Mismatch.
 */
export async function verifySigV4(req: ReceivedRequest, claim: SigV4Claim, secrets: Secrets, now: number): Promise<string> {
  const secret = secrets.get(claim.accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', { AWSAccessKeyId: claim.accessKeyId });
  const signedAt = amzDateMs(claim.amzDate);
  checkTime(claim, signedAt, now);
  const payloadHash = claimedPayloadHash(req, claim);
  checkSignedHeaders(req, claim);

  // Null-prototype records: a listed name like `constructor` or `__proto__` is just a name.
  const headers: Record<string, string> = Object.create(null);
  for (const name of claim.signedHeaders) {
    if (Object.hasOwn(req.headers, name)) headers[name] = req.headers[name] ?? '';
  }
  // The payload hash goes in the canonical request even when the header is not signed (a
  // presigned URL's UNSIGNED-PAYLOAD), so it is passed as a header the signer may not list.
  const unsignable = new Set<string>();
  if (headers[CONTENT_SHA256] === undefined) {
    headers[CONTENT_SHA256] = payloadHash;
    unsignable.add(CONTENT_SHA256);
  }
  const signable = new Set(claim.signedHeaders);
  const request: HttpRequest = {
    method: req.method,
    protocol: 'http:',
    hostname: (req.headers.host ?? '').replace(/:\d+$/, ''),
    path: req.path,
    query: signingQuery(req.query),
    headers,
  };
  const signer = new S3Verifier({
    credentials: { accessKeyId: claim.accessKeyId, secretAccessKey: secret },
    region: claim.scope.region,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false, // S3's canonical URI is the path as sent (SigV4 for S3: not double-encoded)
    applyChecksum: false, // only the x-amz-content-sha256 the client sent
  });
  const options = { signingDate: new Date(signedAt), signingRegion: claim.scope.region, signingService: 's3', signableHeaders: signable, unsignableHeaders: unsignable };
  const signed =
    claim.via === 'header'
      ? await signer.sign(request, options)
      : await signer.presign(request, { ...options, expiresIn: claim.expiresIn ?? 0, unhoistableHeaders: new Set(Object.keys(headers)) });
  const authorization = signed.headers.authorization ?? '';
  const [expected, listed] =
    claim.via === 'header'
      ? [/Signature=([0-9a-f]{64})$/.exec(authorization)?.[1], /SignedHeaders=([^,]*)/.exec(authorization)?.[1]]
      : [signed.query?.['X-Amz-Signature'], signed.query?.['X-Amz-SignedHeaders']];
  // A listed header that did not arrive is left out of what the signer covers: the list it
  // signed must then be the claimed one, or the claim names headers the signature does not cover.
  const sameList = listed === claim.signedHeaders.join(';');
  if (typeof expected !== 'string' || !sameList || !sameSignature(expected, claim.signature)) {
    const scope = `${claim.scope.date}/${claim.scope.region}/s3/aws4_request`;
    const { canonicalRequest, stringToSign } = await signer.explain(signed, signable, unsignable, payloadHash, claim.amzDate, scope);
    throw new S3Error('SignatureDoesNotMatch', {
      AWSAccessKeyId: claim.accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: claim.signature,
      CanonicalRequest: canonicalRequest,
    });
  }
  // The signature covers the claimed hash; the body must then have that hash.
  if (req.bodySha256 !== undefined && payloadHash !== UNSIGNED_PAYLOAD && payloadHash !== req.bodySha256) {
    throw new S3Error('XAmzContentSHA256Mismatch', { ClientComputedContentSHA256: payloadHash, S3ComputedContentSHA256: req.bodySha256 });
  }
  return claim.accessKeyId;
}

/** The signer, plus what S3 returns with SignatureDoesNotMatch so a client can find its mistake. */
class S3Verifier extends SignatureV4 {
  async explain(signed: HttpRequest, signable: Set<string>, unsignable: Set<string>, payloadHash: string, longDate: string, scope: string) {
    const canonicalRequest = this.createCanonicalRequest(signed, getCanonicalHeaders(signed, unsignable, signable), payloadHash);
    return { canonicalRequest, stringToSign: await this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM) };
  }
}

function checkTime(claim: SigV4Claim, signedAt: number, now: number): void {
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // A presigned URL may be used until it expires, but not before it was signed.
  const skewed = claim.via === 'header' ? Math.abs(now - signedAt) > MAX_SKEW_MS : signedAt - now > MAX_SKEW_MS;
  if (skewed) {
    throw new S3Error('RequestTimeTooSkewed', { RequestTime: claim.amzDate, ServerTime: iso(now), MaxAllowedSkewMilliseconds: MAX_SKEW_MS });
  }
  if (claim.expiresIn !== undefined && now > signedAt + claim.expiresIn * 1000) {
    throw new S3Error('AccessDenied', { 'X-Amz-Expires': claim.expiresIn, Expires: iso(signedAt + claim.expiresIn * 1000), ServerTime: iso(now) }, 'Request has expired');
  }
}

/** The payload hash of the canonical request: x-amz-content-sha256 (required with an Authorization header), or UNSIGNED-PAYLOAD for a presigned URL. */
function claimedPayloadHash(req: ReceivedRequest, claim: SigV4Claim): string {
  const value = req.headers[CONTENT_SHA256]?.trim();
  if (value === undefined) {
    if (claim.via === 'query') return UNSIGNED_PAYLOAD;
    throw new S3Error('InvalidRequest', {}, `Missing required header for this request: ${CONTENT_SHA256}`);
  }
  if (value !== UNSIGNED_PAYLOAD && !/^[0-9a-f]{64}$/.test(value)) {
    throw new S3Error('InvalidArgument', { ArgumentName: CONTENT_SHA256, ArgumentValue: value }, `${CONTENT_SHA256} must be ${UNSIGNED_PAYLOAD} or a valid sha256 value (streaming payloads are not supported here)`);
  }
  return value;
}

/** S3 wants `host` and every x-amz-* header that came signed. */
function checkSignedHeaders(req: ReceivedRequest, claim: SigV4Claim): void {
  const signed = new Set(claim.signedHeaders);
  const unsigned = Object.keys(req.headers).filter((name) => (name === 'host' || name.startsWith('x-amz-')) && !signed.has(name));
  if (!signed.has('host') && !unsigned.includes('host')) unsigned.unshift('host');
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', { HeadersNotSigned: unsigned.sort().join(', ') }, 'There were headers present in the request which were not signed');
  }
}

/** Decoded pairs as the signer takes them (a repeated name -> array), X-Amz-Signature left out. */
function signingQuery(pairs: [string, string][]): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of pairs) {
    if (name === 'X-Amz-Signature') continue;
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  return a.length === b.length && timingSafeEqual(a, b);
}
