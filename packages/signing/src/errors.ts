// The 403 responses CloudFront sends when a signed URL or signed cookie is refused.
//
// CloudFront's developer guide lists no error table for signed URLs; the codes and messages
// below are CloudFront's own, as quoted by the AWS Knowledge Center article "How do I
// troubleshoot issues related to a signed URL or signed cookies in CloudFront?" (MissingKey,
// InvalidKey) and by captured CloudFront responses in public issues and code
// (aws/aws-sdk-js#2236 for MalformedPolicy, aws-samples/amazon-cloudfront-signed-urls-using-
// lambda-secretsmanager#8 for AccessDenied, a tile fetcher quoting MalformedSignature).
// The body is one line with no trailing newline: a captured MissingKey response carries
// `Content-Length: 146`, which is exactly the length of the body produced here.

export type DenyCode = 'MissingKey' | 'InvalidKey' | 'MalformedSignature' | 'MalformedPolicy' | 'AccessDenied';

/** CloudFront's message for each code, byte for byte. */
export const DENY_MESSAGES: Readonly<Record<DenyCode, string>> = {
  MissingKey: 'Missing Key-Pair-Id query parameter or cookie value',
  InvalidKey: 'Unknown Key',
  MalformedSignature: 'Could not unencode Signature',
  MalformedPolicy: 'Malformed Policy',
  AccessDenied: 'Access denied',
};

/** Every signed-URL refusal is a 403. */
export const DENY_STATUS = 403;

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** CloudFront's XML error document (served as `Content-Type: text/xml`). */
export function denyBody(code: DenyCode, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>`;
}
