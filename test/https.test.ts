// Viewers over TLS (`cachefront edge --https-port`) and viewerProtocolPolicy, with node's
// own TLS client verifying every certificate (docs/edge-rules.md "HTTPS for viewers").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect } from 'node:net';
import { connect as connectH2 } from 'node:http2';
import { connect as connectTls } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, get, loopbackOrigin, startEdgeWith, startOrigin, writeConfig, type Edge, type Origin, type Res } from './helpers.ts';
import { issueCertificate, localCa } from '../apps/edge-node/src/tls/local-ca.ts';

const HOST = 'tls.localhost';

function config(originPort: number, aliases = [HOST, 'www.example.test']): string {
  return `distributions:
  - id: ETLS000000001
    aliases: [${aliases.join(', ')}]
    origins: [${loopbackOrigin('o', originPort)}]
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
      viewerProtocolPolicy: redirect-to-https
    cacheBehaviors:
      - pathPattern: /echo/*
        targetOriginId: o
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewerAndCloudFrontHeaders-2022-06
        viewerProtocolPolicy: https-only
        allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
      - pathPattern: /open/*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
  - id: ETLS000000002
    aliases: [old.example.test, '*.legacy.example.test']
    httpVersion: http1.1
    origins: [${loopbackOrigin('o', originPort)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
  - id: ETLS000000003
    aliases: [modern.example.test]
    viewerCertificate:
      acmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
      sslSupportMethod: sni-only
      minimumProtocolVersion: TLSv1.3_2025
    origins: [${loopbackOrigin('o', originPort)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
`;
}

