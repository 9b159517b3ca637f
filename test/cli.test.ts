// The `cachefront` command's contract: bad command lines exit 2 with a message that says
// what is wrong; `token` prints only a token.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Verifier, parsePublicKey } from '@cachefront/signing';
import { CLI, ROOT, startCli } from './helpers.ts';

const run = (args: string[], env: Record<string, string> = {}) => {
  const clean = { ...process.env, ...env };
  delete clean.CACHEFRONT_TOKEN;
  delete clean.CACHEFRONT_JWT_SECRET;
  Object.assign(clean, env);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: clean, timeout: 20_000 });
};

describe('cachefront command line', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown command', ['nope'], /unknown command 'nope'/],
    ['edge without a source', ['edge'], /--config FILE or --control-plane URL is required/],
    ['edge with both sources', ['edge', '--config', 'x.yaml', '--control-plane', 'http://127.0.0.1:1'], /either --config FILE or --control-plane URL/],
    ['edge following a control plane without a token', ['edge', '--control-plane', 'http://127.0.0.1:1', '--pop', 'FRA'], /needs an edge-scoped token/],
    ['edge with a control plane that is not a URL', ['edge', '--control-plane', 'localhost:8787', '--token', 't'], /must be an http\(s\) URL/],
    ['token without a scope', ['token'], /--scope is required/],
    ['token with an unknown scope', ['token', '--scope', 'admin'], /unknown scope 'admin'/],
    ['token with a bad duration', ['token', '--scope', 'read', '--expires-in', 'forever'], /--expires-in/],
    ['invalidate without paths', ['invalidate', 'E123'], /at least one path/],
    ['invalidate without a token', ['invalidate', 'E123', '/*'], /no token/],
    ['sign-url without a key', ['sign-url', 'http://a.localhost/x'], /--key-pair-id is required/],
    ['sign-url with a relative URL', ['sign-url', '/x', '--key-pair-id', 'K1', '--private-key', '/nonexistent'], /URL must be absolute/],
    ['sign-url with an unreadable key', ['sign-url', 'http://a.localhost/x', '--key-pair-id', 'K1', '--private-key', '/nonexistent'], /cannot read --private-key/],
    ['sign-cookies without a URL or resource', ['sign-cookies', '--key-pair-id', 'K1', '--private-key', '/x'], /--url or --resource is required/],
    ['control plane with a timeout shorter than the heartbeat', ['control-plane', '--heartbeat-ms', '5000', '--edge-timeout-ms', '1000'], /--edge-timeout-ms must be longer/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2 and says why`, () => {
      const r = run(args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('control-plane --pops: an invalid POP catalog is refused with every problem listed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachefront-pops-'));
    const file = join(dir, 'pops.json');
    writeFileSync(file, JSON.stringify([{ code: 'FRA', city: 'Frankfurt', country: 'DE', latitude: 95, longitude: 8.6, pricingRegion: 'mars' }]));
    const r = run(['control-plane', '--port', '0', '--data', join(dir, 'cp.db'), '--pops', file]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /POP catalog .* is not valid/);
    assert.match(r.stderr, /\[0\]\.latitude/);
    assert.match(r.stderr, /\[0\]\.pricingRegion/);
  });

  it('token prints only a JWT with the scopes asked for, signed by the data dir secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cachefront-token-'));
    const r = run(['token', '--scope', 'read', '--scope', 'edge', '--data', join(dir, 'cp.db'), '--expires-in', '2h']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = JSON.parse(Buffer.from(r.stdout.split('.')[1]!, 'base64url').toString()) as { scope: string; exp: number; iat: number };
    assert.equal(claims.scope, 'read edge');
    assert.equal(claims.exp - claims.iat, 7200);
  });
});

describe('cachefront sign-url / sign-cookies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cachefront-sign-'));
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = join(dir, 'private.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const parsed = parsePublicKey(String(publicKey.export({ type: 'spki', format: 'pem' })));
  assert.ok('key' in parsed);
  const verifier = new Verifier({ publicKeys: (id) => (id === 'KTEST000000001' ? parsed.key : undefined) });
  const now = Date.now();

  it('sign-url prints one URL that verifies (canned by default; custom with --ip, SHA256)', () => {
    const canned = run(['sign-url', 'http://a.localhost:8080/private/x?v=1', '--key-pair-id', 'KTEST000000001', '--private-key', keyFile, '--expires', '+10m']);
    assert.equal(canned.status, 0, canned.stderr);
    const url = canned.stdout.trim();
    assert.match(url, /^http:\/\/a\.localhost:8080\/private\/x\?v=1&Expires=\d+&Signature=[\w~-]+&Key-Pair-Id=KTEST000000001$/);
    assert.deepEqual(verifier.verify({ url, cookies: {}, ip: '127.0.0.1', now }).ok, true);
    const custom = run(['sign-url', 'http://a.localhost/private/x', '--key-pair-id', 'KTEST000000001', '--private-key', keyFile, '--ip', '10.0.0.0/8', '--hash-algorithm', 'SHA256']);
    assert.equal(custom.status, 0, custom.stderr);
    const curl = custom.stdout.trim();
    assert.match(curl, /Policy=.*Hash-Algorithm=SHA256/);
    assert.equal(verifier.verify({ url: curl, cookies: {}, ip: '10.1.2.3', now }).ok, true);
    const denied = verifier.verify({ url: curl, cookies: {}, ip: '127.0.0.1', now });
    assert.equal(denied.ok ? 'ok' : denied.code, 'AccessDenied');
  });

  it('sign-cookies prints a Cookie header for curl that verifies for the resource', () => {
    const r = run(['sign-cookies', '--resource', 'http://a.localhost/private/*', '--key-pair-id', 'KTEST000000001', '--private-key', keyFile]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Cookie: CloudFront-Policy=[\w~-]+; CloudFront-Signature=[\w~-]+; CloudFront-Key-Pair-Id=KTEST000000001\n$/);
    const cookies = Object.fromEntries(r.stdout.slice('Cookie: '.length).trim().split('; ').map((p) => p.split('=') as [string, string]));
    assert.equal(verifier.verify({ url: 'http://a.localhost/private/deep/file', cookies, ip: '127.0.0.1', now }).ok, true);
    const other = verifier.verify({ url: 'http://a.localhost/public/file', cookies, ip: '127.0.0.1', now });
    assert.equal(other.ok ? 'ok' : other.code, 'AccessDenied');
  });
});

describe('cachefront function test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cachefront-fn-'));
  const eventFile = join(dir, 'event.json');
  writeFileSync(
    eventFile,
    JSON.stringify({
      version: '1.0',
      context: { distributionDomainName: 'd.cachefront.local', distributionId: 'E1', eventType: 'viewer-request', requestId: 'r1' },
      viewer: { ip: '1.2.3.4' },
      request: { method: 'GET', uri: '/settings/profile', querystring: {}, headers: { host: { value: 'a.localhost' } }, cookies: {} },
    }),
  );

  it('prints TestFunction-shaped JSON for the SPA example (exit 0)', () => {
    const r = run(['function', 'test', join(ROOT, 'examples/functions/spa-rewrite.js'), '--event', eventFile]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { functionOutput: { request: { uri: string } }; computeUtilization: number; functionErrorMessage: string | null };
    assert.equal(out.functionOutput.request.uri, '/index.html');
    assert.ok(out.computeUtilization >= 0 && out.computeUtilization <= 100);
    assert.equal(out.functionErrorMessage, null);
  });

  it('every shipped example gives its documented result through `function test`', () => {
    const event = (request: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      version: '1.0',
      context: { distributionDomainName: 'd.cachefront.local', distributionId: 'E1', eventType: 'viewer-request', requestId: 'r1' },
      viewer: { ip: '1.2.3.4' },
      request: { method: 'GET', uri: '/', querystring: {}, headers: { host: { value: 'a.localhost' } }, cookies: {}, ...request },
      ...extra,
    });
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 })}`;
    const jwt = `${unsigned}.${createHmac('sha256', 'change-me-to-a-long-random-secret').update(unsigned).digest('base64url')}`;
    const kvsFile = join(dir, 'kvs.json');
    writeFileSync(kvsFile, JSON.stringify({ '/old-page': '/new-page' }));
    type Out = { functionOutput: { request?: any; response?: any }; functionErrorMessage: string | null };
    const cases: { file: string; event: unknown; args?: string[]; check: (o: Out) => void }[] = [
      { file: 'cache-key-normalize', event: event({ querystring: { B: { value: '2' }, a: { value: '1' } } }), check: (o) => assert.deepEqual(Object.keys(o.functionOutput.request.querystring), ['a', 'b']) },
      {
        file: 'country-redirect',
        event: event({ uri: '/shop', headers: { host: { value: 'a.localhost' }, 'cloudfront-viewer-country': { value: 'DE' } } }),
        check: (o) => {
          assert.equal(o.functionOutput.response.statusCode, 302);
          assert.equal(o.functionOutput.response.headers.location.value, 'https://a.localhost/de/shop');
        },
      },
      { file: 'jwt-hs256', event: event({ headers: { authorization: { value: `Bearer ${jwt}` } } }), check: (o) => assert.equal(o.functionOutput.request.headers['x-user-sub'].value, 'alice') },
      { file: 'jwt-hs256', event: event({ headers: { authorization: { value: `Bearer ${jwt}x` } } }), check: (o) => assert.equal(o.functionOutput.response.statusCode, 401) },
      { file: 'ab-cookie', event: event({ cookies: { 'ab-group': { value: 'b' } } }), check: (o) => assert.equal(o.functionOutput.request.uri, '/experiment-b/index.html') },
      { file: 'kvs-redirects', event: event({ uri: '/old-page' }), args: ['--kvs', kvsFile], check: (o) => assert.equal(o.functionOutput.response.headers.location.value, '/new-page') },
      {
        file: 'security-headers',
        event: event({}, { response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'text/html' } }, cookies: {} } }),
        args: ['--event-type', 'viewer-response'],
        check: (o) => assert.equal(o.functionOutput.response.headers['x-frame-options'].value, 'DENY'),
      },
    ];
    for (const [i, c] of cases.entries()) {
      const file = join(dir, `event-${i}.json`);
      writeFileSync(file, JSON.stringify(c.event));
      const r = run(['function', 'test', join(ROOT, 'examples/functions', `${c.file}.js`), '--event', file, ...(c.args ?? [])]);
      assert.equal(r.status, 0, `${c.file}: ${r.stderr}${r.stdout}`);
      const out = JSON.parse(r.stdout) as Out;
      assert.equal(out.functionErrorMessage, null, c.file);
      c.check(out);
    }
  });

  it('an endless function reports the time limit (exit 1)', () => {
    const spin = join(dir, 'spin.js');
    writeFileSync(spin, 'function handler(event) { while (true) {} }');
    const r = run(['function', 'test', spin, '--event', eventFile]);
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout) as { functionOutput: null; computeUtilization: number; functionErrorMessage: string };
    assert.equal(out.functionOutput, null);
    assert.equal(out.computeUtilization, 100);
    assert.match(out.functionErrorMessage, /could not run/);
  });
});

