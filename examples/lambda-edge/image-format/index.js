'use strict';
// origin-request: image format negotiation. A request for /x.jpg or /x.png from a browser
// that accepts AVIF or WebP (its Accept header) goes to the origin as /x.avif or /x.webp.
// The cache policy must include Accept (or a normalized header) in the cache key, so each
// format is cached apart. A non-async function that returns a promise.
const CONVERTIBLE = /\.(jpe?g|png)$/i;

exports.handler = (event) => {
  const request = event.Records[0].cf.request;
  const accept = (request.headers.accept ?? []).map((h) => h.value).join(',');
  if (CONVERTIBLE.test(request.uri)) {
    if (accept.includes('image/avif')) request.uri = request.uri.replace(CONVERTIBLE, '.avif');
    else if (accept.includes('image/webp')) request.uri = request.uri.replace(CONVERTIBLE, '.webp');
  }
  return Promise.resolve(request);
};
