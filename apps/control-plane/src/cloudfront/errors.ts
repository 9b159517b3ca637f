// CloudFront's error responses (rest-xml): `<ErrorResponse><Error><Type>Sender</Type>
// <Code>..</Code><Message>..</Message></Error><RequestId>..</RequestId></ErrorResponse>`.
// The status comes from the model's error shape when it has one (NoSuchDistribution is 404
// there), else from the codes below that the model does not list (authentication, XML).

import { randomUUID } from 'node:crypto';
import { ControlPlaneError } from '../errors.ts';
import { serviceModel, XML_NAMESPACE } from './model.ts';
import { escapeXml } from './xml-write.ts';

/** Codes outside the model's error shapes: SigV4 (as AWS's other rest services answer) and the XML reader. */
const OWN_STATUS: Record<string, number> = {
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  RequestTimeTooSkewed: 403,
  MalformedXML: 400,
  MalformedInput: 400,
  RequestEntityTooLarge: 413,
  NotFound: 404,
  InternalError: 500,
};

export class CloudFrontError extends Error {
  override name = 'CloudFrontError';
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status ?? statusOf(code);
  }

  toResponse(requestId: string = randomUUID()): Response {
    const type = this.status >= 500 ? 'Receiver' : 'Sender';
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${type}</Type>` +
      `<Code>${escapeXml(this.code)}</Code><Message>${escapeXml(this.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    return new Response(body, { status: this.status, headers: { 'content-type': 'text/xml', 'x-amz-request-id': requestId } });
  }
}

function statusOf(code: string): number {
  const shape = serviceModel().shapes[code];
  return shape?.error?.httpStatusCode ?? OWN_STATUS[code] ?? 400;
}

/**
 * A /v1 error as CloudFront says it: the same code and status (the /v1 codes are
 * CloudFront's), validation issues folded into the message with their paths.
 */
export function fromControlPlaneError(err: ControlPlaneError): CloudFrontError {
  const issues = err.issues ?? [];
  const detail = issues.length === 0 ? '' : `: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`;
  return new CloudFrontError(err.code, `${err.message}${detail}`, err.status);
}

/** Any error a handler threw, as the CloudFront error to answer with (undefined: an internal error). */
export function asCloudFrontError(err: unknown): CloudFrontError | undefined {
  if (err instanceof CloudFrontError) return err;
  if (err instanceof ControlPlaneError) return fromControlPlaneError(err);
  return undefined;
}
