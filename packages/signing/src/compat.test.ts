// Compatibility with the two references users sign with: @aws-sdk/cloudfront-signer (what their
// application code calls) and the OpenSSL procedure in the developer guide ("Linux commands and
// OpenSSL for base64 encoding and encryption").

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getSignedCookies, getSignedUrl } from '@aws-sdk/cloudfront-signer';
import { cloudfrontBase64, fromCloudfrontBase64 } from './base64.ts';
import { cannedPolicy, customPolicy } from './policy.ts';
import { signCookies, signUrl } from './sign.ts';
import { makeKey, NOW_MS, NOW_S, tempDir, verifierFor } from './test-fixtures.ts';
import type { VerifyResult } from './verifier.ts';

const OPENSSL = '/usr/bin/openssl';
const rsa = makeKey('K2JCJMDEHXQW5F', 'rsa');
const ec = makeKey('KECDSAEXAMPLE1', 'ec');
const LATER = NOW_S + 3600;
const tmp = tempDir();
after(() => tmp.cleanup());
const keyFiles = {
  [rsa.id]: { priv: tmp.write('rsa.pem', rsa.privatePem), pub: tmp.write('rsa.pub.pem', rsa.publicPem) },
  [ec.id]: { priv: tmp.write('ec.pem', ec.privatePem), pub: tmp.write('ec.pub.pem', ec.publicPem) },
};

