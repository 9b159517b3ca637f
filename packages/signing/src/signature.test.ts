import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyInfo, type KeyInfo } from './keys.ts';
import { signatureShapeOk, signBytes, verifyBytes } from './signature.ts';
import { makeKey } from './test-fixtures.ts';

const rsa = makeKey('R', 'rsa');
const ec = makeKey('E', 'ec');
const info = (k: typeof rsa): KeyInfo => keyInfo(k.publicKey) as KeyInfo;
const data = Buffer.from('{"Statement":[]}');

describe('signature shapes', () => {
  const rsaSig = signBytes(data, rsa.privateKey, 'SHA1');
  const ecSig = signBytes(data, ec.privateKey, 'SHA256');

  const table: [name: string, key: typeof rsa, sig: Uint8Array, ok: boolean][] = [
    ['RSA: exactly 256 bytes', rsa, rsaSig, true],
    ['RSA: truncated to 253 bytes', rsa, rsaSig.subarray(0, 253), false],
    ['RSA: 257 bytes', rsa, Buffer.concat([rsaSig, Buffer.from([0])]), false],
    ['RSA: an ECDSA signature', rsa, ecSig, false],
    ['ECDSA: DER SEQUENCE of two INTEGERs', ec, ecSig, true],
    ['ECDSA: truncated by 3 bytes', ec, ecSig.subarray(0, ecSig.length - 3), false],
    ['ECDSA: trailing garbage', ec, Buffer.concat([ecSig, Buffer.from([0])]), false],
    ['ECDSA: raw r||s (64 bytes, not DER)', ec, Buffer.alloc(64, 1), false],
    ['ECDSA: an RSA signature', ec, rsaSig, false],
    ['ECDSA: empty', ec, Buffer.alloc(0), false],
  ];
  for (const [name, key, sig, ok] of table) {
    it(`${name}: ${ok ? 'well-formed' : 'malformed'}`, () => assert.equal(signatureShapeOk(info(key), sig), ok));
  }

  it('ECDSA signatures are DER (what openssl dgst -sign emits)', () => {
    assert.equal(ecSig[0], 0x30);
    assert.equal(ecSig[1], ecSig.length - 2);
  });

  it('verifyBytes checks the digest and never throws', () => {
    assert.ok(verifyBytes(data, rsa.publicKey, rsaSig, 'SHA1'));
    assert.ok(!verifyBytes(data, rsa.publicKey, rsaSig, 'SHA256'));
    assert.ok(verifyBytes(data, ec.publicKey, ecSig, 'SHA256'));
    assert.ok(!verifyBytes(Buffer.from('other'), ec.publicKey, ecSig, 'SHA256'));
    assert.ok(!verifyBytes(data, ec.publicKey, Buffer.from([0x30, 0x02, 0x02, 0x00]), 'SHA1'));
  });
});
