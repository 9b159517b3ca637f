import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { allowedScopes } from './authenticate.ts';
import { loadJwtKeys } from './keys.ts';
import { Harness, SECRET, tempDir } from '../test-support.ts';
import { mintToken } from './tokens.ts';

const h = new Harness();
after(() => h.close());

test('scope table: edge endpoints need edge; other GETs read or write; mutations write', () => {
  const table: [method: string, path: string, scopes: string[]][] = [
    ['GET', '/v1/distributions', ['read', 'write']],
    ['GET', '/v1/distributions/E123/invalidations/I1', ['read', 'write']],
    ['GET', '/v1/edges', ['read', 'write']],
    ['GET', '/v1/edges/stream', ['edge']],
    ['HEAD', '/v1/edges/stream', ['edge']],
    ['PUT', '/v1/edges/fra-1/acks', ['edge']],
    ['POST', '/v1/edges/fra-1/acks', ['edge']],
    ['POST', '/v1/distributions', ['write']],
    ['PUT', '/v1/cache-policies/p', ['write']],
    ['DELETE', '/v1/distributions/E1', ['write']],
    ['POST', '/v1/distributions/E1/invalidations', ['write']],
  ];
  for (const [method, path, scopes] of table) assert.deepEqual(allowedScopes(method, path), scopes, `${method} ${path}`);
});

test('no token, a malformed one, a bad signature or an expired one: 401 with WWW-Authenticate', async () => {
  const forged = mintToken({ scope: ['write'], key: 'another-secret' });
  const expired = mintToken({ scope: ['write'], key: SECRET, expiresIn: 60 });
  const noExp = jwt.sign({ scope: 'write' }, SECRET, { algorithm: 'HS256' });
  const none = jwt.sign({ scope: 'write', exp: Math.floor(Date.now() / 1000) + 60 }, '', { algorithm: 'none' });
  const table: [headers: Record<string, string>, code: string][] = [
    [{}, 'Unauthorized'],
    [{ authorization: 'Basic dXNlcjpwYXNz' }, 'Unauthorized'],
    [{ authorization: 'Bearer not.a.jwt' }, 'InvalidToken'],
    [{ authorization: `Bearer ${forged}` }, 'InvalidToken'],
    [{ authorization: `Bearer ${noExp}` }, 'InvalidToken'],
    [{ authorization: `Bearer ${none}` }, 'InvalidToken'],
  ];
  for (const [headers, code] of table) {
    const r = await h.call('GET', '/v1/distributions', { token: null, headers });
    assert.equal(r.status, 401, JSON.stringify(headers));
    assert.equal(r.body.error.code, code);
    assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer /);
  }
  const fresh = await h.call('GET', '/v1/distributions', { token: expired });
  assert.equal(fresh.status, 200, 'valid before it expires');
  h.clock.advance(61_000);
  const r = await h.call('GET', '/v1/distributions', { token: expired });
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'TokenExpired');
  assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token"/);
  h.clock.advance(-61_000);
});

test('a valid token without the needed scope: 403 AccessDenied', async () => {
  const table: [scope: string, method: string, path: string, status: number][] = [
    ['read', 'GET', '/v1/distributions', 200],
    ['read', 'POST', '/v1/distributions', 403],
    ['read', 'GET', '/v1/edges/stream?edge=a&pop=FRA&since=0', 403],
    ['edge', 'GET', '/v1/distributions', 403],
    ['edge', 'POST', '/v1/distributions', 403],
    ['write', 'POST', '/v1/edges/a/acks', 403],
    ['write', 'GET', '/v1/edges', 200],
  ];
  for (const [scope, method, path, status] of table) {
    const r = await h.call(method, path, { token: h.token(scope), body: method === 'POST' ? {} : undefined });
    assert.equal(r.status, status, `${scope} ${method} ${path}`);
    if (status === 403) {
      assert.equal(r.body.error.code, 'AccessDenied');
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer .*insufficient_scope/);
    }
  }
});

