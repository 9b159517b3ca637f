import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importText } from './index.ts';
import { fixtureText, importFixture, warningAt } from './test-support.ts';

describe('import: aws cloudfront get-distribution-config / get-distribution', () => {
  it('converts the JSON, legacy ForwardedValues into local policies, with an id derived from the CallerReference', () => {
    const { config, warnings, format } = importFixture('get-distribution-config.json');
    assert.equal(format, 'aws');
    const d = config.distributions[0]!;
    assert.match(d.id!, /^E[0-9A-F]{12}$/);
    assert.equal(importText(fixtureText('get-distribution-config.json')).config!.distributions![0]!.id, d.id, 'the same input gets the same id');
    const api = d.cacheBehaviors[0]!;
    const cp = config.cachePolicies.find((p) => p.id === api.cachePolicyId)!;
    assert.deepEqual([cp.minTTL, cp.defaultTTL, cp.maxTTL], [0, 30, 600]);
    assert.deepEqual(cp.parametersInCacheKeyAndForwardedToOrigin.queryStringsConfig, { queryStringBehavior: 'whitelist', queryStrings: ['q'] });
    assert.equal(config.originRequestPolicies.find((p) => p.id === api.originRequestPolicyId)!.queryStringsConfig.queryStringBehavior, 'all');
    assert.match(warningAt(warnings, 'DistributionConfig.IsIPV6Enabled'), /not acted on/);
    // The OAC lives elsewhere in the account: a placeholder keeps the origin signed, and says so.
    assert.match(warningAt(warnings, 'DistributionConfig.Origins[docs-bucket].OriginAccessControlId'), /placeholder/);
    assert.equal(config.originAccessControls[0]!.id, 'E2DOCSOAC0001');
  });

  it('takes get-distribution output ({Distribution: {Id, DistributionConfig}}) and keeps its id; --id names a bare config', () => {
    const gdc = JSON.parse(fixtureText('get-distribution-config.json'));
    const wrapped = { Distribution: { Id: 'E1DOCS0000001', ARN: 'arn:aws:cloudfront::210987654321:distribution/E1DOCS0000001', Status: 'Deployed', DistributionConfig: gdc.DistributionConfig } };
    const r = importText(JSON.stringify(wrapped));
    assert.equal(r.issues, undefined);
    assert.equal(r.config!.distributions![0]!.id, 'E1DOCS0000001');
    assert.ok(r.warnings.some((w) => w.path === 'Distribution.DistributionConfig.IsIPV6Enabled'));
    assert.equal(importText(JSON.stringify(gdc), { id: 'E9CHOSEN00001' }).config!.distributions![0]!.id, 'E9CHOSEN00001');
  });

  it('a cache policy, key group or function that is not in the input is a placeholder or left out, each with a warning', () => {
    const gdc = JSON.parse(fixtureText('get-distribution-config.json'));
    const b = gdc.DistributionConfig.CacheBehaviors.Items[0];
    delete b.ForwardedValues;
    b.CachePolicyId = 'a1b2c3d4-custom';
    b.TrustedKeyGroups = { Enabled: true, Quantity: 1, Items: ['kg-elsewhere'] };
    b.FunctionAssociations = { Quantity: 1, Items: [{ EventType: 'viewer-request', FunctionARN: 'arn:aws:cloudfront::210987654321:function/rewrite' }] };
    const r = importText(JSON.stringify(gdc));
    assert.equal(r.issues, undefined, JSON.stringify(r.issues));
    const at = 'DistributionConfig.CacheBehaviors[/api/*]';
    assert.match(warningAt(r.warnings, `${at}.CachePolicyId`), /placeholder/);
    assert.ok(r.config!.cachePolicies!.some((p) => p.id === 'a1b2c3d4-custom'));
    assert.match(warningAt(r.warnings, `${at}.TrustedKeyGroups`), /no longer restricts viewer access/);
    assert.match(warningAt(r.warnings, `${at}.FunctionAssociations`), /'rewrite' is not in the input/);
    const api = r.config!.distributions![0]!.cacheBehaviors as { trustedKeyGroups: unknown[]; functionAssociations: unknown[] }[];
    assert.deepEqual([api[0]!.trustedKeyGroups, api[0]!.functionAssociations], [[], []]);
  });

  it('input that is none of the formats, or does not validate, is issues with paths', () => {
    assert.match(importText('{"hello": 1}').issues![0]!.message, /not a known input/);
    assert.match(importText('{').issues![0]!.message, /not valid JSON/);
    const gdc = JSON.parse(fixtureText('get-distribution-config.json'));
    gdc.DistributionConfig.DefaultCacheBehavior.TargetOriginId = 'nowhere';
    const r = importText(JSON.stringify(gdc));
    assert.ok(r.issues!.some((i) => i.path === 'distributions[0].defaultCacheBehavior.targetOriginId' && /nowhere/.test(i.message)), JSON.stringify(r.issues));
  });
});
