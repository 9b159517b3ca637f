// Micro-benchmark: Verifier.verify with the signature cache (repeat requests) and without it.
// Run: cd packages/signing && ../../node_modules/.bin/node src/bench.ts

import { customPolicy } from './policy.ts';
import { signCookies, signUrl } from './sign.ts';
import { makeKey, NOW_MS, NOW_S } from './test-fixtures.ts';
import { Verifier, type VerifyInput } from './verifier.ts';

const rsa = makeKey('KRSA', 'rsa');
const ec = makeKey('KEC', 'ec');
const keys = new Map([
  [rsa.id, rsa.publicKey],
  [ec.id, ec.publicKey],
]);
const cached = new Verifier({ publicKeys: (id) => keys.get(id) });
const uncached = new Verifier({ publicKeys: (id) => keys.get(id), cacheSize: 0 });

const later = NOW_S + 3600;
const url = 'https://d111111abcdef8.cloudfront.net/videos/2026/intro/segment-00042.ts?quality=1080p&lang=en';
const policy = customPolicy({ resource: 'https://d111111abcdef8.cloudfront.net/videos/*', dateLessThan: later, ipAddress: '192.0.2.0/24' });
const cases: [name: string, input: VerifyInput][] = [
  ['RSA-2048 SHA1, canned URL', { url: signUrl({ url, keyPairId: rsa.id, privateKey: rsa.privateKey, expires: later }), cookies: {}, ip: '192.0.2.7', now: NOW_MS }],
  ['RSA-2048 SHA256, custom cookies', { url, cookies: signCookies({ keyPairId: rsa.id, privateKey: rsa.privateKey, policy, hashAlgorithm: 'SHA256' }), ip: '192.0.2.7', now: NOW_MS }],
  ['ECDSA P-256 SHA256, custom URL', { url: signUrl({ url, keyPairId: ec.id, privateKey: ec.privateKey, policy, hashAlgorithm: 'SHA256' }), cookies: {}, ip: '192.0.2.7', now: NOW_MS }],
];

function nsPerOp(verifier: Verifier, input: VerifyInput, iterations: number): number {
  for (let i = 0; i < Math.min(iterations, 200); i++) verifier.verify(input); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    if (!verifier.verify(input).ok) throw new Error('bench input failed to verify');
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

const rows = cases.map(([name, input]) => {
  const hit = nsPerOp(cached, input, 200_000);
  const miss = nsPerOp(uncached, input, 2_000);
  return { case: name, 'cached ns/op': Math.round(hit), 'uncached ns/op': Math.round(miss), speedup: `${(miss / hit).toFixed(0)}x` };
});
console.table(rows);
