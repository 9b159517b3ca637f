// Redirects kept in a CloudFront KeyValueStore: the key is the old path, the value the new
// location (a path or an absolute URL). Paths without an entry pass through to the origin.
// Change redirects by updating the store; the function stays the same.
// Runtime: cloudfront-js-2.0 (KeyValueStore needs it). Event: viewer request.
import cf from 'cloudfront';

const kvsHandle = cf.kvs();

// eslint-disable-next-line no-unused-vars -- CloudFront calls handler(event)
async function handler(event) {
  const request = event.request;
  let target;
  try {
    target = await kvsHandle.get(request.uri);
  } catch (err) { // eslint-disable-line no-unused-vars -- get() rejects when the key does not exist
    return request; // no redirect for this path
  }
  const query = Object.keys(request.querystring)
    .map((name) => name + '=' + request.querystring[name].value)
    .join('&');
  return {
    statusCode: 301,
    statusDescription: 'Moved Permanently',
    headers: {
      location: { value: query ? target + '?' + query : target },
      'cache-control': { value: 'max-age=3600' },
    },
  };
}
