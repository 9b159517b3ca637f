// origin-response: security headers added before the response is cached, so hits carry them
// too. Headers the origin already sent are kept. An ES module (.mjs), async handler.
const HEADERS = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const handler = async (event) => {
  const response = event.Records[0].cf.response;
  for (const [name, value] of Object.entries(HEADERS)) {
    // No `key`: Lambda@Edge writes the name as Strict-Transport-Security and so on.
    if (!response.headers[name]) response.headers[name] = [{ value }];
  }
  return response;
};
