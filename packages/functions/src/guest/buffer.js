// Buffer for cloudfront-js-2.0 ("Buffer module methods are available", JavaScript runtime 2.0
// features): Node's Buffer as a Uint8Array subclass with the encodings utf8, hex, base64,
// base64url, latin1 (binary) and ascii. Evaluated inside the QuickJS context by
// sandbox-source.ts with the bytes module as its argument.
/* eslint-disable no-unused-expressions */
(function bufferModule(bytes) {
  'use strict';

  function encodingOf(name) {
    const encoding = bytes.normalizeEncoding(name);
    if (encoding === undefined) throw new TypeError('Unknown encoding: ' + name);
    return encoding;
  }

  function asBytes(value) {
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return undefined;
  }

  function checkOffset(buf, offset, size) {
    if (offset === undefined) offset = 0;
    if (typeof offset !== 'number' || offset !== Math.floor(offset)) {
      throw new TypeError('The "offset" argument must be an integer. Received ' + String(offset));
    }
    if (offset < 0 || offset + size > buf.length) {
      throw new RangeError('The value of "offset" is out of range. It must be >= 0 and <= ' + (buf.length - size) + '. Received ' + offset);
    }
    return offset;
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') return fromBytes(bytes.encode(value, encodingOf(encodingOrOffset)));
      if (value instanceof ArrayBuffer) {
        const offset = encodingOrOffset === undefined ? 0 : encodingOrOffset;
        return new Buffer(value, offset, length === undefined ? value.byteLength - offset : length);
      }
      const view = asBytes(value);
      if (view !== undefined) return fromBytes(view.slice());
      if (Array.isArray(value)) return fromBytes(Uint8Array.from(value, (v) => v & 255));
      if (value !== null && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) {
        return Buffer.from(value.data);
      }
      if (value !== null && typeof value === 'object' && typeof value.length === 'number') {
        return fromBytes(Uint8Array.from(value, (v) => v & 255));
      }
      throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
    }

    static alloc(size, fill, encoding) {
      const buf = new Buffer(size);
      if (fill !== undefined && fill !== 0) buf.fill(fill, 0, size, encoding);
      return buf;
    }

    static allocUnsafe(size) {
      return new Buffer(size);
    }

    static allocUnsafeSlow(size) {
      return new Buffer(size);
    }

    static byteLength(value, encoding) {
      if (typeof value === 'string') return stringByteLength(value, encodingOf(encoding));
      const view = asBytes(value);
      if (view !== undefined) return view.byteLength;
      throw new TypeError('The "string" argument must be of type string or an instance of Buffer or ArrayBuffer.');
    }

    static compare(a, b) {
      return compareBytes(a, b);
    }

    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an instance of Array.');
      let length = 0;
      for (let i = 0; i < list.length; i++) length += list[i].length;
      if (totalLength !== undefined) length = totalLength;
      const out = new Buffer(length);
      let pos = 0;
      for (let i = 0; i < list.length && pos < length; i++) {
        const part = asBytes(list[i]);
        if (part === undefined) throw new TypeError('The "list[' + i + ']" argument must be an instance of Buffer or Uint8Array.');
        const take = Math.min(part.length, length - pos);
        out.set(take === part.length ? part : part.subarray(0, take), pos);
        pos += take;
      }
      return out;
    }

    static isBuffer(value) {
      return value instanceof Buffer;
    }

    static isEncoding(encoding) {
      return typeof encoding === 'string' && bytes.normalizeEncoding(encoding) !== undefined;
    }

    toString(encoding, start, end) {
      const from = start === undefined ? 0 : Math.max(0, start | 0);
      const to = end === undefined ? this.length : Math.min(this.length, end | 0);
      if (to <= from) return '';
      return bytes.decode(from === 0 && to === this.length ? this : this.subarray(from, to), encodingOf(encoding));
    }

    toJSON() {
      return { type: 'Buffer', data: Array.from(this) };
    }

    equals(other) {
      const view = asBytes(other);
      if (view === undefined) throw new TypeError('The "otherBuffer" argument must be an instance of Buffer or Uint8Array.');
      return compareBytes(this, view) === 0;
    }

    compare(target) {
      return compareBytes(this, target);
    }

    /** Node's Buffer#slice is a view, like subarray (not a copy like Uint8Array#slice). */
    slice(start, end) {
      return this.subarray(start, end);
    }

    copy(target, targetStart, sourceStart, sourceEnd) {
      const ts = targetStart === undefined ? 0 : targetStart;
      const ss = sourceStart === undefined ? 0 : sourceStart;
      const se = Math.min(sourceEnd === undefined ? this.length : sourceEnd, this.length, ss + target.length - ts);
      if (se <= ss) return 0;
      target.set(this.subarray(ss, se), ts);
      return se - ss;
    }

    fill(value, offset, end, encoding) {
      if (typeof offset === 'string') {
        encoding = offset;
        offset = 0;
        end = this.length;
      } else if (typeof end === 'string') {
        encoding = end;
        end = this.length;
      }
      const from = offset === undefined ? 0 : offset;
      const to = end === undefined ? this.length : end;
      if (typeof value === 'number') return super.fill(value & 255, from, to);
      const pattern = typeof value === 'string' ? bytes.encode(value, encodingOf(encoding)) : asBytes(value);
      if (pattern === undefined || pattern.length === 0) return super.fill(0, from, to);
      for (let i = from, j = 0; i < to; i++, j = (j + 1) % pattern.length) this[i] = pattern[j];
      return this;
    }

    write(string, offset, length, encoding) {
      if (typeof offset === 'string') {
        encoding = offset;
        offset = 0;
      } else if (typeof length === 'string') {
        encoding = length;
        length = undefined;
      }
      const at = offset === undefined ? 0 : offset;
      const data = bytes.encode(string, encodingOf(encoding));
      const n = Math.min(data.length, this.length - at, length === undefined ? Infinity : length);
      if (n <= 0) return 0;
      this.set(data.subarray(0, n), at);
      return n;
    }

    indexOf(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, false);
    }

    lastIndexOf(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, true);
    }

    includes(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, false) !== -1;
    }
  }

  /** Node's Buffer.byteLength for strings: computed from the text, not by decoding it. */
  function stringByteLength(str, encoding) {
    switch (encoding) {
      case 'hex':
        return str.length >>> 1;
      case 'base64':
      case 'base64url': {
        let n = str.length;
        if (n > 0 && str.charCodeAt(n - 1) === 61) n--;
        if (n > 1 && str.charCodeAt(n - 1) === 61) n--;
        return (n * 3) >>> 2;
      }
      case 'latin1':
      case 'ascii':
        return str.length;
      default:
        return bytes.utf8Length(str);
    }
  }

  function fromBytes(view) {
    return new Buffer(view.buffer, view.byteOffset, view.byteLength);
  }

  function compareBytes(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  function search(buf, value, byteOffset, encoding, last) {
    if (typeof byteOffset === 'string') {
      encoding = byteOffset;
      byteOffset = undefined;
    }
    let needle;
    if (typeof value === 'number') needle = [value & 255];
    else if (typeof value === 'string') needle = bytes.encode(value, encodingOf(encoding));
    else needle = asBytes(value);
    if (needle === undefined) throw new TypeError('The "value" argument must be one of type number or string or an instance of Buffer or Uint8Array.');
    let start = byteOffset === undefined ? (last ? buf.length - needle.length : 0) : byteOffset < 0 ? buf.length + byteOffset : byteOffset;
    if (last) start = Math.min(start, buf.length - needle.length);
    const step = last ? -1 : 1;
    for (let i = Math.max(0, start); i >= 0 && i + needle.length <= buf.length; i += step) {
      let j = 0;
      while (j < needle.length && buf[i + j] === needle[j]) j++;
      if (j === needle.length) return i;
    }
    return -1;
  }

  // readUInt8 ... writeDoubleBE, with Node's lower-case "Uint" aliases.
  const NUMBERS = [
    ['UInt8', 'Uint8', 1],
    ['Int8', 'Int8', 1],
    ['UInt16', 'Uint16', 2],
    ['Int16', 'Int16', 2],
    ['UInt32', 'Uint32', 4],
    ['Int32', 'Int32', 4],
    ['Float', 'Float32', 4],
    ['Double', 'Float64', 8],
  ];
  for (const [name, view, size] of NUMBERS) {
    const endings = size === 1 ? [['', false]] : [['LE', true], ['BE', false]];
    for (const [suffix, little] of endings) {
      const get = DataView.prototype['get' + view];
      const set = DataView.prototype['set' + view];
      const read = function (offset) {
        const at = checkOffset(this, offset, size);
        return get.call(new DataView(this.buffer, this.byteOffset, this.byteLength), at, little);
      };
      const write = function (value, offset) {
        const at = checkOffset(this, offset, size);
        set.call(new DataView(this.buffer, this.byteOffset, this.byteLength), at, value, little);
        return at + size;
      };
      for (const alias of name.startsWith('UInt') ? [name, 'Uint' + name.slice(4)] : [name]) {
        Object.defineProperty(Buffer.prototype, 'read' + alias + suffix, { value: read, writable: true, configurable: true });
        Object.defineProperty(Buffer.prototype, 'write' + alias + suffix, { value: write, writable: true, configurable: true });
      }
    }
  }

  return Buffer;
});
