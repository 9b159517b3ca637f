// The `cachefront` command's contract: bad command lines exit 2 with a message that says
// what is wrong; `token` prints only a token.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './helpers.ts';

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
    ['control plane with a timeout shorter than the heartbeat', ['control-plane', '--heartbeat-ms', '5000', '--edge-timeout-ms', '1000'], /--edge-timeout-ms must be longer/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2 and says why`, () => {
      const r = run(args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }

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
