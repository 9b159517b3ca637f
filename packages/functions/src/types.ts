// The CloudFront Functions event object and what a function returns
// (CloudFront developer guide, "CloudFront Functions event structure").

export type FunctionRuntime = 'cloudfront-js-1.0' | 'cloudfront-js-2.0';
export type EventType = 'viewer-request' | 'viewer-response';

/** One query string parameter, header or request cookie: `{value}`, or `{value, multiValue}` for duplicates. */
export interface ValueEntry {
  value: string;
  /** Present only when the name occurs more than once; the first value is repeated in `value`. */
  multiValue?: { value: string }[];
}

/** One response cookie (a `Set-Cookie` header): its value and the attributes after the first `;`. */
export interface ResponseCookie {
  value: string;
  attributes?: string;
  multiValue?: { value: string; attributes?: string }[];
}

export type ValueMap = Record<string, ValueEntry>;
export type ResponseCookieMap = Record<string, ResponseCookie>;

export interface FunctionRequest {
  /** Read-only: "This is the only read-only field in the request object." */
  method: string;
  /** The path, percent-encoded as received; must begin with `/`. */
  uri: string;
  /** One field per parameter, names and values as received (not percent-decoded). */
  querystring: ValueMap;
  /** Lower-case names; `Cookie` is not here but in `cookies`. */
  headers: ValueMap;
  cookies: ValueMap;
}

/** `body` is a string (text), or `{data, encoding}` with encoding `text` or `base64`. */
export type ResponseBody = string | { data: string; encoding: 'text' | 'base64' };

export interface FunctionResponse {
  statusCode: number;
  statusDescription?: string;
  /** Lower-case names; `Set-Cookie` is not here but in `cookies`. */
  headers: ValueMap;
  cookies: ResponseCookieMap;
  /** Only in a function's output: replaces the body ("Status code and body"). */
  body?: ResponseBody;
}

export interface FunctionContext {
  distributionDomainName: string;
  distributionId: string;
  eventType: EventType;
  requestId: string;
}

export interface FunctionEvent {
  version: '1.0';
  context: FunctionContext;
  viewer: { ip: string };
  request: FunctionRequest;
  /** Present for viewer-response events. */
  response?: FunctionResponse;
}

/** What the function returned, shaped like TestFunction's FunctionOutput. */
export type FunctionOutput = { request: FunctionRequest } | { response: FunctionResponse };

/**
 * A call the function made to the cloudfront module's origin helpers (2.0, viewer request
 * only), in call order. The sandbox has no origins; the edge applies these.
 */
export type OriginModification =
  | { type: 'update'; params: UpdateRequestOriginParams }
  | { type: 'select'; originId: string }
  | { type: 'group'; params: CreateRequestOriginGroupParams };

/** updateRequestOrigin() parameters ("Helper methods for origin modification"). */
export interface UpdateRequestOriginParams {
  domainName?: string;
  originPath?: string;
  customHeaders?: Record<string, string>;
  connectionAttempts?: number;
  originShield?: { enabled: boolean; region?: string };
  originAccessControlConfig?: { enabled: boolean; signingBehavior?: string; signingProtocol?: string; originType?: string };
  timeouts?: { readTimeout?: number; keepAliveTimeout?: number; connectionTimeout?: number };
  customOriginConfig?: { port?: number; protocol?: 'http' | 'https'; sslProtocols?: string[] };
}

export interface CreateRequestOriginGroupParams {
  originIds: [string, string];
  selectionCriteria?: 'default' | 'media-quality-score';
  failoverCriteria: { statusCodes: number[] };
}

/** A key value store as a function sees it (read-only; "Helper methods for key value stores"). */
export interface KeyValueStoreData {
  /** The value under `key` (UTF-8 text), or undefined when the key does not exist. */
  get(key: string): string | undefined;
  readonly keyCount: number;
  /** ISO 8601. */
  readonly creationDateTime: string;
  /** ISO 8601. */
  readonly lastUpdatedDateTime: string;
}

/**
 * Finds the key value store a function reads: `cf.kvs()` asks for the store associated with
 * the function (storeId undefined), `cf.kvs(id)` for a store by id. Called per use, so the
 * store can change between invocations.
 */
export type KeyValueStoreResolver = (storeId: string | undefined) => KeyValueStoreData | undefined;
