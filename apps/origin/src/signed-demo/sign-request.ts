// POST /signed-demo/sign body: parsed and validated once, every problem reported with its path.
import { isIP } from 'node:net';
import type { HashAlgorithm } from '@cachefront/signing';

export interface SignRequest {
  /** Who "signed in"; echoed back as JSON only. */
  name: string;
  /** Seconds from now until the signatures expire. */
  expiresIn: number;
  /** CIDR range (or single address) the viewer must come from; custom policy only. */
  ip: string | undefined;
  policy: 'canned' | 'custom';
  hashAlgorithm: HashAlgorithm;
}

export interface Issue {
  path: string;
  message: string;
}

export const MAX_EXPIRES_IN = 7 * 24 * 3600;
export const MAX_NAME_LENGTH = 64;
/** Largest body read; a valid one is well under 1 KiB. */
export const MAX_BODY_BYTES = 8 * 1024;

const FIELDS = ['name', 'expiresIn', 'ip', 'policy', 'hashAlgorithm'];
/** Unicode general category Cc: C0 controls, DEL and C1 controls. */
const CONTROL = /\p{Cc}/u;

export function parseSignRequest(body: string): { value: SignRequest } | { issues: Issue[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { issues: [{ path: '', message: 'the body must be JSON: {"name", "expiresIn", "ip"?, "policy"?, "hashAlgorithm"?}' }] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { issues: [{ path: '', message: 'the body must be a JSON object' }] };
  const o = json as Record<string, unknown>;
  const issues: Issue[] = [];
  const problem = (path: string, message: string) => issues.push({ path, message });

  for (const key of Object.keys(o)) if (!FIELDS.includes(key)) problem(key, `unknown field (expected ${FIELDS.join(', ')})`);

  const name = typeof o.name === 'string' ? o.name.trim() : undefined;
  if (name === undefined || name === '') problem('name', 'required: a non-empty string');
  else if (name.length > MAX_NAME_LENGTH) problem('name', `at most ${MAX_NAME_LENGTH} characters (got ${name.length})`);
  else if (CONTROL.test(name)) problem('name', 'must not contain control characters');

  const expiresIn = o.expiresIn;
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) {
    problem('expiresIn', `required: whole seconds from 1 to ${MAX_EXPIRES_IN} (7 days), got ${JSON.stringify(expiresIn) ?? 'nothing'}`);
  }

  const policy = o.policy ?? 'canned';
  if (policy !== 'canned' && policy !== 'custom') problem('policy', `must be "canned" or "custom", got ${JSON.stringify(policy)}`);

  const hashAlgorithm = o.hashAlgorithm ?? 'SHA1';
  if (hashAlgorithm !== 'SHA1' && hashAlgorithm !== 'SHA256') problem('hashAlgorithm', `must be "SHA1" or "SHA256", got ${JSON.stringify(hashAlgorithm)}`);

  let ip: string | undefined;
  if (o.ip !== undefined && o.ip !== null && o.ip !== '') {
    if (typeof o.ip !== 'string') {
      problem('ip', 'must be a CIDR range string such as "127.0.0.1/32"');
    } else {
      ip = o.ip.trim();
      const bad = cidrProblem(ip);
      if (bad) problem('ip', bad);
      // CloudFront: only a custom policy has an IpAddress condition; a canned one is URL + expiry.
      else if (policy === 'canned') problem('ip', 'an IP range needs a custom policy (a canned policy holds only the URL and the expiry)');
    }
  }

  if (issues.length > 0) return { issues };
  return { value: { name: name as string, expiresIn: expiresIn as number, ip, policy: policy as SignRequest['policy'], hashAlgorithm: hashAlgorithm as HashAlgorithm } };
}

/** `address` or `address/prefix`, IPv4 or IPv6 (what the signing package's policies accept). */
export function cidrProblem(text: string): string | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = address.includes('%') ? 0 : isIP(address);
  if (version === 0) return `${JSON.stringify(text)} is not an IP address or CIDR range (e.g. 127.0.0.1/32 or 192.168.0.0/16)`;
  if (slash < 0) return undefined;
  const prefix = text.slice(slash + 1);
  const max = version === 4 ? 32 : 128;
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > max) return `the prefix length after "/" must be 0 to ${max}, got ${JSON.stringify(prefix)}`;
  return undefined;
}
