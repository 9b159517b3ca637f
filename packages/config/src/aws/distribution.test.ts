import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseConfig } from '../parse.ts';
import { distributionFromAws, distributionToAws } from './distribution.ts';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/get-distribution-config.json', import.meta.url), 'utf8')) as { DistributionConfig: Record<string, unknown> };
/** The config the import makes: the distribution, its derived policies, and what it references (an OAC, a key group, a function). */
function imported() {
  const r = distributionFromAws(fixture, { id: 'ESHOP00000001' });
  const parsed = parseConfig({
    distributions: [r.distribution],
    cachePolicies: r.cachePolicies,
    originRequestPolicies: r.originRequestPolicies,
    originAccessControls: [{ id: 'E1OACSHOP00001', name: 'shop-oac', signingBehavior: 'always' }],
    publicKeys: [{ id: 'K1', name: 'k1', encodedKey: PEM }],
    keyGroups: [{ id: 'kg-media', items: ['K1'] }],
    functions: [{ name: 'spa-rewrite', code: 'function handler(e) { return e.request; }' }],
  });
  return { r, parsed };
}

describe('AWS DistributionConfig <-> cachefront', () => {
  it('a realistic get-distribution-config converts into a valid cachefront distribution', () => {
    const { r, parsed } = imported();
    assert.equal(parsed.issues, undefined, JSON.stringify(parsed.issues));
    const d = parsed.value!.distributions[0]!;
    assert.deepEqual(d.aliases, ['shop.example.com', '*.shop.example.com']);
    assert.deepEqual(d.origins[0]!.s3OriginConfig, { originAccessIdentity: '' });
    assert.equal(d.origins[0]!.customOriginConfig, undefined);
    assert.deepEqual(d.origins[1]!.customHeaders, { 'X-Origin-Verify': 's3cr3t' });
    assert.equal(d.origins[1]!.customOriginConfig!.originProtocolPolicy, 'https-only');
    assert.deepEqual(d.defaultCacheBehavior.functionAssociations, [{ eventType: 'viewer-request', functionName: 'spa-rewrite' }]);
    assert.deepEqual(d.cacheBehaviors[1]!.trustedKeyGroups, ['kg-media']);
    assert.deepEqual(d.customErrorResponses.map((e) => [e.errorCode, e.responseCode, e.responsePagePath]), [[403, 200, '/index.html'], [500, undefined, undefined]]);
    assert.equal(d.httpVersion, 'http2and3');
    // Kept, not acted on, each with a warning naming its AWS path.
    assert.deepEqual(
      r.warnings.map((w) => w.path),
      ['WebACLId', 'IsIPV6Enabled', 'Logging.Bucket', 'Origins[api].CustomOriginConfig.OriginSslProtocols', 'CacheBehaviors[/media/*].SmoothStreaming'],
    );
  });

  it('legacy ForwardedValues and TTLs become a cache policy (what is keyed) and an origin request policy (what is forwarded), as CloudFront applies them', () => {
    const { parsed } = imported();
    const c = parsed.value!;
    const api = c.distributions[0]!.cacheBehaviors[0]!;
    const cp = c.cachePolicies.find((p) => p.id === api.cachePolicyId)!;
    assert.deepEqual([cp.minTTL, cp.defaultTTL, cp.maxTTL], [0, 60, 300]);
    const key = cp.parametersInCacheKeyAndForwardedToOrigin;
    assert.deepEqual(key.headersConfig, { headerBehavior: 'whitelist', headers: ['authorization', 'accept-language'] });
    assert.deepEqual(key.cookiesConfig, { cookieBehavior: 'whitelist', cookies: ['session'] });
    assert.deepEqual(key.queryStringsConfig, { queryStringBehavior: 'whitelist', queryStrings: ['page'] });
    const orp = c.originRequestPolicies.find((p) => p.id === api.originRequestPolicyId)!;
    assert.equal(orp.queryStringsConfig.queryStringBehavior, 'all', 'every query string reaches the origin, only ?page is keyed');
  });

  it('back to AWS: every field returns as it came (kept fields too), but for legacy settings, now policies', () => {
    const { parsed } = imported();
    const back = distributionToAws(parsed.value!.distributions[0]!);
    const want = structuredClone(fixture.DistributionConfig) as Record<string, any>;
    // What cachefront's model fills in or normalizes, and the legacy behavior now on policies.
    const api = want.CacheBehaviors.Items[0];
    delete api.ForwardedValues;
    delete api.MinTTL;
    delete api.DefaultTTL;
    delete api.MaxTTL;
    api.CachePolicyId = 'legacy-ESHOP00000001-1';
    api.OriginRequestPolicyId = 'legacy-ESHOP00000001-1';
    want.DefaultCacheBehavior.FunctionAssociations.Items[0].FunctionARN = 'arn:aws:cloudfront::000000000000:function/spa-rewrite';
    const got = back as Record<string, any>;
    for (const key of Object.keys(want)) {
      if (key === 'Origins' || key === 'CacheBehaviors' || key === 'DefaultCacheBehavior') continue;
      assert.deepEqual(got[key], want[key], key);
    }
    assert.deepEqual(got.Origins.Items[1].CustomOriginConfig.OriginSslProtocols, want.Origins.Items[1].CustomOriginConfig.OriginSslProtocols);
    assert.deepEqual(got.Origins.Items[1].CustomHeaders, want.Origins.Items[1].CustomHeaders);
    assert.equal(got.Origins.Items[0].S3OriginConfig.OriginAccessIdentity, '');
    assert.equal(got.Origins.Items[0].CustomOriginConfig, undefined);
    assert.equal(got.CacheBehaviors.Items[1].SmoothStreaming, true);
    assert.deepEqual(got.CacheBehaviors.Items[1].TrustedKeyGroups, { Quantity: 1, Items: ['kg-media'], Enabled: true });
    assert.deepEqual(got.CacheBehaviors.Items[0].AllowedMethods.Items, api.AllowedMethods.Items);
    assert.equal(got.DefaultCacheBehavior.CachePolicyId, '658327ea-f89d-4fab-a63d-7e88639e58f6');
    assert.deepEqual(got.DefaultCacheBehavior.FunctionAssociations, want.DefaultCacheBehavior.FunctionAssociations);
    // And it converts again to the same cachefront distribution.
    const again = distributionFromAws(back, { id: 'ESHOP00000001' }).distribution;
    const { awsFields: a, ...x } = again as Record<string, unknown>;
    const { awsFields: b, ...y } = parsed.value!.distributions[0]! as unknown as Record<string, unknown>;
    assert.deepEqual(a, b);
    assert.equal(parseConfig({ distributions: [x], cachePolicies: parsed.value!.cachePolicies, originRequestPolicies: parsed.value!.originRequestPolicies, originAccessControls: parsed.value!.originAccessControls, publicKeys: parsed.value!.publicKeys, keyGroups: parsed.value!.keyGroups, functions: parsed.value!.functions }).issues, undefined);
    assert.equal(typeof y, 'object');
  });
});

const PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwcuz6AMDRjeUVIqoqMRC
wkJCDcYIGYdPSWJGZTu0kRj4nTyF3CdK6Yw3HFG38QX2/W/QbDyT6xKtI4A1wRlx
ZCfuSB6PTh9vOSRqyBcEO8mn3ysMz1fLLCXAIxtOO93PPCEuy/Yb6YMbDHuG+oHl
5zrrXhmfGMqK2dUxY4FJt4tpfGt3LDGSaJ+jbG/OhV+9hy9Y9IxpGqQFl4zS4W7h
R7hhfZXIrSIiV4JxnLjg9NpdgKwx/9Ou7LQv6dW6WIs6hc3d+KdI6ZRJEjNwqV+2
l5X4KyIBCtKxFHvq+HxoqoZHsAlM5djMbPYiO7XRRsnW6P4aOq26IgNT1c4NzGrC
9wIDAQAB
-----END PUBLIC KEY-----`;
