// require('querystring') (JavaScript runtime features, "Query string" built-in module):
// escape, unescape, parse (alias decode) and stringify (alias encode) with Node's semantics:
// '+' decodes to a space, invalid UTF-8 in percent-encodings becomes U+FFFD, maxKeys defaults
// to 1000 (0 for no limit), repeated keys parse to arrays. Evaluated inside the QuickJS context
// by sandbox-source.ts with the bytes module as its argument.
/* eslint-disable no-unused-expressions */
(function querystringModule(bytes) {
  'use strict';

  function escape(str) {
    // Node's querystring.escape leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) alone: the same set as
    // encodeURIComponent (and a lone surrogate throws URIError in both).
    return encodeURIComponent(typeof str === 'string' ? str : String(str));
  }

  /** Percent-decoding that never throws: bytes of invalid UTF-8 become U+FFFD. */
  function unescapeLenient(str) {
    const out = [];
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (c === 37 && i + 2 < str.length && isHex(str.charCodeAt(i + 1)) && isHex(str.charCodeAt(i + 2))) {
        out.push(parseInt(str.substr(i + 1, 2), 16));
        i += 2;
      } else if (c < 0x80) {
        out.push(c);
      } else {
        const enc = bytes.utf8Encode(str[i]);
        for (let k = 0; k < enc.length; k++) out.push(enc[k]);
      }
    }
    return bytes.utf8Decode(out, false);
  }

  function isHex(c) {
    return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
  }

  function unescape(str) {
    const s = typeof str === 'string' ? str : String(str);
    try {
      return decodeURIComponent(s);
    } catch {
      return unescapeLenient(s);
    }
  }

  function parse(str, sep, eq, options) {
    const out = Object.create(null);
    if (typeof str !== 'string' || str.length === 0) return out;
    const separator = sep === undefined || sep === null || sep === '' ? '&' : String(sep);
    const equals = eq === undefined || eq === null || eq === '' ? '=' : String(eq);
    let maxKeys = 1000;
    let decode = unescape;
    if (options !== null && typeof options === 'object') {
      if (typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
      if (typeof options.decodeURIComponent === 'function') decode = options.decodeURIComponent;
    }
    let pairs = str.split(separator);
    if (maxKeys > 0 && pairs.length > maxKeys) pairs = pairs.slice(0, maxKeys);
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i];
      if (pair.length === 0) continue;
      const at = pair.indexOf(equals);
      const rawKey = at === -1 ? pair : pair.slice(0, at);
      const rawValue = at === -1 ? '' : pair.slice(at + equals.length);
      const key = decodeComponent(rawKey, decode);
      const value = decodeComponent(rawValue, decode);
      const prior = out[key];
      if (prior === undefined) out[key] = value;
      else if (Array.isArray(prior)) prior.push(value);
      else out[key] = [prior, value];
    }
    return out;
  }

  function decodeComponent(raw, decode) {
    const spaced = raw.indexOf('+') === -1 ? raw : raw.replace(/\+/g, ' ');
    if (decode === unescape && spaced.indexOf('%') === -1) return spaced;
    return decode(spaced);
  }

  function stringifyPrimitive(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && isFinite(value)) return '' + value;
    if (typeof value === 'bigint' || typeof value === 'boolean') return '' + value;
    return '';
  }

  function stringify(obj, sep, eq, options) {
    const separator = sep === undefined || sep === null || sep === '' ? '&' : String(sep);
    const equals = eq === undefined || eq === null || eq === '' ? '=' : String(eq);
    const encode = options !== null && typeof options === 'object' && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : escape;
    if (obj === null || typeof obj !== 'object') return '';
    const parts = [];
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = obj[key];
      const ks = encode(stringifyPrimitive(key)) + equals;
      if (Array.isArray(value)) {
        for (let j = 0; j < value.length; j++) parts.push(ks + encode(stringifyPrimitive(value[j])));
      } else {
        parts.push(ks + encode(stringifyPrimitive(value)));
      }
    }
    return parts.join(separator);
  }

  return Object.freeze({
    escape,
    unescape,
    parse,
    decode: parse,
    stringify,
    encode: stringify,
  });
});
