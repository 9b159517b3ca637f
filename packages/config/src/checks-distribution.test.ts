import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDistribution } from './index.ts';
import { assertIssues, rawDistribution, valueOf } from './test-fixtures.ts';
import type { Issue } from './types.ts';

const B = 'Managed-CachingOptimized';
const withOrigin = (extra: Record<string, unknown>) => rawDistribution({ origins: [{ id: 'app', domainName: 'origin.example.com', ...extra }] });
const withBehavior = (extra: Record<string, unknown>) => rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: B, ...extra } });
const ALL = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];
const METHOD_SETS = 'must be [GET, HEAD], [GET, HEAD, OPTIONS] or [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE] (in any order)';
const SHIELD_REGIONS = 'us-east-2, us-east-1, us-west-2, ap-south-1, ap-northeast-2, ap-southeast-1, ap-southeast-2, ap-northeast-1, eu-central-1, eu-west-1, eu-west-2, sa-east-1';
const FORBIDDEN = (name: string) => `CloudFront can't add ${name} to origin requests ("Custom headers that CloudFront can't add to origin requests")`;

/** [name, raw distribution, expected issues ([] = valid)] */
const table: [string, Record<string, unknown>, Issue[]][] = [
  // "Allowed HTTP methods" / "Cached HTTP methods"
  ['allowed [GET, HEAD, OPTIONS], cached [GET, HEAD, OPTIONS]', withBehavior({ allowedMethods: ['GET', 'HEAD', 'OPTIONS'], cachedMethods: ['GET', 'HEAD', 'OPTIONS'] }), []],
  ['all seven methods in any order', withBehavior({ allowedMethods: [...ALL].reverse() }), []],
  ['allowed [GET] alone', withBehavior({ allowedMethods: ['GET'] }), [{ path: 'defaultCacheBehavior.allowedMethods', message: METHOD_SETS }]],
  ['allowed [GET, HEAD, POST]', withBehavior({ allowedMethods: ['GET', 'HEAD', 'POST'] }), [{ path: 'defaultCacheBehavior.allowedMethods', message: METHOD_SETS }]],
  ['allowed lists a method twice', withBehavior({ allowedMethods: ['GET', 'HEAD', 'GET'] }), [{ path: 'defaultCacheBehavior.allowedMethods', message: 'lists GET more than once' }]],
  ['allowed lists an unknown method', withBehavior({ allowedMethods: ['GET', 'HEAD', 'get'] }), [{ path: 'defaultCacheBehavior.allowedMethods[2]', message: "must be one of: 'GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE' (got 'get')" }]],
  ['cached [GET, HEAD, POST] is not a cached set', withBehavior({ allowedMethods: ALL, cachedMethods: ['GET', 'HEAD', 'POST'] }), [{ path: 'defaultCacheBehavior.cachedMethods', message: 'must be [GET, HEAD] or [GET, HEAD, OPTIONS] (in any order)' }]],
  ['cached OPTIONS needs allowed OPTIONS', withBehavior({ cachedMethods: ['OPTIONS', 'GET', 'HEAD'] }), [{ path: 'defaultCacheBehavior.cachedMethods', message: 'caches OPTIONS, which allowedMethods does not allow (allowedMethods is [GET, HEAD] by default)' }]],
  // "Add custom headers to origin requests"
  ['custom headers', withOrigin({ customHeaders: { 'X-Origin-Secret': 's3cr3t', Referer: 'cdn' } }), []],
  [
    'forbidden custom headers, any case',
    withOrigin({ customHeaders: { 'cache-control': 'x', Cookie: 'x', 'X-Real-IP': 'x', 'Proxy-Authenticate': 'x' } }),
    [
      { path: 'origins[0].customHeaders["cache-control"]', message: FORBIDDEN('cache-control') },
      { path: 'origins[0].customHeaders.Cookie', message: FORBIDDEN('Cookie') },
      { path: 'origins[0].customHeaders["X-Real-IP"]', message: FORBIDDEN('X-Real-IP') },
      { path: 'origins[0].customHeaders["Proxy-Authenticate"]', message: FORBIDDEN('Proxy-Authenticate') },
    ],
  ],
  [
    'forbidden custom header prefixes',
    withOrigin({ customHeaders: { 'X-Amz-Date': 'x', 'x-edge-location': 'x', 'x-amzn-ok': 'x' } }),
    [
      { path: 'origins[0].customHeaders["X-Amz-Date"]', message: "CloudFront can't add headers that begin with 'x-amz-' or 'x-edge-' to origin requests" },
      { path: 'origins[0].customHeaders["x-edge-location"]', message: "CloudFront can't add headers that begin with 'x-amz-' or 'x-edge-' to origin requests" },
    ],
  ],
  ['custom header names differing only in case', withOrigin({ customHeaders: { 'X-A': '1', 'x-a': '2' } }), [{ path: 'origins[0].customHeaders["x-a"]', message: "same header as 'X-A' (header names are case-insensitive)" }]],
  ['custom header values are strings', withOrigin({ customHeaders: { 'x-version': 2 } }), [{ path: 'origins[0].customHeaders["x-version"]', message: 'a header value must be a string, got 2 (quote it in YAML)' }]],
  // API reference, OriginShield; "Choosing the AWS Region for Origin Shield"
  ['origin shield in us-east-1', withOrigin({ originShield: { enabled: true, originShieldRegion: 'us-east-1' } }), []],
  ['origin shield disabled, no region', withOrigin({ originShield: { enabled: false } }), []],
  ['origin shield disabled keeps its region', withOrigin({ originShield: { enabled: false, originShieldRegion: 'eu-west-2' } }), []],
  ['origin shield enabled needs a region', withOrigin({ originShield: { enabled: true } }), [{ path: 'origins[0].originShield.originShieldRegion', message: 'is required when enabled is true: the AWS Region of the Origin Shield, e.g. us-east-1' }]],
  [
    'origin shield regions: one without a regional edge cache, a region name, and Enabled missing',
    rawDistribution({
      origins: [
        { id: 'app', domainName: 'origin.example.com', originShield: { enabled: true, originShieldRegion: 'us-west-1' } },
        { id: 'b', domainName: 'b.example.com', originShield: { enabled: true, originShieldRegion: 'US East (Ohio)' } },
        { id: 'c', domainName: 'c.example.com', originShield: { originShieldRegion: 'eu-west-1', region: 'eu-west-1' } },
      ],
    }),
    [
      { path: 'origins[0].originShield.originShieldRegion', message: `'us-west-1' has no Origin Shield; Origin Shield is offered in ${SHIELD_REGIONS} ("Choosing the AWS Region for Origin Shield")` },
      { path: 'origins[1].originShield.originShieldRegion', message: `'US East (Ohio)' is not an AWS Region code; Origin Shield is offered in ${SHIELD_REGIONS} ("Choosing the AWS Region for Origin Shield")` },
      { path: 'origins[2].originShield.region', message: "unknown key 'region'" },
      { path: 'origins[2].originShield.enabled', message: 'is required' },
    ],
  ],
  ['origin shield enabled must be a boolean', withOrigin({ originShield: { enabled: 'true', originShieldRegion: 'us-east-1' } }), [{ path: 'origins[0].originShield.enabled', message: "must be true or false, got 'true'" }]],
  // "Generate custom error responses"
  ['a custom error page', rawDistribution({ customErrorResponses: [{ errorCode: 404, responsePagePath: '/404.html', responseCode: 200 }, { errorCode: 503, errorCachingMinTTL: 0 }] }), []],
  ['responsePagePath needs responseCode', rawDistribution({ customErrorResponses: [{ errorCode: 403, responsePagePath: '/403.html' }] }), [{ path: 'customErrorResponses[0].responseCode', message: 'is required when responsePagePath is set' }]],
  ['responsePagePath starts with /', rawDistribution({ customErrorResponses: [{ errorCode: 403, responsePagePath: '403.html', responseCode: 403 }] }), [{ path: 'customErrorResponses[0].responsePagePath', message: "must start with '/'" }]],
  ['response codes come from the documented set', rawDistribution({ customErrorResponses: [{ errorCode: 500, responsePagePath: '/e.html', responseCode: 302 }] }), [{ path: 'customErrorResponses[0].responseCode', message: '302 is not a response code CloudFront can return; allowed: 200, 400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504' }]],
  // "Restrict the geographic distribution of your content"
  ['geo allow list', rawDistribution({ restrictions: { geoRestriction: { restrictionType: 'whitelist', items: ['US', 'CA'] } } }), []],
  ['geo none with countries', rawDistribution({ restrictions: { geoRestriction: { items: ['US'] } } }), [{ path: 'restrictions.geoRestriction.items', message: "must be empty when restrictionType is 'none'" }]],
  [
    'geo block list with a bad and a repeated country',
    rawDistribution({ restrictions: { geoRestriction: { restrictionType: 'blacklist', items: ['RU', 'ru', 'RU'] } } }),
    [
      { path: 'restrictions.geoRestriction.items[1]', message: 'must be a two-letter upper-case ISO 3166-1 country code, e.g. US' },
      { path: 'restrictions.geoRestriction.items[2]', message: 'RU is listed more than once' },
    ],
  ],
  // other single values
  ['enabled must be a boolean', rawDistribution({ enabled: 'false' }), [{ path: 'enabled', message: "must be true or false, got 'false'" }]],
  ['price class', rawDistribution({ priceClass: 'PriceClass_50' }), [{ path: 'priceClass', message: "must be one of: 'PriceClass_All', 'PriceClass_200', 'PriceClass_100' (got 'PriceClass_50')" }]],
  ['viewer protocol policy', withBehavior({ viewerProtocolPolicy: 'https' }), [{ path: 'defaultCacheBehavior.viewerProtocolPolicy', message: "must be one of: 'allow-all', 'redirect-to-https', 'https-only' (got 'https')" }]],
  ['origin protocol policy', withOrigin({ customOriginConfig: { originProtocolPolicy: 'https' } }), [{ path: 'origins[0].customOriginConfig.originProtocolPolicy', message: "must be one of: 'http-only', 'https-only', 'match-viewer' (got 'https')" }]],
  ['a default behavior is required', { origins: [{ id: 'app', domainName: 'a.example.com' }] }, [{ path: 'defaultCacheBehavior', message: 'is required' }]],
  // "Use an Amazon S3 bucket" and origin access control
  ...['site.s3.amazonaws.com', 'site.s3.eu-west-1.amazonaws.com', 'site.s3-eu-west-1.amazonaws.com', 'my.site.s3.localhost'].map(
    (domainName): [string, Record<string, unknown>, Issue[]] => [`S3 origin ${domainName}`, rawDistribution({ origins: [{ id: 'app', domainName, s3OriginConfig: { originAccessIdentity: '' } }] }), []],
  ),
  ['an S3 origin needs a bucket domain name', withOrigin({ s3OriginConfig: {} }), [{ path: 'origins[0].domainName', message: "an S3 origin's domainName must be BUCKET.s3.amazonaws.com, BUCKET.s3.REGION.amazonaws.com or BUCKET.s3.localhost (got 'origin.example.com')" }]],
  ['a bucket name too short for S3', rawDistribution({ origins: [{ id: 'app', domainName: 'ab.s3.localhost', s3OriginConfig: {} }] }), [{ path: 'origins[0].domainName', message: "an S3 origin's domainName must be BUCKET.s3.amazonaws.com, BUCKET.s3.REGION.amazonaws.com or BUCKET.s3.localhost (got 'ab.s3.localhost')" }]],
  [
    'S3 and custom origin config together, and a legacy OAI',
    rawDistribution({ origins: [{ id: 'app', domainName: 'site.s3.localhost', s3OriginConfig: { originAccessIdentity: 'origin-access-identity/cloudfront/E1' }, customOriginConfig: {} }] }),
    [
      { path: 'origins[0].s3OriginConfig', message: 'an origin has either s3OriginConfig or customOriginConfig, not both' },
      { path: 'origins[0].s3OriginConfig.originAccessIdentity', message: 'origin access identities (legacy) are not supported: leave it empty and set originAccessControlId' },
    ],
  ],
  [
    'origin access control on a custom origin, and an unknown one',
    withOrigin({ originAccessControlId: 'E2QWRUHAPOMQZL' }),
    [
      { path: 'origins[0].originAccessControlId', message: 'origin access control signs requests to S3 origins only: add s3OriginConfig (and an S3 domainName)' },
      { path: 'origins[0].originAccessControlId', message: "no origin access control with id 'E2QWRUHAPOMQZL' in originAccessControls" },
    ],
  ],
];

