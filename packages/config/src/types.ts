import type { OriginAccessControl } from './origin-access.ts';
import type { LambdaFunction, LambdaFunctionAssociation } from './schema-lambda.ts';
import type { ResponseHeadersPolicy } from './response-headers.ts';
// The configuration model. Field names are CloudFront's DistributionConfig /
// CachePolicyConfig / OriginRequestPolicyConfig / PublicKeyConfig / KeyGroupConfig names
// in camelCase, with plain arrays
// instead of {Quantity, Items} wrappers. These are the *validated* shapes: defaults are
// filled in by the parser, so downstream code never re-checks or re-defaults.

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export type ViewerProtocolPolicy = 'allow-all' | 'redirect-to-https' | 'https-only';
export type OriginProtocolPolicy = 'http-only' | 'https-only' | 'match-viewer';
export type PriceClass = 'PriceClass_All' | 'PriceClass_200' | 'PriceClass_100';
/** DistributionConfig.HttpVersion: the highest HTTP version viewers may use. */
export type HttpVersion = 'http1.1' | 'http2' | 'http3' | 'http2and3';

export interface CustomOriginConfig {
  httpPort: number; // default 80
  httpsPort: number; // default 443
  originProtocolPolicy: OriginProtocolPolicy;
  originReadTimeout: number; // seconds, 1-120 (CloudFront default 30)
  originKeepaliveTimeout: number; // seconds, 1-120 (default 5)
}

export interface Origin {
  id: string;
  domainName: string;
  originPath: string; // '' or starts with '/' and does not end with '/'
  customHeaders: Record<string, string>;
  connectionAttempts: number; // 1-3, default 3
  connectionTimeout: number; // seconds, 1-10, default 10
  /** A custom origin's settings: always there (defaults filled) unless the origin is an S3 one (originSettings() reads both). */
  customOriginConfig?: CustomOriginConfig;
  /** An S3 bucket origin (its domainName names the bucket); it has no customOriginConfig. */
  s3OriginConfig?: { originAccessIdentity: string; originReadTimeout?: number | undefined };
  /** An originAccessControls id: the edge signs this origin's requests with SigV4. */
  originAccessControlId?: string;
  /** Origin.OriginShield: cacheable misses go through the shield edge of `originShieldRegion`. */
  originShield?: OriginShield;
}

/** API reference, OriginShield; the Region is required when enabled (origin-shield.ts). */
export interface OriginShield {
  enabled: boolean;
  originShieldRegion?: string | undefined;
}

export interface OriginGroup {
  id: string;
  failoverCriteria: { statusCodes: number[] };
  members: { originId: string }[]; // exactly two: primary, secondary
}

export interface CacheBehavior {
  pathPattern: string; // '*' for the default behavior
  targetOriginId: string;
  /** Key group ids; when any are listed, requests need a URL or cookies signed with one of their keys. */
  trustedKeyGroups: string[];
  viewerProtocolPolicy: ViewerProtocolPolicy;
  allowedMethods: HttpMethod[];
  cachedMethods: HttpMethod[];
  cachePolicyId: string; // as written: a managed name, an AWS id or a local id
  originRequestPolicyId?: string;
  /** A response headers policy (response-headers.ts): managed name, AWS id or a local policy id. */
  responseHeadersPolicyId?: string;
  compress: boolean;
  functionAssociations: FunctionAssociation[];
  /** Lambda@Edge functions (a numbered version each) on this behavior's events. */
  lambdaFunctionAssociations: LambdaFunctionAssociation[];
  /** A real-time log config's name: sampled requests of this behavior stream to the control plane. */
  realtimeLogConfigName?: string;
}

export interface CustomErrorResponse {
  errorCode: number;
  responsePagePath?: string;
  responseCode?: number;
  errorCachingMinTTL: number; // seconds, default 10
}

export interface GeoRestriction {
  restrictionType: 'none' | 'whitelist' | 'blacklist';
  items: string[];
}

