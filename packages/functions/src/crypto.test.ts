// require('crypto'): "createHash(algorithm) ... createHmac(algorithm, secret key) ... behave
// exactly as their Node.js counterparts" (JavaScript runtime features, Crypto): each case is
// checked against node:crypto.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { evaluate } from './test-fixtures.ts';

const ALGORITHMS = ['md5', 'sha1', 'sha256'] as const;
const ENCODINGS = ['hex', 'base64', 'base64url'] as const;
const INPUTS = ['', 'hello world', 'é ü 日本 🙂', 'x'.repeat(1000)];

describe('crypto.createHash and createHmac match node:crypto', () => {
  for (const runtime of ['cloudfront-js-1.0', 'cloudfront-js-2.0'] as const) {
    it(`every algorithm, encoding and input (${runtime})`, async () => {
      const value = (await evaluate(
        `var crypto = require('crypto'); var out = [];
         ${JSON.stringify(ALGORITHMS)}.forEach(function (alg) {
           ${JSON.stringify(ENCODINGS)}.forEach(function (enc) {
             ${JSON.stringify(INPUTS)}.forEach(function (input) {
               out.push(crypto.createHash(alg).update(input).digest(enc));
               out.push(crypto.createHmac(alg, 'secret key').update(input).digest(enc));
             });
           });
         });
         return out;`,
        runtime,
      )) as string[];
      const expected: string[] = [];
      for (const alg of ALGORITHMS) {
        for (const enc of ENCODINGS) {
          for (const input of INPUTS) {
            expected.push(createHash(alg).update(input).digest(enc));
            expected.push(createHmac(alg, 'secret key').update(input).digest(enc));
          }
        }
      }
      assert.deepEqual(value, expected);
    });
  }

  it('update() chains and concatenates; upper-case algorithm names work', async () => {
    const value = await evaluate(`var c = require('crypto'); return [
      c.createHash('SHA256').update('a').update('b').update('c').digest('hex'),
      c.createHmac('sha1', 'k').update('ab').update('c').digest('base64'),
    ];`);
    assert.deepEqual(value, [createHash('sha256').update('abc').digest('hex'), createHmac('sha1', 'k').update('abc').digest('base64')]);
  });

  it('2.0: Buffer and typed-array data and keys, mixed with strings', async () => {
    const value = await evaluate(`var c = require('crypto'); return [
      c.createHash('sha256').update(Buffer.from([0, 255, 128])).update('é').digest('hex'),
      c.createHmac('sha256', Buffer.from('00ff10', 'hex')).update(new Uint8Array([1, 2, 3])).digest('base64url'),
      c.createHash('md5').update('68656c6c6f', 'hex').digest('hex'),
    ];`);
    assert.deepEqual(value, [
      createHash('sha256').update(Buffer.from([0, 255, 128])).update('é').digest('hex'),
      createHmac('sha256', Buffer.from('00ff10', 'hex')).update(new Uint8Array([1, 2, 3])).digest('base64url'),
      createHash('md5').update('hello').digest('hex'),
    ]);
  });

  // JavaScript runtime 2.0: "hash.digest() – Return type is changed to Buffer if no encoding is provided".
  it('digest() without an encoding: a Buffer in 2.0, a byte string in 1.0', async () => {
    const v2 = await evaluate(`var d = require('crypto').createHash('sha1').update('abc').digest();
      return [Buffer.isBuffer(d), d.length, d.toString('hex'), require('crypto').createHmac('sha256', d).update('x').digest('hex')];`);
    const raw = createHash('sha1').update('abc').digest();
    assert.deepEqual(v2, [true, 20, raw.toString('hex'), createHmac('sha256', raw).update('x').digest('hex')]);
    const v1 = await evaluate(`var d = require('crypto').createHash('sha1').update('abc').digest();
      return [typeof d, d.length, d.split('').map(function (c) { return c.charCodeAt(0); })];`, 'cloudfront-js-1.0');
    assert.deepEqual(v1, ['string', 20, [...raw]]);
  });

  it('errors as in Node', async () => {
    const value = await evaluate(`var c = require('crypto'); var out = [];
      function attempt(f) { try { f(); out.push('ok'); } catch (e) { out.push(e.name + ': ' + e.message); } }
      attempt(function () { c.createHash('sha512'); });
      attempt(function () { c.createHmac('whirlpool', 'k'); });
      attempt(function () { c.createHmac('sha256'); });
      attempt(function () { var h = c.createHash('md5'); h.digest('hex'); h.digest('hex'); });
      attempt(function () { var h = c.createHash('md5'); h.digest('hex'); h.update('x'); });
      attempt(function () { c.createHash('md5').digest('utf16'); });
      return out;`);
    assert.deepEqual(value, [
      'Error: Digest method not supported',
      'Error: Invalid digest: whirlpool',
      'TypeError: The "key" argument must be of type string or an instance of Buffer, TypedArray, DataView, or KeyObject.',
      'Error: Digest already called',
      'Error: Digest already called',
      'TypeError: Unknown digest encoding: utf16',
    ]);
  });
});
