// A CloudFormation template (hand-written, or synthesized by CDK) -> cachefront config: its
// AWS::CloudFront::Distribution, CachePolicy, OriginRequestPolicy, ResponseHeadersPolicy,
// Function, KeyGroup, PublicKey and OriginAccessControl resources. Each resource's local id
// is its logical id (a distribution's is derived from it in CloudFront's form), so Ref and
// Fn::GetAtt between them resolve (cfn-intrinsics.ts). Resources of other services are not
// CloudFront's and are skipped; other CloudFront resources are warnings.

import {
  cachePolicyFromAws,
  distributionFromAws,
  keyGroupFromAws,
  originAccessControlFromAws,
  originRequestPolicyFromAws,
  publicKeyFromAws,
  responseHeadersPolicyFromAws,
} from '@cachefront/config';
import { cfnDistributionToAws } from './cfn-distribution.ts';
import { resolveIntrinsics, type RefTarget } from './cfn-intrinsics.ts';
import { derivedDistributionId, emptyImport, functionArn, isObject, wrapLists, type Imported, type Raw } from './model.ts';

const CF = 'AWS::CloudFront::';

/** The config member each resource type holds, for `Ref` (its Id) and `Fn::GetAtt X.Id`. */
const POLICY_LIKE = new Set(['CachePolicy', 'OriginRequestPolicy', 'ResponseHeadersPolicy', 'KeyGroup', 'PublicKey', 'OriginAccessControl']);

function functionName(logical: string, props: Raw): string {
  return typeof props.Name === 'string' ? props.Name : logical;
}

/** What Ref / Fn::GetAtt give for each imported resource (CloudFormation's "Return values" of each type). */
function refTargets(resources: Raw): Map<string, RefTarget> {
  const targets = new Map<string, RefTarget>();
  for (const [logical, r] of Object.entries(resources)) {
    if (!isObject(r) || typeof r.Type !== 'string' || !r.Type.startsWith(CF)) continue;
    const kind = r.Type.slice(CF.length);
    const props = isObject(r.Properties) ? r.Properties : {};
    if (kind === 'Distribution') {
      const id = derivedDistributionId(logical);
      targets.set(logical, { ref: id, attrs: { Id: id, DomainName: `${id.toLowerCase()}.cloudfront.net` } });
    } else if (POLICY_LIKE.has(kind)) {
      targets.set(logical, { ref: logical, attrs: { Id: logical } });
    } else if (kind === 'Function') {
      const arn = functionArn(functionName(logical, props));
      targets.set(logical, { ref: arn, attrs: { FunctionARN: arn, 'FunctionMetadata.FunctionARN': arn, Stage: 'LIVE' } });
    }
  }
  return targets;
}

export function importCloudFormation(template: Raw): Imported {
  const out = emptyImport();
  const resources = isObject(template.Resources) ? template.Resources : {};
  const targets = refTargets(resources);
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const warn = (path: string, message: string) => out.warnings.push({ path, message });
  const ctx = { targets, parameters, resources, warn };

  for (const [logical, r] of Object.entries(resources)) {
    if (!isObject(r) || typeof r.Type !== 'string' || !r.Type.startsWith(CF)) continue;
    const at = `Resources.${logical}`;
    const kind = r.Type.slice(CF.length);
    const props = (resolveIntrinsics(isObject(r.Properties) ? r.Properties : {}, `${at}.Properties`, ctx) ?? {}) as Raw;
    const config = (key: string): Raw => (isObject(props[key]) ? props[key] : {});
    if (r.Condition !== undefined) warn(`${at}.Condition`, `the resource's condition '${String(r.Condition)}' is not evaluated: imported as if it were true`);
    if (props.Tags !== undefined) warn(`${at}.Properties.Tags`, 'tags are not part of a config file: left out');
    switch (kind) {
      case 'Distribution': {
        const prefix = `${at}.Properties.DistributionConfig`;
        const aws = cfnDistributionToAws(config('DistributionConfig'), (p, m) => warn(`${prefix}.${p}`, m));
        const d = distributionFromAws(aws, { id: targets.get(logical)!.ref });
        out.config.distributions.push(d.distribution);
        out.sources.push(prefix);
        out.config.cachePolicies.push(...d.cachePolicies);
        out.config.originRequestPolicies.push(...d.originRequestPolicies);
        for (const w of d.warnings) warn(`${prefix}.${w.path}`, w.message);
        break;
      }
      case 'CachePolicy':
        out.config.cachePolicies.push(cachePolicyFromAws(wrapLists(config('CachePolicyConfig')) as Raw, logical));
        break;
      case 'OriginRequestPolicy':
        out.config.originRequestPolicies.push(originRequestPolicyFromAws(wrapLists(config('OriginRequestPolicyConfig')) as Raw, logical));
        break;
      case 'ResponseHeadersPolicy':
        out.config.responseHeadersPolicies.push(responseHeadersPolicyFromAws(wrapLists(config('ResponseHeadersPolicyConfig')) as Raw, logical));
        break;
      case 'OriginAccessControl':
        out.config.originAccessControls.push(originAccessControlFromAws(config('OriginAccessControlConfig'), logical));
        break;
      case 'PublicKey':
        out.config.publicKeys.push(publicKeyFromAws(config('PublicKeyConfig'), logical));
        break;
      case 'KeyGroup':
        out.config.keyGroups.push(keyGroupFromAws(config('KeyGroupConfig'), logical));
        break;
      case 'Function':
        out.config.functions.push(importFunction(logical, props, warn));
        break;
      default:
        warn(at, `${r.Type} is not imported (cachefront imports distributions, cache, origin request and response headers policies, functions, key groups, public keys and origin access controls)`);
    }
  }
  return out;
}

function importFunction(logical: string, props: Raw, warn: (path: string, message: string) => void): Raw {
  const at = `Resources.${logical}.Properties`;
  const fc = isObject(props.FunctionConfig) ? props.FunctionConfig : {};
  if (Array.isArray(fc.KeyValueStoreAssociations) && fc.KeyValueStoreAssociations.length > 0) {
    warn(`${at}.FunctionConfig.KeyValueStoreAssociations`, 'key value stores are not imported: left out; add the store under keyValueStores: and associate it');
  }
  // A config file's function is what runs: it has no DEVELOPMENT stage to hold unpublished code.
  if (props.AutoPublish === false) warn(`${at}.AutoPublish`, 'false: on CloudFront the code waits in DEVELOPMENT until published; a config file runs it as given');
  return {
    name: functionName(logical, props),
    ...(typeof fc.Runtime === 'string' ? { runtime: fc.Runtime } : {}),
    ...(typeof fc.Comment === 'string' ? { comment: fc.Comment } : {}),
    code: typeof props.FunctionCode === 'string' ? props.FunctionCode : '',
  };
}