describe('cachefront origin --bucket (S3 mode)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cachefront-s3-'));
  mkdirSync(join(dir, 'site'));
  mkdirSync(join(dir, 'vault'));
  writeFileSync(join(dir, 'site', 'index.html'), '<h1>site</h1>');
  writeFileSync(join(dir, 'vault', 'key.txt'), 'vault bytes');
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, 'cli/secret+access=key\n');
  writeFileSync(join(dir, 'empty-secret'), '\n');

  const cases: [string, string[], RegExp][] = [
    ['--bucket without =DIR', ['--bucket', 'site'], /--bucket 'site' must be NAME=DIR/],
    ['an invalid bucket name', ['--bucket', `Site_1=${dir}`], /the bucket name may contain only lowercase/],
    ['a bucket directory that is not one', ['--bucket', `site=${secretFile}`], /is not a directory/],
    ['a bucket given twice', ['--bucket', `site=${dir}`, '--bucket', `site=${dir}`], /--bucket site is given twice/],
    ['--signers-may-list of a public bucket', ['--bucket', `site=${dir}`, '--signers-may-list', 'site'], /--signers-may-list site: there is no --private site/],
    ['--private of no bucket', ['--bucket', `site=${dir}`, '--private', 'vault', '--allow-signer', `AKID=${secretFile}`], /--private vault: there is no --bucket vault=DIR/],
    ['--private without a signer', ['--bucket', `vault=${dir}`, '--private', 'vault'], /--private vault: add --allow-signer/],
    ['--allow-signer without a file', ['--bucket', `site=${dir}`, '--allow-signer', 'AKID'], /must be ACCESS_KEY_ID=SECRET_FILE/],
    ['--allow-signer with an unreadable file', ['--bucket', `site=${dir}`, '--allow-signer', 'AKID=/nonexistent/secret'], /cannot read --allow-signer AKID's secret file/],
    ['--allow-signer with an empty file', ['--bucket', `site=${dir}`, '--allow-signer', `AKID=${join(dir, 'empty-secret')}`], /must hold the secret access key/],
    ['--allow-signer without a bucket', ['--allow-signer', `AKID=${secretFile}`], /--allow-signer needs at least one --bucket/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2 and says why`, () => {
      const r = run(['origin', '--port', '0', ...args]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }

  it('--help documents the S3 flags', () => {
    const r = run(['origin', '--help']);
    assert.equal(r.status, 0);
    for (const flag of ['--bucket NAME=DIR', '--private NAME', '--allow-signer ACCESS_KEY_ID=SECRET_FILE']) assert.ok(r.stdout.includes(flag), flag);
  });

  it('serves a public and a private bucket; the signer from --allow-signer reads the private one', async () => {
    const origin = await startCli(['origin', '--port', '0', '--bucket', `site=${join(dir, 'site')}`, '--bucket', `vault=${join(dir, 'vault')}`, '--private', 'vault', '--allow-signer', `AKIDCLITEST=${secretFile}`]);
    const s3 = new S3Client({ region: 'us-east-1', endpoint: String(origin.ready.url), forcePathStyle: true, credentials: { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'cli/secret+access=key' }, maxAttempts: 1 });
    try {
      assert.deepEqual(origin.ready.buckets, [{ name: 'site', private: false }, { name: 'vault', private: true }]);
      const site = await fetch(`${String(origin.ready.url)}/site/index.html`);
      assert.equal(await site.text(), '<h1>site</h1>');
      assert.equal(site.headers.get('server'), 'AmazonS3');
      const denied = await fetch(`${String(origin.ready.url)}/vault/key.txt`);
      assert.equal(denied.status, 403);
      assert.match(await denied.text(), /<Code>AccessDenied<\/Code>/);
      const got = await s3.send(new GetObjectCommand({ Bucket: 'vault', Key: 'key.txt' }));
      assert.equal(await got.Body!.transformToString(), 'vault bytes');
    } finally {
      s3.destroy();
      await origin.stop();
    }
  });
});

describe('npx cachefront under the system Node', () => {
  // README's commands are pasted into a shell whose `npx` may run on an older system Node
  // (this machine's is 20): npm checks the root package's engines there, so they say what the
  // system Node needs (to run npm); the code runs on the pinned Node 24 that npx puts on PATH.
  const bin = ['/usr/bin/npx', '/usr/local/bin/npx'].find((p) => spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0);
  it('prints only the command\'s output: no EBADENGINE warning', { skip: bin === undefined ? 'no system npx' : false }, () => {
    // The PATH a user has: no node_modules/.bin of this repo in front.
    const PATH = (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':');
    const r = spawnSync(bin!, ['cachefront', 'token', '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^usage: cachefront token/);
    assert.doesNotMatch(r.stderr, /EBADENGINE/);
    // What npm checks (the lockfile's root entry, as npm ci wrote it from package.json) must admit the system Node.
    const system = spawnSync(join(bin!, '..', 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim().slice(1).split('.').map(Number);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
    assert.equal(lock.packages['']?.engines?.node, pkg.engines.node, 'package-lock.json is in step with package.json');
    const min = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(pkg.engines.node)?.slice(1).map(Number);
    assert.ok(min, `engines.node is a plain >=x.y.z: ${pkg.engines.node}`);
    const atLeast = (a: number[], b: number[]) => a[0]! > b[0]! || (a[0] === b[0] && (a[1]! > b[1]! || (a[1] === b[1] && a[2]! >= b[2]!)));
    assert.ok(atLeast(system, min), `the system Node ${system.join('.')} satisfies engines.node ${pkg.engines.node}`);
  });
});
