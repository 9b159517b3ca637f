// @cachefront/signing: CloudFront signed URLs and signed cookies, created and verified the way
// CloudFront does, so real signing code can be tested against a local edge.

export { cloudfrontBase64, fromCloudfrontBase64 } from './base64.ts';
export { cannedPolicy, customPolicy, parsePolicy, type ParsedPolicy, type PolicyStatement } from './policy.ts';
export { SIGNING_QUERY_PARAMS, stripSigningParams } from './query.ts';
export { SIGNING_COOKIES } from './credentials.ts';
export { HASH_ALGORITHMS, type HashAlgorithm } from './signature.ts';
export { signUrl, signCookies, type SignUrlOptions, type SignCookiesOptions } from './sign.ts';
export { parsePublicKey, type KeyType } from './keys.ts';
export { DENY_MESSAGES, DENY_STATUS, denyBody, type DenyCode } from './errors.ts';
export { Verifier, LIMITS, type VerifierOptions, type VerifyInput, type VerifyResult } from './verifier.ts';
