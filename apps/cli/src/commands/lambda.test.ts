// `cachefront lambda test`: the console layout, --json, exit status 1 on a failed handler.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = join(root, 'apps/cli/src/main.ts');
const example = (name: string) => join(root, 'examples/lambda-edge', name);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'lambda', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('cachefront lambda test', () => {
  it("prints the response, logs and REPORT line like the Lambda console, and CloudFront's verdict", async () => {
    const r = await cli(['test', example('image-format'), '--event', join(example('image-format'), 'event.json'), '--event-type', 'origin-request']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Status: Succeeded$/m);
    assert.match(r.stdout, /"uri": "\/photos\/cat\.webp"/);
    assert.match(r.stdout, /^REPORT RequestId: [\w-]+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms$/m);
    assert.match(r.stdout, /^CloudFront: request \/photos\/cat\.webp$/m);
  });

  it('--json: the logs of the run, and the event type from the event', async () => {
    const r = await cli(['test', example('form-handler'), '--event', join(example('form-handler'), 'event.json'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { status: string; logs: string[]; cloudfront: { summary: string }; maxMemoryUsedMb: number };
    assert.equal(out.status, 'Succeeded');
    assert.ok(out.logs.some((l) => l.includes('subscribed ada@example.com')), out.logs.join('\n'));
    assert.equal(out.cloudfront.summary, 'generated response 200 OK');
    assert.ok(out.maxMemoryUsedMb > 0);
  });

  it('a handler that throws: exit 1, its error printed, the 503', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambda-cli-'));
    writeFileSync(join(dir, 'index.js'), "exports.handler = async () => { console.log('before'); throw new Error('boom'); };");
    const r = await cli(['test', dir, '--event', join(example('image-format'), 'event.json')]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Status: Failed$/m);
    assert.match(r.stdout, /"errorMessage": "boom"/);
    assert.match(r.stdout, /INFO\tbefore/);
    assert.match(r.stdout, /^CloudFront: 503 LambdaExecutionError: boom$/m);
  });

  it('bad flags exit 2', async () => {
    const r = await cli(['test', example('image-format'), '--event', join(example('image-format'), 'event.json'), '--event-type', 'nope']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--event-type must be/);
  });
});