describe('distribution rules', () => {
  for (const [name, dist, expected] of table) {
    it(name, () => assertIssues(parseDistribution(dist), expected));
  }

  it('fills origin, behavior and error response defaults', () => {
    const value = valueOf(parseDistribution(rawDistribution({ customErrorResponses: [{ errorCode: 503 }] })));
    assert.deepStrictEqual(value.origins[0], {
      id: 'app',
      domainName: 'origin.example.com',
      originPath: '',
      customHeaders: {},
      connectionAttempts: 3,
      connectionTimeout: 10,
      customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'http-only', originReadTimeout: 30, originKeepaliveTimeout: 5 },
    });
    assert.deepStrictEqual(value.customErrorResponses, [{ errorCode: 503, errorCachingMinTTL: 10 }]);
    assert.deepStrictEqual(value.defaultCacheBehavior, {
      pathPattern: '*',
      targetOriginId: 'app',
      trustedKeyGroups: [],
      functionAssociations: [],
      lambdaFunctionAssociations: [],
      viewerProtocolPolicy: 'allow-all',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      cachePolicyId: B,
      compress: false,
    });
  });

  it('gives each parse its own default lists', () => {
    const a = valueOf(parseDistribution(rawDistribution()));
    const b = valueOf(parseDistribution(rawDistribution()));
    a.aliases.push('x.example.com');
    a.defaultCacheBehavior.allowedMethods.push('OPTIONS');
    a.defaultCacheBehavior.trustedKeyGroups.push('kg');
    assert.deepStrictEqual(b.aliases, []);
    assert.deepStrictEqual(b.defaultCacheBehavior.allowedMethods, ['GET', 'HEAD']);
    assert.deepStrictEqual(b.defaultCacheBehavior.trustedKeyGroups, []);
  });
});

