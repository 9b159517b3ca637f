// What a signed-in visitor gets: a signed URL, signed cookies, and the known-bad variants the
// demo page tries next to them. Pure: the key, host and clock come in, data goes out.
import { BlockList, isIP } from 'node:net';
import { cloudfrontBase64, customPolicy, signCookies, signUrl } from '@cachefront/signing';
import type { SignedDemoKey } from './key.ts';
import type { SignRequest } from './sign-request.ts';

/** Objects under public/private/, served through the edge's signed `/private/*` behavior. */
export const PRIVATE_PREFIX = '/private/';
export const URL_OBJECT = '/private/report.html';
export const COOKIE_OBJECT = '/private/badge.svg';

/** How far in the past the expired URL's expiry lies, and how far the tampered one pushes it out. */
const EXPIRED_AGO = 60;
const TAMPER_EXTENSION = 24 * 3600;

export interface Grant {
  name: string;
  keyPairId: string;
  policyKind: 'canned' | 'custom';
  hashAlgorithm: SignRequest['hashAlgorithm'];
  ip: string | null;
  /** Epoch seconds: the policy's expiry (DateLessThan / Expires). */
  expiresAt: number;
  signedUrl: string;
  /** Same object and policy shape, expiry in the past. */
  expiredUrl: string;
  /** The signed URL with its expiry pushed out and the signature kept. */
  tamperedUrl: string;
  /** What was changed in tamperedUrl, in words. */
  tampering: string;
  /** A private URL (not the signed one) to request with the cookies and no query signature. */
  cookieUrl: string;
  cookies: Record<string, string>;
  /** Custom policy JSON of the URL, or null for a canned URL. */
  policy: string | null;
  /** Custom policy JSON of the cookies (always custom: a canned cookie covers one exact URL). */
  cookiePolicy: string;
  curl: { signedUrl: string; cookies: string };
  /** The viewer address as the edge saw it (last X-Forwarded-For entry), when known. */
  viewerIp: string | null;
  /** Whether viewerIp is inside `ip`; null without an IP range or a known viewer address. */
  viewerAllowed: boolean | null;
}

export interface GrantInput {
  request: SignRequest;
  key: SignedDemoKey;
  /** Viewer-facing host (`demo.localhost:8080`): the edge verifies `http://<Host><path>`. */
  host: string;
  viewerIp: string | undefined;
  /** Epoch ms. */
  now: number;
}

export function grant({ request, key, host, viewerIp, now }: GrantInput): Grant {
  const { keyPairId, privateKey } = key;
  const { hashAlgorithm, ip } = request;
  // The local edge is plain http and verifies `http://` + Host + target.
  const base = `http://${host}`;
  const nowSeconds = Math.floor(now / 1000);
  const expiresAt = nowSeconds + request.expiresIn;
  const wildcard = `${base}${PRIVATE_PREFIX}*`;
  const url = `${base}${URL_OBJECT}`;
  const common = { keyPairId, privateKey, hashAlgorithm };

  let signedUrl: string;
  let expiredUrl: string;
  let tamperedUrl: string;
  let tampering: string;
  let policy: string | null = null;
  if (request.policy === 'canned') {
    signedUrl = signUrl({ ...common, url, expires: expiresAt });
    expiredUrl = signUrl({ ...common, url, expires: nowSeconds - EXPIRED_AGO });
    const later = expiresAt + TAMPER_EXTENSION;
    tamperedUrl = replaceParam(signedUrl, 'Expires', String(later));
    tampering = `Expires changed from ${expiresAt} to ${later} (a day later), signature kept`;
  } else {
    // "Create a signed URL using a custom policy": one statement, Resource may use `*`.
    policy = customPolicy({ resource: wildcard, dateLessThan: expiresAt, ipAddress: ip });
    signedUrl = signUrl({ ...common, url, policy });
    const expired = customPolicy({ resource: wildcard, dateLessThan: nowSeconds - EXPIRED_AGO, ipAddress: ip });
    expiredUrl = signUrl({ ...common, url, policy: expired });
    const later = expiresAt + TAMPER_EXTENSION;
    const forged = customPolicy({ resource: wildcard, dateLessThan: later, ipAddress: ip });
    tamperedUrl = replaceParam(signedUrl, 'Policy', cloudfrontBase64(forged));
    tampering = `Policy re-encoded with DateLessThan ${later} instead of ${expiresAt} (a day later), signature kept`;
  }

  // "Set signed cookies using a canned policy" grants exactly the requested URL, so cookies for
  // a whole path always use a custom policy over the wildcard.
  const cookiePolicy = customPolicy({ resource: wildcard, dateLessThan: expiresAt, ipAddress: ip });
  const cookies = signCookies({ ...common, policy: cookiePolicy });
  const cookieUrl = `${base}${COOKIE_OBJECT}`;
  const cookieHeader = Object.entries(cookies)
    .map(([n, v]) => `${n}=${v}`)
    .join('; ');

  const viewer = viewerIp !== undefined && isIP(viewerIp) !== 0 ? viewerIp : undefined;
  return {
    name: request.name,
    keyPairId,
    policyKind: request.policy,
    hashAlgorithm,
    ip: ip ?? null,
    expiresAt,
    signedUrl,
    expiredUrl,
    tamperedUrl,
    tampering,
    cookieUrl,
    cookies,
    policy,
    cookiePolicy,
    curl: { signedUrl: `curl -i ${shellQuote(signedUrl)}`, cookies: `curl -i -H ${shellQuote(`Cookie: ${cookieHeader}`)} ${shellQuote(cookieUrl)}` },
    viewerIp: viewer ?? null,
    viewerAllowed: ip === undefined || viewer === undefined ? null : inRange(ip, viewer),
  };
}

/** Replaces the value of one query parameter of a URL this module built (names are unique). */
function replaceParam(url: string, name: string, value: string): string {
  const q = url.indexOf('?');
  const params = url
    .slice(q + 1)
    .split('&')
    .map((p) => (p.startsWith(`${name}=`) ? `${name}=${value}` : p));
  return `${url.slice(0, q + 1)}${params.join('&')}`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Whether `address` lies in the CIDR `range` (both already validated). */
function inRange(range: string, address: string): boolean {
  const slash = range.indexOf('/');
  const net = slash < 0 ? range : range.slice(0, slash);
  const netType = isIP(net) === 6 ? 'ipv6' : 'ipv4';
  const prefix = slash < 0 ? (netType === 'ipv6' ? 128 : 32) : Number(range.slice(slash + 1));
  const list = new BlockList();
  list.addSubnet(net, prefix, netType);
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}
