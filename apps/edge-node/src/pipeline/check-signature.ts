import { denyBody, stripSigningParams, type Verifier } from '@cachefront/signing';
import { EdgeError } from '../errors.ts';

/** The signed-cookie names ("Setting signed cookies"); never part of a cache key or origin request. */
const SIGNING_COOKIES = ['CloudFront-Policy', 'CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id', 'CloudFront-Hash-Algorithm'];

/**
 * Private content (DESIGN step 5): a behavior with trusted key groups serves only signed
 * URLs or signed cookies that verify against one of their public keys. Runs before the
 * cache lookup. On success returns the query without the signing parameters, so every
 * signed URL for one object shares one cached copy (and the origin never sees them).
 */
export function checkSignature(verifier: Verifier, viewer: { url: string; cookie: string | undefined; ip: string }, query: string, now: number): { query: string } | EdgeError {
  const r = verifier.verify({ url: viewer.url, cookies: signingCookies(viewer.cookie), ip: viewer.ip, now });
  if (!r.ok) return EdgeError.signedAccess(r.code, r.message, denyBody(r.code, r.message));
  return { query: r.via === 'url' ? stripSigningParams(query) : query };
}

/** Only the CloudFront-* signing cookies, parsed lazily and only when a Cookie header exists. */
function signingCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (header === undefined || !header.includes('CloudFront-')) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (SIGNING_COOKIES.includes(name)) out[name] = part.slice(eq + 1).trim();
  }
  return out;
}

/** The Cookie header without the signing cookies (undefined when nothing is left). */
export function withoutSigningCookies(header: string | undefined): string | undefined {
  if (header === undefined || !header.includes('CloudFront-')) return header;
  const kept = header
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '' && !SIGNING_COOKIES.includes(p.slice(0, Math.max(0, p.indexOf('=')))));
  return kept.length > 0 ? kept.join('; ') : undefined;
}
