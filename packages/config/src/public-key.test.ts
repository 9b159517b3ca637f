import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodedKeyProblem } from './public-key.ts';
import { testKeyPair, testPem, type TestKeyKind } from './test-fixtures.ts';

const BEGIN = '-----BEGIN PUBLIC KEY-----';
const END = '-----END PUBLIC KEY-----';
const ONE_KEY = `must hold one PEM public key and nothing else, from '${BEGIN}' to '${END}'`;
const NOT_PEM = `must be a PEM public key: '${BEGIN}', base64 lines, '${END}'`;
const PRIVATE = 'is a private key; give the public key only (openssl pkey -in private_key.pem -pubout)';

const pkcs1 = () => testKeyPair('rsa2048').publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8Private = (kind: TestKeyKind) => testKeyPair(kind).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** [name, encodedKey, expected problem (undefined = accepted, RegExp = OpenSSL's words vary)] */
const table: [string, () => string, string | RegExp | undefined][] = [
  // PublicKeyConfig: "RSA 2048 or ECDSA 256".
  ['RSA 2048', () => testPem('rsa2048'), undefined],
  ['ECDSA P-256', () => testPem('ec256'), undefined],
  ['surrounding whitespace (a YAML block scalar)', () => `\n  ${testPem('ec256')}\n\n`, undefined],
  ['CRLF line endings', () => testPem('rsa2048').replaceAll('\n', '\r\n'), undefined],
  ['RSA 1024', () => testPem('rsa1024'), 'is a 1024-bit RSA key; CloudFront requires RSA keys of 2048 bits'],
  ['RSA 3072', () => testPem('rsa3072'), 'is a 3072-bit RSA key; CloudFront requires RSA keys of 2048 bits'],
  ['ECDSA P-384', () => testPem('ec384'), 'is an ECDSA key on the secp384r1 curve; CloudFront accepts ECDSA keys on P-256 (prime256v1) only'],
  ['Ed25519', () => testPem('ed25519'), 'is a key of type ed25519; CloudFront accepts RSA 2048-bit and ECDSA P-256 public keys only'],
  ['RSA-PSS 2048', () => testPem('rsaPss2048'), 'is a key of type rsa-pss; CloudFront accepts RSA 2048-bit and ECDSA P-256 public keys only'],
  ['a private key', () => pkcs8Private('rsa2048'), PRIVATE],
  ['a private key after a public one', () => `${testPem('ec256')}\n${pkcs8Private('ec256')}`, PRIVATE],
  [
    'PKCS#1 (BEGIN RSA PUBLIC KEY)',
    pkcs1,
    `must be a PEM public key ('${BEGIN}'), not '-----BEGIN RSA PUBLIC KEY-----' (convert it: openssl rsa -RSAPublicKey_in -in key.pem -pubout)`,
  ],
  ['a certificate', () => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', `must be a PEM public key ('${BEGIN}'), not '-----BEGIN CERTIFICATE-----'`],
  ['empty', () => '', NOT_PEM],
  ['base64 without the PEM lines', () => testPem('ec256').split('\n').slice(1, -2).join('\n'), NOT_PEM],
  ['two keys', () => `${testPem('ec256')}${testPem('rsa2048')}`, ONE_KEY],
  ['text before the key', () => `my key:\n${testPem('ec256')}`, ONE_KEY],
  ['no END line', () => testPem('ec256').replace(END, ''), ONE_KEY],
  ['not base64 inside', () => `${BEGIN}\nthis is not a key\n${END}`, /^is not a readable PEM public key \(.+\)$/],
  ['a truncated key', () => { const lines = testPem('rsa2048').trim().split('\n'); return [...lines.slice(0, 3), END].join('\n'); }, /^is not a readable PEM public key \(.+\)$/],
];

describe('encodedKey: RSA 2048 and ECDSA P-256 PEM public keys only', () => {
  for (const [name, pem, expected] of table) {
    it(name, () => {
      const problem = encodedKeyProblem(pem());
      if (expected instanceof RegExp) assert.match(problem ?? '', expected);
      else assert.equal(problem, expected);
    });
  }

  it('never quotes the key in a message', () => {
    const secret = pkcs8Private('ec256');
    const body = secret.split('\n')[1] as string;
    assert.ok(!(encodedKeyProblem(secret) ?? '').includes(body));
  });
});
