import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { cloudfrontBase64 } from './base64.ts';
import { DENY_MESSAGES, type DenyCode } from './errors.ts';
import { cannedPolicy, customPolicy } from './policy.ts';
import { signCookies, signUrl } from './sign.ts';
import { makeKey, NOW_MS, NOW_S, verifierFor } from './test-fixtures.ts';
import { Verifier, type VerifyInput, type VerifyResult } from './verifier.ts';
import { signBytes } from './signature.ts';

const rsa = makeKey('KRSA', 'rsa');
const ec = makeKey('KEC', 'ec');
const LATER = NOW_S + 3600;
const IP = '192.0.2.10';

function input(url: string, over: Partial<VerifyInput> = {}): VerifyInput {
  return { url, cookies: {}, ip: IP, now: NOW_MS, ...over };
}

function assertOk(r: VerifyResult, via: 'url' | 'cookies' = 'url'): void {
  assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.detail}`);
  assert.equal(r.via, via);
}

function assertDenied(r: VerifyResult, code: DenyCode, detail?: RegExp): void {
  assert.ok(!r.ok, 'expected a refusal');
  assert.equal(r.code, code, r.detail);
  assert.equal(r.message, DENY_MESSAGES[code]);
  if (detail) assert.match(r.detail, detail);
}

/** Replace (or with `undefined`, remove) one query parameter, keeping the others in place. */
function setParam(url: string, name: string, value: string | undefined): string {
  const [base, query = ''] = url.split('?', 2) as [string, string?];
  const parts = query.split('&').filter((p) => p !== '');
  const i = parts.findIndex((p) => p.split('=')[0] === name);
  if (value === undefined) parts.splice(i, 1);
  else if (i < 0) parts.push(`${name}=${value}`);
  else parts[i] = `${name}=${value}`;
  return parts.length ? `${base}?${parts.join('&')}` : base;
}

function param(url: string, name: string): string {
  const m = new RegExp(`[?&]${name}=([^&]*)`).exec(url);
  assert.ok(m, `${name} in ${url}`);
  return m[1]!;
}

/** Flip one character in the middle of a CloudFront-base64 value, keeping it valid base64. */
function flipChar(value: string): string {
  const i = Math.floor(value.length / 2);
  return value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
}

describe('signed URLs, canned policy', () => {
  for (const key of [rsa, ec]) {
    for (const hashAlgorithm of ['SHA1', 'SHA256'] as const) {
      it(`accepts ${key.id === 'KRSA' ? 'RSA' : 'ECDSA'} ${hashAlgorithm} until Expires`, () => {
        const { verifier } = verifierFor([rsa, ec]);
        const url = signUrl({ url: 'https://d111111abcdef8.cloudfront.net/images/a.jpg?size=large', keyPairId: key.id, privateKey: key.privateKey, expires: LATER, hashAlgorithm });
        const ok = verifier.verify(input(url));
        assertOk(ok);
        assert.equal(ok.ok && ok.keyPairId, key.id);
        assert.equal(ok.ok && ok.policy, 'canned');
        assertOk(verifier.verify(input(url, { now: LATER * 1000 - 1 })));
        assertDenied(verifier.verify(input(url, { now: LATER * 1000 })), 'AccessDenied', /expired/);
      });
    }
  }

  const signed = signUrl({ url: 'https://d111111abcdef8.cloudfront.net/images/a.jpg?size=large', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
  const tampered: [name: string, url: string, code: DenyCode, detail?: RegExp][] = [
    ['one character of the path changed', signed.replace('/images/a.jpg', '/images/b.jpg'), 'AccessDenied', /does not match the canned policy/],
    ['a query parameter added after signing', signed.replace('?size=large', '?size=large&extra=1'), 'AccessDenied'],
    ['a query parameter added at the end', `${signed}&extra=1`, 'AccessDenied'],
    ['a query parameter removed', signed.replace('size=large&', ''), 'AccessDenied'],
    ['a query value changed', signed.replace('size=large', 'size=small'), 'AccessDenied'],
    ['the scheme changed', signed.replace('https://', 'http://'), 'AccessDenied'],
    ['the host changed', signed.replace('d111111abcdef8', 'd222222abcdef8'), 'AccessDenied'],
    ['the path percent-encoded differently', signed.replace('/images/', '/%69mages/'), 'AccessDenied'],
    ['the signature altered', setParam(signed, 'Signature', flipChar(param(signed, 'Signature'))), 'AccessDenied', /does not match/],
    ['Expires changed', setParam(signed, 'Expires', String(LATER + 1)), 'AccessDenied'],
    ['Hash-Algorithm=SHA256 added to a SHA-1 signature', setParam(signed, 'Hash-Algorithm', 'SHA256'), 'AccessDenied'],
    ['Hash-Algorithm=MD5', setParam(signed, 'Hash-Algorithm', 'MD5'), 'AccessDenied', /unsupported hash algorithm/],
    ['Hash-Algorithm=sha1 (lower case)', setParam(signed, 'Hash-Algorithm', 'sha1'), 'AccessDenied', /unsupported hash algorithm/],
    ['Key-Pair-Id missing', setParam(signed, 'Key-Pair-Id', undefined), 'MissingKey'],
    ['Key-Pair-Id empty', setParam(signed, 'Key-Pair-Id', ''), 'MissingKey'],
    ['Key-Pair-Id unknown', setParam(signed, 'Key-Pair-Id', 'APKA9ONS7QCOWEXAMPLE'), 'InvalidKey'],
    ['Key-Pair-Id of the other key', setParam(signed, 'Key-Pair-Id', ec.id), 'MalformedSignature'],
    ['Signature missing', setParam(signed, 'Signature', undefined), 'MalformedSignature'],
    ['Signature empty', setParam(signed, 'Signature', ''), 'MalformedSignature'],
    ['Signature in standard base64', setParam(signed, 'Signature', param(signed, 'Signature').replace(/_/g, '=')), 'MalformedSignature'],
    ['Signature truncated by 4 characters', setParam(signed, 'Signature', param(signed, 'Signature').slice(0, -4)), 'MalformedSignature', /truncated/],
    ['Signature without its padding', setParam(signed, 'Signature', param(signed, 'Signature').replace(/_+$/, '')), 'MalformedSignature'],
    ['Signature of 2,000 characters', setParam(signed, 'Signature', 'A'.repeat(2000)), 'MalformedSignature'],
    ['Expires not a number', setParam(signed, 'Expires', 'tomorrow'), 'MalformedPolicy'],
    ['Expires missing', setParam(signed, 'Expires', undefined), 'MalformedPolicy'],
  ];
  for (const [name, url, code, detail] of tampered) {
    it(`refuses ${name} with ${code}`, () => {
      const { verifier } = verifierFor([rsa, ec]);
      assertOk(verifier.verify(input(signed)));
      assertDenied(verifier.verify(input(url)), code, detail);
    });
  }

  it('accepts your own parameters after Key-Pair-Id ("in certain rare circumstances")', () => {
    const { verifier } = verifierFor([rsa]);
    const url = signUrl({ url: 'https://h/a.jpg?x=1', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertOk(verifier.verify(input(`${url.replace('?x=1&', '?')}&x=1`)));
  });

  it('accepts percent-encoded signing values (~ sent as %7E)', () => {
    const { verifier } = verifierFor([rsa]);
    let url = signUrl({ url: 'https://h/a.jpg', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    while (!param(url, 'Signature').includes('~')) url = signUrl({ url: `https://h/a.jpg?n=${Math.random()}`, keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertOk(verifier.verify(input(setParam(url, 'Signature', param(url, 'Signature').replace(/~/g, '%7E')))));
  });

  it('verifies against the URL as received, without normalizing it', () => {
    const { verifier } = verifierFor([rsa]);
    const raw = 'https://h/a%20b/%C3%BC.jpg?q=a+b&r=%2F';
    assertOk(verifier.verify(input(signUrl({ url: raw, keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER }))));
    const decoded = signUrl({ url: 'https://h/a b/ü.jpg?q=a+b&r=/', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertDenied(verifier.verify(input(`${raw}&${decoded.split('?')[1]!.split('&').slice(2).join('&')}`)), 'AccessDenied');
  });
});

