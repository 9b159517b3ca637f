// S3's errors, typed with S3's own codes, that render themselves as S3's XML body
// (Amazon S3 API Reference, "Error responses": `<Error><Code/><Message/>...<RequestId/></Error>`).

export type S3ErrorCode =
  | 'AccessDenied'
  | 'AuthorizationHeaderMalformed'
  | 'AuthorizationQueryParametersError'
  | 'InternalError'
  | 'InvalidAccessKeyId'
  | 'InvalidArgument'
  | 'InvalidRange'
  | 'InvalidRequest'
  | 'InvalidURI'
  | 'KeyTooLongError'
  | 'MethodNotAllowed'
  | 'NoSuchBucket'
  | 'NoSuchKey'
  | 'NotImplemented'
  | 'PreconditionFailed'
  | 'RequestTimeTooSkewed'
  | 'SignatureDoesNotMatch'
  | 'XAmzContentSHA256Mismatch';

// Status and default message per code, as the "List of error codes" gives them.
const CODES: Record<S3ErrorCode, [status: number, message: string]> = {
  AccessDenied: [403, 'Access Denied'],
  AuthorizationHeaderMalformed: [400, 'The authorization header is malformed.'],
  AuthorizationQueryParametersError: [400, 'Error parsing the query-string authentication parameters.'],
  InternalError: [500, 'We encountered an internal error. Please try again.'],
  InvalidAccessKeyId: [403, 'The AWS access key Id you provided does not exist in our records.'],
  InvalidArgument: [400, 'Invalid Argument'],
  InvalidRange: [416, 'The requested range is not satisfiable'],
  InvalidRequest: [400, 'Invalid Request'],
  InvalidURI: [400, "Couldn't parse the specified URI."],
  KeyTooLongError: [400, 'Your key is too long'],
  MethodNotAllowed: [405, 'The specified method is not allowed against this resource.'],
  NoSuchBucket: [404, 'The specified bucket does not exist'],
  NoSuchKey: [404, 'The specified key does not exist.'],
  NotImplemented: [501, 'A header you provided implies functionality that is not implemented'],
  PreconditionFailed: [412, 'At least one of the pre-conditions you specified did not hold'],
  RequestTimeTooSkewed: [403, 'The difference between the request time and the current time is too large.'],
  SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
};

/** Per-request identifiers S3 puts on every response (x-amz-request-id, x-amz-id-2). */
export interface RequestIds {
  requestId: string;
  hostId: string;
}

export class S3Error extends Error {
  override name = 'S3Error';
  readonly code: S3ErrorCode;
  readonly status: number;
  /** Extra elements after Message, in order (Key, BucketName, Condition, ...). */
  readonly details: [string, string][];
  /** Extra response header fields (Allow on a 405, Content-Range on a 416). */
  readonly headers: Record<string, string>;

  constructor(code: S3ErrorCode, details: Record<string, string | number> = {}, message?: string, headers: Record<string, string> = {}) {
    const [status, fallback] = CODES[code];
    super(message ?? fallback);
    this.code = code;
    this.status = status;
    this.details = Object.entries(details).map(([name, value]) => [name, String(value)]);
    this.headers = headers;
  }

  /** S3's error response; a HEAD gets the status and headers only, as from S3. */
  toResponse(ids: RequestIds, method: string): Response {
    const headers = new Headers(this.headers);
    if (method === 'HEAD') return new Response(null, { status: this.status, headers });
    headers.set('content-type', 'application/xml');
    return new Response(errorXml(this.code, this.message, this.details, ids), { status: this.status, headers });
  }
}

/** The XML body of an S3 error. */
export function errorXml(code: string, message: string, details: [string, string][], ids: RequestIds): string {
  const fields: [string, string][] = [['Code', code], ['Message', message], ...details, ['RequestId', ids.requestId], ['HostId', ids.hostId]];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('')}</Error>`;
}

/**
 * Escapes text for an XML element (XML 1.0 §2.4) and replaces characters XML 1.0 cannot carry
 * at all (§2.2 Char: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) with
 * U+FFFD, since a key may contain them. The error body is a handful of flat text elements with
 * fixed names, so this is all an XML builder would do here; fast-xml-parser would be a
 * dependency for a dozen lines.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) out += ENTITIES[ch] ?? (isXmlChar(ch.codePointAt(0) ?? 0) ? ch : '\ufffd');
  return out;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// (for..of yields a lone surrogate as one unit in #xD800-#xDFFF, which is not a Char).
const isXmlChar = (cp: number) => cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
