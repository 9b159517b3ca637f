// The runtime with real child processes: handler styles, context, module formats, logs, pools.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaRuntime } from './runtime.ts';
import { functionDir, removeFunctionDirs, sampleEvent, version } from './test-helpers.ts';

const rt = new LambdaRuntime({ max: 2, idleMs: 60_000 });
after(() => {
  rt.close();
  removeFunctionDirs();
});

const styles = functionDir({
  'index.js': `
console.log('init');
exports.asyncStyle = async (event) => ({ style: 'async', uri: event.Records[0].cf.request.uri });
exports.callbackStyle = (event, context, callback) => { setTimeout(() => callback(null, { style: 'callback' }), 5); };
exports.promiseStyle = (event) => Promise.resolve({ style: 'promise' });
exports.waitsForLoop = (event, context, callback) => { let n = 0; setTimeout(() => { n++; console.log('timer ran'); }, 20); callback(null, { style: 'waited' }); };
exports.noWait = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => {}, 1000).unref(); callback(null, { style: 'no-wait' }); };
exports.syncNothing = () => {};
exports.callbackError = (event, context, callback) => callback(new TypeError('bad input'));
exports.context = async (event, context) => ({
  functionName: context.functionName, functionVersion: context.functionVersion, awsRequestId: context.awsRequestId,
  remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop, memory: context.memoryLimitInMB,
  arn: context.invokedFunctionArn, env: process.env.AWS_LAMBDA_FUNCTION_NAME, secret: process.env.HOME ?? null,
});
exports.logs = async () => { console.log('a %s', 'b', { c: 1 }); console.error('oops'); process.stdout.write('raw line\\n'); return null; };
`,
});

describe('handler styles', () => {
  const table: Array<[string, unknown]> = [
    ['index.asyncStyle', { style: 'async', uri: '/picture.jpg' }],
    ['index.callbackStyle', { style: 'callback' }],
    ['index.promiseStyle', { style: 'promise' }],
    ['index.waitsForLoop', { style: 'waited' }],
    ['index.noWait', { style: 'no-wait' }],
    // A handler that neither returns a promise nor calls back ends with null when the loop empties, as on Lambda.
    ['index.syncNothing', null],
  ];
  for (const [handler, expected] of table) {
    it(`${handler} -> ${JSON.stringify(expected)}`, async () => {
      const r = await rt.invoke(version(styles, handler), 'origin-request', sampleEvent('origin-request'));
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.ok(r.ok);
      assert.deepEqual(r.result, expected);
    });
  }

  it('callbackWaitsForEmptyEventLoop: the result waits for the timer the handler left', async () => {
    const r = await rt.invoke(version(styles, 'index.waitsForLoop'), 'origin-request', sampleEvent('origin-request'));
    assert.ok(r.logs.some((l) => l.endsWith('\tINFO\ttimer ran')), r.logs.join('\n'));
  });

  it('a callback error is an execution error with its type and message', async () => {
    const r = await rt.invoke(version(styles, 'index.callbackError'), 'viewer-request', sampleEvent('viewer-request'));
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.error, 'LambdaExecutionError');
    assert.equal(r.errorType, 'TypeError');
    assert.equal(r.message, 'bad input');
  });

  it('context: function name and version, request id, remaining time, memory; only Lambda variables in env', async () => {
    const r = await rt.invoke(version(styles, 'index.context'), 'viewer-request', sampleEvent('viewer-request'), { requestId: 'req-1' });
    assert.ok(r.ok);
    const c = r.result as Record<string, unknown>;
    assert.equal(c.functionName, 'test-fn');
    assert.equal(c.functionVersion, '1');
    assert.equal(c.awsRequestId, 'req-1');
    assert.equal(c.waits, true);
    assert.equal(c.memory, '128');
    assert.equal(c.arn, 'arn:aws:lambda:us-east-1:123456789012:function:test-fn:1');
    assert.equal(c.env, 'test-fn');
    assert.equal(c.secret, null);
    assert.ok(typeof c.remaining === 'number' && c.remaining > 0 && c.remaining <= 5000, String(c.remaining));
  });

  it("logs: console lines in Lambda's format, with the request id; raw stdout too", async () => {
    const r = await rt.invoke(version(styles, 'index.logs'), 'viewer-request', sampleEvent('viewer-request'), { requestId: 'req-logs' });
    const lines = r.logs.map((l) => l.split('\t').slice(1).join('\t'));
    assert.ok(lines.includes("req-logs\tINFO\ta b { c: 1 }"), r.logs.join('\n'));
    assert.ok(lines.includes('req-logs\tERROR\toops'), r.logs.join('\n'));
    assert.ok(r.logs.includes('raw line'), r.logs.join('\n'));
  });
});

