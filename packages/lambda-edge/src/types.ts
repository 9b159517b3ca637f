// The Lambda@Edge event and result shapes, as "Lambda@Edge event structure" documents them.

export type EventType = 'viewer-request' | 'origin-request' | 'origin-response' | 'viewer-response';

/** One header value; `key` is the name as sent (optional in what a function returns). */
export interface CfHeaderEntry {
  key?: string;
  value: string;
}

/** Headers keyed by lower-case name, each a list of values. */
export type CfHeaders = Record<string, CfHeaderEntry[]>;

export interface CfCustomOrigin {
  customHeaders: CfHeaders;
  domainName: string;
  keepaliveTimeout: number;
  path: string;
  port: number;
  protocol: 'http' | 'https';
  readTimeout: number;
  sslProtocols: string[];
}

export interface CfS3Origin {
  authMethod: 'origin-access-identity' | 'none';
  customHeaders: CfHeaders;
  domainName: string;
  path: string;
  region: string;
}

export type CfOrigin = { custom: CfCustomOrigin } | { s3: CfS3Origin };

/** `body` with includeBody: always base64 as CloudFront sends it; a function may replace it. */
export interface CfRequestBody {
  action: 'read-only' | 'replace';
  data: string;
  encoding: 'base64' | 'text';
  inputTruncated: boolean;
}

export interface CfRequest {
  clientIp: string;
  headers: CfHeaders;
  method: string;
  querystring: string;
  uri: string;
  origin?: CfOrigin;
  body?: CfRequestBody;
}

export interface CfResponse {
  status: string;
  statusDescription: string;
  headers: CfHeaders;
}

export interface CfConfig {
  distributionDomainName: string;
  distributionId: string;
  eventType: EventType;
  requestId: string;
}

export interface CfEvent {
  Records: [{ cf: { config: CfConfig; request: CfRequest; response?: CfResponse } }];
}

/** Headers as the edge holds them: name/value pairs in order, or an object (a value list per name). */
export type HeaderInput = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | readonly string[] | undefined>>;
