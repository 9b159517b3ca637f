// require('crypto') (JavaScript runtime features, "Crypto (hash and HMAC)"): createHash and
// createHmac for md5, sha1 and sha256, "behave exactly as their Node.js counterparts".
// update() collects the data here; digest() makes one call to the host's digest function
// (node:crypto) with the algorithm, the key, all the data and the output encoding.
// digest() without an encoding returns a Buffer in cloudfront-js-2.0 and a byte string (one
// character per byte) in cloudfront-js-1.0 (JavaScript runtime 2.0 features, cryptographic
// module changes). Evaluated inside the QuickJS context by sandbox-source.ts.
/* eslint-disable no-unused-expressions */
(function cryptoModule(bytes, Buffer, hostDigest) {
  'use strict';

  const ALGORITHMS = { md5: 'md5', sha1: 'sha1', sha256: 'sha256' };
  const OUTPUTS = { hex: 'hex', base64: 'base64', base64url: 'base64url', latin1: 'latin1', binary: 'latin1' };

  function algorithmOf(name) {
    const key = typeof name === 'string' ? name.toLowerCase() : '';
    return Object.prototype.hasOwnProperty.call(ALGORITHMS, key) ? ALGORITHMS[key] : undefined;
  }

  /** A string (UTF-8 text) or a Uint8Array, as the host takes them. */
  function part(data, encoding, what) {
    if (typeof data === 'string') {
      const enc = bytes.normalizeEncoding(encoding);
      if (enc === undefined) throw new TypeError('Unknown encoding: ' + encoding);
      return enc === 'utf8' ? data : bytes.encode(data, enc);
    }
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw new TypeError('The "' + what + '" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
  }

  function exactBuffer(view) {
    return view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view.buffer : view.slice().buffer;
  }

  /** All parts as one string when they are all text, else as one ArrayBuffer. */
  function joined(parts) {
    let text = true;
    for (let i = 0; i < parts.length; i++) if (typeof parts[i] !== 'string') text = false;
    if (text) return parts.length === 1 ? parts[0] : parts.join('');
    let length = 0;
    const views = parts.map((p) => (typeof p === 'string' ? bytes.utf8Encode(p) : p));
    for (let i = 0; i < views.length; i++) length += views[i].length;
    const out = new Uint8Array(length);
    let at = 0;
    for (let i = 0; i < views.length; i++) {
      out.set(views[i], at);
      at += views[i].length;
    }
    return out.buffer;
  }

  class Digest {
    #algorithm;
    #key;
    #parts = [];
    #done = false;

    constructor(algorithm, key) {
      this.#algorithm = algorithm;
      this.#key = key;
    }

    update(data, inputEncoding) {
      if (this.#done) throw new Error('Digest already called');
      this.#parts.push(part(data, inputEncoding, 'data'));
      return this;
    }

    digest(encoding) {
      if (this.#done) throw new Error('Digest already called');
      this.#done = true;
      let output;
      if (encoding === undefined) output = Buffer === undefined ? 'latin1' : 'buffer';
      else if (typeof encoding === 'string' && Object.prototype.hasOwnProperty.call(OUTPUTS, encoding.toLowerCase())) output = OUTPUTS[encoding.toLowerCase()];
      else throw new TypeError('Unknown digest encoding: ' + encoding);
      const key = this.#key === undefined || typeof this.#key === 'string' ? this.#key : exactBuffer(this.#key);
      const data = joined(this.#parts);
      const result = hostDigest(this.#algorithm, key, data, output);
      return output === 'buffer' ? new Buffer(result) : result;
    }
  }

  function createHash(algorithm) {
    const alg = algorithmOf(algorithm);
    if (alg === undefined) throw new Error('Digest method not supported');
    return new Digest(alg, undefined);
  }

  function createHmac(algorithm, key) {
    const alg = algorithmOf(algorithm);
    if (alg === undefined) throw new Error('Invalid digest: ' + algorithm);
    if (key === undefined || key === null) throw new TypeError('The "key" argument must be of type string or an instance of Buffer, TypedArray, DataView, or KeyObject.');
    return new Digest(alg, part(key, undefined, 'key'));
  }

  return Object.freeze({ createHash, createHmac });
});
