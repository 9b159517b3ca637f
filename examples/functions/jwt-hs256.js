// HS256 JWT check: the token comes from `Authorization: Bearer <jwt>` or the `token` cookie.
// Requests without a valid, unexpired token get a 401; valid ones pass with the subject in
// x-user-sub. Use a real secret (and keep it out of source control) in production.
// Runtime: cloudfront-js-2.0 (Buffer). Event: viewer request.
import crypto from 'crypto';

const SECRET = 'change-me-to-a-long-random-secret';

function unauthorized(reason) {
  return {
    statusCode: 401,
    statusDescription: 'Unauthorized',
    headers: {
      'www-authenticate': { value: 'Bearer error="invalid_token", error_description="' + reason + '"' },
      'cache-control': { value: 'no-store' },
    },
  };
}

// Compares two strings in time that does not depend on where they differ.
function sameString(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function tokenOf(request) {
  const auth = request.headers.authorization;
  if (auth && auth.value.indexOf('Bearer ') === 0) return auth.value.slice(7);
  return request.cookies.token ? request.cookies.token.value : undefined;
}

// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
function handler(event) {
  const request = event.request;
  const token = tokenOf(request);
  if (!token) return unauthorized('missing token');
  const parts = token.split('.');
  if (parts.length !== 3) return unauthorized('malformed token');
  let header;
  let payload;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch (e) {
    console.log('malformed token: ' + e.message);
    return unauthorized('malformed token');
  }
  if (header.alg !== 'HS256') return unauthorized('unsupported algorithm');
  const expected = crypto.createHmac('sha256', SECRET).update(parts[0] + '.' + parts[1]).digest('base64url');
  if (!sameString(expected, parts[2])) return unauthorized('bad signature');
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp === 'number' && payload.exp <= now) return unauthorized('token expired');
  if (typeof payload.nbf === 'number' && payload.nbf > now) return unauthorized('token not yet valid');
  request.headers['x-user-sub'] = { value: String(payload.sub) };
  delete request.headers.authorization;
  return request;
}
