// Sandbox escapes: what function code must not be able to do (JavaScript runtime features,
// "Restricted features": no dynamic code evaluation, timers, file system or network), and
// what it must not be able to change for other invocations or for the host.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFunction } from './compile.ts';
import { compile, evaluate, requestEvent, requestOf, runOnce } from './test-fixtures.ts';

const EVAL_DISABLED = /^EvalError: .*is not supported: dynamic code evaluation is disabled in CloudFront Functions$/;

describe('dynamic code evaluation throws', () => {
  const attempts: [name: string, body: string][] = [
    ['eval', 'return eval("1 + 1");'],
    ['indirect eval', 'var e = eval; return e("1 + 1");'],
    ['globalThis.eval', 'return globalThis.eval("1 + 1");'],
    ['new Function', 'return new Function("a", "b", "return a + b")(1, 2);'],
    ['Function()', 'return Function("return 1")();'],
    ['a function\'s constructor', 'return (function () {}).constructor("return 1")();'],
    ['an arrow\'s constructor', 'return (() => 1).constructor("return 1")();'],
    ['AsyncFunction', 'return Object.getPrototypeOf(async function () {}).constructor("return 1");'],
    ['GeneratorFunction', 'return Object.getPrototypeOf(function* () {}).constructor("yield 1");'],
    ['AsyncGeneratorFunction', 'return Object.getPrototypeOf(async function* () {}).constructor("yield 1");'],
    ['Reflect.construct(Function)', 'return Reflect.construct(Function, ["return 1"]);'],
    ['a bound Function', 'return Function.bind(null, "return 1")()();'],
    ['Function.prototype.constructor via call', 'return Function.prototype.constructor.call(null, "return 1")();'],
  ];
  for (const [name, body] of attempts) {
    it(name, async () => {
      const value = (await evaluate(body)) as { thrown?: string };
      assert.match(value.thrown ?? JSON.stringify(value), EVAL_DISABLED);
    });
  }

  it('the Function constructor cannot be restored or reached again', async () => {
    const value = await evaluate(`
      var F = Function;
      var results = [];
      try { Function.prototype.constructor = function () { return 1; }; results.push('replaced'); } catch (e) { results.push(e.name); }
      try { Object.defineProperty(Function.prototype, 'constructor', { value: 1 }); results.push('redefined'); } catch (e) { results.push(e.name); }
      results.push(F === (function () {}).constructor, (function () {}) instanceof Function, typeof F.prototype.call);
      return results;
    `);
    assert.deepEqual(value, ['TypeError', 'TypeError', true, true, 'function']);
  });
});