describe('module formats', () => {
  const table: Array<[string, Record<string, string>, string]> = [
    ['CommonJS index.js', { 'index.js': 'exports.handler = async () => "cjs";' }, 'index.handler'],
    ['module.exports', { 'index.js': 'module.exports = { handler: async () => "cjs" };' }, 'index.handler'],
    ['ES module index.mjs', { 'index.mjs': 'export const handler = async () => "esm";' }, 'index.handler'],
    ['ES module syntax in index.js (detected)', { 'index.js': 'export const handler = async () => "esm";' }, 'index.handler'],
    ['type: module', { 'index.js': 'export async function handler() { return "esm"; }', 'package.json': '{"type":"module"}' }, 'index.handler'],
    ['CommonJS index.cjs requiring a sibling', { 'index.cjs': 'const lib = require("./lib.cjs"); exports.handler = async () => lib.v;', 'lib.cjs': 'exports.v = "cjs";' }, 'index.handler'],
    ['a nested file and another export name', { 'src/app.js': 'exports.main = async () => "cjs";' }, 'src/app.main'],
  ];
  for (const [name, files, handler] of table) {
    it(name, async () => {
      const r = await rt.invoke(version(functionDir(files), handler), 'viewer-request', sampleEvent('viewer-request'));
      assert.ok(r.ok, JSON.stringify(r));
      assert.match(String(r.result), /^(cjs|esm)$/);
    });
  }

  it('a missing module, a missing export and a syntax error are execution errors', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ 'other.js': '' }, 'index.handler', 'Runtime.ImportModuleError'],
      [{ 'index.js': 'exports.other = () => 1;' }, 'index.handler', 'Runtime.HandlerNotFound'],
      [{ 'index.js': 'exports.handler = async () => {' }, 'index.handler', 'Runtime.UserCodeSyntaxError'],
      [{ 'index.js': '' }, 'handler', 'Runtime.MalformedHandlerName'],
      [{ 'index.js': '' }, '../index.handler', 'Runtime.MalformedHandlerName'],
    ];
    for (const [files, handler, errorType] of cases) {
      const r = await rt.invoke(version(functionDir(files), handler), 'viewer-request', sampleEvent('viewer-request'));
      assert.ok(!r.ok);
      assert.equal(r.error, 'LambdaExecutionError', handler);
      assert.equal(r.errorType, errorType, r.message);
    }
  });

  it('a runtime other than Node.js is refused', async () => {
    const r = await rt.invoke(version(styles, 'index.asyncStyle', { runtime: 'python3.12' }), 'viewer-request', sampleEvent('viewer-request'));
    assert.ok(!r.ok);
    assert.equal(r.errorType, 'Runtime.InvalidRuntime');
  });
});

describe('pools', () => {
  it('a warm child is reused: one cold start (initDurationMs), then none', async () => {
    const local = new LambdaRuntime({ max: 1 });
    try {
      const dir = functionDir({ 'index.js': 'let n = 0; exports.handler = async () => ++n;' });
      const first = await local.invoke(version(dir), 'viewer-request', sampleEvent('viewer-request'));
      const second = await local.invoke(version(dir), 'viewer-request', sampleEvent('viewer-request'));
      assert.ok(first.ok && second.ok);
      assert.equal(typeof first.initDurationMs, 'number');
      assert.equal(second.initDurationMs, undefined);
      assert.deepEqual([first.result, second.result], [1, 2]);
      assert.ok(first.maxMemoryUsedMb > 0 && first.maxMemoryUsedMb <= 128, String(first.maxMemoryUsedMb));
      const [stats] = Object.values(local.stats());
      assert.deepEqual(stats, { children: 1, idle: 1, busy: 0, queued: 0, started: 1 });
    } finally {
      local.close();
    }
  });

  it('max children, then a queue, then LambdaLimitExceeded (throttled)', async () => {
    const local = new LambdaRuntime({ max: 1, maxQueue: 1 });
    try {
      // The first invocation never resolves: it holds the only child until its time limit.
      const dir = functionDir({ 'index.js': 'exports.handler = (e) => e.wait ? new Promise(() => {}) : Promise.resolve("ok");' });
      const v = version(dir);
      const running = local.invoke(v, 'origin-request', { wait: true }, { timeoutMs: 300 });
      const queued = local.invoke(v, 'origin-request', {});
      const refused = await local.invoke(v, 'origin-request', {});
      assert.ok(!refused.ok);
      assert.equal(refused.error, 'LambdaLimitExceeded');
      assert.equal(refused.errorType, 'TooManyRequestsException');
      const timedOut = await running;
      assert.ok(!timedOut.ok);
      assert.equal(timedOut.error, 'LambdaLimitExceeded');
      // The queued invocation gets the replacement child.
      const next = await queued;
      assert.ok(next.ok, JSON.stringify(next));
      assert.equal(next.result, 'ok');
    } finally {
      local.close();
    }
  });
});
