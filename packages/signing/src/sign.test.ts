import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { fromCloudfrontBase64 } from './base64.ts';
import { cannedPolicy, customPolicy } from './policy.ts';
import { signCookies, signUrl } from './sign.ts';
import { makeKey, NOW_S } from './test-fixtures.ts';

const rsa = makeKey('K2JCJMDEHXQW5F', 'rsa');
const ec = makeKey('KEC', 'ec');

function params(url: string): [string, string][] {
  return url
    .slice(url.indexOf('?') + 1)
    .split('&')
    .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as [string, string]);
}

describe('signUrl', () => {
  it("appends Expires, Signature, Key-Pair-Id in the guide's order, signing the canned policy", () => {
    const url = signUrl({ url: 'https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium', keyPairId: rsa.id, privateKey: rsa.privatePem, expires: 1767290400 });
    assert.match(url, /^https:\/\/d111111abcdef8\.cloudfront\.net\/image\.jpg\?color=red&size=medium&Expires=1767290400&Signature=[A-Za-z0-9~_-]+&Key-Pair-Id=K2JCJMDEHXQW5F$/);
    const sig = fromCloudfrontBase64(params(url)[3]![1]);
    assert.ok(sig);
    const text = cannedPolicy('https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium', 1767290400);
    assert.ok(verify('sha1', Buffer.from(text), rsa.publicKey, sig));
  });

  it('adds Hash-Algorithm=SHA256 last and signs with SHA-256', () => {
    const url = signUrl({ url: 'https://h/a.jpg', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: NOW_S, hashAlgorithm: 'SHA256' });
    const p = params(url);
    assert.deepEqual(p.map(([k]) => k), ['Expires', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']);
    assert.equal(p[3]![1], 'SHA256');
    const sig = fromCloudfrontBase64(p[1]![1])!;
    assert.ok(verify('sha256', Buffer.from(cannedPolicy('https://h/a.jpg', NOW_S)), rsa.publicKey, sig));
    assert.ok(!verify('sha1', Buffer.from(cannedPolicy('https://h/a.jpg', NOW_S)), rsa.publicKey, sig));
  });

  it('sends a custom policy as Policy=<CloudFront base64> and signs its exact text', () => {
    const policy = customPolicy({ resource: 'https://h/videos/*', dateLessThan: NOW_S + 60 });
    const url = signUrl({ url: 'https://h/videos/a.mp4', keyPairId: ec.id, privateKey: ec.privatePem, policy });
    const p = params(url);
    assert.deepEqual(p.map(([k]) => k), ['Policy', 'Signature', 'Key-Pair-Id']);
    assert.equal(fromCloudfrontBase64(p[0]![1])?.toString(), policy);
    assert.ok(verify('sha1', Buffer.from(policy), ec.publicKey, fromCloudfrontBase64(p[1]![1])!), 'DER ECDSA signature');
  });

  it('handles URLs ending in ? or &', () => {
    assert.match(signUrl({ url: 'https://h/a?', keyPairId: 'K', privateKey: ec.privateKey, expires: 1 }), /^https:\/\/h\/a\?Expires=1&/);
    assert.match(signUrl({ url: 'https://h/a?x=1&', keyPairId: 'K', privateKey: ec.privateKey, expires: 1 }), /^https:\/\/h\/a\?x=1&Expires=1&/);
  });

  it('RSA signatures are deterministic; ECDSA ones are not', () => {
    const o = { url: 'https://h/a', keyPairId: 'K', expires: NOW_S };
    assert.equal(signUrl({ ...o, privateKey: rsa.privateKey }), signUrl({ ...o, privateKey: rsa.privatePem }));
    assert.notEqual(signUrl({ ...o, privateKey: ec.privateKey }), signUrl({ ...o, privateKey: ec.privateKey }));
  });

  const misuse: [name: string, o: Record<string, unknown>][] = [
    ['both expires and policy', { expires: 1, policy: '{}' }],
    ['neither expires nor policy', {}],
    ['a relative URL', { url: '/a.jpg', expires: 1 }],
    ['a fragment', { url: 'https://h/a#x', expires: 1 }],
    ['an already signed URL', { url: 'https://h/a?Expires=1', expires: 1 }],
    ['an unknown hash algorithm', { expires: 1, hashAlgorithm: 'MD5' }],
    ['an empty key pair id', { expires: 1, keyPairId: '' }],
    ['a fractional expiry', { expires: 1.5 }],
  ];
  for (const [name, o] of misuse) {
    it(`throws a TypeError on ${name}`, () => {
      assert.throws(() => signUrl({ url: 'https://h/a', keyPairId: 'K', privateKey: rsa.privateKey, ...o } as Parameters<typeof signUrl>[0]), TypeError);
    });
  }
});

describe('signCookies', () => {
  it('sets CloudFront-Expires, -Signature, -Key-Pair-Id for a canned policy over the given URL', () => {
    const c = signCookies({ url: 'https://h/a.jpg', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: NOW_S });
    assert.deepEqual(Object.keys(c), ['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id']);
    assert.equal(c['CloudFront-Expires'], String(NOW_S));
    assert.equal(c['CloudFront-Key-Pair-Id'], rsa.id);
    assert.ok(verify('sha1', Buffer.from(cannedPolicy('https://h/a.jpg', NOW_S)), rsa.publicKey, fromCloudfrontBase64(c['CloudFront-Signature']!)!));
  });

  it('sets CloudFront-Policy and CloudFront-Hash-Algorithm for a SHA-256 custom policy', () => {
    const policy = customPolicy({ resource: 'https://h/*', dateLessThan: NOW_S });
    const c = signCookies({ keyPairId: ec.id, privateKey: ec.privateKey, policy, hashAlgorithm: 'SHA256' });
    assert.deepEqual(Object.keys(c), ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm']);
    assert.equal(c['CloudFront-Hash-Algorithm'], 'SHA256');
    assert.equal(fromCloudfrontBase64(c['CloudFront-Policy']!)?.toString(), policy);
    assert.ok(verify('sha256', Buffer.from(policy), ec.publicKey, fromCloudfrontBase64(c['CloudFront-Signature']!)!));
  });

  it('needs a URL for a canned policy', () => {
    assert.throws(() => signCookies({ keyPairId: 'K', privateKey: rsa.privateKey, expires: 1 }), /needs url/);
  });
});
