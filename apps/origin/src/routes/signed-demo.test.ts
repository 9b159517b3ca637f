import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { parsePublicKey, Verifier } from '@cachefront/signing';
import { createOriginApp } from '../app.ts';
import type { Grant } from '../signed-demo/grant.ts';

// A fresh key pair per run, of each type CloudFront accepts.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const pem = (k: { privateKey: import('node:crypto').KeyObject }) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = (k: { publicKey: import('node:crypto').KeyObject }) => {
  const parsed = parsePublicKey(k.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  assert.ok('key' in parsed);
  return parsed.key;
};

const KEY_ID = 'K2DEMOKEY0001';
const T0 = Date.UTC(2025, 5, 1, 12);
const HOST = 'demo.localhost:8080';
const rsaApp = createOriginApp({ now: () => T0, signedDemo: { keyPairId: KEY_ID, privateKey: pem(rsa) } }).app;
const ecApp = createOriginApp({ now: () => T0, signedDemo: { keyPairId: KEY_ID, privateKey: pem(ec) } }).app;
const verifiers = {
  rsa: new Verifier({ publicKeys: (id) => (id === KEY_ID ? publicKey(rsa) : undefined) }),
  ec: new Verifier({ publicKeys: (id) => (id === KEY_ID ? publicKey(ec) : undefined) }),
};

