// Verifying a request's signed URL or signed cookies the way CloudFront does.
//
// CloudFront developer guide, "Use signed URLs" / "Use signed cookies": CloudFront uses the
// public key named by Key-Pair-Id to validate the signature; if it is valid it reads the policy
// (custom) or constructs one from the request URL and Expires (canned), then checks the policy
// against the request. Refusals are 403s with CloudFront's codes (see errors.ts).
//
// Order of checks (the guide documents none; this is the order of dependency): signing material
// present (MissingKey) -> key known and usable (InvalidKey) -> Hash-Algorithm -> Signature syntax
// (MalformedSignature) -> policy syntax (MalformedPolicy) -> signature (AccessDenied) ->
// per-request conditions: time, resource, IP (AccessDenied).
//
// Signature checks are cached by (key id, key fingerprint, hash algorithm, signed text,
// signature): a hit skips base64 decoding, JSON parsing and the RSA/ECDSA check, never the
// conditions. `publicKeys` is asked on every request, so a removed key is refused at once, and a
// replaced key (new SPKI fingerprint) never reuses results made with the old one.

import { KeyObject } from 'node:crypto';
import { fromCloudfrontBase64 } from './base64.ts';
import { BoundedCache } from './cache.ts';
import { findCredentials, type Credentials } from './credentials.ts';
import { DENY_MESSAGES, type DenyCode } from './errors.ts';
import { cidrContains, parseIp } from './ip.ts';
import { keyInfo, type KeyInfo } from './keys.ts';
import { cannedPolicy, parsePolicy, type ParsedPolicy } from './policy.ts';
import { isHashAlgorithm, signatureShapeOk, verifyBytes, type HashAlgorithm } from './signature.ts';
import { compileResource } from './wildcard.ts';

export interface VerifyInput {
  /** As received: scheme://host/path?query, not normalized or decoded. */
  url: string;
  /** Request cookies by name (already split from the Cookie header). */
  cookies: Record<string, string>;
  /** The viewer's IP address. */
  ip: string;
  /** Current time, epoch milliseconds. */
  now: number;
}

export type VerifyResult =
  | { ok: true; keyPairId: string; via: 'url' | 'cookies'; policy: 'canned' | 'custom'; cached: boolean }
  | {
      ok: false;
      code: DenyCode;
      /** CloudFront's message for `code`, for the XML body. */
      message: string;
      /** Why, in words, for logs and for whoever is debugging their signing code. */
      detail: string;
    };

export interface VerifierOptions {
  /** The trusted key group: public key by id, or undefined. Asked on every request. */
  publicKeys: (keyPairId: string) => KeyObject | undefined;
  /** Verified signatures remembered (default 10,000; 0 disables the cache). */
  cacheSize?: number;
}

/** Size bounds, checked before anything is decoded. */
export const LIMITS = Object.freeze({
  /** Longer URLs are refused outright. CloudFront's own limit is 8,192 bytes; this one only
   * bounds work, and stays above `policy` so an oversized Policy reports MalformedPolicy. */
  url: 256 * 1024,
  keyPairId: 256,
  /** An RSA-2048 signature is 344 characters, ECDSA P-256 at most 96. */
  signature: 1024,
  /** CloudFront base64 of the policy JSON. */
  policy: 16 * 1024,
  /** Largest signed text (policy or canned resource, in characters) whose verification is
   * cached; bigger ones are verified every time. Bounds the cache to ~cacheSize x 4.5 KB. */
  cachedText: 4096,
});

type Verified = { kind: 'canned'; expires: number } | { kind: 'custom'; policy: ParsedPolicy; matches: (resource: string) => boolean };

/**
 * A verified signature and everything it was verified with. The cache is keyed by a slice of
 * the signature (cheap to hash: a full key would be ~700 characters to hash per request), and a
 * hit counts only when every field is equal, so a colliding slice is just a miss.
 */
interface CacheEntry {
  readonly keyPairId: string;
  readonly fingerprint: string;
  readonly alg: HashAlgorithm;
  readonly signature: string;
  /** Custom: the Policy text. Canned: Expires and the resource. */
  readonly policyText: string;
  readonly resource: string;
  readonly verified: Verified;
}

type Denial = Extract<VerifyResult, { ok: false }>;

function deny(code: DenyCode, detail: string): Denial {
  return { ok: false, code, message: DENY_MESSAGES[code], detail };
}

