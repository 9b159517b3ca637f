// A CloudFront DistributionConfig (AWS's shape: what the REST API, `aws cloudfront
// get-distribution-config`, CloudFormation and Terraform hold) <-> a cachefront distribution.
// Fields cachefront does not act on are kept, by their AWS path, in the distribution's
// `awsFields`, and come back unchanged; legacy cache settings (ForwardedValues and the
// behavior's TTLs) become local cache and origin request policies, as CloudFront applies them.

import type { Issue } from '../types.ts';
import { managedCachePolicies, managedOriginRequestPolicies } from '../managed.ts';
import { managedResponseHeadersPolicies } from '../response-headers.ts';
import type { CacheBehavior, Distribution } from '../types.ts';
import { camelize, isObject, pascalize, wrap } from './shapes.ts';

/** The AWS account id in the ARNs cachefront answers with (it has no accounts). */
export const AWS_ACCOUNT_ID = '000000000000';

export interface FromAws {
  /** A cachefront distribution, raw: parseDistribution checks it. */
  distribution: Record<string, unknown>;
  /** Local policies made from legacy cache settings (ForwardedValues, MinTTL/DefaultTTL/MaxTTL). */
  cachePolicies: Record<string, unknown>[];
  originRequestPolicies: Record<string, unknown>[];
  /** What cachefront keeps but does not act on, or changes: each with its AWS path. */
  warnings: Issue[];
}

/** Top-level DistributionConfig fields kept as given, and why cachefront does not act on them. */
const KEPT_TOP: Readonly<Record<string, string>> = {
  CallerReference: '',
  WebACLId: 'there is no AWS WAF here',
  IsIPV6Enabled: 'edges listen where --host says',
  ContinuousDeploymentPolicyId: 'continuous deployment (staging distributions) is not served',
  Staging: 'staging distributions are not served',
  AnycastIpListId: 'anycast static IP lists do not apply locally',
  TenantConfig: 'multi-tenant distributions are not served',
  ConnectionMode: 'multi-tenant distributions are not served',
  ViewerMtlsConfig: 'viewer mTLS is not served',
  ConnectionFunctionAssociation: 'connection functions are not served',
  CacheTagConfig: 'use cacheTagHeader (a cachefront extension) for tag invalidations',
};
const KEPT_ORIGIN: Readonly<Record<string, string>> = {
  ResponseCompletionTimeout: 'not enforced',
  VpcOriginConfig: 'VPC origins are not served',
};
const KEPT_CUSTOM_ORIGIN: Readonly<Record<string, string>> = {
  OriginSslProtocols: "the edge's TLS client uses Node's protocols",
  IpAddressType: 'the edge connects as the system resolves',
  OriginMtlsConfig: 'origin mTLS is not served',
};
const KEPT_BEHAVIOR: Readonly<Record<string, string>> = {
  TrustedSigners: 'trusted signers (legacy CloudFront key pairs) are not served: use TrustedKeyGroups',
  SmoothStreaming: 'Microsoft Smooth Streaming is not served',
  LambdaFunctionAssociations: 'Lambda@Edge associations are not run',
  FieldLevelEncryptionId: 'field-level encryption is not served',
  GrpcConfig: 'gRPC is not served',
};

