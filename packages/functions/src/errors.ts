// Function errors with stable codes, CloudFront's texts, and what the viewer gets.
//
// Texts, as CloudFront reports them in TestFunction's FunctionErrorMessage and on the viewer's
// error page (quoted in public issues and blog posts; the developer guide has no table):
// - a function that throws or cannot run:
//   "The CloudFront function associated with the CloudFront distribution is invalid or could
//   not run. SyntaxError: Unexpected token "=>" in 10" (the JavaScript error follows);
// - a function that returns something CloudFront cannot use:
//   "The CloudFront function returned an invalid value: response.headers must have header
//   names in lower case."
// The viewer gets a 503 (troubleshooting, "HTTP 503 status code (Service Unavailable)":
// "Lambda@Edge or CloudFront Function execution error"), except that adding a disallowed or
// read-only header "fails CloudFront validation and CloudFront returns HTTP status code 502
// (Bad Gateway)" (Restrictions on edge functions, HTTP headers): FunctionValidationError.

export type FunctionErrorCode =
  // compileFunction
  | 'INVALID_NAME'
  | 'INVALID_RUNTIME'
  | 'FUNCTION_TOO_LARGE'
  | 'SYNTAX_ERROR'
  | 'NO_HANDLER'
  // run
  | 'EXECUTION_ERROR'
  | 'TIME_LIMIT'
  | 'MEMORY_LIMIT'
  | 'INVALID_VALUE'
  | 'VALIDATION_ERROR'
  | 'SANDBOX_ERROR'
  // not run: the circuit breaker is open (breaker.ts)
  | 'THROTTLED';

/** CloudFront's x-edge-result-type for a failed function. */
export type FunctionResultType = 'FunctionExecutionError' | 'FunctionValidationError';

export const EXECUTION_ERROR_PREFIX = 'The CloudFront function associated with the CloudFront distribution is invalid or could not run.';
export const INVALID_VALUE_PREFIX = 'The CloudFront function returned an invalid value:';

const VIEWER_TEXT_503 =
  "The CloudFront function associated with the CloudFront distribution is invalid or could not run.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.";
const VIEWER_TEXT_502 =
  "The CloudFront function returned an invalid value.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.";

/** What the viewer gets for each run error: status, x-edge-result-type, error page text. */
export const FUNCTION_ERRORS: Readonly<Record<FunctionErrorCode, { status: 502 | 503; resultType: FunctionResultType; viewerText: string }>> = {
  INVALID_NAME: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  INVALID_RUNTIME: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  FUNCTION_TOO_LARGE: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  SYNTAX_ERROR: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  NO_HANDLER: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  EXECUTION_ERROR: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  TIME_LIMIT: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  MEMORY_LIMIT: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  INVALID_VALUE: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  VALIDATION_ERROR: { status: 502, resultType: 'FunctionValidationError', viewerText: VIEWER_TEXT_502 },
  SANDBOX_ERROR: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
  THROTTLED: { status: 503, resultType: 'FunctionExecutionError', viewerText: VIEWER_TEXT_503 },
};

export class FunctionError extends Error {
  override readonly name = 'FunctionError';
  readonly code: FunctionErrorCode;

  constructor(code: FunctionErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  get status(): 502 | 503 {
    return FUNCTION_ERRORS[this.code].status;
  }

  get resultType(): FunctionResultType {
    return FUNCTION_ERRORS[this.code].resultType;
  }

  /** The text for CloudFront's error page (the edge's errorPage() renders it). */
  get viewerText(): string {
    return FUNCTION_ERRORS[this.code].viewerText;
  }
}

/** "... could not run. TypeError: x is not a function" */
export function executionErrorMessage(name: string, message: string): string {
  return `${EXECUTION_ERROR_PREFIX} ${name}: ${message}`;
}

/** "The CloudFront function returned an invalid value: response.statusCode must be ..." */
export function invalidValueMessage(detail: string): string {
  return `${INVALID_VALUE_PREFIX} ${detail}`;
}
