// Signature algorithms. CloudFront developer guide, "Linux commands and OpenSSL for base64
// encoding and encryption": `openssl sha1 -sign private_key.pem` (or `sha256`), where "the
// private key signature can be either RSA 2048 or ECDSA 256". That is RSASSA-PKCS1-v1_5 for RSA
// and, for ECDSA, OpenSSL's DER encoding (SEQUENCE { INTEGER r, INTEGER s }). SHA-1 is the
// default; SHA-256 is selected with `Hash-Algorithm=SHA256` / `CloudFront-Hash-Algorithm=SHA256`.

import { sign, verify, type KeyObject } from 'node:crypto';
import type { KeyInfo } from './keys.ts';

export type HashAlgorithm = 'SHA1' | 'SHA256';

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = Object.freeze(['SHA1', 'SHA256']);

export function isHashAlgorithm(value: unknown): value is HashAlgorithm {
  return value === 'SHA1' || value === 'SHA256';
}

const DIGEST: Readonly<Record<HashAlgorithm, string>> = { SHA1: 'sha1', SHA256: 'sha256' };

/** Signs `data` (RSA PKCS#1 v1.5 or DER ECDSA, from the key's type). */
export function signBytes(data: Buffer, privateKey: string | KeyObject, alg: HashAlgorithm): Buffer {
  return sign(DIGEST[alg], data, privateKey);
}

/** Reads one DER length at `at`; returns [length, next offset] or undefined. */
function derLength(buf: Uint8Array, at: number): [number, number] | undefined {
  const first = buf[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return [first, at + 1];
  if (first === 0x81) {
    const len = buf[at + 1];
    return len !== undefined && len >= 0x80 ? [len, at + 2] : undefined;
  }
  return undefined; // P-256 signatures are never longer than 72 bytes
}

/** Reads a DER INTEGER of 1..33 bytes at `at`; returns the next offset or undefined. */
function derInteger(buf: Uint8Array, at: number): number | undefined {
  if (buf[at] !== 0x02) return undefined;
  const len = derLength(buf, at + 1);
  if (!len || len[0] < 1 || len[0] > 33) return undefined;
  const end = len[1] + len[0];
  return end <= buf.length ? end : undefined;
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` filling the buffer exactly. */
function isDerEcdsaSignature(buf: Uint8Array): boolean {
  if (buf.length < 8 || buf.length > 72 || buf[0] !== 0x30) return false;
  const seq = derLength(buf, 1);
  if (!seq || seq[1] + seq[0] !== buf.length) return false;
  const afterR = derInteger(buf, seq[1]);
  return afterR !== undefined && derInteger(buf, afterR) === buf.length;
}

/**
 * Whether decoded signature bytes have the shape the key produces: exactly the modulus length
 * for RSA, a well-formed DER pair for ECDSA. A truncated signature fails here (MalformedSignature)
 * rather than as a mismatch.
 */
export function signatureShapeOk(info: KeyInfo, sig: Uint8Array): boolean {
  return info.type === 'rsa' ? sig.length === info.signatureBytes : isDerEcdsaSignature(sig);
}

/** Never throws: an error inside OpenSSL counts as a mismatch. */
export function verifyBytes(data: Uint8Array, key: KeyObject, sig: Uint8Array, alg: HashAlgorithm): boolean {
  try {
    return verify(DIGEST[alg], data, key, sig);
  } catch {
    return false;
  }
}
