import { LAMBDA_ERRORS } from '@cachefront/lambda-edge';
/**
 * Errors the edge generates itself, with stable codes, rendered as CloudFront renders
 * them: an HTML page "ERROR: The request could not be satisfied", `Server: cachefront`,
 * `X-Cache: Error from cachefront`.
 */
export type EdgeErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_HOST'
  | 'METHOD_NOT_ALLOWED'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'ORIGIN_UNREACHABLE'
  | 'ORIGIN_TIMEOUT'
  | 'ORIGIN_ERROR'
  | 'GEO_BLOCKED'
  | 'HTTPS_REQUIRED'
  | 'TIER_LOOP'
  | 'TIER_REFUSED'
  | 'FUNCTION_EXECUTION_ERROR'
  | 'FUNCTION_INVALID_VALUE'
  | 'LAMBDA_VALIDATION_ERROR'
  | 'LAMBDA_EXECUTION_ERROR'
  | 'LAMBDA_LIMIT_EXCEEDED';

const DEFS: Record<EdgeErrorCode, { status: number; text: string }> = {
  BAD_REQUEST: { status: 400, text: 'Bad request.' },
  UNKNOWN_HOST: {
    status: 403,
    text: "Bad request.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  METHOD_NOT_ALLOWED: {
    status: 403,
    text: 'This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.',
  },
  URI_TOO_LONG: { status: 414, text: 'Bad request.\nThe request URL is longer than 8192 bytes.' },
  HEADERS_TOO_LARGE: { status: 431, text: 'Bad request.\nThe request headers are too large.' },
  ORIGIN_UNREACHABLE: {
    status: 502,
    text: "CloudFront wasn't able to connect to the origin.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  ORIGIN_TIMEOUT: {
    status: 504,
    text: "CloudFront attempted to establish a connection with the origin, but either the attempt failed or the origin closed the connection.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  ORIGIN_ERROR: { status: 502, text: 'The origin sent an invalid response.' },
  FUNCTION_EXECUTION_ERROR: {
    status: 503,
    text: "The CloudFront function associated with the CloudFront distribution is invalid or could not run.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  FUNCTION_INVALID_VALUE: {
    status: 502,
    text: "The CloudFront function returned an invalid value.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  // Lambda@Edge (packages/lambda-edge, LAMBDA_ERRORS): CloudFront's pages for each failure.
  LAMBDA_VALIDATION_ERROR: { status: LAMBDA_ERRORS.LambdaValidationError.status, text: LAMBDA_ERRORS.LambdaValidationError.viewerText },
  LAMBDA_EXECUTION_ERROR: { status: LAMBDA_ERRORS.LambdaExecutionError.status, text: LAMBDA_ERRORS.LambdaExecutionError.viewerText },
  LAMBDA_LIMIT_EXCEEDED: { status: LAMBDA_ERRORS.LambdaLimitExceeded.status, text: LAMBDA_ERRORS.LambdaLimitExceeded.viewerText },
  GEO_BLOCKED: {
    status: 403,
    text: "The Amazon CloudFront distribution is configured to block access from your country.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  // viewerProtocolPolicy https-only (and redirect-to-https for methods other than GET and
  // HEAD) over HTTP: CloudFront's page says only "Bad request.".
  HTTPS_REQUIRED: { status: 403, text: 'Bad request.' },
  // Tiers (runtime/tier.ts): a loop of --parent settings, and tier requests this edge does not take.
  TIER_LOOP: { status: 508, text: 'The request went round a loop of cache tiers (an edge found itself in its Via, or it made too many X-Cachefront-Tier-Hop hops).\nCheck the --parent settings of the edges on its way.' },
  TIER_REFUSED: {
    status: 403,
    text: 'This edge takes tier requests (X-Cachefront-Tier-Hop) only when it runs as a regional edge cache or origin shield (--tier regional|shield), and only from trusted child edges (loopback or --trusted-child).',
  },
};

export class EdgeError extends Error {
  override name = 'EdgeError';
  readonly code: EdgeErrorCode | SignedAccessCode;
  readonly status: number;
  readonly contentType: string;
  private readonly xml: string | undefined;
  /** Tiers: the X-Cachefront-Tier value when a parent tier generated this error (e.g. `shield-error`). */
  tierAnswer: string | undefined;
  constructor(code: EdgeErrorCode, detail?: string, signed?: { code: SignedAccessCode; xml: string }) {
    super(detail ?? DEFS[code].text);
    this.code = signed?.code ?? code;
    this.status = signed ? 403 : DEFS[code].status;
    this.contentType = signed ? 'text/xml' : 'text/html';
    this.xml = signed?.xml;
  }

  /**
   * A signed URL or cookie was refused: 403 with CloudFront's XML error document
   * (`<Error><Code>AccessDenied</Code>…`) instead of the HTML page.
   */
  static signedAccess(code: SignedAccessCode, message: string, xml: string): EdgeError {
    return new EdgeError('BAD_REQUEST', message, { code, xml });
  }

  /** CloudFront's error page body. */
  body(requestId: string): string {
    if (this.xml !== undefined) return this.xml;
    return errorPage(this.status, DEFS[this.code as EdgeErrorCode].text, requestId);
  }
}

/** The codes CloudFront answers a refused signed URL or cookie with. */
export type SignedAccessCode = 'MissingKey' | 'InvalidKey' | 'MalformedSignature' | 'MalformedPolicy' | 'AccessDenied';

export function errorPage(status: number, text: string, requestId: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">
<TITLE>ERROR: The request could not be satisfied</TITLE>
</HEAD><BODY>
<H1>${status} ERROR</H1>
<H2>The request could not be satisfied.</H2>
<HR noshade size="1px">
${text.replaceAll('\n', '\n<BR clear="all">\n')}
<BR clear="all">
<HR noshade size="1px">
<PRE>
Generated by cachefront (cachefront)
Request ID: ${requestId}
</PRE>
<ADDRESS>
</ADDRESS>
</BODY></HTML>`;
}
