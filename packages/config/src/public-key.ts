// The public keys CloudFront accepts for signed URLs and signed cookies. API reference,
// PublicKeyConfig, and "Create key pairs for your signers": the key is uploaded as PEM,
// and "CloudFront supports signed URLs and signed cookies with RSA 2048 or ECDSA 256 key
// signatures" (ECDSA 256 is the P-256 curve, OpenSSL's prime256v1).

import { createPublicKey, type KeyObject } from 'node:crypto';

const BEGIN = '-----BEGIN PUBLIC KEY-----';
const END = '-----END PUBLIC KEY-----';
const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/** Why `pem` is not a public key CloudFront accepts, or undefined. Never throws; never quotes the key. */
export function encodedKeyProblem(pem: string): string | undefined {
  const text = pem.trim();
  const labels = [...text.matchAll(PEM_LABEL)].map((m) => m[1] as string);
  if (labels.some((l) => l.includes('PRIVATE KEY'))) {
    return 'is a private key; give the public key only (openssl pkey -in private_key.pem -pubout)';
  }
  const label = labels[0];
  if (label === undefined) return `must be a PEM public key: '${BEGIN}', base64 lines, '${END}'`;
  if (label !== 'PUBLIC KEY') {
    const hint = label === 'RSA PUBLIC KEY' ? ' (convert it: openssl rsa -RSAPublicKey_in -in key.pem -pubout)' : '';
    return `must be a PEM public key ('${BEGIN}'), not '-----BEGIN ${label}-----'${hint}`;
  }
  if (labels.length > 1 || !text.startsWith(BEGIN) || !text.endsWith(END)) {
    return `must hold one PEM public key and nothing else, from '${BEGIN}' to '${END}'`;
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (err) {
    return `is not a readable PEM public key (${err instanceof Error ? err.message : String(err)})`;
  }
  return keyTypeProblem(key);
}

function keyTypeProblem(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    if (details.modulusLength === 2048) return undefined;
    return `is a ${String(details.modulusLength)}-bit RSA key; CloudFront requires RSA keys of 2048 bits`;
  }
  if (type === 'ec') {
    if (details.namedCurve === 'prime256v1') return undefined;
    return `is an ECDSA key on the ${String(details.namedCurve)} curve; CloudFront accepts ECDSA keys on P-256 (prime256v1) only`;
  }
  return `is a key of type ${String(type)}; CloudFront accepts RSA 2048-bit and ECDSA P-256 public keys only`;
}
