// A/B test: a viewer keeps the group in its `ab-group` cookie; a viewer without one is
// assigned a group from a hash of its address and user agent (stable across requests until
// the cookie is set). Group B gets the /experiment-b variant of the home page; the origin sees
// the group in the cookie and in x-ab-group (make the cache key include that header or cookie).
// The origin (or a viewer response function) sends Set-Cookie: ab-group=... to make it stick.
// Runtime: cloudfront-js-1.0 or cloudfront-js-2.0. Event: viewer request.
var crypto = require('crypto');

// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
function handler(event) {
  var request = event.request;
  var cookie = request.cookies['ab-group'];
  var group;
  if (cookie && (cookie.value === 'a' || cookie.value === 'b')) {
    group = cookie.value;
  } else {
    var agent = request.headers['user-agent'] ? request.headers['user-agent'].value : '';
    var digest = crypto.createHash('md5').update(event.viewer.ip + ' ' + agent).digest('hex');
    group = parseInt(digest.substring(0, 8), 16) % 2 === 0 ? 'a' : 'b';
    request.cookies['ab-group'] = { value: group };
  }
  request.headers['x-ab-group'] = { value: group };
  if (group === 'b' && (request.uri === '/' || request.uri === '/index.html')) {
    request.uri = '/experiment-b/index.html';
  }
  return request;
}