describe('trusted key groups', () => {
  const keyGroups = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  const behavior = (pathPattern: string, trustedKeyGroups: unknown) => ({ pathPattern, targetOriginId: 'app', cachePolicyId: B, trustedKeyGroups });
  /** [name, raw distribution, expected issues ([] = valid)] */
  const keyTable: [string, Record<string, unknown>, Issue[]][] = [
    ['none: viewer access is not restricted', rawDistribution(), []],
    ['four key groups across the behaviors', rawDistribution({ cacheBehaviors: [behavior('/a/*', ['a', 'b']), behavior('/b/*', ['c', 'd'])] }), []],
    ['a key group counts once however many behaviors trust it', rawDistribution({ cacheBehaviors: [behavior('/a/*', ['a', 'b', 'c']), behavior('/b/*', ['a', 'b', 'c', 'd'])] }), []],
    [
      'five distinct key groups across the behaviors',
      rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: B, trustedKeyGroups: ['a', 'b'] }, cacheBehaviors: [behavior('/a/*', ['c']), behavior('/b/*', ['a', 'd', 'e'])] }),
      [{ path: 'cacheBehaviors[1].trustedKeyGroups[2]', message: "key group 'e' makes 5 key groups in this distribution; CloudFront allows at most 4 per distribution (Quotas)" }],
    ],
    ['a key group listed twice in one behavior', withBehavior({ trustedKeyGroups: ['a', 'b', 'a'] }), [{ path: 'defaultCacheBehavior.trustedKeyGroups[2]', message: "key group 'a' is already listed at trustedKeyGroups[0]" }]],
    ['not a list', withBehavior({ trustedKeyGroups: 'a' }), [{ path: 'defaultCacheBehavior.trustedKeyGroups', message: "must be a list, got 'a'" }]],
    ['an empty id', withBehavior({ trustedKeyGroups: [''] }), [{ path: 'defaultCacheBehavior.trustedKeyGroups[0]', message: 'must not be empty' }]],
  ];
  for (const [name, dist, expected] of keyTable) {
    it(name, () => assertIssues(parseDistribution(dist, { keyGroups }), expected));
  }
});
