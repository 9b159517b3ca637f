// Redirect viewers to their country's site, from the CloudFront-Viewer-Country header
// (add it to the cache policy or origin request policy so CloudFront sends it).
// /path on www.example.com becomes https://www.example.com/de/path for a viewer in Germany;
// paths that already carry a country prefix, and countries without a site, pass through.
// Runtime: cloudfront-js-1.0 or cloudfront-js-2.0. Event: viewer request.
var SITES = { DE: '/de', FR: '/fr', JP: '/jp', GB: '/uk' };

// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
function handler(event) {
  var request = event.request;
  var country = request.headers['cloudfront-viewer-country'];
  if (!country) {
    return request;
  }
  var prefix = SITES[country.value];
  if (!prefix || request.uri === prefix || request.uri.indexOf(prefix + '/') === 0) {
    return request;
  }
  var host = request.headers.host ? request.headers.host.value : 'www.example.com';
  return {
    statusCode: 302,
    statusDescription: 'Found',
    headers: {
      location: { value: 'https://' + host + prefix + request.uri },
      'cache-control': { value: 'private, max-age=0' },
    },
  };
}
