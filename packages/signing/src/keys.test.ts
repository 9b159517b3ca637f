import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { keyInfo, parsePublicKey } from './keys.ts';
import { makeKey } from './test-fixtures.ts';

const pem = (k: { export: (o: { type: 'spki'; format: 'pem' }) => string | Buffer }): string => k.export({ type: 'spki', format: 'pem' }).toString();

describe('parsePublicKey', () => {
  const rsa = makeKey('R', 'rsa');
  const ec = makeKey('E', 'ec');

  it('accepts RSA 2048 (SPKI and PKCS#1 PEM)', () => {
    const spki = parsePublicKey(rsa.publicPem);
    assert.ok('key' in spki);
    assert.equal(spki.type, 'rsa');
    const pkcs1 = parsePublicKey(rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString());
    assert.ok('key' in pkcs1 && pkcs1.key.equals(rsa.publicKey));
  });

  it('accepts ECDSA P-256', () => {
    const r = parsePublicKey(ec.publicPem);
    assert.ok('key' in r);
    assert.equal(r.type, 'ec');
  });

  const refused: [name: string, input: () => unknown, message: RegExp][] = [
    ['RSA 1024', () => pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey), /RSA keys must be 2048 bits.*1024/],
    ['ECDSA P-384', () => pem(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey), /P-256.*secp384r1/],
    ['Ed25519', () => pem(generateKeyPairSync('ed25519').publicKey), /unsupported key type ed25519/],
    ['a private key', () => rsa.privatePem, /private key/],
    ['garbage', () => '-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n', /not a PEM public key/],
    ['an empty string', () => '', /not a PEM public key/],
    ['a non-string', () => 42, /PEM string/],
    ['a huge string', () => 'A'.repeat(100_000), /longer than/],
  ];
  for (const [name, input, message] of refused) {
    it(`refuses ${name} with a clear error`, () => {
      const r = parsePublicKey(input() as string);
      assert.ok('error' in r);
      assert.match(r.error, message);
    });
  }
});

describe('keyInfo', () => {
  it('fingerprints key material, not KeyObject identity', () => {
    const k = makeKey('E', 'ec');
    const a = keyInfo(k.publicKey);
    const b = keyInfo(createPublicKey(k.publicPem));
    const other = keyInfo(makeKey('E2', 'ec').publicKey);
    assert.ok('fingerprint' in a && 'fingerprint' in b && 'fingerprint' in other);
    assert.equal(a.fingerprint, b.fingerprint);
    assert.notEqual(a.fingerprint, other.fingerprint);
    assert.equal(keyInfo(k.publicKey), a, 'memoized per KeyObject');
  });
});
