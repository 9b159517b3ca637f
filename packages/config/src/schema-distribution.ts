// The shape of a distribution in a config file: types, single-value formats and defaults.
// Rules that relate several values (references, counts, uniqueness) live in the checks.

import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import {
  countryCodeProblem,
  defaultRootObjectProblem,
  distributionIdProblem,
  headerNameProblem,
  originPathProblem,
  originPortProblem,
} from './formats.ts';
import { aliasProblem, originDomainProblem } from './hostname.ts';
import {
  ALLOWED_METHOD_SETS,
  CACHED_METHOD_SETS,
  CONNECTION_ATTEMPTS,
  CONNECTION_TIMEOUT_SECONDS,
  CUSTOM_ERROR_CODES,
  CUSTOM_ERROR_RESPONSE_CODES,
  MAX_COMMENT_LENGTH,
  MAX_ORIGIN_ID_LENGTH,
  ORIGIN_FAILOVER_STATUS_CODES,
  ORIGIN_KEEPALIVE_TIMEOUT_SECONDS,
  ORIGIN_READ_TIMEOUT_SECONDS,
} from './limits.ts';
import { methodSetProblem } from './methods.ts';
import { originShieldSchema } from './origin-shield.ts';
import { pathPatternProblem } from './path-pattern.ts';
import { functionAssociationSchema } from './schema-functions.ts';
import { lambdaFunctionAssociationSchema } from './schema-lambda.ts';
import { logPrefixProblem, realtimeLogConfigNameFromArn, realtimeLogConfigNameProblem } from './schema-logs.ts';
import { checkedNumber, checkedString, maxLength, nonEmpty, numberIn, wholeNumber } from './schema-helpers.ts';
import type { HttpMethod } from './types.ts';
import { describe } from './zod-issues.ts';

const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];

function methodList(sets: readonly (readonly HttpMethod[])[], fallback: readonly HttpMethod[]) {
  return z
    .array(z.enum(HTTP_METHODS))
    .check((ctx) => {
      const message = methodSetProblem(ctx.value, sets);
      if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
    })
    .default(() => [...fallback]);
}

const originId = nonEmpty(MAX_ORIGIN_ID_LENGTH);

// "All distribution settings reference" > Origin settings.
const customOriginConfigSchema = z.strictObject({
  httpPort: checkedNumber(originPortProblem).default(DEFAULTS.httpPort),
  httpsPort: checkedNumber(originPortProblem).default(DEFAULTS.httpsPort),
  originProtocolPolicy: z.enum(['http-only', 'https-only', 'match-viewer']).default(DEFAULTS.originProtocolPolicy),
  originReadTimeout: wholeNumber(ORIGIN_READ_TIMEOUT_SECONDS.min, ORIGIN_READ_TIMEOUT_SECONDS.max, 'seconds').default(
    DEFAULTS.originReadTimeout,
  ),
  originKeepaliveTimeout: wholeNumber(
    ORIGIN_KEEPALIVE_TIMEOUT_SECONDS.min,
    ORIGIN_KEEPALIVE_TIMEOUT_SECONDS.max,
    'seconds',
  ).default(DEFAULTS.originKeepaliveTimeout),
});

const headerValue = z.string({
  error: (iss) => `a header value must be a string, got ${describe(iss.input)} (quote it in YAML)`,
});

const originSchema = z.strictObject({
  id: originId,
  domainName: checkedString(originDomainProblem),
  originPath: checkedString(originPathProblem).default(DEFAULTS.originPath),
  // `{name: value}` in the file; names are checked by the distribution checks.
  customHeaders: z.record(z.string(), headerValue).default(() => ({})),
  connectionAttempts: wholeNumber(CONNECTION_ATTEMPTS.min, CONNECTION_ATTEMPTS.max).default(DEFAULTS.connectionAttempts),
  connectionTimeout: wholeNumber(CONNECTION_TIMEOUT_SECONDS.min, CONNECTION_TIMEOUT_SECONDS.max, 'seconds').default(
    DEFAULTS.connectionTimeout,
  ),
  // Filled with the defaults below unless the origin is an S3 one.
  customOriginConfig: customOriginConfigSchema.optional(),
  // "Use an Amazon S3 bucket" as the origin: its domain name names the bucket (origin-access.ts);
  // the checks refuse it beside a customOriginConfig (CloudFront's Origin has one or the
  // other), and a legacy OAI.
  s3OriginConfig: z
    .strictObject({
      originAccessIdentity: z.string().default(''),
      originReadTimeout: wholeNumber(ORIGIN_READ_TIMEOUT_SECONDS.min, ORIGIN_READ_TIMEOUT_SECONDS.max, 'seconds').optional(),
    })
    .optional(),
  // An originAccessControls entry: how the edge signs this S3 origin's requests.
  originAccessControlId: nonEmpty().optional(),
  // Origin.OriginShield: POP edges fetch this origin's cacheable misses through the shield
  // edge of that Region (origin-shield.ts; the control plane picks it).
  originShield: originShieldSchema.optional(),
}).transform((o) => (o.customOriginConfig !== undefined || o.s3OriginConfig !== undefined ? o : { ...o, customOriginConfig: customOriginConfigSchema.parse({}) }));