/** GET over TLS to the edge at 127.0.0.1, for `servername` (SNI and Host), trusting only `ca`. */
function tlsGet(edgeHttpsUrl: string, path: string, servername: string, ca: string): Promise<Res & { protocol: string | null }> {
  const port = Number(new URL(edgeHttpsUrl).port);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, servername, ca, headers: { host: servername }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString(), protocol: (res.socket as import('node:tls').TLSSocket).getProtocol() });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('viewerProtocolPolicy and viewer TLS from a local CA', () => {
  let origin: Origin;
  let edge: Edge & { httpsUrl: string };
  let state: string;
  let ca: string;
  before(async () => {
    origin = await startOrigin();
    state = await mkdtemp(join(tmpdir(), 'cachefront-tls-'));
    const e = await startEdgeWith(await writeConfig(config(origin.port)), ['--https-port', '0', '--state-dir', state], HOST);
    edge = { ...e, httpsUrl: String(e.ready.httpsUrl) };
    ca = await readFile(join(state, 'tls', 'ca.pem'), 'utf8');
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('redirect-to-https: GET and HEAD over HTTP get a 301 to the HTTPS URL (the edge\'s HTTPS port, the same target); other methods a 403', async () => {
    const httpsPort = new URL(edge.httpsUrl).port;
    const r = await edge.fetch('/bytes/10?a=1&b=%20');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, `https://${HOST}:${httpsPort}/bytes/10?a=1&b=%20`);
    assert.equal(r.headers['x-cache'], 'Redirect from cachefront');
    assert.match(r.text, /301 Moved Permanently/);
    const head = await edge.fetch('/bytes/10', { method: 'HEAD', host: `${HOST}:8080` });
    assert.equal(head.status, 301);
    assert.equal(head.headers.location, `https://${HOST}:${httpsPort}/bytes/10`);
    const post = await get(`${edge.url}/bytes/10`, { method: 'POST', headers: { host: HOST }, body: 'x' });
    assert.equal(post.status, 403);
    assert.equal(post.headers['x-cache'], 'Error from cachefront');
  });

  it('https-only: 403 over HTTP; allow-all: served over HTTP', async () => {
    const r = await edge.fetch('/echo/x');
    assert.equal(r.status, 403);
    assert.match(r.text, /Bad request\./);
    // /open/* is allow-all: the request reaches the origin (which has no such path: its 404).
    const open = await edge.fetch('/open/x');
    assert.equal(open.status, 404);
    assert.equal(open.headers.location, undefined);
    // The behavior is chosen by the normalized path: /open/../bytes/5 is /bytes/5, redirect-to-https.
    assert.equal((await edge.fetch('/open/../bytes/5')).status, 301);
  });

  it('over TLS: the certificate is the local CA\'s for every alias (verified by node\'s TLS client), a Miss then a Hit, and the origin is told CloudFront-Forwarded-Proto: https', async () => {
    const path = `/bytes/64?run=${Date.now()}`;
    const first = await tlsGet(edge.httpsUrl, path, HOST, ca);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-cache'], 'Miss from cachefront');
    assert.equal(first.body.length, 64);
    assert.match(String(first.protocol), /^TLSv1\.[23]$/);
    assert.equal((await tlsGet(edge.httpsUrl, path, HOST, ca)).headers['x-cache'], 'Hit from cachefront');
    const echo = JSON.parse((await tlsGet(edge.httpsUrl, '/echo/proto', 'www.example.test', ca)).text) as { headers: Record<string, string> };
    assert.equal(echo.headers['cloudfront-forwarded-proto'], 'https');
    // A name the certificate does not cover fails verification.
    await assert.rejects(tlsGet(edge.httpsUrl, '/bytes/1', 'other.example.test', ca), /altnames|does not match/);
  });

  it('an alias added to the config is covered once the edge applies it', async () => {
    await assert.rejects(tlsGet(edge.httpsUrl, '/open/x', 'new.example.test', ca));
    await writeFile(edge.configPath, config(origin.port, [HOST, 'www.example.test', 'new.example.test']));
    await eventually(async () => (await tlsGet(edge.httpsUrl, '/bytes/3', 'new.example.test', ca).catch(() => undefined))?.status === 200, 'a certificate for new.example.test');
  });

  it('HTTP/2 on the same port (ALPN h2): a Miss then a Hit on one connection, the origin sees no pseudo-headers and CloudFront-Viewer-Http-Version 2.0', async () => {
    const session = connectH2(edge.httpsUrl, { ca, servername: HOST });
    try {
      const h2get = (path: string, authority = HOST) =>
        new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
          const stream = session.request({ ':path': path, ':authority': authority });
          const chunks: Buffer[] = [];
          let headers: Record<string, unknown> = {};
          stream.on('response', (h) => (headers = h));
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks) }));
          stream.on('error', reject);
          stream.end();
        });
      const path = `/bytes/100?h2=${Date.now()}`;
      const first = await h2get(path);
      assert.equal(first.status, 200);
      assert.equal(first.headers['x-cache'], 'Miss from cachefront');
      assert.equal(first.body.length, 100);
      assert.equal((await h2get(path)).headers['x-cache'], 'Hit from cachefront');
      const echo = JSON.parse((await h2get('/echo/h2', 'www.example.test')).body.toString()) as { headers: Record<string, string> };
      assert.deepEqual(Object.keys(echo.headers).filter((k) => k.startsWith(':')), []);
      assert.equal(echo.headers['cloudfront-viewer-http-version'], '2.0');
      assert.equal(echo.headers['cloudfront-forwarded-proto'], 'https');
      // An unknown :authority is CloudFront's 403, as an unknown Host is.
      assert.equal((await h2get('/bytes/1', 'nobody.example.test')).status, 403);
    } finally {
      session.close();
    }
  });

  it('SNI: each distribution gets its own certificate (its aliases only); no SNI gets the one for every name', async () => {
    const port = Number(new URL(edge.httpsUrl).port);
    const altNames = (servername: string | undefined) =>
      new Promise<string>((resolve, reject) => {
        const s = connectTls({ host: '127.0.0.1', port, ca, ...(servername === undefined ? { checkServerIdentity: () => undefined } : { servername }) }, () => {
          resolve(s.getPeerCertificate().subjectaltname ?? '');
          s.end();
        });
        s.on('error', reject);
      });
    const main = await altNames(HOST);
    assert.match(main, /DNS:tls\.localhost/);
    assert.match(main, /DNS:www\.example\.test/);
    assert.doesNotMatch(main, /old\.example\.test/);
    const old = await altNames('old.example.test');
    assert.match(old, /DNS:old\.example\.test/);
    assert.doesNotMatch(old, /tls\.localhost/);
    // A wildcard alias: its certificate covers it, and SNI picks it for any name below it.
    const wild = await altNames('a.legacy.example.test');
    assert.match(wild, /DNS:\*\.legacy\.example\.test/);
    assert.doesNotMatch(wild, /tls\.localhost/);
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/2', 'b.legacy.example.test', ca)).status, 200);
    // As with any certificate, a wildcard name covers one label (RFC 6125 §6.4.3), though the alias covers more.
    await assert.rejects(tlsGet(edge.httpsUrl, '/bytes/2', 'deep.a.legacy.example.test', ca), /altnames/);
    const none = await altNames(undefined);
    assert.match(none, /DNS:tls\.localhost/);
    assert.match(none, /DNS:old\.example\.test/);
    assert.match(none, /DNS:\*\.cachefront\.local/);
  });

  it('httpVersion: ALPN picks h2 unless the distribution of the SNI name says http1.1', async () => {
    const port = Number(new URL(edge.httpsUrl).port);
    const negotiated = (servername: string) =>
      new Promise<string | false>((resolve, reject) => {
        const s = connectTls({ host: '127.0.0.1', port, servername, ca, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
          resolve(s.alpnProtocol ?? false);
          s.end();
        });
        s.on('error', reject);
      });
    assert.equal(await negotiated(HOST), 'h2');
    assert.equal(await negotiated('old.example.test'), 'http/1.1');
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/2', 'old.example.test', ca)).status, 200);
  });

  it('viewerCertificate.minimumProtocolVersion TLSv1.3_2025: a TLS 1.2 viewer is refused for that name only; TLS 1.3 is served', async () => {
    const port = Number(new URL(edge.httpsUrl).port);
    const get12 = (servername: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/bytes/2', servername, ca, maxVersion: 'TLSv1.2', headers: { host: servername }, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    await assert.rejects(get12('modern.example.test'));
    assert.equal(await get12(HOST), 200);
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/2', 'modern.example.test', ca)).status, 200);
  });

  it('a client that negotiates h2 and sends garbage frames loses its connection; other viewers are served', async () => {
    const port = Number(new URL(edge.httpsUrl).port);
    await new Promise<void>((resolve) => {
      const s = connectTls({ host: '127.0.0.1', port, servername: HOST, ca, ALPNProtocols: ['h2'] }, () => {
        assert.equal(s.alpnProtocol, 'h2');
        s.write(`PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n${'\u00ff'.repeat(64)}`);
      });
      s.on('error', () => undefined);
      s.on('close', () => resolve());
      s.resume();
    });
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/3', HOST, ca)).status, 200);
  });

  it('garbage instead of a TLS handshake closes that connection; other viewers are served', async () => {
    const port = Number(new URL(edge.httpsUrl).port);
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write(`GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n${'\u0000'.repeat(100)}`));
      s.on('error', () => undefined);
      s.on('close', () => resolve());
      s.resume();
    });
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/3', HOST, ca)).status, 200);
  });

  it('the local CA is kept in the state dir and reused by the next start', async () => {
    await edge.stop();
    const e = await startEdgeWith(edge.configPath, ['--https-port', '0', '--state-dir', state], HOST);
    edge = { ...e, httpsUrl: String(e.ready.httpsUrl) };
    assert.equal(await readFile(join(state, 'tls', 'ca.pem'), 'utf8'), ca);
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/3', HOST, ca)).status, 200);
  });
});

