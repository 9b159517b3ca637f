'use strict';
// origin-request: route by the X-Backend request header ("Dynamic origin selection" in the
// Lambda@Edge event structure). `beta` goes to a custom origin, `static` to an S3 bucket;
// anything else keeps the origin the cache behavior chose. The behavior's origin request
// policy must forward X-Backend, and the header should be in the cache key.
const BETA = {
  custom: {
    domainName: 'beta.example.com',
    port: 443,
    protocol: 'https',
    path: '/v2',
    sslProtocols: ['TLSv1.2'],
    readTimeout: 30,
    keepaliveTimeout: 5,
    customHeaders: { 'x-origin-secret': [{ key: 'X-Origin-Secret', value: 'beta-secret' }] },
  },
};
const STATIC = {
  s3: { domainName: 'assets-bucket.s3.us-east-1.amazonaws.com', region: 'us-east-1', authMethod: 'none', path: '', customHeaders: {} },
};

exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  const backend = request.headers['x-backend']?.[0]?.value;
  if (backend === 'beta') request.origin = BETA;
  else if (backend === 'static') {
    request.origin = STATIC;
    // An S3 origin wants its own Host.
    request.headers.host = [{ key: 'Host', value: STATIC.s3.domainName }];
  }
  console.log(`backend=${backend ?? 'default'} uri=${request.uri}`);
  return request;
};
