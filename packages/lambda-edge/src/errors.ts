// Lambda@Edge failures with stable codes and what the viewer gets.
//
// CloudFront's troubleshooting pages name three outcomes, each a status and an
// x-edge-detailed-result-type:
// - "HTTP 502 status code (Bad Gateway)", "Lambda validation error": the function returned a
//   response CloudFront cannot use (malformed object, invalid status, a disallowed or read-only
//   header, a body or generated response over its size limit) -> 502 LambdaValidationError.
// - "HTTP 503 status code (Service Unavailable)", "Lambda execution error": the function threw,
//   rejected, called back with an error, could not be loaded, or its runtime exited (crash,
//   process.exit, out of memory) -> 503 LambdaExecutionError.
// - "HTTP 503 Status Code (Lambda Limit Exceeded)": "The function exceeded the Lambda function
//   timeout quota", or executions were throttled (here: the version's pool and queue are full)
//   -> 503 LambdaLimitExceeded.

export type LambdaErrorCode = 'LambdaValidationError' | 'LambdaExecutionError' | 'LambdaLimitExceeded';

export const LAMBDA_ERRORS: Readonly<Record<LambdaErrorCode, { status: 502 | 503; viewerText: string }>> = Object.freeze({
  LambdaValidationError: {
    status: 502,
    viewerText:
      "The Lambda function result failed validation.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  LambdaExecutionError: {
    status: 503,
    viewerText:
      "The Lambda function associated with the CloudFront distribution is invalid or doesn't have the required permissions.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
  LambdaLimitExceeded: {
    status: 503,
    viewerText:
      "The Lambda function associated with the CloudFront distribution was throttled.\nWe can't connect to the server for this app or website at this time. There might be too much traffic or a configuration error. Try again later, or contact the app or website owner.",
  },
});

/** What an invocation or a result check ends in when it fails: the edge renders it as CloudFront's error page. */
export interface LambdaFailure {
  kind: 'error';
  code: LambdaErrorCode;
  status: 502 | 503;
  message: string;
}

/** "The Lambda function result failed validation: <detail>", the text CloudFront's 502 page carries. */
export const VALIDATION_PREFIX = 'The Lambda function result failed validation:';

export function validationError(detail: string): LambdaFailure {
  return failure('LambdaValidationError', `${VALIDATION_PREFIX} ${detail}`);
}

export function failure(code: LambdaErrorCode, message: string): LambdaFailure {
  return { kind: 'error', code, status: LAMBDA_ERRORS[code].status, message };
}
