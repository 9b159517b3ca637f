// CloudFront's URL-safe base64 (developer guide, "Create a signed URL using a canned policy",
// step "Replace characters that are invalid in a URL query string"): MIME base64, then
// `+` -> `-`, `=` -> `_`, `/` -> `~`. Not RFC 4648 base64url: `_` is the padding character.

const TO_CLOUDFRONT: Readonly<Record<string, string>> = { '+': '-', '=': '_', '/': '~' };
const FROM_CLOUDFRONT: Readonly<Record<string, string>> = { '-': '+', _: '=', '~': '/' };

/** The CloudFront alphabet, with padding (`_`) only at the end. */
const CLOUDFRONT_BASE64 = /^[A-Za-z0-9~-]*_{0,2}$/;

export function cloudfrontBase64(buf: Buffer | string): string {
  const bytes = typeof buf === 'string' ? Buffer.from(buf, 'utf8') : buf;
  return bytes.toString('base64').replace(/[+=/]/g, (c) => TO_CLOUDFRONT[c] ?? c);
}

/** Syntax check only (alphabet, padding position, length a multiple of 4): no decoding. */
export function isCloudfrontBase64(text: string): boolean {
  return text.length % 4 === 0 && CLOUDFRONT_BASE64.test(text);
}

/**
 * Decodes CloudFront base64, or `undefined` when `text` is not valid: a character outside
 * the CloudFront alphabet (standard `+`, `/`, `=` included), padding anywhere but the end,
 * or a length that is not a multiple of 4 (MIME base64 is always padded, so a truncated
 * value is refused rather than decoded to fewer bytes).
 */
export function fromCloudfrontBase64(text: string): Buffer | undefined {
  if (typeof text !== 'string' || !isCloudfrontBase64(text)) return undefined;
  return Buffer.from(text.replace(/[-_~]/g, (c) => FROM_CLOUDFRONT[c] ?? c), 'base64');
}