export interface Distribution {
  id?: string;
  comment: string;
  enabled: boolean;
  aliases: string[];
  defaultRootObject: string;
  priceClass: PriceClass;
  /** HTTP/2 is offered on the TLS port unless `http1.1`; HTTP/3 is not served (Node.js has no HTTP/3 server). */
  httpVersion: HttpVersion;
  /** CloudFront's ViewerCertificate: ACM/IAM references kept as given; the TLS minimum is enforced per SNI name. */
  viewerCertificate: {
    cloudFrontDefaultCertificate?: boolean | undefined;
    acmCertificateArn?: string | undefined;
    iamCertificateId?: string | undefined;
    sslSupportMethod?: 'sni-only' | 'vip' | 'static-ip' | undefined;
    minimumProtocolVersion: string;
    certificate?: string | undefined;
    certificateSource?: 'cloudfront' | 'iam' | 'acm' | undefined;
  };
  origins: Origin[];
  originGroups: OriginGroup[];
  defaultCacheBehavior: CacheBehavior; // pathPattern is always '*'
  cacheBehaviors: CacheBehavior[];
  customErrorResponses: CustomErrorResponse[];
  restrictions: { geoRestriction: GeoRestriction };
  /** Standard logs: each edge writes CloudFront-format files under its --access-log-dir. */
  logging: { enabled: boolean; includeCookies: boolean; prefix: string };
  /** cachefront extension: response header (lower-case) listing the object's cache tags. */
  cacheTagHeader?: string;
  /** AWS DistributionConfig fields kept but not acted on, by AWS path (aws/distribution.ts). */
  awsFields?: Record<string, unknown>;
}

export type HeaderList = string[]; // names are lower-cased by the parser

/** The headers, cookies and query strings blocks of both policy kinds; each kind allows its own behaviors. */
export interface ForwardedValues<H extends string, C extends string, Q extends string> {
  headersConfig: { headerBehavior: H; headers: HeaderList };
  cookiesConfig: { cookieBehavior: C; cookies: string[] };
  queryStringsConfig: { queryStringBehavior: Q; queryStrings: string[] };
}

export interface CachePolicy {
  id: string;
  name: string;
  comment: string;
  minTTL: number;
  defaultTTL: number;
  maxTTL: number;
  parametersInCacheKeyAndForwardedToOrigin: {
    enableAcceptEncodingGzip: boolean;
    enableAcceptEncodingBrotli: boolean;
  } & ForwardedValues<'none' | 'whitelist', 'none' | 'whitelist' | 'allExcept' | 'all', 'none' | 'whitelist' | 'allExcept' | 'all'>;
}

export interface OriginRequestPolicy
  extends ForwardedValues<
    'none' | 'whitelist' | 'allViewer' | 'allViewerAndWhitelistCloudFront' | 'allExcept',
    'none' | 'whitelist' | 'all' | 'allExcept',
    'none' | 'whitelist' | 'all' | 'allExcept'
  > {
  id: string;
  name: string;
  comment: string;
}

/** A public key for signed URLs and signed cookies (API reference, PublicKeyConfig; no CallerReference). */
export interface PublicKey {
  id: string;
  name: string; // defaults to the id
  encodedKey: string; // PEM (SPKI): RSA 2048 or ECDSA P-256, as written
  comment: string;
}

/** The public keys a cache behavior trusts (API reference, KeyGroupConfig). */
export interface KeyGroup {
  id: string;
  name: string; // defaults to the id
  items: string[]; // public key ids
  comment: string;
}

export interface CachefrontConfig {
  distributions: Distribution[];
  cachePolicies: CachePolicy[];
  originRequestPolicies: OriginRequestPolicy[];
  responseHeadersPolicies: ResponseHeadersPolicy[];
  originAccessControls: OriginAccessControl[];
  publicKeys: PublicKey[];
  keyGroups: KeyGroup[];
  /** Peers whose X-Forwarded-For is believed (CIDRs); the edge adds `--trusted-proxy`. */
  trustedProxies: string[];
  functions: CloudFrontFunction[];
  /** Lambda@Edge code, by name and published version. */
  lambdaFunctions: LambdaFunction[];
  keyValueStores: KeyValueStore[];
  realtimeLogConfigs: RealtimeLogConfig[];
}

/** A real-time log config: the share of requests sampled (1-100 %) and the fields sent. */
export interface RealtimeLogConfig {
  name: string;
  samplingRate: number;
  fields: string[];
  /** AWS's fields kept but not acted on (EndPoints), by their AWS name: the CloudFront API gives them back. */
  awsFields?: Record<string, unknown>;
}

export interface Issue {
  path: string; // e.g. 'distributions[0].cacheBehaviors[2].pathPattern'
  message: string;
}

export type ParseResult<T> = { value: T; issues?: undefined } | { value?: undefined; issues: Issue[] };

/** A CloudFront Function (`code`, or `file` to be read relative to the config file). */
export interface CloudFrontFunction {
  name: string;
  runtime: 'cloudfront-js-1.0' | 'cloudfront-js-2.0';
  comment: string;
  code?: string;
  file?: string;
  keyValueStoreAssociations: string[];
}

/** A key value store for functions (`data`, or a JSON `file` of string values). */
export interface KeyValueStore {
  id: string;
  name: string;
  comment: string;
  data?: Record<string, string>;
  file?: string;
}

export interface FunctionAssociation {
  eventType: 'viewer-request' | 'viewer-response';
  functionName: string;
}
