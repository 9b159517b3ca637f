// The demo's signing key: checked once, when the app is created (a bad key fails at startup,
// not on the first visitor).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { parsePublicKey } from '@cachefront/signing';

export interface SignedDemoOptions {
  /** Id of the public key in the trusted key group (`Key-Pair-Id`). */
  keyPairId: string;
  /** PEM private key (RSA 2048 or ECDSA P-256) matching that public key. */
  privateKey: string;
}

export interface SignedDemoKey {
  keyPairId: string;
  privateKey: KeyObject;
}

/** Config key ids: 1 to 128 letters, digits, '-' and '_' (the rule @cachefront/config applies). */
const KEY_PAIR_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Throws a TypeError naming the bad option. */
export function loadSignedDemoKey(o: SignedDemoOptions): SignedDemoKey {
  if (typeof o?.keyPairId !== 'string' || !KEY_PAIR_ID.test(o.keyPairId)) {
    throw new TypeError(`signedDemo.keyPairId must be 1 to 128 letters, digits, '-' or '_', got ${JSON.stringify(o?.keyPairId)}`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: o.privateKey, format: 'pem' });
  } catch (e) {
    throw new TypeError(`signedDemo.privateKey is not a PEM private key (${e instanceof Error ? e.message : String(e)})`);
  }
  // The edge verifies with the public half, which must be a key CloudFront accepts.
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const checked = parsePublicKey(publicPem);
  if ('error' in checked) throw new TypeError(`signedDemo.privateKey: ${checked.error}`);
  return { keyPairId: o.keyPairId, privateKey };
}
