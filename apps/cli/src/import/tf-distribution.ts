// Terraform's aws_cloudfront_distribution attributes (the AWS provider's schema, as
// `terraform show -json` prints them: snake_case, every nested block a list) -> CloudFront's
// API DistributionConfig. Attributes this mapping does not read are warnings unless they are
// Terraform's own (computed values, tags, wait_for_deployment, ...): nothing is dropped silently.

import { isObject, wrapLists, type Raw } from './model.ts';

type Warn = (path: string, message: string) => void;

/** A block that Terraform writes as a list of at most one. */
const one = (v: unknown): Raw | undefined => (Array.isArray(v) && isObject(v[0]) ? v[0] : undefined);
const blocks = (v: unknown): Raw[] => (Array.isArray(v) ? v.filter(isObject) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
/** Terraform writes an unset optional string as "" (or null): AWS leaves it out. */
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** Values that say nothing: unset, empty, false, 0 are Terraform's zero values. */
const empty = (v: unknown): boolean => v === null || v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/** Warns about each attribute of `block` that is set but not in `read` (nor Terraform's own, `ignored`). */
function leftovers(block: Raw, read: readonly string[], path: string, warn: Warn, ignored: readonly string[] = []): void {
  for (const [k, v] of Object.entries(block)) {
    if (read.includes(k) || ignored.includes(k) || empty(v)) continue;
    warn(`${path}.${k}`, 'not imported: cachefront has no equivalent');
  }
}

// Terraform's own attributes and AWS's computed outputs: not configuration.
const TERRAFORM_OWN = ['id', 'arn', 'caller_reference', 'domain_name', 'etag', 'hosted_zone_id', 'status', 'last_modified_time', 'in_progress_validation_batches', 'trusted_key_groups', 'trusted_signers', 'tags', 'tags_all', 'retain_on_delete', 'wait_for_deployment'];

const BEHAVIOR_READ = [
  'path_pattern', 'target_origin_id', 'viewer_protocol_policy', 'allowed_methods', 'cached_methods', 'compress', 'cache_policy_id', 'origin_request_policy_id',
  'response_headers_policy_id', 'realtime_log_config_arn', 'field_level_encryption_id', 'smooth_streaming', 'trusted_key_groups', 'trusted_signers',
  'function_association', 'lambda_function_association', 'forwarded_values', 'min_ttl', 'default_ttl', 'max_ttl', 'grpc_config',
];

function behavior(b: Raw, path: string, warn: Warn): Raw {
  leftovers(b, BEHAVIOR_READ, path, warn);
  const fv = one(b.forwarded_values);
  const cookies = fv ? one(fv.cookies) : undefined;
  const grpc = one(b.grpc_config);
  return {
    ...(str(b.path_pattern) === undefined ? {} : { PathPattern: b.path_pattern }),
    TargetOriginId: b.target_origin_id,
    ViewerProtocolPolicy: b.viewer_protocol_policy,
    AllowedMethods: { Items: strings(b.allowed_methods), CachedMethods: strings(b.cached_methods) },
    Compress: b.compress === true,
    CachePolicyId: str(b.cache_policy_id),
    OriginRequestPolicyId: str(b.origin_request_policy_id),
    ResponseHeadersPolicyId: str(b.response_headers_policy_id),
    RealtimeLogConfigArn: str(b.realtime_log_config_arn),
    FieldLevelEncryptionId: str(b.field_level_encryption_id) ?? '',
    SmoothStreaming: b.smooth_streaming === true,
    TrustedKeyGroups: { Enabled: strings(b.trusted_key_groups).length > 0, Items: strings(b.trusted_key_groups) },
    TrustedSigners: { Enabled: strings(b.trusted_signers).length > 0, Items: strings(b.trusted_signers) },
    FunctionAssociations: blocks(b.function_association).map((f) => ({ EventType: f.event_type, FunctionARN: f.function_arn })),
    LambdaFunctionAssociations: blocks(b.lambda_function_association).map((l) => ({ EventType: l.event_type, LambdaFunctionARN: l.lambda_arn, IncludeBody: l.include_body === true })),
    ...(grpc ? { GrpcConfig: { Enabled: grpc.enabled === true } } : {}),
    // The legacy cache settings (and their TTLs) matter only without a cache policy; the converter turns them into policies.
    ...(fv
      ? {
          ForwardedValues: {
            QueryString: fv.query_string === true,
            QueryStringCacheKeys: strings(fv.query_string_cache_keys),
            Headers: strings(fv.headers),
            Cookies: { Forward: cookies?.forward ?? 'none', WhitelistedNames: strings(cookies?.whitelisted_names) },
          },
          MinTTL: num(b.min_ttl),
          DefaultTTL: num(b.default_ttl),
          MaxTTL: num(b.max_ttl),
        }
      : {}),
  };
}

const ORIGIN_READ = ['origin_id', 'domain_name', 'origin_path', 'custom_header', 'connection_attempts', 'connection_timeout', 'origin_access_control_id', 'origin_shield', 'custom_origin_config', 's3_origin_config', 'vpc_origin_config', 'response_completion_timeout'];

function origin(o: Raw, path: string, warn: Warn): Raw {
  leftovers(o, ORIGIN_READ, path, warn);
  const custom = one(o.custom_origin_config);
  const s3 = one(o.s3_origin_config);
  const shield = one(o.origin_shield);
  const vpc = one(o.vpc_origin_config);
  return {
    Id: o.origin_id,
    DomainName: o.domain_name,
    OriginPath: str(o.origin_path) ?? '',
    CustomHeaders: blocks(o.custom_header).map((h) => ({ HeaderName: h.name, HeaderValue: h.value })),
    ...(num(o.connection_attempts) === undefined ? {} : { ConnectionAttempts: o.connection_attempts }),
    ...(num(o.connection_timeout) === undefined ? {} : { ConnectionTimeout: o.connection_timeout }),
    ...(str(o.origin_access_control_id) === undefined ? {} : { OriginAccessControlId: o.origin_access_control_id }),
    ...(shield ? { OriginShield: { Enabled: shield.enabled === true, ...(str(shield.origin_shield_region) ? { OriginShieldRegion: shield.origin_shield_region } : {}) } } : {}),
    ...(custom
      ? {
          CustomOriginConfig: {
            HTTPPort: custom.http_port,
            HTTPSPort: custom.https_port,
            OriginProtocolPolicy: custom.origin_protocol_policy,
            ...(num(custom.origin_read_timeout) === undefined ? {} : { OriginReadTimeout: custom.origin_read_timeout }),
            ...(num(custom.origin_keepalive_timeout) === undefined ? {} : { OriginKeepaliveTimeout: custom.origin_keepalive_timeout }),
            OriginSslProtocols: strings(custom.origin_ssl_protocols),
            ...(str(custom.ip_address_type) ? { IpAddressType: custom.ip_address_type } : {}),
          },
        }
      : {}),
    // The provider sends an empty S3OriginConfig for an origin with neither block (an S3
    // origin with origin access control), and reads one with no OAI back as no block.
    ...(s3 || (!custom && !vpc) ? { S3OriginConfig: { OriginAccessIdentity: str(s3?.origin_access_identity) ?? '' } } : {}),
    ...(vpc ? { VpcOriginConfig: { VpcOriginId: vpc.vpc_origin_id, OriginReadTimeout: vpc.origin_read_timeout, OriginKeepaliveTimeout: vpc.origin_keepalive_timeout } } : {}),
    ...(num(o.response_completion_timeout) ? { ResponseCompletionTimeout: o.response_completion_timeout } : {}),
  };
}

const DISTRIBUTION_READ = [
  'aliases', 'comment', 'default_root_object', 'enabled', 'is_ipv6_enabled', 'http_version', 'price_class', 'web_acl_id', 'staging', 'continuous_deployment_policy_id',
  'anycast_ip_list_id', 'logging_config', 'origin', 'origin_group', 'default_cache_behavior', 'ordered_cache_behavior', 'custom_error_response', 'restrictions', 'viewer_certificate',
];

/** `path` is the resource's address; warnings name the attribute under it. */
export function tfDistributionToAws(v: Raw, path: string, warn: Warn): Raw {
  leftovers(v, DISTRIBUTION_READ, path, warn, TERRAFORM_OWN);
  if (!empty(v.tags)) warn(`${path}.tags`, 'tags are not part of a config file: left out');
  const logging = one(v.logging_config);
  const geo = one(one(v.restrictions)?.geo_restriction);
  const cert = one(v.viewer_certificate) ?? {};
  const config: Raw = {
    CallerReference: str(v.caller_reference),
    Aliases: strings(v.aliases),
    Comment: typeof v.comment === 'string' ? v.comment : '',
    DefaultRootObject: str(v.default_root_object) ?? '',
    Enabled: v.enabled !== false,
    IsIPV6Enabled: v.is_ipv6_enabled === true,
    ...(str(v.http_version) ? { HttpVersion: v.http_version } : {}),
    ...(str(v.price_class) ? { PriceClass: v.price_class } : {}),
    WebACLId: str(v.web_acl_id) ?? '',
    Staging: v.staging === true,
    ...(str(v.continuous_deployment_policy_id) ? { ContinuousDeploymentPolicyId: v.continuous_deployment_policy_id } : {}),
    ...(str(v.anycast_ip_list_id) ? { AnycastIpListId: v.anycast_ip_list_id } : {}),
    // Terraform: a logging_config block means standard logging is on.
    Logging: logging
      ? { Enabled: true, IncludeCookies: logging.include_cookies === true, Bucket: str(logging.bucket) ?? '', Prefix: str(logging.prefix) ?? '' }
      : { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    Origins: blocks(v.origin).map((o) => origin(o, `${path}.origin[${String(o.origin_id)}]`, warn)),
    OriginGroups: blocks(v.origin_group).map((g) => ({
      Id: g.origin_id,
      FailoverCriteria: { StatusCodes: (one(g.failover_criteria)?.status_codes as unknown[] | undefined) ?? [] },
      Members: blocks(g.member).map((m) => ({ OriginId: m.origin_id })),
    })),
    DefaultCacheBehavior: behavior(one(v.default_cache_behavior) ?? {}, `${path}.default_cache_behavior`, warn),
    CacheBehaviors: blocks(v.ordered_cache_behavior).map((b) => behavior(b, `${path}.ordered_cache_behavior[${String(b.path_pattern)}]`, warn)),
    CustomErrorResponses: blocks(v.custom_error_response).map((e) => ({
      ErrorCode: e.error_code,
      ResponsePagePath: str(e.response_page_path) ?? '',
      ResponseCode: num(e.response_code) ? String(e.response_code) : '',
      ...(num(e.error_caching_min_ttl) === undefined ? {} : { ErrorCachingMinTTL: e.error_caching_min_ttl }),
    })),
    Restrictions: { GeoRestriction: { RestrictionType: geo?.restriction_type ?? 'none', Items: strings(geo?.locations) } },
    ViewerCertificate: {
      CloudFrontDefaultCertificate: cert.cloudfront_default_certificate === true,
      ...(str(cert.acm_certificate_arn) ? { ACMCertificateArn: cert.acm_certificate_arn } : {}),
      ...(str(cert.iam_certificate_id) ? { IAMCertificateId: cert.iam_certificate_id } : {}),
      ...(str(cert.ssl_support_method) ? { SSLSupportMethod: cert.ssl_support_method } : {}),
      ...(str(cert.minimum_protocol_version) ? { MinimumProtocolVersion: cert.minimum_protocol_version } : {}),
    },
  };
  return wrapLists(JSON.parse(JSON.stringify(config))) as Raw; // JSON drops the undefined members
}
