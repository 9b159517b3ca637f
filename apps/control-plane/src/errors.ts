// Errors the API answers with: a stable CloudFront-style code, its HTTP status, and the
// body `{"error": {"code", "message", "issues"?}}` (docs/control-plane.md, "Errors").

import type { Issue } from '@cachefront/config';

const STATUS = {
  MalformedInput: 400,
  InvalidArgument: 400,
  InvalidIfMatchVersion: 400,
  TooManyInvalidationsInProgress: 400,
  TooManyPublicKeys: 400,
  TooManyKeyGroups: 400,
  TooManyOriginAccessControls: 400,
  Unauthorized: 401,
  InvalidToken: 401,
  TokenExpired: 401,
  AccessDenied: 403,
  MethodNotAllowed: 405,
  NoSuchDistribution: 404,
  NoSuchInvalidation: 404,
  NoSuchRealtimeLogConfig: 404,
  NoSuchCachePolicy: 404,
  NoSuchOriginRequestPolicy: 404,
  NoSuchResponseHeadersPolicy: 404,
  NoSuchPublicKey: 404,
  NoSuchKeyGroup: 404,
  NoSuchOriginAccessControl: 404,
  NoSuchResource: 404,
  NoSuchFunctionExists: 404,
  NoSuchKeyValueStore: 404,
  NoSuchKey: 404,
  DistributionAlreadyExists: 409,
  CNAMEAlreadyExists: 409,
  DistributionNotDisabled: 409,
  InvalidationBatchAlreadyExists: 409,
  CachePolicyAlreadyExists: 409,
  CachePolicyInUse: 409,
  OriginRequestPolicyAlreadyExists: 409,
  OriginRequestPolicyInUse: 409,
  ResponseHeadersPolicyAlreadyExists: 409,
  ResponseHeadersPolicyInUse: 409,
  PublicKeyAlreadyExists: 409,
  PublicKeyInUse: 409,
  KeyGroupAlreadyExists: 409,
  KeyGroupInUse: 409,
  OriginAccessControlAlreadyExists: 409,
  OriginAccessControlInUse: 409,
  FunctionAlreadyExists: 409,
  FunctionInUse: 409,
  KeyValueStoreAlreadyExists: 409,
  KeyValueStoreInUse: 409,
  RealtimeLogConfigAlreadyExists: 409,
  RealtimeLogConfigInUse: 409,
  PreconditionFailed: 412,
  RequestEntityTooLarge: 413,
  InternalError: 500,
  NoEdgeAvailable: 503,
  EdgeUnavailable: 502,
} as const;

export type ErrorCode = keyof typeof STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: Issue[] };
}

export class ControlPlaneError extends Error {
  override name = 'ControlPlaneError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: Issue[] | undefined;
  /** Extra response headers (e.g. `WWW-Authenticate`). */
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, opts: { issues?: Issue[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
    this.issues = opts.issues;
    this.headers = opts.headers ?? {};
  }

  body(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.issues !== undefined) error.issues = this.issues;
    return { error };
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.body()), {
      status: this.status,
      headers: { 'content-type': 'application/json; charset=utf-8', ...this.headers },
    });
  }
}

/** `400 InvalidArgument` listing every problem, e.g. from `parseDistribution`. */
export function invalidArgument(issues: Issue[], what: string): ControlPlaneError {
  const n = issues.length;
  return new ControlPlaneError('InvalidArgument', `${what} is not valid (${n} problem${n === 1 ? '' : 's'})`, { issues });
}
