// `aws cloudfront get-distribution-config` ({ETag, DistributionConfig}), `get-distribution`
// ({Distribution: {Id, DistributionConfig, ...}}) or a bare DistributionConfig: already
// CloudFront's API shape, so the shared converter does all of it.

import { distributionFromAws } from '@cachefront/config';
import { derivedDistributionId, emptyImport, isDistributionId, isObject, type Imported, type Raw } from './model.ts';

/**
 * `id` names the distribution when the input has no id (get-distribution-config prints
 * none); without it the id is derived from the CallerReference, so re-importing keeps it.
 */
export function importAwsCli(data: Raw, opts: { id?: string | undefined } = {}): Imported {
  const out = emptyImport();
  const wrapped = isObject(data.Distribution) ? data.Distribution : undefined;
  const config = (wrapped?.DistributionConfig ?? data.DistributionConfig ?? data) as Raw;
  const prefix = wrapped ? 'Distribution.DistributionConfig' : isObject(data.DistributionConfig) ? 'DistributionConfig' : '';
  const id = opts.id ?? (isDistributionId(wrapped?.Id) ? wrapped.Id : derivedDistributionId(String(config.CallerReference ?? JSON.stringify(config))));
  const r = distributionFromAws(config, { id });
  out.config.distributions.push(r.distribution);
  out.sources.push(prefix);
  out.config.cachePolicies.push(...r.cachePolicies);
  out.config.originRequestPolicies.push(...r.originRequestPolicies);
  out.warnings.push(...r.warnings.map((w) => ({ path: prefix === '' ? w.path : `${prefix}.${w.path}`, message: w.message })));
  return out;
}
