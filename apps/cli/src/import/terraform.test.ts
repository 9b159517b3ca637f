import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importText } from './index.ts';
import { fixtureText, importFixture, warningAt } from './test-support.ts';

describe('import: terraform show -json', () => {
  it('a state: the provider schema mapped, ids kept, so the references between resources hold', () => {
    const { config, warnings, format } = importFixture('terraform-show.json');
    assert.equal(format, 'terraform');
    const d = config.distributions[0]!;
    assert.equal(d.id, 'E1TFDOCS0A2B3C');
    assert.equal(d.comment, 'docs.example.com (terraform)');
    assert.deepEqual(d.origins.map((o) => o.id), ['docs-bucket', 'search-api']);
    // An origin with neither config block is an S3 one (the provider sends an empty S3OriginConfig).
    assert.deepEqual(d.origins[0]!.s3OriginConfig, { originAccessIdentity: '' });
    assert.equal(d.origins[0]!.originAccessControlId, 'E2QWRUHAPOMQZL');
    assert.deepEqual(d.origins[1]!.customHeaders, { 'X-From-Cdn': 'docs' });
    assert.equal(d.origins[1]!.originPath, '/v1');
    const [api, legacy] = d.cacheBehaviors;
    assert.equal(api!.cachePolicyId, '8f2d4c1e-3b5a-4e6f-9a7b-0c1d2e3f4a5b');
    assert.equal(api!.originRequestPolicyId, '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
    assert.deepEqual(api!.functionAssociations, [{ eventType: 'viewer-request', functionName: 'docs-api-header' }]);
    assert.equal(d.defaultCacheBehavior.responseHeadersPolicyId, '9c8b7a6d-5e4f-4321-8765-4321fedcba98');
    assert.deepEqual(d.customErrorResponses, [{ errorCode: 404, responsePagePath: '/404.html', responseCode: 404, errorCachingMinTTL: 60 }]);
    // forwarded_values (legacy) -> a local cache policy keyed on the whitelisted cookie, with the behavior's TTLs.
    const cp = config.cachePolicies.find((p) => p.id === legacy!.cachePolicyId)!;
    assert.deepEqual([cp.minTTL, cp.defaultTTL, cp.maxTTL], [0, 300, 3600]);
    assert.deepEqual(cp.parametersInCacheKeyAndForwardedToOrigin.cookiesConfig, { cookieBehavior: 'whitelist', cookies: ['lang'] });
    assert.deepEqual(config.cachePolicies[0]!.parametersInCacheKeyAndForwardedToOrigin.headersConfig, { headerBehavior: 'whitelist', headers: ['accept-language'] });
    assert.equal(config.responseHeadersPolicies[0]!.securityHeadersConfig?.frameOptions?.frameOption, 'DENY');
    assert.equal(config.originAccessControls[0]!.name, 'docs-bucket-oac');
    assert.match(config.functions[0]!.code!, /x-docs-api/);
    assert.match(warningAt(warnings, 'aws_cloudfront_distribution.docs.tags'), /left out/);
    assert.match(warningAt(warnings, 'aws_cloudfront_distribution.docs.IsIPV6Enabled'), /not acted on/);
    assert.equal(warnings.some((w) => w.path.startsWith('data.') || w.path.startsWith('aws_s3_bucket')), false, 'data sources and other services are not CloudFront resources');
  });

  it('a plan: unknown ids come from the configuration references to the imported resources', () => {
    const state = JSON.parse(fixtureText('terraform-show.json'));
    const resources = state.values.root_module.resources as { address: string; values: Record<string, any> }[];
    const policy = resources.find((r) => r.address === 'aws_cloudfront_cache_policy.search')!;
    delete policy.values.id; // not created yet
    const dist = resources.find((r) => r.address === 'aws_cloudfront_distribution.docs')!;
    delete dist.values.id;
    delete dist.values.ordered_cache_behavior[0].cache_policy_id;
    delete dist.values.web_acl_id;
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources } },
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_cloudfront_distribution.docs',
              expressions: {
                ordered_cache_behavior: [{ path_pattern: { constant_value: '/api/*' }, cache_policy_id: { references: ['aws_cloudfront_cache_policy.search.id', 'aws_cloudfront_cache_policy.search'] } }],
                web_acl_id: { references: ['aws_wafv2_web_acl.main.arn', 'aws_wafv2_web_acl.main'] },
              },
            },
          ],
        },
      },
    };
    const r = importText(JSON.stringify(plan));
    assert.equal(r.issues, undefined, JSON.stringify(r.issues));
    const d = r.config!.distributions![0] as { id: string; cacheBehaviors: { cachePolicyId: string }[] };
    assert.equal(d.cacheBehaviors[0]?.cachePolicyId, 'search');
    assert.ok(r.config!.cachePolicies!.some((p) => p.id === 'search'));
    assert.match(d.id, /^E[0-9A-F]{12}$/);
    assert.match(warningAt(r.warnings, 'aws_cloudfront_distribution.docs.web_acl_id'), /unknown until apply.*aws_wafv2_web_acl\.main\.arn/);
  });

  it('an attribute the mapping does not know is a warning, not dropped', () => {
    const state = JSON.parse(fixtureText('terraform-show.json'));
    const dist = state.values.root_module.resources.find((r: { type: string }) => r.type === 'aws_cloudfront_distribution');
    dist.values.default_cache_behavior[0].some_new_attribute = 'x';
    const r = importText(JSON.stringify(state));
    assert.match(warningAt(r.warnings, 'aws_cloudfront_distribution.docs.default_cache_behavior.some_new_attribute'), /not imported/);
  });
});
