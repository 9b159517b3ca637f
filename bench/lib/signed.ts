// Private content for the `cachefront-signed` target: an RSA 2048 key pair made at bench
// start, the config that trusts its public key on one path pattern, and the signed URLs wrk
// requests. CloudFront developer guide, "Create a signed URL using a canned policy" (SHA1)
// and "Restrict access with trusted key groups".
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signUrl } from '@cachefront/signing';

export const KEY_PAIR_ID = 'KBENCH0000001';
export const KEY_GROUP_ID = 'bench-signers';
/** The origin's `/bytes/:n/*` answers `/bytes/:n/signed` with the same n bytes as `/bytes/:n`. */
export const SIGNED_PATH_PATTERN = '/bytes/*/signed';
/** Canned policy expiry: a day after the bench starts. */
const VALID_S = 24 * 60 * 60;

export interface Signer {
  /** SPKI PEM, as the config's `publicKeys[].encodedKey`. */
  publicKeyPem: string;
  privateKey: KeyObject;
  /** Epoch seconds. */
  expires: number;
}

export function newSigner(nowMs: number): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey,
    expires: Math.floor(nowMs / 1000) + VALID_S,
  };
}

/** The top-level `publicKeys` and `keyGroups` of the edge config (the PEM as a JSON string, which YAML reads as-is). */
export function keysYaml(s: Signer): string {
  return `publicKeys:
  - id: ${KEY_PAIR_ID}
    encodedKey: ${JSON.stringify(s.publicKeyPem)}
keyGroups:
  - id: ${KEY_GROUP_ID}
    items: [${KEY_PAIR_ID}]
`;
}

/** A distribution's behaviors (YAML): the default one open, `SIGNED_PATH_PATTERN` (same origin and cache policy) only for URLs the key group signed. */
export const SIGNED_BEHAVIORS_YAML = `    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: Managed-CachingOptimized
    cacheBehaviors:
      - pathPattern: ${SIGNED_PATH_PATTERN}
        targetOriginId: origin
        cachePolicyId: Managed-CachingOptimized
        trustedKeyGroups: [${KEY_GROUP_ID}]
`;

/**
 * The request target (path and query) of a signed URL for `http://<host><target>`: the edge
 * verifies the URL as received, `http://<Host header><request target>`, so this is signed
 * for exactly the Host wrk sends.
 */
export function signedTarget(s: Signer, host: string, target: string): string {
  const base = `http://${host}`;
  const url = signUrl({ url: `${base}${target}`, keyPairId: KEY_PAIR_ID, privateKey: s.privateKey, expires: s.expires });
  return url.slice(base.length);
}
