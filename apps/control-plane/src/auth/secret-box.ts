// Access key secrets at rest. SigV4 is an HMAC: verifying a request needs the secret itself,
// so it cannot be kept as a one-way hash as a password would be. Each secret is sealed with
// AES-256-GCM under a key that lives in a file beside the database (`access-key-secret`, 32
// random bytes, mode 0600, made once), never in it: a copy of the database alone does not
// reveal a secret. The key id is the additional authenticated data, so a sealed secret moved
// to another key's row does not open.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION = 'v1';

export interface SecretBox {
  seal(plain: string, keyId: string): string;
  /** The secret, or undefined when the sealed text was not made with this key for `keyId`. */
  open(sealed: string, keyId: string): string | undefined;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the access key secret must be 32 bytes');
  return {
    seal(plain, keyId) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(keyId));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    open(sealed, keyId) {
      const [version, iv, tag, ct] = sealed.split(':');
      if (version !== VERSION || iv === undefined || tag === undefined || ct === undefined) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(keyId));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** The file beside the database `dataPath` that holds the sealing key. */
export function secretBoxFile(dataPath: string): string {
  return join(dirname(dataPath), 'access-key-secret');
}

/** The sealing key of the database `dataPath`, made on first use ('wx': never overwrite one another process just wrote). */
export function loadSecretBox(dataPath: string): SecretBox {
  const path = secretBoxFile(dataPath);
  mkdirSync(dirname(path), { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} is not a 32-byte hex key; restore it from a backup (the access keys sealed with it cannot be read without it)`);
  return secretBox(Buffer.from(hex, 'hex'));
}
