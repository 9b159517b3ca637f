// Byte codecs inside the sandbox: UTF-8, hex, base64, base64url, latin1 and ASCII. Shared by
// Buffer (cloudfront-js-2.0), the 1.0 byte-string methods, querystring and crypto.
// sandbox-source.ts evaluates this file as one expression inside the QuickJS context; it is
// not a Node module and sees only the standard JavaScript built-ins.
/* eslint-disable no-unused-expressions */
(function bytesModule() {
  'use strict';

  const fromCharCode = String.fromCharCode;

  /** A string from an array of UTF-16 code units, in chunks (apply has an argument limit). */
  function fromCodes(codes) {
    let out = '';
    for (let i = 0; i < codes.length; i += 4096) out += fromCharCode.apply(null, codes.slice(i, i + 4096));
    return out;
  }

  function utf8Encode(str) {
    const out = new Uint8Array(str.length * 3);
    let n = 0;
    for (let i = 0; i < str.length; i++) {
      let c = str.charCodeAt(i);
      if (c < 0x80) {
        out[n++] = c;
      } else if (c < 0x800) {
        out[n++] = 0xc0 | (c >> 6);
        out[n++] = 0x80 | (c & 63);
      } else {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
          const d = str.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
            out[n++] = 0xf0 | (c >> 18);
            out[n++] = 0x80 | ((c >> 12) & 63);
            out[n++] = 0x80 | ((c >> 6) & 63);
            out[n++] = 0x80 | (c & 63);
            continue;
          }
        }
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate encodes as U+FFFD, as in Node
        out[n++] = 0xe0 | (c >> 12);
        out[n++] = 0x80 | ((c >> 6) & 63);
        out[n++] = 0x80 | (c & 63);
      }
    }
    return out.slice(0, n);
  }

  /**
   * UTF-8 bytes to a string (the WHATWG decoder, as Node's): each maximal invalid subsequence
   * becomes one U+FFFD, or the result is null when fatal.
   */
  function utf8Decode(bytes, fatal) {
    const codes = [];
    let needed = 0;
    let seen = 0;
    let cp = 0;
    let lower = 0x80;
    let upper = 0xbf;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (needed === 0) {
        if (b <= 0x7f) {
          codes.push(b);
        } else if (b >= 0xc2 && b <= 0xdf) {
          needed = 1;
          cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
          needed = 2;
          cp = b & 0x0f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
          needed = 3;
          cp = b & 0x07;
        } else {
          if (fatal) return null;
          codes.push(0xfffd);
        }
        continue;
      }
      if (b < lower || b > upper) {
        if (fatal) return null;
        codes.push(0xfffd);
        needed = seen = cp = 0;
        lower = 0x80;
        upper = 0xbf;
        i--; // this byte starts over
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (b & 0x3f);
      if (++seen === needed) {
        if (cp >= 0x10000) codes.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        else codes.push(cp);
        needed = seen = cp = 0;
      }
    }
    if (needed !== 0) {
      if (fatal) return null;
      codes.push(0xfffd);
    }
    return fromCodes(codes);
  }

  const HEX = '0123456789abcdef';

  function hexEncode(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
    return out;
  }

  /** Node's hex decoding: pairs up to the first invalid one; an odd last digit is dropped. */
  function hexDecode(str) {
    const out = new Uint8Array(str.length >> 1);
    let n = 0;
    for (; n < out.length; n++) {
      const hi = parseInt(str[2 * n], 16);
      const lo = parseInt(str[2 * n + 1], 16);
      if (hi !== hi || lo !== lo) break; // NaN
      out[n] = (hi << 4) | lo;
    }
    return out.slice(0, n);
  }

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const B64_VALUES = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) {
    B64_VALUES[B64.charCodeAt(i)] = i;
    B64_VALUES[B64URL.charCodeAt(i)] = i;
  }

  function base64Encode(bytes, url) {
    const alphabet = url ? B64URL : B64;
    let out = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += alphabet[v >> 18] + alphabet[(v >> 12) & 63] + alphabet[(v >> 6) & 63] + alphabet[v & 63];
    }
    const rest = bytes.length - i;
    if (rest === 1) {
      const v = bytes[i] << 16;
      out += alphabet[v >> 18] + alphabet[(v >> 12) & 63] + (url ? '' : '==');
    } else if (rest === 2) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out += alphabet[v >> 18] + alphabet[(v >> 12) & 63] + alphabet[(v >> 6) & 63] + (url ? '' : '=');
    }
    return out;
  }

  /** Node's lenient base64: both alphabets, padding optional, other characters skipped, stops at '='. */
  function base64Decode(str) {
    const out = new Uint8Array(((str.length + 3) >> 2) * 3);
    let n = 0;
    let acc = 0;
    let bits = 0;
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (c === 61) break; // '='
      const v = c < 128 ? B64_VALUES[c] : -1;
      if (v < 0) continue;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (acc >> bits) & 0xff;
      }
    }
    return out.slice(0, n);
  }

  function latin1Encode(str) {
    const out = new Uint8Array(str.length);
    for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 0xff;
    return out;
  }

  function latin1Decode(bytes, mask) {
    const codes = [];
    for (let i = 0; i < bytes.length; i++) codes.push(bytes[i] & mask);
    return fromCodes(codes);
  }

  /** Per normalized encoding name (see normalizeEncoding): a string's bytes, and the string of bytes. */
  const CODECS = {
    __proto__: null,
    hex: { encode: hexDecode, decode: hexEncode },
    base64: { encode: base64Decode, decode: function (b) { return base64Encode(b, false); } },
    base64url: { encode: base64Decode, decode: function (b) { return base64Encode(b, true); } },
    latin1: { encode: latin1Encode, decode: function (b) { return latin1Decode(b, 0xff); } },
    ascii: { encode: latin1Encode, decode: function (b) { return latin1Decode(b, 0x7f); } },
    utf8: { encode: utf8Encode, decode: function (b) { return utf8Decode(b, false); } },
  };

  /** The codec of a normalized encoding name; UTF-8's for any other. */
  function codec(encoding) {
    return CODECS[encoding] || CODECS.utf8;
  }

  /** Bytes of a string for a normalized encoding name. */
  function encode(str, encoding) {
    return codec(encoding).encode(str);
  }

  /** A string from bytes for a normalized encoding name. */
  function decode(bytes, encoding) {
    return codec(encoding).decode(bytes);
  }

  /** Node's encoding names, case-insensitive; undefined for an unknown one. */
  function normalizeEncoding(name) {
    if (name === undefined || name === null) return 'utf8';
    switch (String(name).toLowerCase()) {
      case 'utf8':
      case 'utf-8':
        return 'utf8';
      case 'hex':
        return 'hex';
      case 'base64':
        return 'base64';
      case 'base64url':
        return 'base64url';
      case 'latin1':
      case 'binary':
        return 'latin1';
      case 'ascii':
        return 'ascii';
      default:
        return undefined;
    }
  }

  /** Number of UTF-8 bytes in a string, without encoding it (a lone surrogate is U+FFFD, 3 bytes). */
  function utf8Length(str) {
    let n = 0;
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  return Object.freeze({
    fromCodes,
    utf8Encode,
    utf8Decode,
    utf8Length,
    hexEncode,
    hexDecode,
    base64Encode,
    base64Decode,
    latin1Encode,
    latin1Decode,
    encode,
    decode,
    normalizeEncoding,
  });
});
