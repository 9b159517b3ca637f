// SigV4 verification, table-driven: requests signed by the SDK's own signer pass; each
// change a signature must catch is refused with AWS's code.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CloudFrontError } from './errors.ts';
import { verifySignature, type SignedRequest } from './sigv4.ts';
import { signedHeaders } from './test-signing.ts';

const KEY = { id: 'CFAKTESTTESTTESTTEST', secret: 'secret-secret-secret-secret-secret-secre' };
const secretOf = (id: string) => (id === KEY.id ? KEY.secret : undefined);
const NOW = Date.UTC(2024, 0, 2, 3, 4, 5);
const BODY = '<InvalidationBatch><CallerReference>r</CallerReference></InvalidationBatch>';

async function request(o: { target?: string; body?: string; key?: typeof KEY; date?: Date; service?: string } = {}): Promise<SignedRequest> {
  const target = o.target ?? '/2020-05-31/distribution/E1/invalidation?MaxItems=5';
  const headers = await signedHeaders({ method: 'POST', target, body: o.body ?? BODY, key: o.key ?? KEY, date: o.date ?? new Date(NOW), host: 'cp.test:8787', service: o.service });
  const url = new URL(target, 'http://cp.test:8787');
  return { method: 'POST', path: url.pathname, query: [...url.searchParams], headers, body: Buffer.from(o.body ?? BODY) };
}

async function refused(req: SignedRequest, code: string): Promise<void> {
  await assert.rejects(verifySignature(req, secretOf, NOW), (err: unknown) => {
    assert.ok(err instanceof CloudFrontError, String(err));
    assert.equal(err.code, code);
    return true;
  });
}

describe('SigV4', () => {
  test('a request signed by the SDK signer passes, with its key id', async () => {
    assert.equal(await verifySignature(await request(), secretOf, NOW), KEY.id);
    // 14 minutes off is still within the skew AWS allows.
    assert.equal(await verifySignature(await request({ date: new Date(NOW - 14 * 60_000) }), secretOf, NOW), KEY.id);
    // Labels with characters the canonical URI encodes again.
    assert.equal(await verifySignature(await request({ target: '/2020-05-31/function/a%20b%2Bc/describe' }), secretOf, NOW), KEY.id);
  });

  const cases: [string, () => Promise<SignedRequest>, string][] = [
    ['no Authorization header', async () => ({ ...(await request()), headers: { host: 'cp.test:8787' } }), 'MissingAuthenticationToken'],
    ['an unknown access key', () => request({ key: { id: 'CFAKUNKNOWNUNKNOWNUN', secret: KEY.secret } }), 'InvalidClientTokenId'],
    ['a wrong secret', () => request({ key: { id: KEY.id, secret: 'wrong' } }), 'SignatureDoesNotMatch'],
    ['another service', () => request({ service: 's3' }), 'SignatureDoesNotMatch'],
    ['a changed body', async () => ({ ...(await request()), body: Buffer.from(BODY.replace('r<', 's<')) }), 'SignatureDoesNotMatch'],
    ['a changed query', async () => ({ ...(await request()), query: [['MaxItems', '6']] }), 'SignatureDoesNotMatch'],
    ['a changed path', async () => ({ ...(await request()), path: '/2020-05-31/distribution/E2/invalidation' }), 'SignatureDoesNotMatch'],
    ['a changed signed header', async () => { const r = await request(); return { ...r, headers: { ...r.headers, host: 'evil.test' } }; }, 'SignatureDoesNotMatch'],
    ['signed 16 minutes ago', () => request({ date: new Date(NOW - 16 * 60_000) }), 'RequestTimeTooSkewed'],
    ['signed 16 minutes ahead', () => request({ date: new Date(NOW + 16 * 60_000) }), 'RequestTimeTooSkewed'],
    ['a malformed Authorization header', async () => { const r = await request(); return { ...r, headers: { ...r.headers, authorization: 'AWS4-HMAC-SHA256 Credential=x' } }; }, 'IncompleteSignature'],
    ['another algorithm', async () => { const r = await request(); return { ...r, headers: { ...r.headers, authorization: 'Bearer abc' } }; }, 'IncompleteSignature'],
  ];
  for (const [what, make, code] of cases) test(`refused: ${what} -> ${code}`, async () => refused(await make(), code));
});
