// Lambda@Edge events built from a plain description the edge fills in: what CloudFront sends
// ("Lambda@Edge event structure": Records[0].cf.config, request, response).
import { STATUS_CODES } from 'node:http';
import { capitalizeHeaderName, isDisallowedHeader } from './header-rules.ts';
import { EVENT_LIMITS } from './limits.ts';
import type { CfCustomOrigin, CfEvent, CfHeaders, CfOrigin, CfRequestBody, CfS3Origin, EventType, HeaderInput } from './types.ts';

export interface EventDescription {
  eventType: EventType;
  distributionId: string;
  distributionDomainName: string;
  requestId: string;
  clientIp: string;
  method: string;
  /** The path, without the query string. */
  uri: string;
  /** The query string without its `?` ('' when none). */
  querystring?: string;
  /** The viewer's (or, on origin events, the origin request's) headers. Disallowed ones are left out. */
  headers: HeaderInput;
  /** Origin events: the origin the request would go to (`customOrigin()` / `s3Origin()` build one). */
  origin?: CfOrigin;
  /**
   * The request body, given only when the association has includeBody: exposed base64-encoded,
   * truncated to the event type's limit (inputTruncated). Request events only.
   */
  body?: Uint8Array | string;
  /** Response events: the response as the origin (or cache) gave it. */
  response?: { status: number; statusDescription?: string; headers: HeaderInput };
}

/** The event CloudFront would pass the function for this request. */
export function buildEvent(d: EventDescription): CfEvent {
  const isRequestEvent = d.eventType === 'viewer-request' || d.eventType === 'origin-request';
  const isOriginEvent = d.eventType === 'origin-request' || d.eventType === 'origin-response';
  const request: CfEvent['Records'][0]['cf']['request'] = {
    clientIp: d.clientIp,
    headers: cfHeaders(d.headers),
    method: d.method,
    querystring: d.querystring ?? '',
    uri: d.uri,
  };
  // The origin object is on origin events only ("In the CloudFront origin request event, the origin object ...").
  if (isOriginEvent && d.origin) request.origin = d.origin;
  if (isRequestEvent && d.body !== undefined) request.body = exposedBody(d.body, EVENT_LIMITS[d.eventType].exposedBodyBytes);
  const cf: CfEvent['Records'][0]['cf'] = {
    config: { distributionDomainName: d.distributionDomainName, distributionId: d.distributionId, eventType: d.eventType, requestId: d.requestId },
    request,
  };
  if (!isRequestEvent) {
    const r = d.response ?? { status: 200, headers: [] };
    cf.response = { status: String(r.status), statusDescription: r.statusDescription ?? STATUS_CODES[r.status] ?? '', headers: cfHeaders(r.headers) };
  }
  return { Records: [{ cf }] };
}

/**
 * "The request body is always base64 encoded by Lambda@Edge before it's exposed"; a larger body
 * is truncated and `inputTruncated` says so ("Restrictions on the request body with the include
 * body option").
 */
export function exposedBody(body: Uint8Array | string, maxBytes: number): CfRequestBody {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const truncated = bytes.byteLength > maxBytes;
  return { action: 'read-only', data: (truncated ? bytes.subarray(0, maxBytes) : bytes).toString('base64'), encoding: 'base64', inputTruncated: truncated };
}

/** Headers keyed lower-case with `[{key, value}]` lists, disallowed ones left out ("not exposed to edge functions"). */
export function cfHeaders(input: HeaderInput): CfHeaders {
  const out: CfHeaders = {};
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    if (isDisallowedHeader(lower)) return;
    const key = name === lower ? capitalizeHeaderName(lower) : name;
    (out[lower] ??= []).push({ key, value });
  };
  if (Array.isArray(input)) {
    for (const [name, value] of input as ReadonlyArray<readonly [string, string]>) add(name, value);
  } else {
    for (const [name, value] of Object.entries(input as Record<string, string | readonly string[] | undefined>)) {
      if (value === undefined) continue;
      if (typeof value === 'string') add(name, value);
      else for (const v of value) add(name, v);
    }
  }
  return out;
}

export interface CustomOriginDescription {
  domainName: string;
  port?: number;
  protocol?: 'http' | 'https';
  path?: string;
  customHeaders?: HeaderInput;
  readTimeout?: number;
  keepaliveTimeout?: number;
  sslProtocols?: string[];
}

/** A custom origin block, with CloudFront's defaults (30 s read timeout, 5 s keep-alive, TLSv1.2). */
export function customOrigin(o: CustomOriginDescription): { custom: CfCustomOrigin } {
  const protocol = o.protocol ?? 'https';
  return {
    custom: {
      customHeaders: cfHeaders(o.customHeaders ?? []),
      domainName: o.domainName,
      keepaliveTimeout: o.keepaliveTimeout ?? 5,
      path: o.path ?? '',
      port: o.port ?? (protocol === 'https' ? 443 : 80),
      protocol,
      readTimeout: o.readTimeout ?? 30,
      sslProtocols: o.sslProtocols ?? ['TLSv1.2'],
    },
  };
}

export interface S3OriginDescription {
  domainName: string;
  region: string;
  path?: string;
  authMethod?: 'origin-access-identity' | 'none';
  customHeaders?: HeaderInput;
}

/** An S3 origin block. */
export function s3Origin(o: S3OriginDescription): { s3: CfS3Origin } {
  return { s3: { authMethod: o.authMethod ?? 'none', customHeaders: cfHeaders(o.customHeaders ?? []), domainName: o.domainName, path: o.path ?? '', region: o.region } };
}
