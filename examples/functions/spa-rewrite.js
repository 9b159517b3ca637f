// Single-page app: every path that is not a file (no extension in its last segment) is
// served /index.html, so client-side routes like /settings/profile load the app.
// Runtime: cloudfront-js-1.0 or cloudfront-js-2.0. Event: viewer request.
// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
