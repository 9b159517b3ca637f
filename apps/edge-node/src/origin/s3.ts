import { readFileSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { s3BucketOf, type OriginAccessControl } from '@cachefront/config';

/**
 * S3 origins behind origin access control ("Restrict access to an Amazon S3 origin"): the
 * edge signs its requests to the bucket with SigV4, as CloudFront does, using credentials
 * that are the edge's own (`--s3-credentials FILE`, or AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY in its environment). They never enter the config, the control
 * plane or a log line: the primary reads them once and hands them to its worker threads
 * in memory.
 */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** Reads `{accessKeyId, secretAccessKey, sessionToken?}` (JSON) from `file`; throws a message naming what is wrong (never the secret). */
export function readS3Credentials(file: string): S3Credentials {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--s3-credentials ${file}: ${err instanceof SyntaxError ? 'not JSON' : (err as Error).message}`);
  }
  const field = (name: string, required: boolean): string | undefined => {
    const v = (raw as Record<string, unknown> | null)?.[name];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v === '') throw new Error(`--s3-credentials ${file}: needs a non-empty string ${name} (the file is {"accessKeyId": ..., "secretAccessKey": ..., "sessionToken"?: ...})`);
    return v;
  };
  return { accessKeyId: field('accessKeyId', true)!, secretAccessKey: field('secretAccessKey', true)!, sessionToken: field('sessionToken', false) };
}

/** Credentials from the standard environment variables, when both are set. */
export function s3CredentialsFromEnv(env: NodeJS.ProcessEnv): S3Credentials | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: sessionToken || undefined } : undefined;
}

export type Headers = Record<string, string | string[]>;

/**
 * The origin request's headers as they leave for an S3 origin: Host is always the bucket's
 * domain name (S3 routes on it; CloudFront never forwards a viewer's Host to S3), and the
 * origin access control's signing behavior applies:
 * - `always`: signed, a viewer's Authorization replaced;
 * - `no-override`: a forwarded viewer Authorization goes as is, otherwise signed;
 * - `never` (or no origin access control): not signed.
 * Signed are Host, X-Amz-Date, X-Amz-Content-Sha256 (UNSIGNED-PAYLOAD), the session token
 * and every other x-amz-* header forwarded (S3 refuses unsigned ones): the rest may be
 * forwarded as the behavior says without invalidating the signature.
 */
export function s3RequestSigner(domainName: string, oac: OriginAccessControl | undefined, credentials: S3Credentials | undefined): (req: { method: string; path: string; headers: Headers }) => Promise<Headers> {
  const region = s3BucketOf(domainName)?.region ?? 'us-east-1';
  const signer = credentials && new SignatureV4({ service: 's3', region, credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  return async ({ method, path, headers }) => {
    const out: Headers = { ...headers, host: domainName };
    const behavior = oac?.signingBehavior ?? 'never';
    if (behavior === 'never' || (behavior === 'no-override' && out.authorization !== undefined)) return out;
    delete out.authorization;
    // An origin access control but no credentials: sent unsigned, and the bucket says AccessDenied
    // (the edge warned at startup; startEdge).
    if (signer === undefined) return out;
    const q = path.indexOf('?');
    const signed = await signer.sign({
      method,
      protocol: 'https:',
      hostname: domainName,
      path: q === -1 ? path : path.slice(0, q),
      query: q === -1 ? {} : parseQuery(path.slice(q + 1)),
      headers: { ...amzHeaders(out), host: domainName, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = value;
    return out;
  };
}

/** The x-amz-* headers of `headers` (joined when repeated), which S3 wants signed. */
function amzHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('x-amz-')) out[name] = Array.isArray(value) ? value.join(',') : value;
  return out;
}

/** A raw query string as SigV4's canonical query sees it: names and values percent-decoded ('+' stays '+', as S3 reads it). */
export function parseQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decode(part.slice(eq + 1));
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
