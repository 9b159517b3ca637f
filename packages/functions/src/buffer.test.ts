// Buffer (cloudfront-js-2.0, "Buffer module methods are available"), checked against Node's
// Buffer; and cloudfront-js-1.0's byte-string methods, which 2.0 removed.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './test-fixtures.ts';

const STRINGS = ['', 'hello', 'é ü 日本 🙂', '\u0000\u00ff', 'a\ud800b'];
const ENCODINGS = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii'];

describe('Buffer matches Node', () => {
  it('from(string, encoding) and toString(encoding) for every encoding', async () => {
    const value = await evaluate(`var out = [];
      ${JSON.stringify(STRINGS)}.forEach(function (s) {
        ${JSON.stringify(ENCODINGS)}.forEach(function (enc) {
          var b = Buffer.from(s, 'utf8');
          out.push(b.toString(enc), Array.from(Buffer.from(b.toString(enc), enc)), Buffer.byteLength(s, enc));
        });
      });
      return out;`);
    const expected: unknown[] = [];
    for (const s of STRINGS) {
      for (const enc of ENCODINGS) {
        const b = Buffer.from(s, 'utf8');
        expected.push(b.toString(enc as BufferEncoding), [...Buffer.from(b.toString(enc as BufferEncoding), enc as BufferEncoding)], Buffer.byteLength(s, enc as BufferEncoding));
      }
    }
    assert.deepEqual(value, expected);
  });

  it('decodes lenient base64 and hex like Node', async () => {
    const inputs: [string, BufferEncoding][] = [['aGVsbG8', 'base64'], ['aGVs bG8=\n', 'base64'], ['-_-_', 'base64'], ['+/+/', 'base64url'], ['abc', 'hex'], ['zz12', 'hex'], ['12zz', 'hex']];
    const value = await evaluate(`return ${JSON.stringify(inputs)}.map(function (p) { return Array.from(Buffer.from(p[0], p[1])); });`);
    assert.deepEqual(value, inputs.map(([s, enc]) => [...Buffer.from(s, enc)]));
  });

  it('invalid UTF-8 decodes to U+FFFD like Node', async () => {
    const cases = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x99, 0x82, 0x80], [0x61, 0xc0, 0xaf, 0x62]];
    const value = await evaluate(`return ${JSON.stringify(cases)}.map(function (c) { return Buffer.from(c).toString(); });`);
    assert.deepEqual(value, cases.map((c) => Buffer.from(c).toString()));
  });

  it('static methods', async () => {
    const value = await evaluate(`return [
      Array.from(Buffer.alloc(4)), Array.from(Buffer.alloc(5, 'ab')), Array.from(Buffer.alloc(3, 7)), Buffer.allocUnsafe(3).length,
      Buffer.concat([Buffer.from('ab'), new Uint8Array([99]), Buffer.from('de')]).toString(), Buffer.concat([Buffer.from('abc')], 2).toString(),
      Buffer.compare(Buffer.from('a'), Buffer.from('b')), Buffer.compare(Buffer.from('b'), Buffer.from('a')), Buffer.compare(Buffer.from('a'), Buffer.from('a')),
      Buffer.isBuffer(Buffer.from('x')), Buffer.isBuffer(new Uint8Array(1)), Buffer.isEncoding('UTF8'), Buffer.isEncoding('utf16'),
      Buffer.byteLength(new Uint8Array(7)), Array.from(Buffer.from([257, -1, 3.7])), Buffer.from(Buffer.from('copy')).toString(),
      Buffer.from({ type: 'Buffer', data: [104, 105] }).toString(), Buffer.from(new Uint16Array([1, 2]).buffer).length,
    ];`);
    assert.deepEqual(value, [
      [0, 0, 0, 0], [...Buffer.alloc(5, 'ab')], [7, 7, 7], 3,
      'abcde', 'ab',
      -1, 1, 0,
      true, false, true, false,
      7, [...Buffer.from([257, -1, 3.7])], 'copy',
      'hi', 4,
    ]);
  });

  it('instance methods', async () => {
    const value = await evaluate(`var b = Buffer.from('hello world');
      var view = b.slice(0, 5); view[0] = 72;
      var target = Buffer.alloc(5);
      var w = Buffer.alloc(8);
      return [
        b.toString(), b.toString('utf8', 6), b.toString('hex', 0, 2), b.equals(Buffer.from('Hello world')), b.compare(Buffer.from('z')),
        b.indexOf('o'), b.lastIndexOf('o'), b.indexOf(Buffer.from('wor')), b.includes('xyz'), b.indexOf(111, 5), b.indexOf('o', -4),
        b.copy(target, 1, 6), target.toString(), b.subarray(6) instanceof Buffer, JSON.stringify(Buffer.from('hi')),
        w.write('hé', 1), Array.from(w), Array.from(Buffer.alloc(4).fill('ab', 1)),
      ];`);
    const b = Buffer.from('hello world');
    b[0] = 72;
    const target = Buffer.alloc(5);
    const w = Buffer.alloc(8);
    assert.deepEqual(value, [
      b.toString(), b.toString('utf8', 6), b.toString('hex', 0, 2), true, b.compare(Buffer.from('z')),
      b.indexOf('o'), b.lastIndexOf('o'), b.indexOf(Buffer.from('wor')), false, b.indexOf(111, 5), b.indexOf('o', -4),
      b.copy(target, 1, 6), target.toString(), true, JSON.stringify(Buffer.from('hi')),
      w.write('hé', 1), [...w], [...Buffer.alloc(4).fill('ab', 1)],
    ]);
  });

  it('reads and writes numbers', async () => {
    const value = await evaluate(`var b = Buffer.alloc(16);
      b.writeUInt32BE(0xdeadbeef, 0); b.writeInt16LE(-2, 4); b.writeUint8(200, 6); b.writeDoubleLE(1.5, 8);
      var out = [Array.from(b), b.readUInt32BE(0), b.readUint32LE(0), b.readInt16LE(4), b.readUInt16BE(4), b.readInt8(6), b.readUInt8(6), b.readDoubleLE(8), b.readFloatBE(0)];
      try { b.readUInt32LE(14); } catch (e) { out.push(e.name); }
      return out;`);
    const b = Buffer.alloc(16);
    b.writeUInt32BE(0xdeadbeef, 0);
    b.writeInt16LE(-2, 4);
    b.writeUint8(200, 6);
    b.writeDoubleLE(1.5, 8);
    assert.deepEqual(value, [[...b], b.readUInt32BE(0), b.readUint32LE(0), b.readInt16LE(4), b.readUInt16BE(4), b.readInt8(6), b.readUInt8(6), b.readDoubleLE(8), b.readFloatBE(0), 'RangeError']);
  });

  it('unknown encodings throw', async () => {
    const value = await evaluate(`try { Buffer.from('x', 'utf16'); } catch (e) { return e.name + ': ' + e.message; }`);
    assert.equal(value, 'TypeError: Unknown encoding: utf16');
  });
});

describe('cloudfront-js-1.0 byte strings', () => {
  it('String.bytesFrom and the byte-string methods', async () => {
    const value = await evaluate(`return [
      String.bytesFrom([104, 105, 256 + 33]),
      String.bytesFrom('68c3a9', 'hex').fromUTF8(),
      String.bytesFrom('aOk=', 'base64').split('').map(function (c) { return c.charCodeAt(0); }),
      String.bytesFrom('aOk', 'base64url').length,
      'é'.toUTF8().length, 'é'.toUTF8().fromUTF8(), 'héllo'.toBytes(), '日本'.toBytes(), 'abc'.toBytes(1), 'abc'.fromBytes(0, 2),
      String.bytesFrom([0xff]).fromUTF8(), '日'.fromUTF8(),
    ];`, 'cloudfront-js-1.0');
    assert.deepEqual(value, ['hi!', 'hé', [0x68, 0xe9], 2, 2, 'é', 'héllo', null, 'bc', 'ab', null, null]);
  });
});
