// compress: true (docs/edge-rules.md "Compression"): the edge compresses once per object and encoding,
// stores the compressed copy, and serves it to every viewer that accepts that encoding.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { get, loopbackOrigin, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'gz.localhost';

describe('compression at the edge', () => {
  let origin: Origin;
  let edge: Edge;
  let html: Buffer;
  let etag: string | string[] | undefined;
  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(
      `distributions:
  - id: EGZ0000000001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized, compress: true }
    cacheBehaviors:
      - { pathPattern: /plain/*, targetOriginId: o, cachePolicyId: Managed-CachingOptimized, compress: false }
`,
      [],
      HOST,
    );
    const direct = await get(`${origin.url}/index.html`);
    html = direct.body;
    etag = direct.headers.etag;
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('Brotli for a viewer that accepts it: a Miss then a Hit with the same compressed bytes, Content-Length, Vary and a weak ETag', async () => {
    await origin.reset();
    const miss = await edge.fetch('/index.html', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const hit = await edge.fetch('/index.html', { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(miss.headers['x-cache'], 'Miss from cachefront');
    assert.equal(hit.headers['x-cache'], 'Hit from cachefront');
    for (const r of [miss, hit]) {
      assert.equal(r.headers['content-encoding'], 'br');
      assert.equal(Number(r.headers['content-length']), r.body.length);
      assert.ok(r.body.length < html.length, `${r.body.length} < ${html.length}`);
      assert.deepEqual(brotliDecompressSync(r.body), html);
      assert.match(String(r.headers.vary), /Accept-Encoding/i);
    }
    if (typeof etag === 'string' && !etag.startsWith('W/')) assert.equal(miss.headers.etag, `W/${etag}`);
  });

  it('gzip for a viewer that accepts only gzip; identity for one that accepts neither; each its own cached copy', async () => {
    const gz = await edge.fetch('/index.html', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), html);
    const plain = await edge.fetch('/index.html');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.body, html);
    const stats = JSON.parse((await get(`${origin.url}/_origin/stats`)).text) as { byPath: Record<string, number> };
    assert.equal(stats.byPath['/index.html'], 3, 'one origin request per encoding: br, gzip, none');
    assert.equal((await edge.fetch('/index.html', { headers: { 'accept-encoding': 'gzip' } })).headers['x-cache'], 'Hit from cachefront');
  });

  it('not compressed: below 1,000 bytes, a type CloudFront does not compress, or a behavior without compress', async () => {
    const small = await edge.fetch('/style.css', { headers: { 'accept-encoding': 'br' } });
    assert.equal(small.status, 200);
    assert.equal(small.headers['content-encoding'], undefined);
    const png = await edge.fetch('/logo.png', { headers: { 'accept-encoding': 'br' } });
    assert.equal(png.headers['content-encoding'], undefined);
    const off = await edge.fetch('/plain/../index.html', { headers: { 'accept-encoding': 'br' } });
    assert.equal(off.status, 200);
    const offPath = await edge.fetch('/plain/x', { headers: { 'accept-encoding': 'br' } });
    assert.equal(offPath.headers['content-encoding'], undefined);
  });
});
