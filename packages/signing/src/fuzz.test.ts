// Random input in every field must produce a refusal with a CloudFront code, never an exception
// and never the verifier's internal-error fallback. Seeded, so failures reproduce.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '@cachefront/observe';
import { fromCloudfrontBase64 } from './base64.ts';
import { DENY_MESSAGES } from './errors.ts';
import { customPolicy } from './policy.ts';
import { splitSignedUrl } from './query.ts';
import { signCookies, signUrl } from './sign.ts';
import { makeKey, NOW_MS, NOW_S, verifierFor } from './test-fixtures.ts';
import type { VerifyInput, VerifyResult } from './verifier.ts';

const rsa = makeKey('KRSA', 'rsa');
const ec = makeKey('KEC', 'ec');
const LATER = NOW_S + 3600;

function assertWellFormed(r: VerifyResult, what: string): void {
  assert.equal(typeof r, 'object', what);
  if (r.ok) return;
  assert.ok(Object.hasOwn(DENY_MESSAGES, r.code), `${what}: code ${r.code}`);
  assert.equal(r.message, DENY_MESSAGES[r.code], what);
  assert.ok(!r.detail.startsWith('internal error'), `${what}: ${r.detail}`);
}

describe('fuzz', () => {
  const rand = mulberry32(0xc10dfe);
  const int = (n: number): number => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bytes = (n: number): string => String.fromCharCode(...Array.from({ length: n }, () => int(256)));
  const b64ish = (n: number): string => Array.from({ length: n }, () => pick([...'ABCXYZabcxyz0189-~_+/=%']) ).join('');
  const big = [bytes(70_000), b64ish(100_000), 'A'.repeat(20_000) + '__', '%7E'.repeat(20_000)];
  const values = (): string => {
    switch (int(8)) {
      case 0: return '';
      case 1: return bytes(int(40));
      case 2: return b64ish(int(400));
      case 3: return b64ish(4 * int(100));
      case 4: return String(int(1e12));
      case 5: return pick(['SHA1', 'SHA256', 'sha256', 'MD5', 'KRSA', 'KEC', '%', '%7E', '%ZZ', '__proto__']);
      case 6: return pick(big);
      default: return encodeURIComponent(bytes(int(30)));
    }
  };
  const names = ['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm'];
  const valid = signUrl({ url: 'https://h/a.jpg?x=1', keyPairId: rsa.id, privateKey: rsa.privateKey, expires: LATER });
  const validCookies = signCookies({ keyPairId: ec.id, privateKey: ec.privateKey, policy: customPolicy({ resource: 'https://h/*', dateLessThan: LATER }) });

  it('random bytes in every URL parameter and cookie give a DenyCode, never an exception', () => {
    const { verifier } = verifierFor([rsa, ec]);
    for (let i = 0; i < 3000; i++) {
      const inUrl = rand() < 0.6;
      const query = names.filter(() => rand() < 0.7).map((n) => `${n}=${values()}`);
      if (rand() < 0.3) query.push(`${bytes(int(10))}=${bytes(int(10))}`);
      const url = `https://h/${bytes(int(20))}${inUrl ? `?${query.join('&')}` : ''}`;
      const cookies: Record<string, unknown> = {};
      for (const n of names) if (rand() < 0.6) cookies[`CloudFront-${n}`] = rand() < 0.9 ? values() : pick([42, null, {}, [], Number.NaN, undefined]);
      const r = verifier.verify({ url, cookies: cookies as Record<string, string>, ip: rand() < 0.5 ? values() : '192.0.2.1', now: NOW_MS });
      assertWellFormed(r, `iteration ${i}`);
      assert.ok(!r.ok, `iteration ${i} accepted random input`);
    }
  });

  it('garbage in the input object itself gives a DenyCode', () => {
    const { verifier } = verifierFor([rsa, ec]);
    const odd: unknown[] = [undefined, null, 0, 'x', [], {}, { url: 42 }, { url: valid, cookies: 'a=b' }, { url: valid, now: 'soon' }, { url: valid, now: NOW_MS, ip: {} }, { url: 'https://h/a', cookies: Object.create({ 'CloudFront-Key-Pair-Id': 'KRSA' }) }, { url: 'https://h/a', cookies: { ...validCookies, 'CloudFront-Signature': { toString: () => { throw new Error('x'); } } } }];
    for (const [i, o] of odd.entries()) assertWellFormed(verifier.verify(o as VerifyInput), `odd input ${i}`);
  });

  it('single-character mutations of a signed URL are refused unless they mean the same signed request', () => {
    const { verifier } = verifierFor([rsa, ec]);
    const original = splitSignedUrl(valid);
    const alphabet = [...'AZaz09-_~+/=?&%.#'];
    let accepted = 0;
    for (let i = 0; i < 1500; i++) {
      const at = int(valid.length);
      const mutated = valid.slice(0, at) + (rand() < 0.8 ? pick(alphabet) : '') + valid.slice(at + (rand() < 0.8 ? 1 : 0));
      if (mutated === valid) continue;
      const r = verifier.verify({ url: mutated, cookies: {}, ip: '192.0.2.1', now: NOW_MS });
      assertWellFormed(r, mutated);
      if (r.ok) {
        // Only a change CloudFront base64 cannot see (the unused low bits of the last signature
        // character) may pass: same resource, same Expires, same key, same signature bytes.
        accepted++;
        const s = splitSignedUrl(mutated);
        assert.equal(s.resource, original.resource, mutated);
        assert.equal(s.params.Expires, original.params.Expires, mutated);
        assert.equal(s.params['Key-Pair-Id'], original.params['Key-Pair-Id'], mutated);
        assert.deepEqual(fromCloudfrontBase64(s.params.Signature!), fromCloudfrontBase64(original.params.Signature!), mutated);
      }
    }
    assert.ok(accepted < 30, `${accepted} mutations accepted`);
  });
});
