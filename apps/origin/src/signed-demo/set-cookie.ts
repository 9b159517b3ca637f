// Set-Cookie lines for the CloudFront-* signed cookies (RFC 6265 §4.1).
import { SIGNING_COOKIES } from '@cachefront/signing';
import { PRIVATE_PREFIX } from './grant.ts';

/**
 * Path=/private/ so the cookies go only to the signed behavior; HttpOnly, SameSite=Lax; not
 * Secure, since the local edge is plain http. Session cookies (no Max-Age): an expired policy
 * stays in the browser, so the edge can be seen refusing it. Every signing cookie this grant
 * does not set is deleted, so one from an earlier grant (a CloudFront-Hash-Algorithm=SHA256
 * left over under a SHA1 grant) cannot spoil this one.
 */
export function signedCookieHeaders(cookies: Record<string, string>): string[] {
  const attributes = `Path=${PRIVATE_PREFIX}; SameSite=Lax; HttpOnly`;
  const lines = Object.entries(cookies).map(([name, value]) => `${name}=${value}; ${attributes}`);
  for (const name of Object.values(SIGNING_COOKIES)) {
    if (!Object.hasOwn(cookies, name)) lines.push(`${name}=; Max-Age=0; ${attributes}`);
  }
  return lines;
}
