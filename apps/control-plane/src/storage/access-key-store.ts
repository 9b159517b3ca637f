// SigV4 access keys for the CloudFront REST API (docs/cloudfront-api.md, "Access keys"):
// an id, a scope (`read`: the GET operations; `write`: everything), and the secret sealed
// with a key kept outside the database (auth/secret-box.ts).

import { randomBytes, randomInt } from 'node:crypto';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Db } from './db.ts';

export const ACCESS_KEY_SCOPES = ['read', 'write'] as const;
export type AccessKeyScope = (typeof ACCESS_KEY_SCOPES)[number];

export interface AccessKey {
  id: string;
  scope: AccessKeyScope;
  secret: string;
  createdTime: number;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 20 characters as AWS's, but `CFAK` rather than `AKIA`, so secret scanners do not take them for AWS keys. */
function newAccessKeyId(): string {
  let id = 'CFAK';
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export class AccessKeyStore {
  private readonly db: Db;
  private readonly now: () => number;
  private readonly box: () => SecretBox;

  /** `box` is called when a secret is first sealed or opened (it may create the key file). */
  constructor(db: Db, now: () => number, box: () => SecretBox) {
    this.db = db;
    this.now = now;
    this.box = box;
  }

  create(scope: AccessKeyScope): AccessKey {
    // 40 characters of base64, as AWS's secret access keys.
    const secret = randomBytes(30).toString('base64');
    for (;;) {
      const id = newAccessKeyId();
      if (this.db.get('SELECT 1 FROM access_keys WHERE id = ?', id) !== undefined) continue;
      const createdTime = this.now();
      this.db.run('INSERT INTO access_keys (id, scope, sealed_secret, created_at) VALUES (?, ?, ?, ?)', id, scope, this.box().seal(secret, id), createdTime);
      return { id, scope, secret, createdTime };
    }
  }

  /** The key, or undefined when unknown (or its secret cannot be opened with this key file). */
  get(id: string): AccessKey | undefined {
    const row = this.db.get('SELECT id, scope, sealed_secret, created_at FROM access_keys WHERE id = ?', id);
    if (row === undefined) return undefined;
    const secret = this.box().open(row.sealed_secret as string, id);
    return secret === undefined ? undefined : { id, scope: row.scope as AccessKeyScope, secret, createdTime: row.created_at as number };
  }

  delete(id: string): boolean {
    return this.db.run('DELETE FROM access_keys WHERE id = ?', id) > 0;
  }
}
