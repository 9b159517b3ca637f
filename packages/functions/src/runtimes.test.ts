// cloudfront-js-1.0 and cloudfront-js-2.0 differences implemented here (JavaScript runtime
// features: "The JavaScript runtime 2.0 features has the following changes compared to 1.0").

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFunction } from './compile.ts';
import { rewriteImports } from './sandbox-source.ts';
import { evaluate, requestEvent, requestOf, runOnce } from './test-fixtures.ts';

describe('1.0 vs 2.0', () => {
  const table: [feature: string, body: string, v1: unknown, v2: unknown][] = [
    ['Buffer ("Buffer module methods are available" in 2.0)', 'return typeof Buffer;', 'undefined', 'function'],
    ['String.bytesFrom and the byte-string methods (removed in 2.0)', "return [typeof String.bytesFrom, typeof ''.fromUTF8, typeof ''.toBytes];", ['function', 'function', 'function'], ['undefined', 'undefined', 'undefined']],
    ['digest() without an encoding (a Buffer in 2.0)', "var d = require('crypto').createHash('md5').update('x').digest(); return typeof d === 'string' ? 'string' : d.constructor.name;", 'string', 'Buffer'],
    ['require("cloudfront") (2.0 only)', "try { return typeof require('cloudfront').kvs; } catch (e) { return e.message; }", "Cannot find module 'cloudfront'", 'function'],
    ['require("buffer")', "try { return typeof require('buffer').Buffer; } catch (e) { return e.message; }", "Cannot find module 'buffer'", 'function'],
    ['crypto and querystring in both', "return [typeof require('crypto').createHmac, typeof require('querystring').parse];", ['function', 'function'], ['function', 'function']],
  ];
  for (const [feature, body, v1, v2] of table) {
    it(feature, async () => {
      assert.deepEqual(await evaluate(body, 'cloudfront-js-1.0'), v1);
      assert.deepEqual(await evaluate(body, 'cloudfront-js-2.0'), v2);
    });
  }

  it('import statements: 2.0 only (1.0 reports a syntax error)', async () => {
    const code = "import crypto from 'crypto';\nfunction handler(event) { event.request.headers.x = { value: crypto.createHash('md5').update('a').digest('hex') }; return event.request; }";
    const v2 = await runOnce(code);
    assert.deepEqual(requestOf(v2).headers.x, { value: '0cc175b9c0f1b6a831c399e269772661' });
    const v1 = await compileFunction({ name: 'imp', code, runtime: 'cloudfront-js-1.0' });
    assert.ok('error' in v1 && v1.error.code === 'SYNTAX_ERROR' && v1.error.message.endsWith(' in 1'), 'error' in v1 ? v1.error.message : 'compiled');
  });

  it('async handlers in both (QuickJS runs them; CloudFront documents async/await for 2.0)', async () => {
    for (const runtime of ['cloudfront-js-1.0', 'cloudfront-js-2.0'] as const) {
      const result = await runOnce('async function handler(event) { return event.request; }', requestEvent('/async'), runtime);
      assert.equal(requestOf(result).uri, '/async');
    }
  });
});

describe('rewriteImports (2.0)', () => {
  const table: [input: string, output: string][] = [
    ["import cf from 'cloudfront';", "var cf = require(\"cloudfront\");"],
    ['import crypto from "crypto"', 'var crypto = require("crypto");'],
    ["  import * as qs from 'querystring';", '  var qs = require("querystring");'],
    ["import { createHash, createHmac as hmac } from 'crypto';", 'var { createHash, createHmac: hmac } = require("crypto");'],
    ["var s = \"import x from 'y'\";", "var s = \"import x from 'y'\";"], // not at the start of a line
    ["function handler(e) { return e.request; }", 'function handler(e) { return e.request; }'],
  ];
  for (const [input, output] of table) {
    it(input, () => assert.equal(rewriteImports(input, 'cloudfront-js-2.0'), output));
  }

  it('keeps line numbers and leaves 1.0 code alone', () => {
    const code = "import cf from 'cloudfront';\nimport crypto from 'crypto';\nfunction handler(e) {}";
    assert.equal(rewriteImports(code, 'cloudfront-js-2.0').split('\n').length, 3);
    assert.equal(rewriteImports(code, 'cloudfront-js-1.0'), code);
  });
});
