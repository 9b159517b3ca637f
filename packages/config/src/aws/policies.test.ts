import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../parse.ts';
import { cachePolicyFromAws, cachePolicyToAws, originAccessControlFromAws, originAccessControlToAws, responseHeadersPolicyFromAws, responseHeadersPolicyToAws } from './policies.ts';

// As `aws cloudfront get-cache-policy-config` / get-response-headers-policy-config print them.
const CACHE_POLICY = {
  CachePolicyConfig: {
    Comment: 'keyed on the language',
    Name: 'by-language',
    DefaultTTL: 3600,
    MaxTTL: 86400,
    MinTTL: 1,
    ParametersInCacheKeyAndForwardedToOrigin: {
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['accept-language'] } },
      CookiesConfig: { CookieBehavior: 'none' },
      QueryStringsConfig: { QueryStringBehavior: 'allExcept', QueryStrings: { Quantity: 2, Items: ['utm_source', 'utm_medium'] } },
    },
  },
};
const RESPONSE_HEADERS = {
  ResponseHeadersPolicyConfig: {
    Name: 'site',
    Comment: '',
    CorsConfig: {
      AccessControlAllowOrigins: { Quantity: 1, Items: ['https://app.example.com'] },
      AccessControlAllowHeaders: { Quantity: 1, Items: ['content-type'] },
      AccessControlAllowMethods: { Quantity: 2, Items: ['GET', 'OPTIONS'] },
      AccessControlAllowCredentials: true,
      AccessControlExposeHeaders: { Quantity: 0 },
      AccessControlMaxAgeSec: 600,
      OriginOverride: true,
    },
    SecurityHeadersConfig: {
      XSSProtection: { Override: true, Protection: true, ModeBlock: true },
      StrictTransportSecurity: { Override: true, IncludeSubdomains: true, Preload: false, AccessControlMaxAgeSec: 63072000 },
    },
    CustomHeadersConfig: { Quantity: 1, Items: [{ Header: 'X-Site', Value: 'shop', Override: false }] },
    RemoveHeadersConfig: { Quantity: 1, Items: [{ Header: 'X-Powered-By' }] },
    ServerTimingHeadersConfig: { Enabled: true, SamplingRate: 10 },
  },
};

describe('AWS policy configs <-> cachefront', () => {
  it('a cache policy, a response headers policy and an origin access control convert, validate and come back the same', () => {
    const parsed = parseConfig({
      cachePolicies: [cachePolicyFromAws(CACHE_POLICY, 'cp1')],
      responseHeadersPolicies: [responseHeadersPolicyFromAws(RESPONSE_HEADERS, 'rhp1')],
      originAccessControls: [originAccessControlFromAws({ OriginAccessControlConfig: { Name: 'oac', Description: '', SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' } }, 'E1')],
    });
    assert.equal(parsed.issues, undefined, JSON.stringify(parsed.issues));
    const c = parsed.value!;
    assert.deepEqual(c.cachePolicies[0]!.parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig, { queryStringBehavior: 'allExcept', queryStrings: ['utm_source', 'utm_medium'] });
    assert.deepEqual(c.responseHeadersPolicies[0]!.removeHeadersConfig, ['x-powered-by']);
    // An empty list comes back as {Quantity: 0}, which AWS reads as the absent list.
    const want = structuredClone(CACHE_POLICY.CachePolicyConfig) as Record<string, any>;
    want.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.Cookies = { Quantity: 0 };
    assert.deepEqual(cachePolicyToAws(c.cachePolicies[0]!), want);
    const rhp = responseHeadersPolicyToAws(c.responseHeadersPolicies[0]!) as Record<string, any>;
    assert.deepEqual(rhp.CorsConfig, RESPONSE_HEADERS.ResponseHeadersPolicyConfig.CorsConfig);
    assert.deepEqual(rhp.RemoveHeadersConfig, { Quantity: 1, Items: [{ Header: 'x-powered-by' }] });
    assert.deepEqual(rhp.SecurityHeadersConfig.XSSProtection, { Override: true, Protection: true, ModeBlock: true });
    assert.deepEqual(originAccessControlToAws(c.originAccessControls[0]!), { Name: 'oac', Description: '', SigningProtocol: 'sigv4', SigningBehavior: 'always', OriginAccessControlOriginType: 's3' });
  });
});