/** A JSON-quoted excerpt of untrusted text, for `detail`. */
function quote(text: unknown, max = 200): string {
  const s = String(text);
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** `1700000000 (2023-11-14T22:13:20.000Z)`, without throwing on out-of-range dates. */
function when(seconds: number): string {
  const ms = seconds * 1000;
  return Math.abs(ms) <= 8.64e15 ? `${seconds} (${new Date(ms).toISOString()})` : String(seconds);
}

const DEFAULT_CACHE_SIZE = 10_000;
const EXPIRES = /^[0-9]{1,12}$/;

export class Verifier {
  readonly #publicKeys: (keyPairId: string) => KeyObject | undefined;
  readonly #cache: BoundedCache<CacheEntry>;

  constructor(o: VerifierOptions) {
    if (typeof o?.publicKeys !== 'function') throw new TypeError('Verifier: publicKeys must be a function (keyPairId) => KeyObject | undefined');
    const cacheSize = o.cacheSize ?? DEFAULT_CACHE_SIZE;
    if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new TypeError(`Verifier: cacheSize must be a non-negative integer, got ${String(o.cacheSize)}`);
    this.#publicKeys = o.publicKeys;
    this.#cache = new BoundedCache(cacheSize);
  }

  /** Never throws: every input yields a result. */
  verify(input: VerifyInput): VerifyResult {
    try {
      return this.#verify(input);
    } catch (e) {
      return deny('AccessDenied', `internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  #lookup(keyPairId: string): KeyObject | undefined {
    try {
      const key = this.#publicKeys(keyPairId);
      return key instanceof KeyObject ? key : undefined;
    } catch {
      return undefined;
    }
  }

  #verify(input: VerifyInput): VerifyResult {
    const url = typeof input?.url === 'string' ? input.url : '';
    if (url.length > LIMITS.url) return deny('AccessDenied', `URL is longer than ${LIMITS.url} characters`);
    const creds = findCredentials(url, input?.cookies);
    if (!creds) return deny('MissingKey', 'no signing parameters in the URL and no CloudFront-* cookies');

    const keyPairId = creds.keyPairId;
    const keyName = creds.via === 'url' ? 'Key-Pair-Id query parameter' : 'CloudFront-Key-Pair-Id cookie';
    if (keyPairId === undefined || keyPairId === '') return deny('MissingKey', `the ${keyName} is missing or empty`);
    if (keyPairId.length > LIMITS.keyPairId) return deny('InvalidKey', `the ${keyName} is longer than ${LIMITS.keyPairId} characters`);
    const key = this.#lookup(keyPairId);
    if (!key) return deny('InvalidKey', `no trusted public key has id ${quote(keyPairId)}`);
    const info = keyInfo(key);
    if ('error' in info) return deny('InvalidKey', `public key ${quote(keyPairId)} is unusable: ${info.error}`);

    const alg = creds.hashAlgorithm ?? 'SHA1';
    if (!isHashAlgorithm(alg)) return deny('AccessDenied', `unsupported hash algorithm ${quote(alg, 32)}; use SHA1 or SHA256`);

    // A hit means these exact strings already passed every syntax check and the signature check
    // below with this key, so both are skipped; the conditions are evaluated either way.
    const sigText = creds.signature ?? '';
    const kind: Verified['kind'] = creds.policy !== undefined ? 'custom' : 'canned';
    const policyText = creds.policy ?? creds.expires ?? '';
    // Canned: the signed text embeds the resource, so the resource is part of the identity.
    const resource = kind === 'canned' ? creds.resource : '';
    const cacheable = sigText !== '' && policyText !== '' && policyText.length + resource.length <= LIMITS.cachedText;
    const slot = `${kind}${sigText.slice(8, 40)}`;
    const entry = cacheable ? this.#cache.get(slot) : undefined;
    const cached =
      entry !== undefined &&
      entry.signature === sigText &&
      entry.policyText === policyText &&
      entry.resource === resource &&
      entry.keyPairId === keyPairId &&
      entry.fingerprint === info.fingerprint &&
      entry.alg === alg;
    let verified: Verified;
    if (cached) {
      verified = entry.verified;
    } else {
      const checked = checkSignature(creds, key, info, alg);
      if ('code' in checked) return checked;
      verified = checked;
      if (cacheable) this.#cache.set(slot, { keyPairId, fingerprint: info.fingerprint, alg, signature: sigText, policyText, resource, verified });
    }

    const refusal = checkConditions(verified, creds, input);
    if (refusal) return refusal;
    return { ok: true, keyPairId, via: creds.via, policy: kind, cached };
  }

  /** Forget every verified signature (for tests and key rotation tooling; not needed for correctness). */
  clearCache(): void {
    this.#cache.clear();
  }
}

/** Syntax of Signature and Policy/Expires, then the signature itself (the expensive part). */
function checkSignature(creds: Credentials, key: KeyObject, info: KeyInfo, alg: HashAlgorithm): Verified | Denial {
  const sigText = creds.signature;
  if (sigText === undefined || sigText === '') return deny('MalformedSignature', 'the signature is missing or empty');
  if (sigText.length > LIMITS.signature) return deny('MalformedSignature', `the signature is longer than ${LIMITS.signature} characters`);
  const sig = fromCloudfrontBase64(sigText);
  if (!sig) return deny('MalformedSignature', 'the signature is not CloudFront base64 (A-Z a-z 0-9 - ~, padded with _ to a multiple of 4)');
  if (!signatureShapeOk(info, sig)) {
    const expected = info.type === 'rsa' ? `${String(info.signatureBytes)} bytes` : 'a DER-encoded ECDSA signature';
    return deny('MalformedSignature', `the signature decodes to ${sig.length} bytes, not ${expected} (truncated?)`);
  }

  let signed: Buffer;
  let verified: Verified;
  let what: string;
  if (creds.policy !== undefined) {
    const policyText = creds.policy;
    if (policyText.length > LIMITS.policy) return deny('MalformedPolicy', `the policy is longer than ${LIMITS.policy} characters`);
    const bytes = policyText === '' ? undefined : fromCloudfrontBase64(policyText);
    if (!bytes) return deny('MalformedPolicy', 'the policy is not CloudFront base64');
    const parsed = parsePolicy(bytes);
    if ('error' in parsed) return deny('MalformedPolicy', parsed.error);
    signed = bytes;
    verified = { kind: 'custom', policy: parsed.policy, matches: compileResource(parsed.policy.resource) };
    what = 'the policy';
  } else if (creds.expires !== undefined) {
    if (!EXPIRES.test(creds.expires)) return deny('MalformedPolicy', `Expires must be epoch seconds, got ${quote(creds.expires, 32)}`);
    const expires = Number(creds.expires);
    signed = Buffer.from(cannedPolicy(creds.resource, expires), 'utf8');
    verified = { kind: 'canned', expires };
    what = `the canned policy for ${quote(creds.resource)} expiring ${when(expires)}`;
  } else {
    return deny('MalformedPolicy', `neither ${creds.via === 'url' ? 'Policy nor Expires' : 'CloudFront-Policy nor CloudFront-Expires'} is present`);
  }

  if (!verifyBytes(signed, key, sig, alg)) {
    // "Set signed cookies using a canned policy": the Resource is the URL requested, so a canned
    // cookie signed over a wildcard (or another URL) never matches (aws/aws-sdk-js#2169).
    const hint = creds.via === 'cookies' && creds.policy === undefined ? '; a canned-policy cookie covers exactly the requested URL, use a custom policy for wildcards' : '';
    return deny('AccessDenied', `the ${alg} signature does not match ${what} under key ${quote(creds.keyPairId)}${hint}`);
  }
  return verified;
}

function checkConditions(verified: Verified, creds: Credentials, input: VerifyInput): Denial | undefined {
  const now = input?.now;
  if (typeof now !== 'number' || !Number.isFinite(now)) return deny('AccessDenied', 'no valid clock reading (now must be epoch milliseconds)');
  const nowSeconds = Math.floor(now / 1000);
  if (verified.kind === 'canned') {
    return nowSeconds < verified.expires ? undefined : deny('AccessDenied', `expired: Expires ${when(verified.expires)}, now ${when(nowSeconds)}`);
  }
  const p = verified.policy;
  if (nowSeconds >= p.dateLessThan) return deny('AccessDenied', `expired: DateLessThan ${when(p.dateLessThan)}, now ${when(nowSeconds)}`);
  if (p.dateGreaterThan !== undefined && nowSeconds <= p.dateGreaterThan) {
    return deny('AccessDenied', `not yet valid: DateGreaterThan ${when(p.dateGreaterThan)}, now ${when(nowSeconds)}`);
  }
  if (!verified.matches(creds.resource)) {
    return deny('AccessDenied', `the policy's Resource ${quote(p.resource)} does not match ${quote(creds.resource)}`);
  }
  if (p.ipAddress !== undefined) {
    const ip = typeof input.ip === 'string' ? parseIp(input.ip) : undefined;
    if (!ip || !cidrContains(p.ipAddress, ip)) return deny('AccessDenied', `viewer IP ${quote(input.ip, 64)} is outside the policy's IpAddress range`);
  }
  return undefined;
}