function assertOk(r: VerifyResult, via: 'url' | 'cookies'): void {
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.detail}`);
  assert.equal(r.via, via);
}

function param(url: string, name: string): string {
  const m = new RegExp(`[?&]${name}=([^&]*)`).exec(url);
  assert.ok(m, `${name} in ${url}`);
  return m[1]!;
}

const keys = [
  ['RSA 2048', rsa],
  ['ECDSA P-256', ec],
] as const;
const algorithms = ['SHA1', 'SHA256'] as const;

describe('@aws-sdk/cloudfront-signer output verifies', () => {
  for (const [keyName, key] of keys) {
    for (const algorithm of algorithms) {
      it(`getSignedUrl, canned policy, ${keyName}, ${algorithm}`, () => {
        const { verifier } = verifierFor([rsa, ec]);
        const url = getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/images/photo.jpg?size=large', keyPairId: key.id, privateKey: key.privatePem, dateLessThan: new Date(LATER * 1000), algorithm });
        assert.ok(url.includes('Expires=') && !url.includes('Policy='));
        assert.equal(url.includes('Hash-Algorithm=SHA256'), algorithm === 'SHA256');
        const r = verifier.verify({ url, cookies: {}, ip: '192.0.2.1', now: NOW_MS });
        assertOk(r, 'url');
        assert.equal(r.ok && r.policy, 'canned');
        assert.equal(verifier.verify({ url: url.replace('photo.jpg', 'photo.png'), cookies: {}, ip: '192.0.2.1', now: NOW_MS }).ok, false);
        assert.equal(verifier.verify({ url, cookies: {}, ip: '192.0.2.1', now: LATER * 1000 }).ok, false);
      });

      it(`getSignedUrl, custom policy, ${keyName}, ${algorithm}`, () => {
        const { verifier } = verifierFor([rsa, ec]);
        const policy = customPolicy({ resource: 'https://d111111abcdef8.cloudfront.net/training/*', dateLessThan: LATER, dateGreaterThan: NOW_S - 60, ipAddress: '192.0.2.0/24' });
        const url = getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/training/orientation.pdf', keyPairId: key.id, privateKey: key.privatePem, policy, algorithm });
        assert.equal(fromCloudfrontBase64(param(url, 'Policy'))?.toString(), policy);
        assertOk(verifier.verify({ url, cookies: {}, ip: '192.0.2.99', now: NOW_MS }), 'url');
        assert.equal(verifier.verify({ url, cookies: {}, ip: '198.51.100.1', now: NOW_MS }).ok, false);
      });

      it(`getSignedCookies, canned and custom policy, ${keyName}, ${algorithm}`, () => {
        const { verifier } = verifierFor([rsa, ec]);
        const canned = getSignedCookies({ url: 'https://d111111abcdef8.cloudfront.net/videos/intro.m3u8', keyPairId: key.id, privateKey: key.privatePem, dateLessThan: new Date(LATER * 1000), algorithm });
        assert.equal(canned['CloudFront-Hash-Algorithm'], algorithm === 'SHA256' ? 'SHA256' : undefined);
        const cannedCookies = canned as unknown as Record<string, string>; // CloudFront-Expires is a number here
        assertOk(verifier.verify({ url: 'https://d111111abcdef8.cloudfront.net/videos/intro.m3u8', cookies: cannedCookies, ip: '192.0.2.1', now: NOW_MS }), 'cookies');
        assert.equal(verifier.verify({ url: 'https://d111111abcdef8.cloudfront.net/videos/other.m3u8', cookies: cannedCookies, ip: '192.0.2.1', now: NOW_MS }).ok, false);

        const policy = customPolicy({ resource: 'https://d111111abcdef8.cloudfront.net/videos/*', dateLessThan: LATER });
        const custom = getSignedCookies({ policy, keyPairId: key.id, privateKey: key.privatePem, algorithm }) as unknown as Record<string, string>;
        for (const path of ['intro.m3u8', 'seg/001.ts']) {
          assertOk(verifier.verify({ url: `https://d111111abcdef8.cloudfront.net/videos/${path}`, cookies: custom, ip: '192.0.2.1', now: NOW_MS }), 'cookies');
        }
      });
    }
  }

  it('getSignedCookies, canned policy over a wildcard URL: refused, as CloudFront does (aws/aws-sdk-js#2169)', () => {
    const { verifier } = verifierFor([rsa]);
    const cookies = getSignedCookies({ url: 'https://d111111abcdef8.cloudfront.net/videos/*', keyPairId: rsa.id, privateKey: rsa.privatePem, dateLessThan: new Date(LATER * 1000) });
    assert.ok(cookies['CloudFront-Expires'] !== undefined && cookies['CloudFront-Policy'] === undefined, 'the SDK makes a canned policy');
    const r = verifier.verify({ url: 'https://d111111abcdef8.cloudfront.net/videos/intro.m3u8', cookies: cookies as unknown as Record<string, string>, ip: '192.0.2.1', now: NOW_MS });
    assert.ok(!r.ok && r.code === 'AccessDenied');
    assert.match(r.detail, /canned-policy cookie covers exactly the requested URL/);
  });

  it('getSignedUrl with dateGreaterThan / ipAddress builds the same policy text as customPolicy', () => {
    const { verifier } = verifierFor([rsa]);
    const url = getSignedUrl({ url: 'https://h.example/a.jpg', keyPairId: rsa.id, privateKey: rsa.privatePem, dateLessThan: new Date(LATER * 1000), dateGreaterThan: new Date((NOW_S - 10) * 1000), ipAddress: '192.0.2.1' });
    const expected = customPolicy({ resource: 'https://h.example/a.jpg', dateLessThan: LATER, dateGreaterThan: NOW_S - 10, ipAddress: '192.0.2.1' });
    assert.equal(fromCloudfrontBase64(param(url, 'Policy'))?.toString(), expected);
    assertOk(verifier.verify({ url, cookies: {}, ip: '192.0.2.1', now: NOW_MS }), 'url');
  });

  it('getSignedUrl on a URL it percent-encodes (spaces, non-ASCII) still verifies as received', () => {
    const { verifier } = verifierFor([rsa]);
    const url = getSignedUrl({ url: 'https://h.example/my photos/été.jpg?caption=a b', keyPairId: rsa.id, privateKey: rsa.privatePem, dateLessThan: new Date(LATER * 1000) });
    assert.match(url, /^https:\/\/h\.example\/my%20photos\/%C3%A9t%C3%A9\.jpg\?caption=a%20b&/);
    assertOk(verifier.verify({ url, cookies: {}, ip: '192.0.2.1', now: NOW_MS }), 'url');
  });

  it('our RSA signatures are byte-identical to the SDK\'s (canned and custom, SHA1 and SHA256)', () => {
    for (const algorithm of algorithms) {
      const sdk = getSignedUrl({ url: 'https://h.example/a.jpg?x=1', keyPairId: rsa.id, privateKey: rsa.privatePem, dateLessThan: new Date(LATER * 1000), algorithm });
      const ours = signUrl({ url: 'https://h.example/a.jpg?x=1', keyPairId: rsa.id, privateKey: rsa.privatePem, expires: LATER, hashAlgorithm: algorithm });
      assert.equal(param(ours, 'Signature'), param(sdk, 'Signature'));
      const policy = customPolicy({ resource: 'https://h.example/*', dateLessThan: LATER });
      const sdkCookies = getSignedCookies({ policy, keyPairId: rsa.id, privateKey: rsa.privatePem, algorithm });
      const ourCookies = signCookies({ policy, keyPairId: rsa.id, privateKey: rsa.privatePem, hashAlgorithm: algorithm });
      assert.deepEqual(ourCookies, { ...sdkCookies });
    }
  });
});

/** `openssl dgst -<alg> -sign key.pem policy` (the guide's `openssl sha1 -sign`), raw signature bytes. */
function opensslSign(policyFile: string, keyId: string, alg: 'SHA1' | 'SHA256'): Buffer {
  return execFileSync(OPENSSL, ['dgst', `-${alg.toLowerCase()}`, '-sign', keyFiles[keyId]!.priv, policyFile]);
}

