// Where a request's signing material comes from: the query string or the CloudFront-* cookies.
//
// A signed URL takes precedence: when the URL carries any signing parameter, cookies are not
// read at all. Cookie names are CloudFront's ("Set signed cookies using a canned policy" /
// "... a custom policy"): CloudFront-Expires or CloudFront-Policy, CloudFront-Signature,
// CloudFront-Key-Pair-Id and the optional CloudFront-Hash-Algorithm.

import { splitSignedUrl, type SigningParam } from './query.ts';

export interface Credentials {
  readonly via: 'url' | 'cookies';
  /** The URL minus signing parameters: the canned policy's Resource, or what a custom Resource must match. */
  readonly resource: string;
  readonly keyPairId: string | undefined;
  readonly signature: string | undefined;
  readonly policy: string | undefined;
  readonly expires: string | undefined;
  readonly hashAlgorithm: string | undefined;
}

const MAX_DECODED_LENGTH = 32 * 1024;

export const SIGNING_COOKIES: Readonly<Record<SigningParam, string>> = {
  Expires: 'CloudFront-Expires',
  Policy: 'CloudFront-Policy',
  Signature: 'CloudFront-Signature',
  'Key-Pair-Id': 'CloudFront-Key-Pair-Id',
  'Hash-Algorithm': 'CloudFront-Hash-Algorithm',
};

/**
 * Values may arrive percent-encoded (some clients send `~` as `%7E`); none of CloudFront's
 * signing values contain `%` themselves, so decoding is lossless. Undecodable text stays as is
 * and fails validation later, as does anything too long to bother decoding.
 */
function decode(value: string): string {
  if (value.length > MAX_DECODED_LENGTH || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function cookieValue(cookies: unknown, name: string): string | undefined {
  if (typeof cookies !== 'object' || cookies === null || !Object.hasOwn(cookies, name)) return undefined;
  const value: unknown = (cookies as Record<string, unknown>)[name];
  if (typeof value === 'string') return decode(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value); // e.g. the AWS SDK's CloudFront-Expires
  return undefined;
}

/** The five signing values, each read by `get` from the query string or the cookies. */
function signingValues(get: (name: SigningParam) => string | undefined) {
  return { keyPairId: get('Key-Pair-Id'), signature: get('Signature'), policy: get('Policy'), expires: get('Expires'), hashAlgorithm: get('Hash-Algorithm') };
}

/** The request's signing material, or undefined when there is none (MissingKey). */
export function findCredentials(url: string, cookies: unknown): Credentials | undefined {
  const split = splitSignedUrl(url);
  if (split.signed) {
    const p = split.params;
    return { via: 'url', resource: split.resource, ...signingValues((name) => (p[name] === undefined ? undefined : decode(p[name]))) };
  }
  const found = { via: 'cookies' as const, resource: split.resource, ...signingValues((name) => cookieValue(cookies, SIGNING_COOKIES[name])) };
  const any = found.keyPairId ?? found.signature ?? found.policy ?? found.expires ?? found.hashAlgorithm;
  return any === undefined ? undefined : found;
}
