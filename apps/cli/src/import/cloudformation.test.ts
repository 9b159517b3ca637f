import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importText } from './index.ts';
import { importFixture, warningAt } from './test-support.ts';

const DIST = 'Resources.DocsDistribution8E7F1B33.Properties.DistributionConfig';

describe('import: CloudFormation / CDK templates', () => {
  it('a CDK-synthesized template: Ref and Fn::GetAtt between CloudFront resources become their local ids', () => {
    const { config, warnings, format } = importFixture('cdk-synth.template.json');
    assert.equal(format, 'cloudformation');
    const d = config.distributions[0]!;
    const api = d.cacheBehaviors[0]!;
    assert.equal(api.cachePolicyId, 'SearchCachePolicy9A0C4E21');
    assert.equal(api.originRequestPolicyId, 'SearchOriginRequestPolicy3F7B0D92');
    assert.equal(api.responseHeadersPolicyId, 'SecurityHeaders0B8E6A55');
    assert.deepEqual(api.functionAssociations, [{ eventType: 'viewer-request', functionName: 'DocsStackApiVersion4C2D9E10' }]);
    assert.equal(d.origins[0]!.originAccessControlId, 'DocsOriginAccessControl5D3E1C7B');
    // Plain lists wrapped as the API wraps them, and CloudFormation's own spellings read.
    assert.deepEqual(config.cachePolicies[0]!.parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig, { queryStringBehavior: 'whitelist', queryStrings: ['q', 'page'] });
    assert.deepEqual(d.origins[1]!.customHeaders, { 'X-From-Cdn': 'docs' });
    assert.equal(d.viewerCertificate.acmCertificateArn, 'arn:aws:acm:us-east-1:210987654321:certificate/4d1c2b3a-9e8f-4a5b-8c7d-6e5f4a3b2c1d');
    assert.equal(d.viewerCertificate.sslSupportMethod, 'sni-only');
    assert.equal(d.customErrorResponses[0]!.responseCode, 404);
    assert.equal(config.responseHeadersPolicies[0]!.customHeadersConfig[0]!.value, '2025.02');
    assert.equal(config.functions[0]!.code?.includes("x-docs-api"), true);
    // The bucket is not a CloudFront resource: its domain is the local S3 form, said so.
    assert.equal(d.origins[0]!.domainName, 'example-docs-site.s3.us-east-1.amazonaws.com');
    assert.match(warningAt(warnings, `${DIST}.Origins[0].DomainName`), /cachefront origin --bucket example-docs-site=DIR/);
    assert.match(warningAt(warnings, `${DIST}.WebACLId`), /Fn::ImportValue cannot be evaluated/);
    assert.match(warningAt(warnings, 'Resources.DocsDistribution8E7F1B33.Properties.Tags'), /left out/);
    assert.equal(d.awsFields?.WebACLId, undefined, 'an unresolved value is left out, not kept');
  });

  it('a hand-written YAML template: short-form intrinsics, parameters, key groups and public keys', () => {
    const { config, warnings } = importFixture('handwritten.template.yaml');
    const d = config.distributions[0]!;
    const at = 'Resources.MediaDistribution.Properties.DistributionConfig';
    assert.deepEqual(d.aliases, ['media.example.com']);
    assert.match(warningAt(warnings, `${at}.Aliases[0]`), /parameter.*Default 'media\.example\.com'/);
    assert.match(warningAt(warnings, `${at}.ViewerCertificate.AcmCertificateArn`), /no Default/);
    assert.match(warningAt(warnings, `${at}.Comment`), /Fn::Sub/);
    assert.deepEqual(d.cacheBehaviors[1]!.trustedKeyGroups, ['DownloadsKeyGroup']);
    assert.deepEqual(config.keyGroups[0]!.items, ['DownloadsKey']);
    assert.equal(config.publicKeys[0]!.name, 'downloads-key');
    assert.equal(d.cacheBehaviors[0]!.cachePolicyId, 'ApiCachePolicy');
    assert.deepEqual(d.cacheBehaviors[0]!.functionAssociations, [{ eventType: 'viewer-request', functionName: 'media-add-api-header' }]);
    // Logging present means on; GeoRestriction's Locations are its Items; CachedMethods defaults to GET, HEAD.
    assert.deepEqual(d.logging, { enabled: true, includeCookies: false, prefix: 'cloudfront/' });
    assert.deepEqual(d.restrictions.geoRestriction, { restrictionType: 'whitelist', items: ['US', 'CA', 'GB', 'DE'] });
    assert.deepEqual(d.cacheBehaviors[0]!.cachedMethods, ['GET', 'HEAD']);
    assert.match(warningAt(warnings, `${at}.Logging.Bucket`), /not acted on/);
  });

  it('a Ref to an unknown resource, other CloudFront resources and conditions are warnings', () => {
    const template = {
      Resources: {
        Kvs: { Type: 'AWS::CloudFront::KeyValueStore', Properties: { Name: 'kvs' } },
        P: { Type: 'AWS::CloudFront::CachePolicy', Condition: 'IsProd', Properties: { CachePolicyConfig: { Name: 'p', MinTTL: 0, DefaultTTL: 0, MaxTTL: 0, Comment: { Ref: 'Missing' }, ParametersInCacheKeyAndForwardedToOrigin: { EnableAcceptEncodingGzip: false, HeadersConfig: { HeaderBehavior: 'none' }, CookiesConfig: { CookieBehavior: 'none' }, QueryStringsConfig: { QueryStringBehavior: 'none' } } } } },
      },
    };
    const r = importText(JSON.stringify(template));
    assert.equal(r.issues, undefined, JSON.stringify(r.issues));
    assert.match(warningAt(r.warnings, 'Resources.Kvs'), /AWS::CloudFront::KeyValueStore is not imported/);
    assert.match(warningAt(r.warnings, 'Resources.P.Properties.CachePolicyConfig.Comment'), /no such resource or parameter/);
    assert.match(warningAt(r.warnings, 'Resources.P.Condition'), /not evaluated/);
  });
});