test('only a GET with an edge token opens the edge stream and registers the edge', async () => {
  const before = (await h.call('GET', '/v1/edges', { token: h.token('read') })).body.items.length;
  for (const scope of ['read', 'write']) {
    const r = await h.call('HEAD', '/v1/edges/stream?edge=head-probe&pop=FRA&since=0', { token: h.token(scope) });
    assert.equal(r.status, 403, `${scope} HEAD`);
  }
  const head = await h.request('HEAD', '/v1/edges/stream?edge=head-probe&pop=FRA&since=0', { token: h.token('edge') });
  assert.equal(head.status, 405);
  assert.equal(head.headers.get('allow'), 'GET');
  const after = (await h.call('GET', '/v1/edges', { token: h.token('read') })).body.items;
  assert.equal(after.length, before, 'no edge registered');
  assert.ok(!after.some((e: { id: string }) => e.id === 'head-probe'));
});

test('/healthz needs no token', async () => {
  const r = await h.call('GET', '/healthz', { token: null });
  assert.deepEqual(r.body, { status: 'ok', seq: 0, edges: { live: 0, down: 0 } });
});

test('RS256: tokens from the private key pass, HS256 tokens made with the public key do not', async () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const dir = tempDir();
  writeFileSync(join(dir, 'pub.pem'), publicKey);
  const keys = loadJwtKeys({ dataPath: join(dir, 'cp.db'), publicKeyFile: join(dir, 'pub.pem'), env: {} });
  assert.equal(keys.algorithm, 'RS256');
  const rs = new Harness({ keys, signKey: privateKey });
  try {
    assert.equal((await rs.call('GET', '/v1/distributions', { token: rs.token('read') })).status, 200);
    // Algorithm confusion (RFC 8725 §2.1): an HS256 token keyed with the public key text.
    const confused = jwt.sign({ scope: 'read', exp: Math.floor(Date.now() / 1000) + 60 }, publicKey, { algorithm: 'HS256' });
    const r = await rs.call('GET', '/v1/distributions', { token: confused });
    assert.equal(r.status, 401);
    assert.equal(r.body.error.code, 'InvalidToken');
  } finally {
    rs.close();
    rmSync(dir, { recursive: true });
  }
});

test('mintToken: claims and scope checks', () => {
  const t = mintToken({ scope: ['read', 'edge'], subject: 'fra-edge', expiresIn: '2h', key: SECRET });
  const claims = jwt.verify(t, SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  assert.equal(claims.scope, 'read edge');
  assert.equal(claims.sub, 'fra-edge');
  assert.equal((claims.exp as number) - (claims.iat as number), 7200);
  assert.throws(() => mintToken({ scope: ['admin'], key: SECRET }), /unknown scope admin/);
  assert.throws(() => mintToken({ scope: [], key: SECRET }), /at least one scope/);
});

test('loadJwtKeys: env, then secret file, then a generated file next to the database (0600, kept)', () => {
  const dir = tempDir();
  const dataPath = join(dir, 'data', 'cp.db');
  const generated = loadJwtKeys({ dataPath, env: {} });
  assert.equal(generated.algorithm, 'HS256');
  const file = join(dir, 'data', 'jwt-secret');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  assert.match(secret, /^[0-9a-f]{64}$/);
  assert.match(generated.source, /generated/);
  assert.deepEqual(loadJwtKeys({ dataPath, env: {} }), { algorithm: 'HS256', secret, source: `file ${file}` }, 'the second start reuses it');

  writeFileSync(join(dir, 'mine'), 'from-a-file\n');
  const fromFile = loadJwtKeys({ dataPath, secretFile: join(dir, 'mine'), env: {} });
  assert.equal(fromFile.algorithm === 'HS256' ? fromFile.secret : '', 'from-a-file');
  const fromEnv = loadJwtKeys({ dataPath, secretFile: join(dir, 'mine'), env: { CACHEFRONT_JWT_SECRET: 'from-env' } });
  assert.equal(fromEnv.algorithm === 'HS256' ? fromEnv.secret : '', 'from-env');

  writeFileSync(join(dir, 'empty'), '\n');
  assert.throws(() => loadJwtKeys({ dataPath, secretFile: join(dir, 'empty'), env: {} }), /is empty/);
  assert.throws(() => loadJwtKeys({ dataPath, secretFile: join(dir, 'missing'), env: {} }), /cannot read the JWT secret file/);
  assert.throws(() => loadJwtKeys({ dataPath, publicKeyFile: join(dir, 'mine'), env: {} }), /is not a PEM public key/);
  rmSync(dir, { recursive: true });
});
