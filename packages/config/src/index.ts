// @cachefront/config: the config model (types), its parser and CloudFront's managed policies.

export type * from './types.ts';
export { parseCachePolicy, parseConfig, parseDistribution, parseKeyGroup, parseOriginRequestPolicy, parsePublicKey, parseOriginAccessControl, parseRealtimeLogConfig, parseResponseHeadersPolicy } from './parse.ts';
export { managedResponseHeadersPolicies, resolveResponseHeadersPolicy } from './response-headers.ts';
export type { ResponseHeadersPolicy } from './response-headers.ts';
export { originSettings, s3BucketOf, S3_DOMAIN_FORMS } from './origin-access.ts';
export type { OriginAccessControl, S3Bucket } from './origin-access.ts';
export type { DistributionContext, KeyGroupContext } from './parse.ts';
export { parseConfigText } from './text.ts';
export type { ConfigFormat } from './text.ts';
export { formatIssues } from './issues.ts';
export {
  managedCachePolicies,
  managedOriginRequestPolicies,
  resolveCachePolicy,
  resolveOriginRequestPolicy,
} from './managed.ts';
export * from './limits.ts';
export { DEFAULTS, DEFAULT_TTL_DEFAULT, MAX_TTL_DEFAULT } from './defaults.ts';
export { cidrProblem } from './formats.ts';
export { ORIGIN_SHIELD_REGIONS, originShieldRegionProblem } from './origin-shield.ts';
export { configWarnings, unkeyedValues, RISKY_UNKEYED_HEADERS } from './warnings.ts';
export { HostTable } from './hostname.ts';
export * from './aws/index.ts';
export { LAMBDA_EVENT_TYPES, LAMBDA_RUNTIMES, lambdaArnParts } from './schema-lambda.ts';
export type { LambdaEventType, LambdaFunction, LambdaFunctionAssociation } from './schema-lambda.ts';
