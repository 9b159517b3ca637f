// Security headers on every response, keeping any the origin already set.
// Runtime: cloudfront-js-1.0 or cloudfront-js-2.0. Event: viewer response.
// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
function handler(event) {
  var response = event.response;
  var headers = response.headers;
  var wanted = {
    'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
    'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  };
  for (var name in wanted) {
    if (!headers[name]) {
      headers[name] = { value: wanted[name] };
    }
  }
  return response;
}
