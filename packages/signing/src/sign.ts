// Creating signed URLs and signed cookies.
//
// CloudFront developer guide:
// - "Create a signed URL using a canned policy": base URL (with your own query string), then
//   `Expires=…&Signature=…&Key-Pair-Id=…` and, for SHA-256, `&Hash-Algorithm=SHA256`.
// - "Create a signed URL using a custom policy": `Policy=<CloudFront base64 of the JSON>`
//   instead of `Expires`.
// - "Set signed cookies using a canned/custom policy": `CloudFront-Expires` or
//   `CloudFront-Policy`, `CloudFront-Signature`, `CloudFront-Key-Pair-Id`, and optionally
//   `CloudFront-Hash-Algorithm`.
// The URL is used exactly as given (no percent-encoding is added or removed): sign the URL the
// viewer will request.

import type { KeyObject } from 'node:crypto';
import { cloudfrontBase64 } from './base64.ts';
import { cannedPolicy } from './policy.ts';
import { splitSignedUrl } from './query.ts';
import { isHashAlgorithm, signBytes, type HashAlgorithm } from './signature.ts';

interface SignCommon {
  keyPairId: string;
  /** PEM (PKCS#8, PKCS#1 or SEC1) or a private KeyObject: RSA 2048 or ECDSA P-256. */
  privateKey: string | KeyObject;
  /** Canned policy: epoch seconds. Exactly one of `expires` and `policy`. */
  expires?: number;
  /** Custom policy: the JSON text (see `customPolicy`). Exactly one of `expires` and `policy`. */
  policy?: string;
  /** Default SHA1; SHA256 adds `Hash-Algorithm=SHA256`. */
  hashAlgorithm?: HashAlgorithm;
}

export interface SignUrlOptions extends SignCommon {
  url: string;
}

export interface SignCookiesOptions extends SignCommon {
  /** Canned policy only: the URL the cookies grant (CloudFront rebuilds the policy from the request URL). */
  url?: string;
}

interface Signed {
  kind: 'canned' | 'custom';
  /** Expires value or CloudFront-base64 policy. */
  policyValue: string;
  signature: string;
  hashAlgorithm: HashAlgorithm;
}

function signPolicy(o: SignCommon, cannedResource: () => string): Signed {
  if (typeof o.keyPairId !== 'string' || o.keyPairId === '') throw new TypeError('keyPairId must be a non-empty string');
  const hashAlgorithm = o.hashAlgorithm ?? 'SHA1';
  if (!isHashAlgorithm(hashAlgorithm)) throw new TypeError(`hashAlgorithm must be SHA1 or SHA256, got ${String(hashAlgorithm)}`);
  if ((o.expires === undefined) === (o.policy === undefined)) throw new TypeError('give exactly one of expires (canned policy) and policy (custom policy)');
  if (o.policy !== undefined) {
    if (typeof o.policy !== 'string') throw new TypeError('policy must be the JSON text of a custom policy');
    const signature = cloudfrontBase64(signBytes(Buffer.from(o.policy, 'utf8'), o.privateKey, hashAlgorithm));
    return { kind: 'custom', policyValue: cloudfrontBase64(o.policy), signature, hashAlgorithm };
  }
  const expires = o.expires as number;
  const text = cannedPolicy(cannedResource(), expires);
  const signature = cloudfrontBase64(signBytes(Buffer.from(text, 'utf8'), o.privateKey, hashAlgorithm));
  return { kind: 'canned', policyValue: String(expires), signature, hashAlgorithm };
}

/** `?` when the URL has no query, nothing when it already ends with `?` or `&`, else `&`. */
function separator(url: string): string {
  if (!url.includes('?')) return '?';
  return url.endsWith('?') || url.endsWith('&') ? '' : '&';
}

export function signUrl(o: SignUrlOptions): string {
  const url = o.url;
  if (typeof url !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw new TypeError('url must be an absolute URL (scheme://host/path)');
  if (url.includes('#')) throw new TypeError('url must not contain a fragment');
  const existing = splitSignedUrl(url);
  if (existing.signed) throw new TypeError(`url already has a CloudFront signing parameter (${Object.keys(existing.params).join(', ')})`);
  const prefix = url + separator(url);
  // The resource is computed exactly as the verifier will see it once the parameters are appended.
  const signed = signPolicy(o, () => splitSignedUrl(`${prefix}Expires=0`).resource);
  const first = signed.kind === 'canned' ? `Expires=${signed.policyValue}` : `Policy=${signed.policyValue}`;
  let out = `${prefix}${first}&Signature=${signed.signature}&Key-Pair-Id=${encodeURIComponent(o.keyPairId)}`;
  if (signed.hashAlgorithm === 'SHA256') out += '&Hash-Algorithm=SHA256';
  return out;
}

export function signCookies(o: SignCookiesOptions): Record<string, string> {
  const signed = signPolicy(o, () => {
    if (typeof o.url !== 'string' || o.url === '') throw new TypeError('a canned-policy cookie needs url: the exact URL it grants');
    const split = splitSignedUrl(o.url);
    if (split.signed) throw new TypeError('url must not contain CloudFront signing parameters');
    return split.resource;
  });
  const cookies: Record<string, string> = {};
  cookies[signed.kind === 'canned' ? 'CloudFront-Expires' : 'CloudFront-Policy'] = signed.policyValue;
  cookies['CloudFront-Signature'] = signed.signature;
  cookies['CloudFront-Key-Pair-Id'] = o.keyPairId;
  if (signed.hashAlgorithm === 'SHA256') cookies['CloudFront-Hash-Algorithm'] = 'SHA256';
  return cookies;
}
