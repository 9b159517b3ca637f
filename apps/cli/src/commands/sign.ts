import { readFileSync } from 'node:fs';
import { customPolicy, signCookies, signUrl, type HashAlgorithm } from '@cachefront/signing';
import { parseFlags, UsageError } from '../usage.ts';

// `cachefront sign-url` and `cachefront sign-cookies`: CloudFront signed URLs and cookies
// from a key pair, canned policy by default, custom when any custom-only option is given.

const COMMON = `  --key-pair-id ID         the public key's id (as in publicKeys / the control plane)
  --private-key FILE       the matching PEM private key (RSA 2048 or ECDSA P-256)
  --expires WHEN           +30m, +12h, +7d, epoch seconds or an ISO date (default +1h)
  --hash-algorithm ALG     SHA1 (default) or SHA256
custom policy (any of these makes one):
  --resource PATTERN       what the signature allows, * and ? wildcards (default: the URL)
  --starts WHEN            not valid before (DateGreaterThan)
  --ip CIDR                only from these addresses (IpAddress), e.g. 203.0.113.0/24
  --policy FILE|JSON       a complete policy document instead of the options above
`;

export const signUrlHelp = `usage: cachefront sign-url URL --key-pair-id ID --private-key FILE [options]

Prints URL signed the way CloudFront signs it (Expires or Policy, Signature, Key-Pair-Id),
ready for curl: curl -H 'Host: ...' "$(cachefront sign-url ...)".

${COMMON}`;

export const signCookiesHelp = `usage: cachefront sign-cookies (--url URL | --resource PATTERN) --key-pair-id ID --private-key FILE [options]

Prints CloudFront's signed cookies (CloudFront-Policy or -Expires, -Signature,
-Key-Pair-Id). Default output is one Cookie header for curl:
curl -H "$(cachefront sign-cookies ...)" ...

  --url URL                the URL a canned policy signs (a custom policy: its Resource)
  --format FMT             header (default) | set-cookie | json
${COMMON}`;

const FLAGS = {
  'key-pair-id': { type: 'string' },
  'private-key': { type: 'string' },
  expires: { type: 'string' },
  'hash-algorithm': { type: 'string' },
  resource: { type: 'string' },
  starts: { type: 'string' },
  ip: { type: 'string' },
  policy: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Common {
  keyPairId: string;
  privateKey: string;
  hashAlgorithm: HashAlgorithm;
  expires: number;
  policy: string | undefined;
}

function common(values: Record<string, string | boolean | undefined>, url: string | undefined, now: number): Common {
  const keyPairId = values['key-pair-id'];
  const keyFile = values['private-key'];
  if (typeof keyPairId !== 'string' || keyPairId === '') throw new UsageError('--key-pair-id is required');
  if (typeof keyFile !== 'string') throw new UsageError('--private-key FILE is required');
  let privateKey: string;
  try {
    privateKey = readFileSync(keyFile, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --private-key ${keyFile}: ${(err as Error).message}`);
  }
  const alg = (values['hash-algorithm'] as string | undefined) ?? 'SHA1';
  if (alg !== 'SHA1' && alg !== 'SHA256') throw new UsageError(`--hash-algorithm must be SHA1 or SHA256, got '${alg}'`);
  const expires = when('expires', values.expires as string | undefined, now) ?? Math.floor(now / 1000) + 3600;
  let policy: string | undefined;
  if (typeof values.policy === 'string') {
    if (values.resource !== undefined || values.starts !== undefined || values.ip !== undefined) throw new UsageError('--policy replaces --resource, --starts and --ip; give one or the other');
    const text = values.policy.trim().startsWith('{') ? values.policy : readText(values.policy);
    try {
      JSON.parse(text);
    } catch {
      throw new UsageError('--policy is not valid JSON');
    }
    policy = text;
  } else if (values.resource !== undefined || values.starts !== undefined || values.ip !== undefined) {
    const ip = values.ip as string | undefined;
    if (ip !== undefined && !/^[0-9.]+\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(ip)) throw new UsageError(`--ip must be a CIDR like 203.0.113.0/24, got '${ip}'`);
    policy = customPolicy({
      resource: (values.resource as string | undefined) ?? url,
      dateLessThan: expires,
      dateGreaterThan: when('starts', values.starts as string | undefined, now),
      ipAddress: ip,
    });
  }
  return { keyPairId, privateKey, hashAlgorithm: alg, expires, policy };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --policy ${file}: ${(err as Error).message}`);
  }
}

/** Epoch seconds from `+30m` / `+12h` / `+7d` / `+90s`, epoch seconds, or an ISO date. */
export function when(flag: string, value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const rel = /^\+(\d+)([smhd])$/.exec(value);
  if (rel) return Math.floor(now / 1000) + Number(rel[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[rel[2] as 's' | 'm' | 'h' | 'd'];
  if (/^\d{9,11}$/.test(value)) return Number(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`--${flag} must be +30m, +12h, +7d, epoch seconds or an ISO date, got '${value}'`);
  return Math.floor(t / 1000);
}

function wrap(err: unknown): never {
  if (err instanceof UsageError) throw err;
  throw new UsageError((err as Error).message);
}

export async function runSignUrl(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) return void process.stdout.write(signUrlHelp);
  const [url, extra] = positionals;
  if (!url || extra !== undefined) throw new UsageError(`exactly one URL is required\n\n${signUrlHelp}`);
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`URL must be absolute (http://host/path), got '${url}'`);
  const c = common(values, url, Date.now());
  try {
    const signed = signUrl({ url, keyPairId: c.keyPairId, privateKey: c.privateKey, hashAlgorithm: c.hashAlgorithm, ...(c.policy ? { policy: c.policy } : { expires: c.expires }) });
    process.stdout.write(`${signed}\n`);
  } catch (err) {
    wrap(err);
  }
}

export async function runSignCookies(argv: string[]): Promise<void> {
  const { values, positionals } = parseFlags(argv, { ...FLAGS, url: { type: 'string' }, format: { type: 'string' } });
  if (values.help) return void process.stdout.write(signCookiesHelp);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (give the URL with --url)\n\n${signCookiesHelp}`);
  const url = values.url;
  if (url === undefined && values.resource === undefined && values.policy === undefined) throw new UsageError(`--url or --resource is required\n\n${signCookiesHelp}`);
  const format = values.format ?? 'header';
  if (!['header', 'set-cookie', 'json'].includes(format)) throw new UsageError(`--format must be header, set-cookie or json, got '${format}'`);
  const c = common(values, url, Date.now());
  let cookies: Record<string, string>;
  try {
    cookies = signCookies({ url, keyPairId: c.keyPairId, privateKey: c.privateKey, hashAlgorithm: c.hashAlgorithm, ...(c.policy ? { policy: c.policy } : { expires: c.expires }) });
  } catch (err) {
    wrap(err);
  }
  const pairs = Object.entries(cookies);
  if (format === 'json') return void process.stdout.write(`${JSON.stringify(cookies, null, 2)}\n`);
  if (format === 'set-cookie') {
    return void process.stdout.write(pairs.map(([k, v]) => `Set-Cookie: ${k}=${v}; Path=/; Secure; HttpOnly`).join('\n') + '\n');
  }
  process.stdout.write(`Cookie: ${pairs.map(([k, v]) => `${k}=${v}`).join('; ')}\n`);
}
