// Tests' SigV4 signer: what an AWS SDK sends, made with the SDK's own signer.

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SignOptions {
  method: string;
  /** Path and query, e.g. `/2020-05-31/distribution?WithTags`. */
  target: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  key: { id: string; secret: string };
  date?: Date;
  host?: string;
  service?: string;
}

/** The headers (lower-case) of a signed request. */
export async function signedHeaders(o: SignOptions): Promise<Record<string, string>> {
  const url = new URL(o.target, `http://${o.host ?? 'localhost'}`);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const signer = new SignatureV4({ credentials: { accessKeyId: o.key.id, secretAccessKey: o.key.secret }, region: 'us-east-1', service: o.service ?? 'cloudfront', sha256: Sha256 });
  const signed = await signer.sign(
    { method: o.method, protocol: 'http:', hostname: url.hostname, path: url.pathname, query, headers: { host: url.host, ...o.headers }, body: o.body },
    { signingDate: o.date ?? new Date() },
  );
  return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
}