function sign(body: unknown, opts: { app?: typeof rsaApp; headers?: Record<string, string> } = {}): Promise<Response> {
  return Promise.resolve(
    (opts.app ?? rsaApp).request('/signed-demo/sign', {
      method: 'POST',
      headers: { host: HOST, 'content-type': 'application/json', ...opts.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

async function granted(body: unknown, opts: Parameters<typeof sign>[1] = {}): Promise<{ res: Response; grant: Grant }> {
  const res = await sign(body, opts);
  assert.equal(res.status, 200, await res.clone().text());
  return { res, grant: (await res.json()) as Grant };
}

const AT = T0 + 5000; // verification time: 5 s after signing

test('GET /signed-demo/: one self-contained page, no external assets, CSP pinning its inline code', async () => {
  const res = await rsaApp.request('/signed-demo/');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=UTF-8');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const html = await res.text();
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /Sign in/);
  for (const external of [/\ssrc=/i, /\shref=/i, /<link/i, /<iframe/i, /<img/i, /https?:\/\/(?!demo\.localhost)/i]) assert.doesNotMatch(html, external);
  const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  for (const external of [/@import/i, /url\(/i]) assert.doesNotMatch(css, external);
  // Values are rendered as text only.
  for (const sink of [/innerHTML/, /outerHTML/, /insertAdjacentHTML/, /document\.write/, /eval\(/]) assert.doesNotMatch(html, sink);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  for (const tag of ['script', 'style']) {
    const inline = [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
    assert.equal(inline.length, 1, tag);
    const hash = createHash('sha256').update(inline[0] ?? '').digest('base64');
    assert.ok(csp.includes(`${tag}-src 'sha256-${hash}'`), `${tag} hash in ${csp}`);
  }
  // The script at least parses.
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  assert.doesNotThrow(() => new Function(script));
  // Every element the script looks up exists.
  for (const [, id] of script.matchAll(/\$\('([a-z-]+)'\)/g)) assert.ok(html.includes(`id="${id}"`), `#${id}`);

  const head = await rsaApp.request('/signed-demo/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('/signed-demo redirects to /signed-demo/ (query kept)', async () => {
  for (const [path, location] of [['/signed-demo', '/signed-demo/'], ['/signed-demo?x=1', '/signed-demo/?x=1']] as const) {
    const res = await rsaApp.request(path);
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), location);
  }
});

test('without signedDemo: /signed-demo/ is a 404 page pointing at cachefront dev', async () => {
  const { app } = createOriginApp();
  for (const [method, path] of [['GET', '/signed-demo/'], ['GET', '/signed-demo'], ['POST', '/signed-demo/sign']] as const) {
    const res = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    assert.equal(res.status, 404, path);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /cachefront dev.*npm start/s);
  }
  // The private files are plain static files at the origin; the edge guards them.
  assert.equal((await app.request('/private/report.html')).status, 200);
});

test('createOriginApp refuses a bad signedDemo key at once', () => {
  const dsa = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cases: [unknown, RegExp][] = [
    [{ keyPairId: '', privateKey: pem(rsa) }, /signedDemo\.keyPairId/],
    [{ keyPairId: 'has space', privateKey: pem(rsa) }, /signedDemo\.keyPairId/],
    [{ keyPairId: KEY_ID, privateKey: 'not a key' }, /signedDemo\.privateKey is not a PEM private key/],
    [{ keyPairId: KEY_ID, privateKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() }, /signedDemo\.privateKey/],
    [{ keyPairId: KEY_ID, privateKey: dsa }, /signedDemo\.privateKey: .*P-256/],
  ];
  for (const [signedDemo, message] of cases) {
    assert.throws(() => createOriginApp({ signedDemo: signedDemo as { keyPairId: string; privateKey: string } }), { name: 'TypeError', message });
  }
});

test('POST /signed-demo/sign: 400 JSON with every problem', async () => {
  const cases: [string | object, Record<string, string> | undefined, RegExp][] = [
    ['{not json', undefined, /must be JSON/],
    [{ name: 'Ada', expiresIn: 300, policy: 'custom', ip: '10.0.0.0/40' }, undefined, /^ip: the prefix length after "\/" must be 0 to 32/],
    [{ name: 'Ada', expiresIn: 300, policy: 'custom', ip: 'nope' }, undefined, /^ip: "nope" is not an IP address or CIDR range/],
    [{ name: 'Ada', expiresIn: 0 }, undefined, /^expiresIn: required: whole seconds from 1 to 604800/],
    [{ name: 'Ada', expiresIn: 8 * 86400 }, undefined, /^expiresIn: .*got 691200/],
    [{ expiresIn: 30, hashAlgorithm: 'SHA512' }, undefined, /^name: required.*; hashAlgorithm: must be "SHA1" or "SHA256"/],
    [{ name: 'Ada', expiresIn: 30 }, { 'content-type': 'text/plain' }, /Content-Type must be application\/json/],
    [{ name: 'Ada', expiresIn: 30 }, { host: 'evil host/' }, /^Host: the Host header "evil host\/"/],
    [JSON.stringify({ name: 'x'.repeat(9000), expiresIn: 30 }), undefined, /larger than 8192 bytes/],
  ];
  for (const [body, headers, message] of cases) {
    const res = await sign(body, { headers });
    assert.equal(res.status, 400, String(message));
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('set-cookie'), null);
    const json = (await res.json()) as { error: string; message: string; issues: { path: string; message: string }[] };
    assert.equal(json.error, 'BAD_REQUEST');
    assert.match(json.message, message);
    assert.ok(json.issues.length > 0);
  }
});

test('signed URL grants, expired and tampered URLs are refused: canned and custom, SHA1 and SHA256, RSA and ECDSA', async () => {
  for (const [keyType, app] of [['rsa', rsaApp], ['ec', ecApp]] as const) {
    const verifier = verifiers[keyType];
    for (const policy of ['canned', 'custom'] as const) {
      for (const hashAlgorithm of ['SHA1', 'SHA256'] as const) {
        const label = `${keyType} ${policy} ${hashAlgorithm}`;
        const { grant } = await granted({ name: 'Ada', expiresIn: 30, policy, hashAlgorithm }, { app });
        assert.equal(grant.expiresAt, T0 / 1000 + 30, label);
        assert.ok(grant.signedUrl.startsWith(`http://${HOST}/private/report.html?`), label);
        assert.equal(grant.signedUrl.includes('Hash-Algorithm=SHA256'), hashAlgorithm === 'SHA256', label);
        const verify = (url: string, now = AT, cookies = {}) => verifier.verify({ url, cookies, ip: '127.0.0.1', now });
        const ok = verify(grant.signedUrl);
        assert.deepEqual(ok.ok && [ok.keyPairId, ok.via, ok.policy], [KEY_ID, 'url', policy], label);
        // Expiry: valid up to the last second before expiresAt.
        assert.equal(verify(grant.signedUrl, grant.expiresAt * 1000 - 1).ok, true, label);
        assert.match(String(deniedDetail(verify(grant.signedUrl, grant.expiresAt * 1000))), /expired/, label);
        const expired = verify(grant.expiredUrl);
        assert.deepEqual([expired.ok, !expired.ok && expired.code], [false, 'AccessDenied'], label);
        assert.match(String(deniedDetail(expired)), /expired/, label);
        const tampered = verify(grant.tamperedUrl);
        assert.deepEqual([tampered.ok, !tampered.ok && tampered.code], [false, 'AccessDenied'], label);
        assert.match(String(deniedDetail(tampered)), /signature does not match/, label);
        assert.notEqual(grant.tamperedUrl, grant.signedUrl);
        if (policy === 'custom') {
          assert.deepEqual(JSON.parse(grant.policy ?? ''), { Statement: [{ Resource: `http://${HOST}/private/*`, Condition: { DateLessThan: { 'AWS:EpochTime': grant.expiresAt } } }] });
          // The wildcard policy also grants the other private objects.
          assert.equal(verify(grant.signedUrl.replace('/private/report.html', '/private/notes.txt')).ok, true, label);
        } else {
          assert.equal(grant.policy, null);
          assert.equal(verify(grant.signedUrl.replace('/private/report.html', '/private/notes.txt')).ok, false, label);
        }
        // Cookies: always a custom wildcard policy, for the cookie URL and any other /private/ URL.
        for (const url of [grant.cookieUrl, `http://${HOST}/private/report.html`, `http://${HOST}/private/sub/dir/x.txt?q=1`]) {
          const r = verify(url, AT, grant.cookies);
          assert.deepEqual(r.ok && [r.keyPairId, r.via, r.policy], [KEY_ID, 'cookies', 'custom'], `${label} ${url}`);
        }
        assert.equal(verify(`http://${HOST}/public.txt`, AT, grant.cookies).ok, false, label);
        assert.equal(verify(`http://other.localhost:8080/private/report.html`, AT, grant.cookies).ok, false, label);
        assert.equal(verify(grant.cookieUrl, grant.expiresAt * 1000, grant.cookies).ok, false, label);
        assert.equal(grant.cookieUrl, `http://${HOST}/private/badge.svg`);
        assert.equal(grant.cookies['CloudFront-Hash-Algorithm'], hashAlgorithm === 'SHA256' ? 'SHA256' : undefined, label);
      }
    }
  }
});

function deniedDetail(r: ReturnType<Verifier['verify']>): string | undefined {
  return r.ok ? undefined : r.detail;
}

test('an IP range: refused from 127.0.0.1 when outside, granted from an address inside (URL and cookies)', async () => {
  const { grant } = await granted({ name: 'Ada', expiresIn: 300, policy: 'custom', ip: '10.0.0.0/8' });
  assert.equal(grant.ip, '10.0.0.0/8');
  assert.match(grant.policy ?? '', /"IpAddress":\{"AWS:SourceIp":"10\.0\.0\.0\/8"\}/);
  assert.match(grant.cookiePolicy, /"IpAddress":\{"AWS:SourceIp":"10\.0\.0\.0\/8"\}/);
  const v = verifiers.rsa;
  for (const [url, cookies] of [[grant.signedUrl, {}], [grant.cookieUrl, grant.cookies]] as const) {
    const outside = v.verify({ url, cookies, ip: '127.0.0.1', now: AT });
    assert.equal(outside.ok, false);
    assert.match(String(deniedDetail(outside)), /outside the policy's IpAddress range/);
    assert.equal(v.verify({ url, cookies, ip: '10.20.30.40', now: AT }).ok, true);
  }
  // A single address covers exactly that address.
  const single = (await granted({ name: 'Ada', expiresIn: 300, policy: 'custom', ip: '127.0.0.1' })).grant;
  assert.equal(v.verify({ url: single.signedUrl, cookies: {}, ip: '127.0.0.1', now: AT }).ok, true);
  assert.equal(v.verify({ url: single.signedUrl, cookies: {}, ip: '127.0.0.2', now: AT }).ok, false);
});

test('viewerIp and viewerAllowed come from the address the edge appended to X-Forwarded-For', async () => {
  const cases: [Record<string, string>, string | undefined, string | null, boolean | null][] = [
    [{}, '10.0.0.0/8', null, null],
    [{ 'x-forwarded-for': '127.0.0.1' }, undefined, '127.0.0.1', null],
    [{ 'x-forwarded-for': '203.0.113.9, ::ffff:127.0.0.1' }, '10.0.0.0/8', '127.0.0.1', false],
    [{ 'x-forwarded-for': '127.0.0.1, 10.1.1.1' }, '10.0.0.0/8', '10.1.1.1', true],
    [{ 'x-forwarded-for': '::1' }, '127.0.0.1/32', '::1', false],
    [{ 'x-forwarded-for': 'garbage' }, '10.0.0.0/8', null, null],
  ];
  for (const [headers, ip, viewerIp, viewerAllowed] of cases) {
    const { grant } = await granted({ name: 'Ada', expiresIn: 60, policy: 'custom', ip }, { headers });
    assert.deepEqual([grant.viewerIp, grant.viewerAllowed], [viewerIp, viewerAllowed], JSON.stringify(headers));
  }
});

test('URLs use the viewer-facing Host; curl lines are ready to paste', async () => {
  const { grant } = await granted({ name: 'Ada', expiresIn: 60 }, { headers: { host: 'localhost:9999' } });
  for (const url of [grant.signedUrl, grant.expiredUrl, grant.tamperedUrl, grant.cookieUrl]) assert.ok(url.startsWith('http://localhost:9999/private/'), url);
  assert.equal(grant.curl.signedUrl, `curl -i '${grant.signedUrl}'`);
  const cookieHeader = Object.entries(grant.cookies).map(([n, v]) => `${n}=${v}`).join('; ');
  assert.equal(grant.curl.cookies, `curl -i -H 'Cookie: ${cookieHeader}' '${grant.cookieUrl}'`);
});

test('Set-Cookie: the CloudFront-* cookies for /private/, HttpOnly, SameSite=Lax, not Secure; stale ones deleted', async () => {
  for (const hashAlgorithm of ['SHA1', 'SHA256'] as const) {
    const { res, grant } = await granted({ name: 'Ada', expiresIn: 60, hashAlgorithm });
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const lines = res.headers.getSetCookie();
    const set = Object.entries(grant.cookies).map(([name, value]) => `${name}=${value}; Path=/private/; SameSite=Lax; HttpOnly`);
    const deleted = ['CloudFront-Expires', ...(hashAlgorithm === 'SHA1' ? ['CloudFront-Hash-Algorithm'] : [])].map((name) => `${name}=; Max-Age=0; Path=/private/; SameSite=Lax; HttpOnly`);
    assert.deepEqual(lines.toSorted(), [...set, ...deleted].toSorted(), hashAlgorithm);
    assert.deepEqual(Object.keys(grant.cookies).toSorted(), ['CloudFront-Key-Pair-Id', 'CloudFront-Policy', 'CloudFront-Signature', ...(hashAlgorithm === 'SHA256' ? ['CloudFront-Hash-Algorithm'] : [])].toSorted());
    assert.equal(grant.cookies['CloudFront-Key-Pair-Id'], KEY_ID);
    for (const line of lines) assert.doesNotMatch(line, /Secure|Domain=/i);
  }
});

test('the name is echoed only as JSON, with <, > and & escaped', async () => {
  const name = `<img src=x onerror="alert('hi')"> & co`;
  const res = await sign({ name, expiresIn: 60 });
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const raw = await res.text();
  assert.doesNotMatch(raw, /[<>]/);
  assert.match(raw, /\\u003cimg src=x onerror=\\"alert\('hi'\)\\"\\u003e \\u0026 co/);
  const grant = JSON.parse(raw) as Grant;
  assert.equal(grant.name, name);
  for (const line of res.headers.getSetCookie()) assert.ok(!line.includes('img'), line);
  for (const url of [grant.signedUrl, grant.cookieUrl]) assert.ok(!url.includes('img'));
  // The page itself is static: nothing from a visitor is ever in it.
  assert.ok(!(await (await rsaApp.request('/signed-demo/')).text()).includes('onerror'));
});
