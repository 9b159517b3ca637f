// The key tokens are verified with (docs/control-plane.md, "Auth"): RS256 with
// `--jwt-public-key-file`, else HS256 with CACHEFRONT_JWT_SECRET, else `--jwt-secret-file`,
// else the file `jwt-secret` next to the database, generated on first start.

import { randomBytes, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type JwtKeys =
  | { algorithm: 'HS256'; secret: string; source: string }
  | { algorithm: 'RS256'; publicKey: string; source: string };

export interface LoadJwtKeysOptions {
  dataPath: string;
  secretFile?: string;
  publicKeyFile?: string;
  env?: Record<string, string | undefined>;
}

export const SECRET_ENV = 'CACHEFRONT_JWT_SECRET';

/** Throws an Error naming the file and the problem when a key cannot be used. */
export function loadJwtKeys(o: LoadJwtKeysOptions): JwtKeys {
  if (o.publicKeyFile !== undefined) {
    if (o.secretFile !== undefined) throw new Error('give either a JWT secret file or a JWT public key file, not both');
    const pem = readKeyFile(o.publicKeyFile, 'JWT public key');
    try {
      createPublicKey(pem);
    } catch (err) {
      throw new Error(`${o.publicKeyFile} is not a PEM public key: ${(err as Error).message}`);
    }
    return { algorithm: 'RS256', publicKey: pem, source: `public key ${o.publicKeyFile}` };
  }
  const fromEnv = o.env?.[SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { algorithm: 'HS256', secret: fromEnv, source: `environment variable ${SECRET_ENV}` };
  if (o.secretFile !== undefined) return { algorithm: 'HS256', secret: readKeyFile(o.secretFile, 'JWT secret'), source: `file ${o.secretFile}` };
  return defaultSecret(join(dirname(o.dataPath), 'jwt-secret'));
}

/** The secret next to the database: 32 random bytes (hex), mode 0600, made once. */
function defaultSecret(path: string): JwtKeys {
  mkdirSync(dirname(path), { recursive: true });
  try {
    // 'wx': never overwrite a secret another process just wrote.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return { algorithm: 'HS256', secret: readKeyFile(path, 'JWT secret'), source: `file ${path} (generated)` };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { algorithm: 'HS256', secret: readKeyFile(path, 'JWT secret'), source: `file ${path}` };
  }
}

function readKeyFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new Error(`cannot read the ${what} file ${path}: ${(err as Error).message}`);
  }
  if (text === '') throw new Error(`the ${what} file ${path} is empty`);
  return text;
}
