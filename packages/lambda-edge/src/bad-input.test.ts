// Handlers that misbehave: each ends in CloudFront's documented error for that invocation
// only, and the version's pool serves the next invocation.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outcomeOf } from './apply.ts';
import { LambdaRuntime } from './runtime.ts';
import { functionDir, removeFunctionDirs, sampleEvent, version } from './test-helpers.ts';

const rt = new LambdaRuntime({ max: 1 });
after(() => {
  rt.close();
  removeFunctionDirs();
});

const outside = join(functionDir({ 'secret.txt': 'top secret' }), 'secret.txt');
const dir = functionDir({
  'index.js': `
const fs = require('node:fs');
exports.handler = async (event) => {
  const what = event.Records[0].cf.request.querystring;
  const request = event.Records[0].cf.request;
  switch (what) {
    case 'ok': return { status: '200', body: 'fine' };
    case 'malformed': return 'not an object';
    case 'no-uri': return { headers: {} };
    case 'status': return { status: '700' };
    case 'forbidden-header': request.headers['x-cache'] = [{ key: 'X-Cache', value: 'Hit' }]; return request;
    case 'read-only-header': request.headers['host'] = [{ key: 'Host', value: 'evil.example' }]; return request;
    case 'oversized': return { status: '200', body: 'x'.repeat(41 * 1024) };
    case 'throw': throw new RangeError('thrown');
    case 'reject': return Promise.reject(new Error('rejected'));
    case 'never': return new Promise(() => {});
    case 'busy-loop': for (;;) {}
    case 'heap': { const a = []; for (;;) a.push(new Array(1e5).fill(a.length)); }
    case 'buffers': { const a = []; for (;;) a.push(Buffer.alloc(8 * 1024 * 1024, 1)); }
    case 'exit': process.exit(3);
    case 'uncaught': setTimeout(() => { throw new Error('late'); }, 0); return new Promise(() => {});
    case 'read-outside': return { status: '200', body: fs.readFileSync(${JSON.stringify(outside)}, 'utf8') };
    case 'write-outside': fs.writeFileSync(${JSON.stringify(join(outside, '..', 'written.txt'))}, 'x'); return request;
    case 'write-tmp': { const p = require('node:path').join(require('node:os').tmpdir(), 'f.txt'); fs.writeFileSync(p, 'tmp ok'); return { status: '200', body: fs.readFileSync(p, 'utf8') }; }
    case 'spawn': require('node:child_process').execSync('true'); return request;
    case 'worker': new (require('node:worker_threads').Worker)('1', { eval: true }); return request;
    case 'circular': { const o = {}; o.o = o; return o; }
    default: return request;
  }
};
`,
});

function event(qs: string) {
  const e = sampleEvent('viewer-request');
  e.Records[0].cf.request.querystring = qs;
  return e;
}

async function run(qs: string, timeoutMs?: number) {
  const e = event(qs);
  const outcome = await rt.invoke(version(dir), 'viewer-request', e, timeoutMs === undefined ? {} : { timeoutMs });
  return { outcome, applied: outcomeOf('viewer-request', e, outcome) };
}

describe('bad input', () => {
  // [case, CloudFront's code, status, what the message says]
  const table: Array<[string, string, number, RegExp]> = [
    ['malformed', 'LambdaValidationError', 502, /not an object/],
    ['no-uri', 'LambdaValidationError', 502, /uri/],
    ['status', 'LambdaValidationError', 502, /status code is not valid/],
    ['forbidden-header', 'LambdaValidationError', 502, /disallowed header: x-cache/],
    ['read-only-header', 'LambdaValidationError', 502, /read-only header: host/],
    ['oversized', 'LambdaValidationError', 502, /exceeds the maximum size/],
    ['circular', 'LambdaValidationError', 502, /stringify/],
    ['throw', 'LambdaExecutionError', 503, /thrown/],
    ['reject', 'LambdaExecutionError', 503, /rejected/],
    ['never', 'LambdaLimitExceeded', 503, /timed out after 0\.30 seconds/],
    ['busy-loop', 'LambdaLimitExceeded', 503, /timed out/],
    ['heap', 'LambdaExecutionError', 503, /out of memory/],
    ['buffers', 'LambdaExecutionError', 503, /out of memory/],
    ['exit', 'LambdaExecutionError', 503, /exit status 3/],
    ['uncaught', 'LambdaExecutionError', 503, /late/],
    ['read-outside', 'LambdaExecutionError', 503, /ERR_ACCESS_DENIED|Access to this API has been restricted/],
    ['write-outside', 'LambdaExecutionError', 503, /ERR_ACCESS_DENIED|Access to this API has been restricted/],
    ['spawn', 'LambdaExecutionError', 503, /ERR_ACCESS_DENIED|Access to this API has been restricted/],
    ['worker', 'LambdaExecutionError', 503, /ERR_ACCESS_DENIED|Access to this API has been restricted/],
  ];
  for (const [qs, code, status, message] of table) {
    it(`${qs} -> ${status} ${code}, and the next invocation works`, async () => {
      // A short timeout for the two that must hit it; the rest end on their own (the memory
      // cases by the memory limit, which takes longer than 300 ms on a loaded machine).
      const { outcome, applied } = await run(qs, qs === 'never' || qs === 'busy-loop' ? 300 : 20_000);
      assert.equal(applied.kind, 'error', JSON.stringify(outcome));
      assert.ok(applied.kind === 'error');
      assert.equal(applied.code, code, applied.message);
      assert.equal(applied.status, status);
      assert.match(applied.message, message);
      const next = await run('ok');
      assert.equal(next.applied.kind, 'response', JSON.stringify(next.outcome));
    });
  }

  it('the function may write its own tmp dir', async () => {
    const { applied } = await run('write-tmp');
    assert.ok(applied.kind === 'response', JSON.stringify(applied));
    assert.equal(applied.response.body?.toString(), 'tmp ok');
  });

  it('a function changed on disk does not change a warm child (versions are immutable)', async () => {
    const local = new LambdaRuntime({ max: 1 });
    try {
      const d = functionDir({ 'index.js': 'exports.handler = async () => 1;' });
      assert.deepEqual((await local.invoke(version(d), 'viewer-request', event('')) as { result?: unknown }).result, 1);
      writeFileSync(join(d, 'index.js'), 'exports.handler = async () => 2;');
      assert.deepEqual((await local.invoke(version(d), 'viewer-request', event('')) as { result?: unknown }).result, 1);
    } finally {
      local.close();
    }
  });
});