/** `openssl dgst -<alg> -verify pub.pem -signature sig policy`. */
function opensslVerifies(policyFile: string, keyId: string, alg: 'SHA1' | 'SHA256', signature: Buffer): boolean {
  const sigFile = tmp.write(`sig-${keyId}-${alg}.bin`, signature);
  try {
    return execFileSync(OPENSSL, ['dgst', `-${alg.toLowerCase()}`, '-verify', keyFiles[keyId]!.pub, '-signature', sigFile, policyFile]).toString().trim() === 'Verified OK';
  } catch {
    return false; // openssl exits 1 on "Verification failure"
  }
}

describe('the OpenSSL procedure from the developer guide', () => {
  it('the documented shell pipeline produces our canned-policy signature byte for byte (RSA, SHA1 and SHA256)', () => {
    // The guide's canned policy template, laid out with whitespace as in the guide.
    const resource = 'https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium';
    const pretty = `{\n   "Statement":[\n      {\n         "Resource":"${resource}",\n         "Condition":{\n            "DateLessThan":{\n               "AWS:EpochTime":${LATER}\n            }\n         }\n      }\n   ]\n}\n`;
    const policyFile = tmp.write('pretty-policy.json', pretty);
    for (const alg of algorithms) {
      const pipeline = `cat policy | tr -d "\\n" | tr -d " \\t\\n\\r" | ${OPENSSL} ${alg.toLowerCase()} -sign private_key.pem | ${OPENSSL} base64 -A | tr -- '+=/' '-_~'`;
      const script = pipeline.replace('cat policy', `cat '${policyFile}'`).replace('private_key.pem', `'${keyFiles[rsa.id]!.priv}'`);
      const documented = execFileSync('/bin/bash', ['-c', script]).toString();
      const ours = signUrl({ url: resource, keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER, hashAlgorithm: alg });
      assert.equal(param(ours, 'Signature'), documented, alg);
    }
  });

  for (const alg of algorithms) {
    it(`openssl dgst -sign equals our RSA signature and openssl dgst -verify accepts it (custom policy, ${alg})`, () => {
      const policy = customPolicy({ resource: 'https://h.example/*', dateLessThan: LATER, ipAddress: '192.0.2.0/24' });
      const policyFile = tmp.write(`custom-${alg}.json`, policy);
      const url = signUrl({ url: 'https://h.example/a', keyPairId: rsa.id, privateKey: rsa.privateKey, policy, hashAlgorithm: alg });
      const ours = fromCloudfrontBase64(param(url, 'Signature'))!;
      assert.deepEqual(opensslSign(policyFile, rsa.id, alg), ours);
      assert.ok(opensslVerifies(policyFile, rsa.id, alg, ours));
      assert.ok(!opensslVerifies(policyFile, rsa.id, alg === 'SHA1' ? 'SHA256' : 'SHA1', ours), 'the other digest fails');
    });

    it(`openssl dgst -verify accepts our ECDSA signature, and our verifier accepts openssl's (${alg})`, () => {
      const { verifier } = verifierFor([ec]);
      const text = cannedPolicy('https://h.example/a.jpg', LATER);
      const policyFile = tmp.write(`canned-ec-${alg}.json`, text);
      const url = signUrl({ url: 'https://h.example/a.jpg', keyPairId: ec.id, privateKey: ec.privateKey, expires: LATER, hashAlgorithm: alg });
      assert.ok(opensslVerifies(policyFile, ec.id, alg, fromCloudfrontBase64(param(url, 'Signature'))!));
      const theirs = cloudfrontBase64(opensslSign(policyFile, ec.id, alg));
      const suffix = alg === 'SHA256' ? '&Hash-Algorithm=SHA256' : '';
      assertOk(verifier.verify({ url: `https://h.example/a.jpg?Expires=${LATER}&Signature=${theirs}&Key-Pair-Id=${ec.id}${suffix}`, cookies: {}, ip: '192.0.2.1', now: NOW_MS }), 'url');
    });
  }

  it('a signature made by openssl over a different URL is refused', () => {
    const { verifier } = verifierFor([rsa]);
    const policyFile = tmp.write('other.json', cannedPolicy('https://h.example/other.jpg', LATER));
    const sig = cloudfrontBase64(opensslSign(policyFile, rsa.id, 'SHA1'));
    const r = verifier.verify({ url: `https://h.example/a.jpg?Expires=${LATER}&Signature=${sig}&Key-Pair-Id=${rsa.id}`, cookies: {}, ip: '192.0.2.1', now: NOW_MS });
    assert.ok(!r.ok && r.code === 'AccessDenied');
  });
});
