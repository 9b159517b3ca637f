// Identifiers in CloudFront's style, from crypto randomness.

import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlphanumeric(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** A distribution id: `E` + 13 upper-case alphanumerics (docs/control-plane.md). */
export function newDistributionId(): string {
  return `E${randomAlphanumeric(13)}`;
}

/** An invalidation id: `I` + 13 upper-case alphanumerics. */
export function newInvalidationId(): string {
  return `I${randomAlphanumeric(13)}`;
}

/** A public key id: `K` + 13 upper-case alphanumerics, as CloudFront's (e.g. K2JCJMDEHXQW5F). */
export function newPublicKeyId(): string {
  return `K${randomAlphanumeric(13)}`;
}

/** A version's ETag, as CloudFront's: 13 or 14 upper-case alphanumerics, sent unquoted. */
export function newEtag(): string {
  return randomAlphanumeric(13 + randomInt(2));
}

/**
 * The ETag an `If-Match` header names: CloudFront's are unquoted, but a client following
 * RFC 9110 §8.8.3 quotes it (and may mark it weak); both name the same version.
 */
export function etagOf(ifMatch: string): string {
  return ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}
