import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness } from '../test-support.ts';
import { MAX_BODY_BYTES } from './body-limits.ts';

const h = new Harness();
after(() => h.close());

test('a body over 1 MB is 413 RequestEntityTooLarge, declared or streamed, whatever the token', async () => {
  const big = `{"url":"http://x.localhost/","pad":"${'a'.repeat(MAX_BODY_BYTES)}"}`;
  for (const [scope, method, path] of [['read', 'POST', '/v1/explain'], ['write', 'POST', '/v1/distributions'], ['edge', 'POST', '/v1/edges/e1/acks']] as const) {
    const declared = await h.call(method, path, { token: h.token(scope), raw: big, headers: { 'content-length': String(Buffer.byteLength(big)) } });
    assert.equal(declared.status, 413, `${scope} ${path}`);
    assert.equal(declared.body.error.code, 'RequestEntityTooLarge');
  }
  // No Content-Length: counted as it streams, refused once past the limit.
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > 4 * MAX_BODY_BYTES) return controller.close();
      sent += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024));
    },
  });
  const res = await h.cp.app.request('/v1/explain', { method: 'POST', body: stream, headers: { authorization: `Bearer ${h.token('read')}`, 'transfer-encoding': 'chunked' }, duplex: 'half' } as RequestInit);
  assert.equal(res.status, 413);
  assert.ok(sent < 2 * MAX_BODY_BYTES, `stopped reading soon after the limit (read ${sent} bytes)`);
  assert.equal((await h.call('GET', '/healthz', { token: null })).body.seq, 0, 'nothing was written');
});

test('a body within the limit is served as before', async () => {
  const r = await h.call('POST', '/v1/distributions', { body: { origins: [{ id: 'a', domainName: 'example.com' }], defaultCacheBehavior: { targetOriginId: 'a', cachePolicyId: 'Managed-CachingOptimized' } } });
  assert.equal(r.status, 201);
});