/** A list of the converted shape, or none when the input had something else there (the config check reports it). */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Values that ask for nothing (AWS's defaults): kept without a warning. */
function inert(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return true;
  if (isObject(v)) return (v.Quantity === 0 || v.Quantity === undefined) && (v.Enabled === undefined || v.Enabled === false) && Object.keys(v).every((k) => ['Quantity', 'Items', 'Enabled'].includes(k));
  return false;
}

/** A DistributionConfig (or an object `{DistributionConfig}` / `{ETag, DistributionConfig}`) to a cachefront distribution. `id` names the derived policies. */
export function distributionFromAws(input: Record<string, unknown>, opts: { id?: string } = {}): FromAws {
  const aws = structuredClone(isObject(input.DistributionConfig) ? input.DistributionConfig : input) as Record<string, unknown>;
  const warnings: Issue[] = [];
  const kept: Record<string, unknown> = {};
  const keep = (path: string, table: Readonly<Record<string, string>>, obj: Record<string, unknown>, key: string) => {
    if (!(key in obj)) return;
    kept[path] = obj[key];
    if (table[key] && !inert(obj[key])) warnings.push({ path, message: `kept as given, not acted on: ${table[key]}` });
    delete obj[key];
  };
  for (const k of Object.keys(KEPT_TOP)) keep(k, KEPT_TOP, aws, k);
  if (isObject(aws.Logging) && 'Bucket' in aws.Logging) {
    kept['Logging.Bucket'] = aws.Logging.Bucket;
    if (!inert(aws.Logging.Bucket)) warnings.push({ path: 'Logging.Bucket', message: "kept as given, not acted on: each edge writes standard logs under its --access-log-dir" });
    delete aws.Logging.Bucket;
  }
  const origins = isObject(aws.Origins) && Array.isArray(aws.Origins.Items) ? aws.Origins.Items : [];
  for (const o of origins) {
    if (!isObject(o)) continue;
    const at = `Origins[${String(o.Id)}]`;
    for (const k of Object.keys(KEPT_ORIGIN)) keep(`${at}.${k}`, KEPT_ORIGIN, o, k);
    if (isObject(o.CustomOriginConfig)) for (const k of Object.keys(KEPT_CUSTOM_ORIGIN)) keep(`${at}.CustomOriginConfig.${k}`, KEPT_CUSTOM_ORIGIN, o.CustomOriginConfig, k);
  }
  const groups = isObject(aws.OriginGroups) && Array.isArray(aws.OriginGroups.Items) ? aws.OriginGroups.Items : [];
  for (const g of groups) if (isObject(g)) keep(`OriginGroups[${String(g.Id)}].SelectionCriteria`, { SelectionCriteria: 'origin group selection criteria (media quality based) are not served' }, g, 'SelectionCriteria');

  const cachePolicies: Record<string, unknown>[] = [];
  const originRequestPolicies: Record<string, unknown>[] = [];
  const behaviors: [string, Record<string, unknown>][] = [];
  if (isObject(aws.DefaultCacheBehavior)) behaviors.push(['DefaultCacheBehavior', aws.DefaultCacheBehavior]);
  const list = isObject(aws.CacheBehaviors) && Array.isArray(aws.CacheBehaviors.Items) ? aws.CacheBehaviors.Items : [];
  for (const b of list) if (isObject(b)) behaviors.push([`CacheBehaviors[${String(b.PathPattern)}]`, b]);
  for (const [i, [at, b]] of behaviors.entries()) {
    for (const k of Object.keys(KEPT_BEHAVIOR)) keep(`${at}.${k}`, KEPT_BEHAVIOR, b, k);
    legacyPolicies(b, at, `${opts.id ?? 'imported'}-${i === 0 ? 'default' : i}`, { cachePolicies, originRequestPolicies, warnings });
  }

  const d = camelize(aws) as Record<string, unknown>;
  for (const o of listOf(d.origins)) {
    if (!isObject(o)) continue;
    // CustomHeaders: [{headerName, headerValue}] -> {name: value}.
    if (Array.isArray(o.customHeaders)) o.customHeaders = Object.fromEntries(o.customHeaders.filter(isObject).map((h) => [String(h.headerName), h.headerValue]));
    if (o.originPath === '') delete o.originPath;
  }
  for (const b of [d.defaultCacheBehavior, ...listOf(d.cacheBehaviors)]) {
    if (!isObject(b)) continue;
    if (isObject(b.allowedMethods)) {
      const m = b.allowedMethods;
      b.allowedMethods = m.items;
      if (m.cachedMethods !== undefined) b.cachedMethods = m.cachedMethods;
    }
    if (isObject(b.trustedKeyGroups)) b.trustedKeyGroups = b.trustedKeyGroups.enabled === true ? b.trustedKeyGroups.items : [];
    for (const k of ['cachePolicyId', 'originRequestPolicyId', 'responseHeadersPolicyId', 'realtimeLogConfigArn']) if (b[k] === '') delete b[k];
  }
  for (const e of listOf(d.customErrorResponses)) {
    if (!isObject(e)) continue;
    // ResponseCode is a string in AWS's shape ("" for none).
    if (e.responseCode === '' || e.responseCode === undefined) delete e.responseCode;
    else if (typeof e.responseCode === 'string' && /^\d{3}$/.test(e.responseCode)) e.responseCode = Number(e.responseCode);
    if (e.responsePagePath === '') delete e.responsePagePath;
  }
  if (isObject(d.viewerCertificate)) for (const [k, v] of Object.entries(d.viewerCertificate)) if (v === '') delete d.viewerCertificate[k];
  if (Object.keys(kept).length > 0) d.awsFields = kept;
  if (opts.id !== undefined) d.id = opts.id;
  return { distribution: d, cachePolicies, originRequestPolicies, warnings };
}

/**
 * A behavior's legacy cache settings ("Cache key and origin requests" > legacy): the
 * ForwardedValues and TTLs CloudFront uses when a behavior names no cache policy, turned
 * into a local cache policy (and an origin request policy when the origin gets more than
 * the key has), as CloudFront treats them.
 */
function legacyPolicies(b: Record<string, unknown>, at: string, name: string, out: { cachePolicies: Record<string, unknown>[]; originRequestPolicies: Record<string, unknown>[]; warnings: Issue[] }): void {
  const fv = b.ForwardedValues;
  const ttls = { minTTL: b.MinTTL, defaultTTL: b.DefaultTTL, maxTTL: b.MaxTTL };
  delete b.ForwardedValues;
  delete b.MinTTL;
  delete b.DefaultTTL;
  delete b.MaxTTL;
  if (!isObject(fv)) return;
  if (typeof b.CachePolicyId === 'string' && b.CachePolicyId !== '') {
    out.warnings.push({ path: `${at}.ForwardedValues`, message: 'ignored: the behavior names a cache policy, which CloudFront uses instead' });
    return;
  }
  const list = (w: unknown): string[] => (isObject(w) && Array.isArray(w.Items) ? w.Items.map(String) : []);
  const headers = list(fv.Headers).map((h) => h.toLowerCase());
  const allHeaders = headers.includes('*');
  const cookies = isObject(fv.Cookies) ? fv.Cookies : {};
  const cookieBehavior = cookies.Forward === 'all' ? 'all' : cookies.Forward === 'whitelist' ? 'whitelist' : 'none';
  const cookieNames = list(cookies.WhitelistedNames);
  const queryKeys = list(fv.QueryStringCacheKeys);
  const query = fv.QueryString === true;
  const id = `legacy-${name}`.replace(/[^A-Za-z0-9_-]/g, '-');
  // Forwarding every header means nothing can be cached (CloudFront: "Headers: All").
  if (allHeaders) out.warnings.push({ path: `${at}.ForwardedValues.Headers`, message: 'all headers forwarded: CloudFront caches nothing for this behavior; made a policy with TTLs 0 and every viewer header to the origin' });
  const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  out.cachePolicies.push({
    id,
    name: id,
    comment: `from ${at}.ForwardedValues (legacy cache settings)`,
    minTTL: allHeaders ? 0 : num(ttls.minTTL, 0),
    defaultTTL: allHeaders ? 0 : num(ttls.defaultTTL, 86400),
    maxTTL: allHeaders ? 0 : num(ttls.maxTTL, 31536000),
    parametersInCacheKeyAndForwardedToOrigin: {
      enableAcceptEncodingGzip: !allHeaders && (headers.includes('accept-encoding') || b.Compress === true),
      enableAcceptEncodingBrotli: !allHeaders && b.Compress === true,
      headersConfig: allHeaders ? { headerBehavior: 'none' } : headers.filter((h) => h !== 'accept-encoding').length > 0 ? { headerBehavior: 'whitelist', headers: headers.filter((h) => h !== 'accept-encoding') } : { headerBehavior: 'none' },
      cookiesConfig: allHeaders ? { cookieBehavior: 'none' } : cookieBehavior === 'whitelist' ? { cookieBehavior, cookies: cookieNames } : { cookieBehavior },
      queryStringsConfig: allHeaders || !query ? { queryStringBehavior: 'none' } : queryKeys.length > 0 ? { queryStringBehavior: 'whitelist', queryStrings: queryKeys } : { queryStringBehavior: 'all' },
    },
  });
  b.CachePolicyId = id;
  // The origin gets what ForwardedValues forwards: more than the key when every header goes,
  // or every query string while only some are in the key.
  if (allHeaders || (query && queryKeys.length > 0)) {
    out.originRequestPolicies.push({
      id,
      name: id,
      comment: `from ${at}.ForwardedValues (legacy cache settings)`,
      // What the cache key has is forwarded already: only the rest is named here.
      headersConfig: { headerBehavior: allHeaders ? 'allViewer' : 'none' },
      cookiesConfig: allHeaders && cookieBehavior !== 'none' ? (cookieBehavior === 'whitelist' ? { cookieBehavior, cookies: cookieNames } : { cookieBehavior }) : { cookieBehavior: 'none' },
      queryStringsConfig: { queryStringBehavior: query ? 'all' : 'none' },
    });
    if (typeof b.OriginRequestPolicyId === 'string' && b.OriginRequestPolicyId !== '') out.warnings.push({ path: `${at}.OriginRequestPolicyId`, message: 'replaced by the policy made from ForwardedValues' });
    b.OriginRequestPolicyId = id;
  }
}

/** AWS's id for a managed policy named `Managed-X` (AWS's API takes ids only); other references as they are. */
function awsPolicyId(ref: string | undefined, managed: readonly { id: string; name: string }[]): string | undefined {
  if (ref === undefined) return undefined;
  return managed.find((p) => p.name === ref)?.id ?? ref;
}

/** A cachefront distribution as AWS's DistributionConfig: what GetDistributionConfig and `cachefront export` answer. */
export function distributionToAws(d: Distribution): Record<string, unknown> {
  const { id: _id, cacheTagHeader: _tags, awsFields, ...rest } = d as Distribution & { awsFields?: Record<string, unknown> };
  const behavior = (b: CacheBehavior, isDefault: boolean) => {
    const { pathPattern, allowedMethods, cachedMethods, trustedKeyGroups, functionAssociations, realtimeLogConfigName, cachePolicyId, originRequestPolicyId, responseHeadersPolicyId, ...other } = b;
    return {
      ...(isDefault ? {} : { PathPattern: pathPattern }),
      ...(pascalize(other) as Record<string, unknown>),
      TrustedKeyGroups: wrap(trustedKeyGroups, { Enabled: trustedKeyGroups.length > 0 }),
      AllowedMethods: { ...wrap(allowedMethods), CachedMethods: wrap(cachedMethods) },
      FunctionAssociations: wrap(functionAssociations.map((f) => ({ FunctionARN: `arn:aws:cloudfront::${AWS_ACCOUNT_ID}:function/${f.functionName}`, EventType: f.eventType }))),
      ...(realtimeLogConfigName === undefined ? {} : { RealtimeLogConfigArn: `arn:aws:cloudfront::${AWS_ACCOUNT_ID}:realtime-log-config/${realtimeLogConfigName}` }),
      CachePolicyId: awsPolicyId(cachePolicyId, managedCachePolicies),
      ...(originRequestPolicyId === undefined ? {} : { OriginRequestPolicyId: awsPolicyId(originRequestPolicyId, managedOriginRequestPolicies) }),
      ...(responseHeadersPolicyId === undefined ? {} : { ResponseHeadersPolicyId: awsPolicyId(responseHeadersPolicyId, managedResponseHeadersPolicies) }),
    };
  };
  const aws = pascalize({
    ...rest,
    origins: undefined,
    defaultCacheBehavior: undefined,
    cacheBehaviors: undefined,
    customErrorResponses: undefined,
  }) as Record<string, unknown>;
  aws.CallerReference = awsFields?.CallerReference ?? d.id ?? 'cachefront';
  aws.Origins = wrap(
    d.origins.map((o) => {
      const { customHeaders, originPath, ...other } = o;
      return {
        ...(pascalize(other) as Record<string, unknown>),
        OriginPath: originPath,
        CustomHeaders: wrap(Object.entries(customHeaders).map(([HeaderName, HeaderValue]) => ({ HeaderName, HeaderValue }))),
      };
    }),
  );
  aws.DefaultCacheBehavior = behavior(d.defaultCacheBehavior, true);
  aws.CacheBehaviors = wrap(d.cacheBehaviors.map((b) => behavior(b, false)));
  aws.CustomErrorResponses = wrap(
    d.customErrorResponses.map((e) => ({
      ErrorCode: e.errorCode,
      ResponsePagePath: e.responsePagePath ?? '',
      ResponseCode: e.responseCode === undefined ? '' : String(e.responseCode),
      ErrorCachingMinTTL: e.errorCachingMinTTL,
    })),
  );
  if (isObject(aws.Logging)) aws.Logging = { ...aws.Logging, Bucket: awsFields?.['Logging.Bucket'] ?? '' };
  for (const [path, value] of Object.entries(awsFields ?? {})) if (path !== 'Logging.Bucket') putPath(aws, path, value);
  return aws;
}

/** Puts a kept field back at its AWS path: `WebACLId`, `Origins[id].X.Y`, `CacheBehaviors[/path].X`, `DefaultCacheBehavior.X`. */
function putPath(aws: Record<string, unknown>, path: string, value: unknown): void {
  const m = /^(Origins|OriginGroups|CacheBehaviors)\[(.*?)\]\.(.+)$/.exec(path);
  let target: Record<string, unknown> | undefined = aws;
  let rest = path;
  if (m) {
    const [, list, key, tail] = m as unknown as [string, string, string, string];
    const items = isObject(aws[list]) && Array.isArray((aws[list] as Record<string, unknown>).Items) ? ((aws[list] as Record<string, unknown>).Items as unknown[]) : [];
    target = items.filter(isObject).find((i) => String(list === 'CacheBehaviors' ? i.PathPattern : i.Id) === key);
    rest = tail;
  }
  if (target === undefined) return; // its origin or behavior is gone
  const parts = rest.split('.');
  for (const p of parts.slice(0, -1)) {
    if (!isObject(target[p])) target[p] = {};
    target = target[p] as Record<string, unknown>;
  }
  target[parts.at(-1)!] = value;
}
