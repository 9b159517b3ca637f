// Ranges and conditionals (docs/edge-rules.md "Ranges and conditionals"): several ranges, limits, a Range
// on a miss, a Range that passes through, and If-Modified-Since from the cache.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get, loopbackOrigin, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'range.localhost';

describe('ranges and conditionals', () => {
  let origin: Origin;
  let edge: Edge;
  let bytes: Buffer;
  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(
      `distributions:
  - id: ERANGE0000001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
    cacheBehaviors:
      - { pathPattern: /echo/*, targetOriginId: o, cachePolicyId: Managed-CachingDisabled, originRequestPolicyId: Managed-AllViewerExceptHostHeader }
`,
      [],
      HOST,
    );
    bytes = (await get(`${origin.url}/bytes/1000`)).body;
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('a Range on a cacheable miss: 206 with that slice (X-Cache Miss), the whole object stored, a full GET then a Hit', async () => {
    const path = `/bytes/1000?m=${Date.now()}`;
    const r = await edge.fetch(path, { headers: { range: 'bytes=10-19' } });
    assert.equal(r.status, 206);
    assert.equal(r.headers['x-cache'], 'Miss from cachefront');
    assert.equal(r.headers['content-range'], 'bytes 10-19/1000');
    assert.deepEqual(r.body, bytes.subarray(10, 20));
    const full = await edge.fetch(path);
    assert.equal(full.headers['x-cache'], 'Hit from cachefront');
    assert.deepEqual(full.body, bytes);
  });

  it('several ranges: 206 multipart/byteranges with each part; overlapping ones merged; too many or malformed: 200; none satisfiable: 416', async () => {
    const path = `/bytes/1000?r=${Date.now()}`;
    await edge.fetch(path);
    const multi = await edge.fetch(path, { headers: { range: 'bytes=0-4, 990-' } });
    assert.equal(multi.status, 206);
    const boundary = /multipart\/byteranges; boundary=(\S+)/.exec(String(multi.headers['content-type']))?.[1];
    assert.ok(boundary, String(multi.headers['content-type']));
    assert.equal(Number(multi.headers['content-length']), multi.body.length);
    const text = multi.body.toString('latin1');
    assert.ok(text.includes('Content-Range: bytes 0-4/1000') && text.includes('Content-Range: bytes 990-999/1000'), text.slice(0, 300));
    assert.ok(text.includes(`${bytes.subarray(0, 5).toString('latin1')}\r\n--${boundary}`));
    assert.ok(text.endsWith(`${bytes.subarray(990).toString('latin1')}\r\n--${boundary}--\r\n`));
    const merged = await edge.fetch(path, { headers: { range: 'bytes=0-9,5-14' } });
    assert.equal(merged.headers['content-range'], 'bytes 0-14/1000');
    const many = Array.from({ length: 60 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',');
    assert.equal((await edge.fetch(path, { headers: { range: `bytes=${many}` } })).status, 200);
    assert.equal((await edge.fetch(path, { headers: { range: 'bytes=5-2' } })).status, 200);
    assert.equal((await edge.fetch(path, { headers: { range: 'bytes=2000-3000' } })).status, 416);
  });

  it('If-Modified-Since from the cache: 304 when not modified since (fast path and node:http alike), 200 when modified', async () => {
    const path = `/bytes/1000?c=${Date.now()}`;
    const first = await edge.fetch(path);
    const lm = String(first.headers['last-modified']);
    assert.equal((await edge.fetch(path, { headers: { 'if-modified-since': lm } })).status, 304);
    // A repeated header: the fast path leaves the request to node:http (fast/head.ts).
    assert.equal((await edge.fetch(path, { headers: { 'if-modified-since': lm, 'x-a': ['1', '2'] as unknown as string } })).status, 304);
    assert.equal((await edge.fetch(path, { headers: { 'if-modified-since': 'Sun, 01 Jan 2023 00:00:00 GMT' } })).status, 200);
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
    assert.equal((await edge.fetch(path, { headers: { 'if-modified-since': lm, 'if-none-match': '"other"' } })).status, 200);
  });

  it('a Range on a path that is not cached goes to the origin as it is', async () => {
    const r = await edge.fetch('/echo/range', { headers: { range: 'bytes=0-1', 'if-range': '"x"' } });
    const echo = JSON.parse(r.text) as { headers: Record<string, string> };
    assert.equal(echo.headers.range, 'bytes=0-1');
    assert.equal(echo.headers['if-range'], '"x"');
  });
});