describe('signed URLs, custom policy', () => {
  const sign = (policy: string, url: string, key = rsa): string => signUrl({ url, keyPairId: key.id, privateKey: key.privateKey, policy });

  it('accepts every URL the Resource wildcard matches, and only those', () => {
    const { verifier } = verifierFor([rsa]);
    const policy = customPolicy({ resource: 'https://d111111abcdef8.cloudfront.net/training/*', dateLessThan: LATER });
    for (const path of ['training/orientation.pdf', 'training/a/b.mp4?x=1']) {
      const r = verifier.verify(input(sign(policy, `https://d111111abcdef8.cloudfront.net/${path}`)));
      assertOk(r);
      assert.equal(r.ok && r.policy, 'custom');
    }
    assertDenied(verifier.verify(input(sign(policy, 'https://d111111abcdef8.cloudfront.net/secret/a.pdf'))), 'AccessDenied', /Resource/);
    // The same signed parameters moved to another URL: the policy travels, the Resource decides.
    const moved = sign(policy, 'https://d111111abcdef8.cloudfront.net/training/x').replace('/training/x', '/other/x');
    assertDenied(verifier.verify(input(moved)), 'AccessDenied', /Resource/);
  });

  it('lets the Resource decide whether a query parameter added after signing is allowed', () => {
    const { verifier } = verifierFor([rsa]);
    const exact = sign(customPolicy({ resource: 'https://h/a.jpg', dateLessThan: LATER }), 'https://h/a.jpg');
    assertDenied(verifier.verify(input(`${exact}&extra=1`)), 'AccessDenied', /Resource/);
    const wild = sign(customPolicy({ resource: 'https://h/a.jpg*', dateLessThan: LATER }), 'https://h/a.jpg');
    assertOk(verifier.verify(input(`${wild}&extra=1`)));
  });

  it('without a Resource, accepts any URL', () => {
    const { verifier } = verifierFor([rsa]);
    const url = sign(customPolicy({ dateLessThan: LATER }), 'https://h/a.jpg');
    assertOk(verifier.verify(input(url.replace('https://h/a.jpg', 'http://other.example/z'))));
  });

  it('enforces DateGreaterThan < now < DateLessThan (epoch seconds)', () => {
    const { verifier } = verifierFor([rsa]);
    const url = sign(customPolicy({ resource: 'https://h/*', dateGreaterThan: NOW_S, dateLessThan: NOW_S + 10 }), 'https://h/a');
    assertDenied(verifier.verify(input(url, { now: NOW_MS - 1000 })), 'AccessDenied', /not yet valid/);
    assertDenied(verifier.verify(input(url, { now: NOW_MS + 999 })), 'AccessDenied', /not yet valid/);
    assertOk(verifier.verify(input(url, { now: NOW_MS + 1000 })));
    assertOk(verifier.verify(input(url, { now: NOW_MS + 9999 })));
    assertDenied(verifier.verify(input(url, { now: NOW_MS + 10_000 })), 'AccessDenied', /expired/);
  });

  it('enforces IpAddress (IPv4 and IPv6 ranges)', () => {
    const { verifier } = verifierFor([ec]);
    const v4 = sign(customPolicy({ resource: 'https://h/*', dateLessThan: LATER, ipAddress: '192.0.2.0/24' }), 'https://h/a', ec);
    assertOk(verifier.verify(input(v4, { ip: '192.0.2.200' })));
    assertOk(verifier.verify(input(v4, { ip: '::ffff:192.0.2.200' })));
    assertDenied(verifier.verify(input(v4, { ip: '198.51.100.1' })), 'AccessDenied', /IP/);
    assertDenied(verifier.verify(input(v4, { ip: '' })), 'AccessDenied', /IP/);
    const v6 = sign(customPolicy({ resource: 'https://h/*', dateLessThan: LATER, ipAddress: '2001:db8::/32' }), 'https://h/a', ec);
    assertOk(verifier.verify(input(v6, { ip: '2001:db8::5' })));
    assertDenied(verifier.verify(input(v6, { ip: '192.0.2.1' })), 'AccessDenied', /IP/);
  });

  it('refuses a policy swapped for another (signature over the original)', () => {
    const { verifier } = verifierFor([rsa]);
    const url = sign(customPolicy({ resource: 'https://h/a', dateLessThan: NOW_S + 1 }), 'https://h/a');
    const longer = cloudfrontBase64(customPolicy({ resource: 'https://h/a', dateLessThan: LATER }));
    assertDenied(verifier.verify(input(setParam(url, 'Policy', longer))), 'AccessDenied', /does not match the policy/);
  });

  const malformed: [name: string, policy: string][] = [
    ['invalid JSON', '{"Statement":[{"Condition":'],
    ['two statements', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}},{"Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}}]}'],
    ['no DateLessThan', '{"Statement":[{"Resource":"https://h/*","Condition":{"DateGreaterThan":{"AWS:EpochTime":1}}}]}'],
    ['a quoted epoch', '{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":"9999999999"}}}]}'],
  ];
  for (const [name, policy] of malformed) {
    it(`refuses a correctly signed policy with ${name} as MalformedPolicy`, () => {
      const { verifier } = verifierFor([rsa]);
      assertDenied(verifier.verify(input(sign(policy, 'https://h/a'))), 'MalformedPolicy');
    });
  }

  it('refuses undecodable and oversized policies before decoding them', () => {
    const { verifier } = verifierFor([rsa]);
    const url = sign(customPolicy({ dateLessThan: LATER }), 'https://h/a');
    assertDenied(verifier.verify(input(setParam(url, 'Policy', 'eyJ+abc='))), 'MalformedPolicy');
    assertDenied(verifier.verify(input(setParam(url, 'Policy', ''))), 'MalformedPolicy');
    const huge = cloudfrontBase64(customPolicy({ resource: `https://h/${'x'.repeat(100 * 1024)}`, dateLessThan: LATER }));
    assertDenied(verifier.verify(input(setParam(url, 'Policy', huge))), 'MalformedPolicy', /longer than/);
  });

  it('uses Policy when both Policy and Expires are present', () => {
    const { verifier } = verifierFor([rsa]);
    const url = sign(customPolicy({ resource: 'https://h/*', dateLessThan: LATER }), 'https://h/a');
    const r = verifier.verify(input(`${url}&Expires=1`));
    assertOk(r);
    assert.equal(r.ok && r.policy, 'custom');
  });
});

