import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFunction } from './compile.ts';
import { FUNCTION_ERRORS } from './errors.ts';
import { NOW, compile, requestEvent, requestOf, responseEvent, responseOf, runOnce } from './test-fixtures.ts';

const PREFIX = 'The CloudFront function associated with the CloudFront distribution is invalid or could not run.';

describe('compileFunction', () => {
  it('rejects code over 10 KB ("Maximum size of a function")', async () => {
    const code = `function handler(event) { return event.request; }\n//${'x'.repeat(10 * 1024)}`;
    const result = await compileFunction({ name: 'big', code, runtime: 'cloudfront-js-1.0' });
    assert.ok('error' in result);
    assert.equal(result.error.code, 'FUNCTION_TOO_LARGE');
    assert.match(result.error.message, /^FunctionSizeLimitExceeded: the function is too large: 10292 bytes of code, the maximum is 10240 bytes$/);
  });

  it('accepts exactly 10 KB, counted in UTF-8 bytes', async () => {
    const head = 'function handler(event) { return event.request; }\n//';
    const ok = await compileFunction({ name: 'ok', code: head + 'x'.repeat(10240 - head.length), runtime: 'cloudfront-js-1.0' });
    assert.ok(!('error' in ok));
    ok.dispose();
    const over = await compileFunction({ name: 'over', code: head + 'é'.repeat((10240 - head.length) / 2 + 1), runtime: 'cloudfront-js-1.0' });
    assert.ok('error' in over && over.error.code === 'FUNCTION_TOO_LARGE');
  });

  it('reports a syntax error with its line, in CloudFront\'s words', async () => {
    const result = await compileFunction({ name: 'bad', code: 'function handler(event) {\n  var x = ;\n}', runtime: 'cloudfront-js-1.0' });
    assert.ok('error' in result);
    assert.equal(result.error.code, 'SYNTAX_ERROR');
    assert.match(result.error.message, new RegExp(`^${PREFIX.replace(/[.]/g, '\\.')} SyntaxError: .+ in 2$`));
  });

  it('needs a handler function', async () => {
    for (const code of ['var x = 1;', 'var handler = 5;', '']) {
      const result = await compileFunction({ name: 'nohandler', code, runtime: 'cloudfront-js-2.0' });
      assert.ok('error' in result, code);
      assert.equal(result.error.code, 'NO_HANDLER');
      assert.equal(result.error.message, `${PREFIX} ReferenceError: handler is not defined`);
    }
  });

  it('validates the name and the runtime', async () => {
    const badName = await compileFunction({ name: 'no spaces', code: 'function handler(e) { return e.request; }', runtime: 'cloudfront-js-1.0' });
    assert.ok('error' in badName && badName.error.code === 'INVALID_NAME');
    const badRuntime = await compileFunction({ name: 'x', code: 'function handler(e) { return e.request; }', runtime: 'nodejs' as 'cloudfront-js-1.0' });
    assert.ok('error' in badRuntime && badRuntime.error.code === 'INVALID_RUNTIME' && badRuntime.error.message.startsWith('Unsupported runtime'));
  });

  it('an infinite loop at the top level is stopped at compile time', async () => {
    const result = await compileFunction({ name: 'loop', code: 'while (true) {}\nfunction handler(e) { return e.request; }', runtime: 'cloudfront-js-1.0', limits: { compileTimeLimitMs: 20 } });
    assert.ok('error' in result);
    assert.match(result.error.message, /InternalError: interrupted: the code's top level ran longer than 20 ms/);
  });
});

describe('run', () => {
  it('returns the request (TestFunction output shape) with utilization, logs and no error', async () => {
    const result = await runOnce('function handler(event) { console.log("hi"); event.request.uri = "/b"; return event.request; }');
    assert.equal(requestOf(result).uri, '/b');
    assert.deepEqual(result.logs, ['hi']);
    assert.equal(result.logsTruncated, false);
    assert.deepEqual(result.origin, []);
    assert.ok(result.computeUtilization >= 0 && result.computeUtilization <= 100);
    assert.ok(result.durationMs >= 0);
  });

  it('run() is the promise form of runSync()', async () => {
    const fn = await compile('function handler(event) { return event.request; }');
    const result = await fn.run('viewer-request', requestEvent('/x'));
    assert.equal(requestOf(result).uri, '/x');
    fn.dispose();
  });

  it('a viewer response function returns the response', async () => {
    const result = await runOnce('function handler(event) { event.response.headers["x-a"] = { value: "1" }; return event.response; }', responseEvent());
    assert.deepEqual(responseOf(result).headers['x-a'], { value: '1' });
  });

  it('a thrown error becomes an execution error with its name and message', async () => {
    const result = await runOnce('function handler(event) { throw new TypeError("bad input"); }');
    assert.equal(result.output, undefined);
    assert.equal(result.errorCode, 'EXECUTION_ERROR');
    assert.equal(result.error, `${PREFIX} TypeError: bad input`);
    assert.equal(FUNCTION_ERRORS.EXECUTION_ERROR.status, 503);
  });

  it('runtime errors and thrown non-errors', async () => {
    const undefinedProp = await runOnce('function handler(event) { return event.nope.value; }');
    assert.match(undefinedProp.error ?? '', /^The CloudFront function .* could not run\. TypeError: /);
    const thrownString = await runOnce('function handler(event) { throw "plain"; }');
    assert.equal(thrownString.error, `${PREFIX} Error: plain`);
  });

  it('a wrong return type is an invalid value', async () => {
    const result = await runOnce('function handler(event) { return 42; }');
    assert.equal(result.errorCode, 'INVALID_VALUE');
    assert.equal(result.error, 'The CloudFront function returned an invalid value: the handler returned number; it must return the request or a response object');
    const cyclic = await runOnce('function handler(event) { var r = event.request; r.self = r; return r; }');
    assert.equal(cyclic.errorCode, 'EXECUTION_ERROR');
  });

  it('a viewer-response event without a response is refused, not thrown', async () => {
    const fn = await compile('function handler(event) { return event.response; }');
    const result = fn.runSync('viewer-response', requestEvent());
    assert.equal(result.errorCode, 'SANDBOX_ERROR');
    fn.dispose();
    assert.equal(fn.runSync('viewer-request', requestEvent()).errorCode, 'SANDBOX_ERROR'); // disposed
  });

  it('the eventType argument is what the function sees', async () => {
    const result = await runOnce('function handler(event) { event.request.headers["x-type"] = { value: event.context.eventType }; return event.request; }');
    assert.deepEqual(requestOf(result).headers['x-type'], { value: 'viewer-request' });
  });
});

describe('limits', () => {
  it('an infinite loop hits the time limit, and the function still works afterwards', async () => {
    const fn = await compile('function handler(event) { if (event.request.uri === "/loop") { while (true) {} } return event.request; }', 'cloudfront-js-2.0', { limits: { timeLimitMs: 20 } });
    const looped = fn.runSync('viewer-request', requestEvent('/loop'));
    assert.equal(looped.errorCode, 'TIME_LIMIT');
    assert.equal(looped.computeUtilization, 100);
    assert.equal(looped.error, `${PREFIX} InternalError: interrupted: the function ran longer than its 20 ms limit (compute utilization over 100)`);
    assert.ok(looped.durationMs >= 20 && looped.durationMs < 5000, String(looped.durationMs)); // stopped at its limit, not hung (loose: CI shares 2 cores)
    assert.equal(requestOf(fn.runSync('viewer-request', requestEvent('/ok'))).uri, '/ok');
    fn.dispose();
  });

  it('a function that keeps hitting its limit is paused (circuit breaker): THROTTLED at once, then one trial run', async () => {
    let t = 0;
    const fn = await compile('function handler(event) { if (event.request.uri === "/loop") { while (true) {} } return event.request; }', 'cloudfront-js-2.0', {
      limits: { timeLimitMs: 20 },
      breaker: { threshold: 2, windowMs: 10_000, cooldownMs: 1_000, maxCooldownMs: 8_000, now: () => t },
    });
    assert.equal(fn.runSync('viewer-request', requestEvent('/loop')).errorCode, 'TIME_LIMIT');
    assert.equal(requestOf(fn.runSync('viewer-request', requestEvent('/ok'))).uri, '/ok', 'one hit: still running');
    assert.equal(fn.runSync('viewer-request', requestEvent('/loop')).errorCode, 'TIME_LIMIT');
    const paused = fn.runSync('viewer-request', requestEvent('/ok'));
    assert.equal(paused.errorCode, 'THROTTLED');
    assert.equal(paused.durationMs, 0, 'not run at all');
    assert.match(paused.error ?? '', /circuit breaker/);
    t = 1_000;
    assert.equal(requestOf(fn.runSync('viewer-request', requestEvent('/ok'))).uri, '/ok', 'the trial run after the cooldown closes it');
    fn.dispose();
  });

  it('a loop in promise callbacks hits the time limit too', async () => {
    const result = await runOnce('async function handler(event) { for (;;) { await null; } }', requestEvent(), 'cloudfront-js-2.0', { limits: { timeLimitMs: 20 } });
    assert.equal(result.errorCode, 'TIME_LIMIT');
  });

  it('a memory bomb hits the 2 MB memory limit, and the function still works afterwards', async () => {
    // Typed arrays allocate for real (QuickJS builds "x".repeat(n) + s as a cheap rope).
    const fn = await compile('function handler(event) { if (event.request.uri === "/bomb") { var a = []; for (;;) a.push(new Uint8Array(64 * 1024)); } return event.request; }');
    const bombed = fn.runSync('viewer-request', requestEvent('/bomb'));
    assert.equal(bombed.errorCode, 'MEMORY_LIMIT');
    // Stopped, not hung: a loose bound (measured ~0.3 s idle, 1.8 s with the suites running in parallel on 2 cores).
    assert.ok(bombed.durationMs < 10_000, String(bombed.durationMs));
    assert.equal(bombed.error, `${PREFIX} InternalError: out of memory: the function used more than its 2048 KB of memory`);
    assert.equal(requestOf(fn.runSync('viewer-request', requestEvent('/fine'))).uri, '/fine');
    fn.dispose();
  });

  it('a function may use most of its 2 MB', async () => {
    const result = await runOnce('function handler(event) { var a = []; for (var i = 0; i < 24; i++) a.push(new Uint8Array(64 * 1024)); event.request.headers["x-n"] = { value: String(a.length) }; return event.request; }');
    assert.deepEqual(requestOf(result).headers['x-n'], { value: '24' }); // 1.5 MB
  });

  it('deep recursion is a stack overflow error', async () => {
    const result = await runOnce('function f(n) { return f(n + 1) + 1; } function handler(event) { f(0); return event.request; }');
    assert.equal(result.errorCode, 'EXECUTION_ERROR');
    assert.equal(result.error, `${PREFIX} InternalError: stack overflow`);
  });

  it('compute utilization is run time over the time limit, in percent', async () => {
    let clock = 0;
    const fn = await compile('function handler(event) { return event.request; }', 'cloudfront-js-2.0', { timer: () => (clock += 0.5), limits: { timeLimitMs: 4 } });
    // start and end reads are 0.5 ms apart (interrupt checks may read the clock in between)
    const result = fn.runSync('viewer-request', requestEvent());
    assert.ok(result.computeUtilization >= 13 && result.computeUtilization <= 100, String(result.computeUtilization));
    assert.equal(result.computeUtilization, Math.round((result.durationMs / 4) * 100));
    fn.dispose();
  });
});

describe('Date and console', () => {
  // "Date always returns the same value—the function's start time—during the lifetime of a single function run."
  it('Date is frozen at the start of the invocation', async () => {
    let now = NOW;
    const fn = await compile(
      `function handler(event) {
        var a = Date.now(); for (var i = 0; i < 100000; i++) {} var b = Date.now();
        event.request.headers['x-a'] = { value: String(a) };
        event.request.headers['x-same'] = { value: String(a === b && new Date().getTime() === a && Date() === new Date(a).toString()) };
        event.request.headers['x-parse'] = { value: String(new Date(0).getTime() + Date.UTC(1970, 0, 2)) };
        event.request.headers['x-instance'] = { value: String(new Date() instanceof Date) };
        return event.request;
      }`,
      'cloudfront-js-2.0',
      { now: () => now },
    );
    const first = requestOf(fn.runSync('viewer-request', requestEvent()));
    assert.deepEqual(first.headers['x-a'], { value: String(NOW) });
    assert.deepEqual(first.headers['x-same'], { value: 'true' });
    assert.deepEqual(first.headers['x-parse'], { value: '86400000' });
    assert.deepEqual(first.headers['x-instance'], { value: 'true' });
    now += 60_000;
    assert.deepEqual(requestOf(fn.runSync('viewer-request', requestEvent())).headers['x-a'], { value: String(NOW + 60_000) });
    fn.dispose();
  });

  it('console.log formats its arguments into one line each', async () => {
    const result = await runOnce('function handler(event) { console.log("a", 1, true, null, undefined, {b: [1]}, function f() {}, new Error("e")); console.log(Buffer.from("hi")); return event.request; }');
    assert.deepEqual(result.logs, ['a 1 true null undefined {"b":[1]} [Function: f] Error: e', '<Buffer 68 69>']);
  });

  it('only console.log exists ("It only supports the log() method")', async () => {
    const result = await runOnce('function handler(event) { console.error("x"); return event.request; }');
    assert.match(result.error ?? '', /TypeError: .*not a function/);
  });

  it('logs are truncated at 10 KB ("Function logs in CloudFront Functions are truncated at 10 KB")', async () => {
    const result = await runOnce('function handler(event) { for (var i = 0; i < 100; i++) console.log("line " + i + " " + "x".repeat(200)); return event.request; }');
    assert.equal(result.logsTruncated, true);
    const bytes = result.logs.reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
    assert.ok(bytes <= 10 * 1024 && bytes > 10 * 1024 - 300, String(bytes));
    assert.ok(result.logs[0]?.startsWith('line 0 '));
  });

  it('logs of a failed run are kept', async () => {
    const result = await runOnce('function handler(event) { console.log("before"); throw new Error("boom"); }');
    assert.deepEqual(result.logs, ['before']);
    assert.equal(result.errorCode, 'EXECUTION_ERROR');
  });
});

describe('async handlers (2.0)', () => {
  it('an async handler is awaited', async () => {
    const result = await runOnce('async function handler(event) { var v = await Promise.resolve("/async"); event.request.uri = v; return event.request; }');
    assert.equal(requestOf(result).uri, '/async');
  });

  it('a rejected promise is an execution error', async () => {
    const result = await runOnce('async function handler(event) { await null; throw new RangeError("later"); }');
    assert.equal(result.error, `${PREFIX} RangeError: later`);
  });

  it('a promise that never settles is an error', async () => {
    const result = await runOnce('function handler(event) { return new Promise(function () {}); }');
    assert.equal(result.error, `${PREFIX} Error: The handler returned a promise that never settled`);
  });

  it('callbacks a sync handler leaves pending run in the same invocation', async () => {
    const fn = await compile('function handler(event) { Promise.resolve().then(function () { console.log("late " + event.request.uri); }); return event.request; }');
    const first = fn.runSync('viewer-request', requestEvent('/one'));
    const second = fn.runSync('viewer-request', requestEvent('/two'));
    assert.deepEqual(first.logs, []); // the envelope was written before the callback ran
    assert.deepEqual(second.logs, []); // and the callback did not leak into the next run
    fn.dispose();
  });
});

describe('isolation between invocations', () => {
  it('top-level variables start afresh for every request', async () => {
    const fn = await compile('var count = 0; var seen = []; function handler(event) { count++; seen.push(event.request.uri); event.request.headers["x-count"] = { value: count + " " + seen.join(",") }; return event.request; }');
    for (const uri of ['/a', '/b', '/c']) {
      assert.deepEqual(requestOf(fn.runSync('viewer-request', requestEvent(uri))).headers['x-count'], { value: `1 ${uri}` });
    }
    fn.dispose();
  });

  it('globals and built-ins cannot be changed, so nothing carries over', async () => {
    const fn = await compile(`function handler(event) {
      var tries = [
        function () { globalThis.leak = event.request.uri; },
        function () { Object.prototype.leak = 1; },
        function () { Array.prototype.push = function () {}; },
        function () { JSON.parse = function () { return {}; }; },
        function () { Math.random = function () { return 0; }; },
        function () { Object.defineProperty(globalThis, 'leak2', { value: 1 }); },
        function () { String.prototype.trim = null; },
      ];
      var failed = tries.map(function (t) { try { t(); return 'changed'; } catch (e) { return e.name; } });
      event.request.headers['x-tries'] = { value: failed.join(',') + ' ' + typeof globalThis.leak + ' ' + typeof ({}).leak };
      return event.request;
    }`);
    const result = requestOf(fn.runSync('viewer-request', requestEvent('/first')));
    assert.deepEqual(result.headers['x-tries'], { value: 'TypeError,TypeError,TypeError,TypeError,TypeError,TypeError,TypeError undefined undefined' });
    fn.dispose();
  });

  it('objects can still shadow Object.prototype methods (no "override mistake")', async () => {
    const result = await runOnce(`function handler(event) {
      var o = {}; o.toString = function () { return 'mine'; }; o.hasOwnProperty = 1; o.constructor = 'c';
      var q = event.request.querystring; q.valueOf = { value: '1' };
      function E(m) { this.message = m; } E.prototype = Object.create(Error.prototype); E.prototype.name = 'E';
      var e = new Error('x'); e.name = 'Custom';
      event.request.headers['x-o'] = { value: String(o) + ' ' + o.hasOwnProperty + ' ' + o.constructor + ' ' + Object.keys(q).join() + ' ' + new E('m').name + ' ' + e.name };
      return event.request;
    }`);
    assert.deepEqual(requestOf(result).headers['x-o'], { value: 'mine 1 c valueOf E Custom' });
  });
});
