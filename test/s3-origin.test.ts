// S3 origins with origin access control (docs/s3-origins.md): a
// private bucket of the S3-mode origin refuses anything unsigned; through a distribution
// whose origin access control signs (SigV4, the edge's --s3-credentials) the same objects
// are served and cached; `never` gets the bucket's 403; the SPA pattern (a function
// rewrite plus a 403 -> /index.html 200 error response) works end to end.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { get, ROOT, startCli, startEdge, type Edge, type Proc } from './helpers.ts';

const AKID = 'AKIDCACHEFRONTTEST';
const SECRET = 'test-secret/with+chars';

describe('S3 origins with origin access control', () => {
  let origin: Proc & { url: string };
  let edge: Edge;
  const page = '<!doctype html><title>app</title><p>the SPA</p>\n';
  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-s3-'));
    const site = join(dir, 'site');
    await mkdir(join(site, 'assets'), { recursive: true });
    await writeFile(join(site, 'index.html'), page);
    await writeFile(join(site, 'assets', 'app.js'), 'console.log("app");\n');
    await writeFile(join(dir, 'secret'), SECRET);
    await writeFile(join(dir, 'edge-credentials.json'), JSON.stringify({ accessKeyId: AKID, secretAccessKey: SECRET }));
    const p = await startCli(['origin', '--port', '0', '--bucket', `site=${site}`, '--private', 'site', '--allow-signer', `${AKID}=${join(dir, 'secret')}`]);
    origin = { ...p, url: String(p.ready.url) };
    const s3 = (oac?: string) => `[{ id: bucket, domainName: site.s3.localhost, s3OriginConfig: { originAccessIdentity: "" }${oac ? `, originAccessControlId: ${oac}` : ''} }]`;
    edge = await startEdge(
      `originAccessControls:
  - { id: sign-always, name: sign-always, signingBehavior: always }
  - { id: sign-never, name: sign-never, signingBehavior: never }
functions:
  - name: spa-rewrite
    file: ${join(ROOT, 'examples/functions/spa-rewrite.js')}
distributions:
  - id: ES3SIGNED0001
    aliases: [signed.localhost]
    origins: ${s3('sign-always')}
    defaultCacheBehavior: { targetOriginId: bucket, cachePolicyId: Managed-CachingOptimized }
  - id: ES3NEVER00001
    aliases: [never.localhost]
    origins: ${s3('sign-never')}
    defaultCacheBehavior: { targetOriginId: bucket, cachePolicyId: Managed-CachingOptimized }
  - id: ES3SPA000001
    aliases: [spa.localhost]
    defaultRootObject: index.html
    origins: ${s3('sign-always')}
    defaultCacheBehavior:
      targetOriginId: bucket
      cachePolicyId: Managed-CachingOptimized
      functionAssociations: [{ eventType: viewer-request, functionName: spa-rewrite }]
    customErrorResponses:
      - { errorCode: 403, responsePagePath: /index.html, responseCode: 200, errorCachingMinTTL: 10 }
`,
      ['--s3-endpoint', origin.url, '--s3-credentials', join(dir, 'edge-credentials.json')],
      'signed.localhost',
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  /** A request straight to the origin, virtual-hosted, signed like the edge would be (or with `o`'s changes). */
  const direct = async (path: string, o: { secret?: string; date?: Date } | undefined) => {
    const headers: Record<string, string> = { host: 'site.s3.localhost' };
    if (o) {
      const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: { accessKeyId: AKID, secretAccessKey: o.secret ?? SECRET }, sha256: Sha256, uriEscapePath: false });
      const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: 'site.s3.localhost', path, query: {}, headers: { ...headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, { signingDate: o.date ?? new Date() });
      Object.assign(headers, signed.headers);
    }
    return get(`${origin.url}${path}`, { headers });
  };

  it('the private bucket refuses an unsigned request (403 AccessDenied XML), a wrong secret and a skewed clock; signed right it answers', async () => {
    const unsigned = await direct('/index.html', undefined);
    assert.equal(unsigned.status, 403);
    assert.match(unsigned.text, /<Code>AccessDenied<\/Code>/);
    assert.match(String(unsigned.headers['content-type']), /application\/xml/);
    assert.match((await direct('/index.html', { secret: 'wrong' })).text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match((await direct('/index.html', { date: new Date(Date.now() - 20 * 60_000) })).text, /<Code>RequestTimeTooSkewed<\/Code>/);
    const ok = await direct('/index.html', {});
    assert.equal(ok.status, 200);
    assert.equal(ok.text, page);
  });

  it('through a distribution whose origin access control signs: 200 from the private bucket, then a Hit', async () => {
    const miss = await edge.fetch('/assets/app.js');
    assert.equal(miss.status, 200, miss.text);
    assert.equal(miss.text, 'console.log("app");\n');
    assert.equal(miss.headers['x-cache'], 'Miss from cachefront');
    assert.match(String(miss.headers.etag), /^"[0-9a-f]{32}"$/, "S3's MD5 ETag");
    assert.equal((await edge.fetch('/assets/app.js')).headers['x-cache'], 'Hit from cachefront');
  });

  it('signing behavior never: the bucket refuses the unsigned origin request, and the viewer gets that 403', async () => {
    const r = await edge.fetch('/assets/app.js', { host: 'never.localhost' });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>AccessDenied<\/Code>/);
  });

  it('the SPA pattern: / and client routes are the app (function rewrite), a missing file is the app with 200 (403 error response)', async () => {
    for (const path of ['/', '/settings/profile', '/reports/2026']) {
      const r = await edge.fetch(path, { host: 'spa.localhost' });
      assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
      assert.equal(r.text, page, path);
    }
    const missing = await edge.fetch('/missing.png', { host: 'spa.localhost' });
    assert.equal(missing.status, 200);
    assert.equal(missing.text, page);
  });
});
