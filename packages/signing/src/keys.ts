// Public keys CloudFront accepts for signed URLs and signed cookies.
//
// CloudFront API reference, PublicKeyConfig: "CloudFront supports signed URLs and signed cookies
// with RSA 2048 or ECDSA 256 key signatures." The developer guide ("Create key pairs for your
// signers") uploads the public key as PEM. ECDSA 256 is the P-256 curve (`prime256v1`).

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export type KeyType = 'rsa' | 'ec';

const MAX_PEM_LENGTH = 16 * 1024;

/** Parses a PEM public key; only RSA 2048 and ECDSA P-256 are accepted. Never throws. */
export function parsePublicKey(pem: string): { key: KeyObject; type: KeyType } | { error: string } {
  if (typeof pem !== 'string') return { error: 'public key must be a PEM string' };
  if (pem.length > MAX_PEM_LENGTH) return { error: `public key PEM is longer than ${MAX_PEM_LENGTH} characters` };
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    return { error: 'this is a private key; give CloudFront (and cachefront) the public key only' };
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (e) {
    return { error: `not a PEM public key (${e instanceof Error ? e.message : String(e)})` };
  }
  const described = describeKey(key);
  return 'error' in described ? described : { key, type: described.type };
}

/** What verification needs to know about a key, computed once per KeyObject. */
export interface KeyInfo {
  readonly type: KeyType;
  /** SHA-256 of the SPKI DER: same key material, same fingerprint, whatever the KeyObject. */
  readonly fingerprint: string;
  /** RSA only: the exact signature length in bytes (the modulus length). */
  readonly signatureBytes: number | undefined;
}

function describeKey(key: KeyObject): { type: KeyType; signatureBytes: number | undefined } | { error: string } {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    if (details.modulusLength !== 2048) {
      return { error: `RSA keys must be 2048 bits (a CloudFront requirement), this one is ${String(details.modulusLength)} bits` };
    }
    return { type: 'rsa', signatureBytes: 256 };
  }
  if (type === 'ec') {
    if (details.namedCurve !== 'prime256v1') {
      return { error: `ECDSA keys must use the P-256 curve (prime256v1), this one uses ${String(details.namedCurve)}` };
    }
    return { type: 'ec', signatureBytes: undefined };
  }
  return { error: `unsupported key type ${String(type)}; CloudFront accepts RSA 2048 or ECDSA P-256 public keys` };
}

const infos = new WeakMap<KeyObject, KeyInfo | { error: string }>();

/** Memoized per KeyObject; `{ error }` for a key CloudFront would not accept. */
export function keyInfo(key: KeyObject): KeyInfo | { error: string } {
  const known = infos.get(key);
  if (known) return known;
  let info: KeyInfo | { error: string };
  try {
    const described = key.type === 'secret' ? { error: 'a secret key cannot verify signatures' } : describeKey(key);
    if ('error' in described) {
      info = described;
    } else {
      const spki = createPublicKeyObject(key).export({ type: 'spki', format: 'der' });
      info = { ...described, fingerprint: createHash('sha256').update(spki).digest('base64') };
    }
  } catch (e) {
    info = { error: `unusable key (${e instanceof Error ? e.message : String(e)})` };
  }
  infos.set(key, info);
  return info;
}

function createPublicKeyObject(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}