describe('viewer TLS with --tls-cert/--tls-key', () => {
  let origin: Origin;
  let edge: Edge & { httpsUrl: string };
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('serves the given certificate, and the new one once the files change', async () => {
    origin = await startOrigin();
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-tls-files-'));
    const caA = await localCa(join(dir, 'a'));
    const caB = await localCa(join(dir, 'b'));
    const certFile = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    const first = await issueCertificate(caA, [HOST]);
    await writeFile(certFile, first.cert);
    await writeFile(keyFile, first.key);
    const e = await startEdgeWith(await writeConfig(config(origin.port)), ['--https-port', '0', '--tls-cert', certFile, '--tls-key', keyFile], HOST);
    edge = { ...e, httpsUrl: String(e.ready.httpsUrl) };
    assert.equal((await tlsGet(edge.httpsUrl, '/bytes/3', HOST, caA.cert)).status, 200);
    await assert.rejects(tlsGet(edge.httpsUrl, '/bytes/3', HOST, caB.cert));
    const next = await issueCertificate(caB, [HOST]);
    await writeFile(keyFile, next.key);
    await writeFile(certFile, next.cert);
    await eventually(async () => (await tlsGet(edge.httpsUrl, '/bytes/3', HOST, caB.cert).catch(() => undefined))?.status === 200, 'the new certificate', 15_000);
  });

  it('a certificate and key that do not match: the edge refuses to start, saying which files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-tls-bad-'));
    const ca = await localCa(dir);
    const a = await issueCertificate(ca, [HOST]);
    const b = await issueCertificate(ca, [HOST]);
    await writeFile(join(dir, 'cert.pem'), a.cert);
    await writeFile(join(dir, 'key.pem'), b.key);
    await assert.rejects(
      startEdgeWith(await writeConfig(config(origin.port)), ['--https-port', '0', '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')], HOST, 1),
      /tls-cert|key values mismatch|exited/,
    );
  });
});
