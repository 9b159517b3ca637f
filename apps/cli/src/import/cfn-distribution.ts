// AWS::CloudFront::Distribution's DistributionConfig -> CloudFront's API DistributionConfig.
// CloudFormation uses the API's names but for a handful (its template reference:
// IPV6Enabled, OriginCustomHeaders, OriginSSLProtocols, AcmCertificateArn, IamCertificateId,
// SslSupportMethod, GeoRestriction's Locations, a behavior's CachedMethods beside
// AllowedMethods, Logging without Enabled), writes lists plain, and ResponseCode as a number.

import { isObject, wrapLists, type Raw } from './model.ts';

function rename(o: Raw, from: string, to: string): void {
  if (!(from in o)) return;
  if (!(to in o)) o[to] = o[from];
  delete o[from];
}

const behaviorToAws = (b: Raw): Raw => {
  const out = { ...b };
  // CloudFormation's default when AllowedMethods / CachedMethods are not given: GET and HEAD.
  out.AllowedMethods = { Items: Array.isArray(b.AllowedMethods) ? b.AllowedMethods : ['GET', 'HEAD'], CachedMethods: Array.isArray(b.CachedMethods) ? b.CachedMethods : ['GET', 'HEAD'] };
  delete out.CachedMethods;
  for (const k of ['TrustedKeyGroups', 'TrustedSigners']) {
    if (Array.isArray(b[k])) out[k] = { Enabled: b[k].length > 0, Items: b[k] };
  }
  return out;
};

/** `warn(path, message)` gets paths relative to the DistributionConfig. */
export function cfnDistributionToAws(config: Raw, warn: (path: string, message: string) => void): Raw {
  const d: Raw = { ...config };
  rename(d, 'IPV6Enabled', 'IsIPV6Enabled');
  if (Array.isArray(d.CNAMEs)) {
    // The legacy spelling of Aliases.
    d.Aliases = [...(Array.isArray(d.Aliases) ? d.Aliases : []), ...d.CNAMEs];
    delete d.CNAMEs;
  }
  for (const legacy of ['CustomOrigin', 'S3Origin']) {
    if (d[legacy] === undefined) continue;
    warn(legacy, 'the legacy single-origin property is not imported: describe the origin under Origins');
    delete d[legacy];
  }
  // CloudFormation: "Logging" present means standard logging is on.
  if (isObject(d.Logging)) d.Logging = { Enabled: true, IncludeCookies: false, Prefix: '', ...d.Logging };
  if (isObject(d.Restrictions) && isObject(d.Restrictions.GeoRestriction)) {
    const g = { ...d.Restrictions.GeoRestriction };
    rename(g, 'Locations', 'Items');
    d.Restrictions = { ...d.Restrictions, GeoRestriction: g };
  }
  if (isObject(d.ViewerCertificate)) {
    const v = { ...d.ViewerCertificate };
    rename(v, 'AcmCertificateArn', 'ACMCertificateArn');
    rename(v, 'IamCertificateId', 'IAMCertificateId');
    rename(v, 'SslSupportMethod', 'SSLSupportMethod');
    d.ViewerCertificate = v;
  }
  if (Array.isArray(d.Origins)) {
    d.Origins = d.Origins.filter(isObject).map((o) => {
      const origin = { ...o };
      rename(origin, 'OriginCustomHeaders', 'CustomHeaders');
      if (isObject(origin.CustomOriginConfig)) {
        const c = { ...origin.CustomOriginConfig };
        rename(c, 'OriginSSLProtocols', 'OriginSslProtocols');
        origin.CustomOriginConfig = c;
      }
      return origin;
    });
  }
  if (isObject(d.DefaultCacheBehavior)) d.DefaultCacheBehavior = behaviorToAws(d.DefaultCacheBehavior);
  if (Array.isArray(d.CacheBehaviors)) d.CacheBehaviors = d.CacheBehaviors.filter(isObject).map(behaviorToAws);
  if (Array.isArray(d.CustomErrorResponses)) {
    d.CustomErrorResponses = d.CustomErrorResponses.filter(isObject).map((e) => ({ ...e, ...(typeof e.ResponseCode === 'number' ? { ResponseCode: String(e.ResponseCode) } : {}) }));
  }
  return wrapLists(d) as Raw;
}