// "Create an origin group": two members and the status codes that trigger failover.
const originGroupSchema = z.strictObject({
  id: originId,
  failoverCriteria: z.strictObject({
    statusCodes: z
      .array(numberIn(ORIGIN_FAILOVER_STATUS_CODES, 'a failover status code CloudFront supports'))
      .min(1, { error: 'must list at least one status code' }),
  }),
  members: z.array(z.strictObject({ originId: nonEmpty() })),
});

// "All distribution settings reference" > Cache behavior settings.
const behaviorFields = {
  targetOriginId: nonEmpty(),
  // Cache behavior settings, "Restrict viewer access" with trusted key groups (API reference,
  // CacheBehavior.TrustedKeyGroups, as a plain list: none listed means viewer access is not restricted).
  trustedKeyGroups: z.array(nonEmpty()).default(() => []),
  viewerProtocolPolicy: z.enum(['allow-all', 'redirect-to-https', 'https-only']).default(DEFAULTS.viewerProtocolPolicy),
  allowedMethods: methodList(ALLOWED_METHOD_SETS, DEFAULTS.allowedMethods),
  cachedMethods: methodList(CACHED_METHOD_SETS, DEFAULTS.cachedMethods),
  cachePolicyId: nonEmpty(),
  originRequestPolicyId: nonEmpty().optional(),
  responseHeadersPolicyId: nonEmpty().optional(),
  compress: z.boolean().default(DEFAULTS.compress),
  // "Associating functions with distributions": at most one function per event type.
  functionAssociations: z.array(functionAssociationSchema).max(2).default(() => []),
  // Lambda@Edge (schema-lambda.ts): at most one per event type, four in all.
  lambdaFunctionAssociations: z.array(lambdaFunctionAssociationSchema).max(4).default(() => []),
  // CacheBehavior.RealtimeLogConfigArn; `realtimeLogConfigName` is the local spelling.
  realtimeLogConfigName: checkedString(realtimeLogConfigNameProblem).optional(),
  realtimeLogConfigArn: z
    .string()
    .refine((a) => realtimeLogConfigNameFromArn(a) !== undefined, { error: 'must look like arn:aws:cloudfront::123456789012:realtime-log-config/NAME' })
    .optional(),
};

/** One spelling of the real-time log config: the ARN becomes `realtimeLogConfigName`. */
function withRealtimeName<T extends { realtimeLogConfigName?: string; realtimeLogConfigArn?: string }>(b: T): Omit<T, 'realtimeLogConfigArn'> {
  const { realtimeLogConfigArn, ...rest } = b;
  const name = rest.realtimeLogConfigName ?? (realtimeLogConfigArn === undefined ? undefined : realtimeLogConfigNameFromArn(realtimeLogConfigArn));
  return name === undefined ? rest : { ...rest, realtimeLogConfigName: name };
}
const oneRealtimeSpelling = { error: 'give at most one of realtimeLogConfigName or realtimeLogConfigArn' };

const cacheBehaviorSchema = z
  .strictObject({ pathPattern: checkedString(pathPatternProblem), ...behaviorFields })
  .refine((b) => b.realtimeLogConfigName === undefined || b.realtimeLogConfigArn === undefined, oneRealtimeSpelling)
  .transform(withRealtimeName);

