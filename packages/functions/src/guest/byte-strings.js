// cloudfront-js-1.0's nonstandard byte-string methods (JavaScript runtime 1.0 features,
// String): String.bytesFrom(array | string, encoding), and on String.prototype fromBytes,
// fromUTF8, toBytes and toUTF8 (each with optional start and end). A byte string here is a
// string whose characters are all in [0, 255], one per byte. cloudfront-js-2.0 removed these
// (JavaScript runtime features: "The following non-standard string prototype methods are not
// available"). Evaluated inside the QuickJS context by sandbox-source.ts for 1.0 only.
/* eslint-disable no-unused-expressions */
(function byteStringsModule(bytes) {
  'use strict';

  function isByteString(str) {
    for (let i = 0; i < str.length; i++) if (str.charCodeAt(i) > 255) return false;
    return true;
  }

  function bytesFrom(source, encoding) {
    if (Array.isArray(source)) return bytes.fromCodes(source.map((b) => b & 255));
    if (typeof source === 'string') {
      if (encoding !== 'hex' && encoding !== 'base64' && encoding !== 'base64url') {
        throw new TypeError('Unknown encoding: ' + encoding + " (expected 'hex', 'base64' or 'base64url')");
      }
      return bytes.latin1Decode(bytes.encode(source, encoding), 0xff);
    }
    throw new TypeError('String.bytesFrom() takes an array of octets or an encoded string');
  }

  const methods = {
    fromBytes(start, end) {
      const s = String(this).slice(start, end);
      return isByteString(s) ? s : null;
    },
    fromUTF8(start, end) {
      const s = String(this).slice(start, end);
      if (!isByteString(s)) return null;
      return bytes.utf8Decode(bytes.latin1Encode(s), true);
    },
    toBytes(start, end) {
      const s = String(this).slice(start, end);
      return isByteString(s) ? s : null;
    },
    toUTF8(start, end) {
      return bytes.latin1Decode(bytes.utf8Encode(String(this).slice(start, end)), 0xff);
    },
  };

  Object.defineProperty(String, 'bytesFrom', { value: bytesFrom, writable: true, configurable: true });
  for (const name of Object.keys(methods)) {
    Object.defineProperty(String.prototype, name, { value: methods[name], writable: true, configurable: true });
  }
});