describe('signed cookies', () => {
  it('canned: CloudFront builds the policy from the request URL, so only that exact URL passes', () => {
    const { verifier } = verifierFor([rsa]);
    const cookies = signCookies({ url: 'https://h/videos/a.m3u8?v=1', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertOk(verifier.verify(input('https://h/videos/a.m3u8?v=1', { cookies })), 'cookies');
    assertDenied(verifier.verify(input('https://h/videos/a.m3u8', { cookies })), 'AccessDenied');
    assertDenied(verifier.verify(input('https://h/videos/a.m3u8?v=1&x=2', { cookies })), 'AccessDenied');
    assertDenied(verifier.verify(input('https://h/videos/b.ts', { cookies })), 'AccessDenied');
    assertDenied(verifier.verify(input('https://h/videos/a.m3u8?v=1', { cookies, now: LATER * 1000 })), 'AccessDenied', /expired/);
  });

  it('custom: one set of cookies grants every URL the Resource matches', () => {
    const { verifier } = verifierFor([ec]);
    const policy = customPolicy({ resource: 'https://h/videos/*', dateLessThan: LATER, ipAddress: '192.0.2.0/24' });
    const cookies = signCookies({ keyPairId: ec.id, privateKey: ec.privateKey, policy, hashAlgorithm: 'SHA256' });
    for (const path of ['a.m3u8', 'seg/1.ts', 'seg/2.ts?range=1']) assertOk(verifier.verify(input(`https://h/videos/${path}`, { cookies })), 'cookies');
    assertDenied(verifier.verify(input('https://h/images/a.jpg', { cookies })), 'AccessDenied', /Resource/);
    assertDenied(verifier.verify(input('https://h/videos/a.m3u8', { cookies, ip: '203.0.113.1' })), 'AccessDenied', /IP/);
    const sha1 = { ...cookies };
    delete sha1['CloudFront-Hash-Algorithm'];
    assertDenied(verifier.verify(input('https://h/videos/a.m3u8', { cookies: sha1 })), 'AccessDenied');
  });

  const base = signCookies({ url: 'https://h/a', keyPairId: 'KRSA', privateKey: rsa.privateKey, expires: LATER });
  const broken: [name: string, cookies: Record<string, string>, code: DenyCode][] = [
    ['no cookies at all', {}, 'MissingKey'],
    ['unrelated cookies only', { session: 'x', 'cloudfront-key-pair-id': 'KRSA' }, 'MissingKey'],
    ['no CloudFront-Key-Pair-Id', { ...base, 'CloudFront-Key-Pair-Id': '' }, 'MissingKey'],
    ['an unknown key', { ...base, 'CloudFront-Key-Pair-Id': 'KNOPE' }, 'InvalidKey'],
    ['an undecodable signature', { ...base, 'CloudFront-Signature': 'a+b/c=' }, 'MalformedSignature'],
    ['no CloudFront-Expires', { 'CloudFront-Signature': base['CloudFront-Signature']!, 'CloudFront-Key-Pair-Id': 'KRSA' }, 'MalformedPolicy'],
    ['an undecodable CloudFront-Policy', { ...base, 'CloudFront-Policy': '%%%' }, 'MalformedPolicy'],
    ['a changed CloudFront-Expires', { ...base, 'CloudFront-Expires': String(LATER + 60) }, 'AccessDenied'],
  ];
  for (const [name, cookies, code] of broken) {
    it(`refuses ${name} with ${code}`, () => {
      const { verifier } = verifierFor([rsa]);
      assertOk(verifier.verify(input('https://h/a', { cookies: base })), 'cookies');
      assertDenied(verifier.verify(input('https://h/a', { cookies })), code);
    });
  }

  it('accepts a numeric CloudFront-Expires (what @aws-sdk/cloudfront-signer returns)', () => {
    const { verifier } = verifierFor([rsa]);
    const cookies = { ...base, 'CloudFront-Expires': LATER } as unknown as Record<string, string>;
    assertOk(verifier.verify(input('https://h/a', { cookies })), 'cookies');
  });
});

describe('a signed URL takes precedence over cookies', () => {
  const cookies = signCookies({ url: 'https://h/a', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });

  it('ignores valid cookies when the URL carries a (bad) signature', () => {
    const { verifier } = verifierFor([rsa]);
    assertOk(verifier.verify(input('https://h/a', { cookies })), 'cookies');
    const url = signUrl({ url: 'https://h/a', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: NOW_S - 1 });
    assertDenied(verifier.verify(input(url, { cookies })), 'AccessDenied', /expired/);
  });

  it('any one signing parameter in the URL is enough to switch to the URL', () => {
    const { verifier } = verifierFor([rsa]);
    assertDenied(verifier.verify(input('https://h/a?Hash-Algorithm=SHA1', { cookies })), 'MissingKey', /Key-Pair-Id query parameter/);
  });

  it('uses the URL when both are valid', () => {
    const { verifier } = verifierFor([rsa]);
    const url = signUrl({ url: 'https://h/a', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertOk(verifier.verify(input(url, { cookies })), 'url');
  });

  it('uses cookies when the URL only has other parameters', () => {
    const { verifier } = verifierFor([rsa]);
    const c = signCookies({ url: 'https://h/a?x=1', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertOk(verifier.verify(input('https://h/a?x=1', { cookies: c })), 'cookies');
  });
});

describe('verification cache', () => {
  const url = signUrl({ url: 'https://h/a', keyPairId: ec.id, privateKey: ec.privateKey, policy: customPolicy({ resource: 'https://h/*', dateLessThan: LATER, ipAddress: '192.0.2.0/24' }) });

  it('skips the signature check on a repeat, but re-checks time, IP and resource every time', () => {
    const { verifier } = verifierFor([ec]);
    const first = verifier.verify(input(url));
    assert.ok(first.ok && !first.cached);
    const second = verifier.verify(input(url));
    assert.ok(second.ok && second.cached);
    assertDenied(verifier.verify(input(url, { now: LATER * 1000 })), 'AccessDenied', /expired/);
    assertDenied(verifier.verify(input(url, { ip: '203.0.113.7' })), 'AccessDenied', /IP/);
    assertDenied(verifier.verify(input(url.replace('https://h/a', 'https://x/a'))), 'AccessDenied', /Resource/);
  });

  it('asks publicKeys on every request: a removed key is refused even when cached', () => {
    const { verifier, trusted, lookups } = verifierFor([ec]);
    assertOk(verifier.verify(input(url)));
    assertOk(verifier.verify(input(url)));
    assert.deepEqual(lookups, [ec.id, ec.id]);
    trusted.delete(ec.id);
    assertDenied(verifier.verify(input(url)), 'InvalidKey');
  });

  it('a key replaced under the same id does not reuse old results', () => {
    const { verifier, trusted } = verifierFor([ec]);
    assertOk(verifier.verify(input(url)));
    trusted.set(ec.id, makeKey(ec.id, 'ec').publicKey);
    assertDenied(verifier.verify(input(url)), 'AccessDenied', /does not match/);
  });

  it('the same key material in a new KeyObject still hits the cache', () => {
    const { verifier, trusted } = verifierFor([ec]);
    assertOk(verifier.verify(input(url)));
    const clone = makeKey('x', 'ec').publicKey; // a different key...
    trusted.set(ec.id, clone);
    assert.ok(!verifier.verify(input(url)).ok);
    trusted.set(ec.id, ec.privateKey); // ...and the original material via another KeyObject
    const r = verifier.verify(input(url));
    assert.ok(r.ok && r.cached);
  });

  it('canned results are cached per URL (the resource is part of the signed text)', () => {
    const { verifier } = verifierFor([rsa]);
    const a = signUrl({ url: 'https://h/a', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertOk(verifier.verify(input(a)));
    assertDenied(verifier.verify(input(a.replace('/a?', '/b?'))), 'AccessDenied');
    const r = verifier.verify(input(a));
    assert.ok(r.ok && r.cached);
  });

  it('never caches with cacheSize 0, and evicts past cacheSize', () => {
    const none = verifierFor([ec], 0).verifier;
    none.verify(input(url));
    const r = none.verify(input(url));
    assert.ok(r.ok && !r.cached);
    const one = verifierFor([rsa], 1).verifier;
    const a = signUrl({ url: 'https://h/a', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    const b = signUrl({ url: 'https://h/b', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    one.verify(input(a));
    one.verify(input(b));
    const again = one.verify(input(a));
    assert.ok(again.ok && !again.cached);
  });

  it('does not cache very large signed texts (bounded memory), but still verifies them', () => {
    const { verifier } = verifierFor([rsa]);
    const big = signUrl({ url: `https://h/${'x'.repeat(5000)}`, keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assert.ok(verifier.verify(input(big)).ok);
    const r = verifier.verify(input(big));
    assert.ok(r.ok && !r.cached);
  });

  it('does not cache refusals', () => {
    const { verifier, trusted } = verifierFor([]);
    assertDenied(verifier.verify(input(url)), 'InvalidKey');
    trusted.set(ec.id, ec.publicKey);
    const r = verifier.verify(input(url));
    assert.ok(r.ok && !r.cached);
  });
});

describe('keys and configuration', () => {
  const url = signUrl({ url: 'https://h/a', keyPairId: 'K', privateKey: rsa.privateKey, expires: LATER });

  it('treats a throwing or odd publicKeys as an unknown key', () => {
    const throwing = new Verifier({ publicKeys: () => { throw new Error('boom'); } });
    assertDenied(throwing.verify(input(url)), 'InvalidKey');
    const odd = new Verifier({ publicKeys: () => rsa.publicPem as unknown as undefined });
    assertDenied(odd.verify(input(url)), 'InvalidKey');
  });

  it('refuses keys CloudFront would not accept (RSA 1024)', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const v = new Verifier({ publicKeys: () => weak.publicKey });
    const signed = `https://h/a?Expires=${LATER}&Signature=${cloudfrontBase64(signBytes(Buffer.from(cannedPolicy('https://h/a', LATER)), weak.privateKey, 'SHA1'))}&Key-Pair-Id=K`;
    assertDenied(v.verify(input(signed)), 'InvalidKey', /2048/);
  });

  it('validates its options', () => {
    assert.throws(() => new Verifier({ publicKeys: undefined as unknown as () => undefined }), /publicKeys/);
    assert.throws(() => new Verifier({ publicKeys: () => undefined, cacheSize: -1 }), /cacheSize/);
    assert.throws(() => new Verifier({ publicKeys: () => undefined, cacheSize: 1.5 }), /cacheSize/);
  });

  it('refuses without a usable clock', () => {
    const { verifier } = verifierFor([rsa]);
    const signed = signUrl({ url: 'https://h/a', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
    assertDenied(verifier.verify(input(signed, { now: Number.NaN })), 'AccessDenied', /clock/);
  });

  it('refuses over-long URLs before parsing them', () => {
    const { verifier } = verifierFor([rsa]);
    assertDenied(verifier.verify(input(`https://h/${'a'.repeat(300_000)}?Key-Pair-Id=KRSA`)), 'AccessDenied', /longer than/);
  });
});