// The default behavior has no pathPattern in the file; it always matches '*'.
// CloudFront's DefaultCacheBehavior has no PathPattern. The parsed value carries
// `pathPattern: '*'`, so '*' is accepted back (a GET -> edit -> PUT round trip works).
const defaultCacheBehaviorSchema = z
  .strictObject({
    ...behaviorFields,
    pathPattern: z.literal('*', { error: "the default cache behavior has no path pattern; it always matches '*'" }).optional(),
  })
  .refine((b) => b.realtimeLogConfigName === undefined || b.realtimeLogConfigArn === undefined, oneRealtimeSpelling)
  .transform((b) => ({ ...withRealtimeName(b), pathPattern: '*' }));

// "Generate custom error responses".
const customErrorResponseSchema = z.strictObject({
  errorCode: numberIn(CUSTOM_ERROR_CODES, 'an error code CloudFront can customize'),
  responsePagePath: checkedString((p) => (p.startsWith('/') ? undefined : "must start with '/'")).optional(),
  responseCode: numberIn(CUSTOM_ERROR_RESPONSE_CODES, 'a response code CloudFront can return').optional(),
  errorCachingMinTTL: wholeNumber(0, undefined, 'seconds').default(DEFAULTS.errorCachingMinTTL),
});

// "Restrict the geographic distribution of your content".
const restrictionsSchema = z.strictObject({
  geoRestriction: z
    .strictObject({
      restrictionType: z.enum(['none', 'whitelist', 'blacklist']).default('none'),
      items: z.array(checkedString(countryCodeProblem)).default(() => []),
    })
    .prefault({}),
});

export const distributionSchema = z.strictObject({
  id: checkedString(distributionIdProblem).optional(),
  comment: maxLength(MAX_COMMENT_LENGTH).default(DEFAULTS.comment),
  enabled: z.boolean().default(DEFAULTS.enabled),
  aliases: z.array(checkedString(aliasProblem)).default(() => []),
  defaultRootObject: checkedString(defaultRootObjectProblem).default(DEFAULTS.defaultRootObject),
  priceClass: z.enum(['PriceClass_All', 'PriceClass_200', 'PriceClass_100']).default(DEFAULTS.priceClass),
  httpVersion: z.enum(['http1.1', 'http2', 'http3', 'http2and3']).default(DEFAULTS.httpVersion),
  // DistributionConfig.ViewerCertificate: certificates come from the edge (--tls-cert or its
  // local CA), so the ACM/IAM references are kept as given; minimumProtocolVersion is enforced.
  viewerCertificate: z
    .strictObject({
      cloudFrontDefaultCertificate: z.boolean().optional(),
      acmCertificateArn: nonEmpty().optional(),
      iamCertificateId: nonEmpty().optional(),
      sslSupportMethod: z.enum(['sni-only', 'vip', 'static-ip']).optional(),
      minimumProtocolVersion: z
        .enum(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016', 'TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025'])
        .default('TLSv1'),
      certificate: nonEmpty().optional(),
      certificateSource: z.enum(['cloudfront', 'iam', 'acm']).optional(),
    })
    .prefault({}),
  origins: z.array(originSchema).min(1, { error: 'a distribution needs at least one origin' }),
  originGroups: z.array(originGroupSchema).default(() => []),
  defaultCacheBehavior: defaultCacheBehaviorSchema,
  cacheBehaviors: z.array(cacheBehaviorSchema).default(() => []),
  customErrorResponses: z.array(customErrorResponseSchema).default(() => []),
  restrictions: restrictionsSchema.prefault({}),
  // DistributionConfig.Logging (standard logs): written by each edge under its
  // --access-log-dir (CloudFront writes to an S3 bucket; `bucket` has no meaning here).
  logging: z
    .strictObject({
      enabled: z.boolean().default(false),
      includeCookies: z.boolean().default(false),
      prefix: checkedString(logPrefixProblem).default(''),
    })
    .prefault({}),
  // cachefront extension (CloudFront has no cache tags): the response header whose
  // comma-separated values tag an object, so `#tag` invalidation paths can drop it.
  // Fields of AWS's DistributionConfig that cachefront keeps but does not act on (WebACLId,
  // Logging.Bucket, a behavior's SmoothStreaming, ...), by their AWS path (aws/distribution.ts):
  // the CloudFront API and `cachefront export` give them back unchanged.
  awsFields: z
    .record(z.string(), z.unknown())
    .refine((f) => JSON.stringify(f).length <= 65_536, { error: 'must be at most 64 KiB as JSON' })
    .optional(),
  cacheTagHeader: checkedString(headerNameProblem)
    .transform((h) => h.toLowerCase())
    .optional(),
});