describe('no timers, network, file system or host', () => {
  it('timers, process, network and host APIs are absent', async () => {
    const names = ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'queueMicrotask', 'process', 'fetch', 'XMLHttpRequest', 'WebSocket', 'WebAssembly', 'std', 'os', 'module', 'exports', '__dirname', 'global', 'self', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'performance'];
    const value = await evaluate(`return ${JSON.stringify(names)}.filter(function (n) { return typeof globalThis[n] !== 'undefined'; });`);
    assert.deepEqual(value, []);
  });

  it('globalThis holds only the standard built-ins and console, require, Buffer', async () => {
    const names = (await evaluate('return Object.getOwnPropertyNames(globalThis);')) as string[];
    const standard = new Set(['Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'undefined', 'Boolean', 'String', 'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'InternalError', 'globalThis', 'JSON', 'Math', 'Intl', 'ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray', 'BigUint64Array', 'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'eval', 'isFinite', 'isNaN', 'Iterator']);
    const extra = names.filter((n) => !standard.has(n));
    assert.deepEqual(extra.sort(), ['Buffer', 'console', 'require']);
  });

  it('require() gives only the built-in modules', async () => {
    const value = await evaluate(`
      return ['fs', 'child_process', 'net', 'http', 'os', 'path', 'node:crypto', 'vm', 'worker_threads', '../sandbox.ts', 'cloudfront', 'crypto', 'querystring', 'buffer'].map(function (name) {
        try { return name + ': ' + typeof require(name); } catch (e) { return name + ': ' + e.message; }
      });
    `);
    assert.deepEqual(value, [
      "fs: Cannot find module 'fs'",
      "child_process: Cannot find module 'child_process'",
      "net: Cannot find module 'net'",
      "http: Cannot find module 'http'",
      "os: Cannot find module 'os'",
      "path: Cannot find module 'path'",
      "node:crypto: Cannot find module 'node:crypto'",
      "vm: Cannot find module 'vm'",
      "worker_threads: Cannot find module 'worker_threads'",
      "../sandbox.ts: Cannot find module '../sandbox.ts'",
      'cloudfront: object',
      'crypto: object',
      'querystring: object',
      'buffer: object',
    ]);
  });

  it('dynamic import() does not load anything', async () => {
    const result = await runOnce('async function handler(event) { var m = await import("fs"); event.request.headers["x"] = { value: typeof m }; return event.request; }');
    assert.equal(result.errorCode, 'EXECUTION_ERROR');
    assert.doesNotMatch(result.error ?? '', /object/);
  });

  it('static import of anything but a built-in module fails', async () => {
    const result = await compileFunction({ name: 'imp', runtime: 'cloudfront-js-2.0', code: "import fs from 'fs';\nfunction handler(e) { return e.request; }" });
    assert.ok(!('error' in result)); // the top level throws per run, like CloudFront's runtime error
    assert.match(result.runSync('viewer-request', requestEvent()).error ?? '', /Error: Cannot find module 'fs'$/);
    result.dispose();
  });

  it('strict mode: no this at the top level, no arguments.callee, no sloppy globals', async () => {
    const value = await evaluate(`
      var out = [typeof this];
      try { (function () { return arguments.callee; })(); out.push('callee'); } catch (e) { out.push(e.name); }
      try { undeclared = 1; out.push('sloppy'); } catch (e) { out.push(e.name); }
      return out;
    `);
    assert.deepEqual(value, ['undefined', 'TypeError', 'ReferenceError']);
  });
});

describe('the host bridge and the dispatcher cannot be subverted', () => {
  it('built-ins the dispatcher relies on cannot be replaced or extended', async () => {
    const value = await evaluate(`
      var attempts = {
        'Object.prototype.then': function () { Object.defineProperty(Object.prototype, 'then', { get: function () { throw new Error('hijacked'); } }); },
        'Object.prototype.toJSON': function () { Object.prototype.toJSON = function () { return 'pwned'; }; },
        'Array.prototype.map': function () { Array.prototype.map = function () { return []; }; },
        'Promise.prototype.then': function () { Promise.prototype.then = function () {}; },
        'JSON.stringify': function () { JSON.stringify = function () { return '{}'; }; },
        'String.prototype.slice': function () { String.prototype.slice = function () { return ''; }; },
        'Symbol.prototype[Symbol.toPrimitive]': function () { Object.defineProperty(Symbol.prototype, Symbol.toPrimitive, { value: 1 }); },
        'Object.setPrototypeOf(Array.prototype)': function () { Object.setPrototypeOf(Array.prototype, null); },
        'console.log': function () { console.log = function () {}; },
        'globalThis.require': function () { globalThis.require = function () { return {}; }; },
        'Buffer.from': function () { Buffer.from = function () {}; },
        'require("crypto").createHash': function () { require('crypto').createHash = function () {}; },
        'Date.now': function () { Date.now = function () { return 0; }; },
      };
      var out = {};
      Object.keys(attempts).forEach(function (name) { try { attempts[name](); out[name] = 'changed'; } catch (e) { out[name] = e.name; } });
      return out;
    `);
    for (const [name, outcome] of Object.entries(value as Record<string, string>)) assert.equal(outcome, 'TypeError', name);
  });

  it('the crypto bridge takes only strings and byte arrays', async () => {
    const value = await evaluate(`
      var crypto = require('crypto');
      var out = [];
      [{ toString: function () { return 'x'; } }, 42, null, new Proxy({}, {}), [1, 2]].forEach(function (data) {
        try { crypto.createHash('sha256').update(data).digest('hex'); out.push('accepted'); } catch (e) { out.push(e.name); }
      });
      try { crypto.createHash('sha512'); out.push('sha512'); } catch (e) { out.push(e.message); }
      try { crypto.createHmac('sha256', { length: 3 }); out.push('odd key'); } catch (e) { out.push(e.name); }
      return out;
    `);
    assert.deepEqual(value, ['TypeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError', 'Digest method not supported', 'TypeError']);
  });

  it('breaking out of the wrapper runs only in the locked-down realm, at compile time', async () => {
    const escaped = await compileFunction({ name: 'escape', runtime: 'cloudfront-js-2.0', code: '}); globalThis.pwned = Function; (function () {' });
    assert.ok('error' in escaped);
    assert.match(escaped.error.message, /TypeError/);
    // Reopening a wrapper function just makes another factory: harmless.
    const reopened = await compileFunction({ name: 'escape2', runtime: 'cloudfront-js-2.0', code: '}); (function () {\nfunction handler(e) { return e.request; }' });
    assert.ok(!('error' in reopened));
    assert.equal(requestOf(reopened.runSync('viewer-request', requestEvent('/r'))).uri, '/r');
    reopened.dispose();
    const fn = await compile('function handler(event) { event.request.headers["x-pwned"] = { value: typeof globalThis.pwned }; return event.request; }');
    assert.deepEqual(requestOf(fn.runSync('viewer-request', requestEvent())).headers['x-pwned'], { value: 'undefined' });
    fn.dispose();
  });

  it('the real Date constructor is out of reach', async () => {
    const value = await evaluate('return [Object.getPrototypeOf(new Date()).constructor === Date, new Date(0).constructor === Date, Date.name, Date.length];');
    assert.deepEqual(value, [true, true, 'Date', 7]);
  });

  it('one function cannot see another function\'s sandbox', async () => {
    const a = await compile('var secret = "a-secret"; function handler(event) { return event.request; }');
    const b = await compile('function handler(event) { event.request.headers["x"] = { value: typeof secret + typeof globalThis.secret }; return event.request; }');
    a.runSync('viewer-request', requestEvent());
    assert.deepEqual(requestOf(b.runSync('viewer-request', requestEvent())).headers.x, { value: 'undefinedundefined' });
    a.dispose();
    b.dispose();
  });
});
