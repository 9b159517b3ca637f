// Tags per resource ARN (CloudFront's TagResource, UntagResource, ListTagsForResource). Tags
// are not config: edges never see them, and changing them advances no seq.

import type { Db } from './db.ts';

export interface Tag {
  Key: string;
  Value: string;
}

export class TagStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Sorted by key. */
  list(resource: string): Tag[] {
    return this.db.all('SELECT key, value FROM tags WHERE resource = ? ORDER BY key', resource).map((r) => ({ Key: r.key as string, Value: r.value as string }));
  }

  /** Adds or replaces each tag, in one transaction. */
  put(resource: string, tags: readonly Tag[]): void {
    this.db.tx(() => {
      for (const t of tags) this.db.run('INSERT INTO tags (resource, key, value) VALUES (?, ?, ?) ON CONFLICT (resource, key) DO UPDATE SET value = excluded.value', resource, t.Key, t.Value);
    });
  }

  remove(resource: string, keys: readonly string[]): void {
    this.db.tx(() => {
      for (const k of keys) this.db.run('DELETE FROM tags WHERE resource = ? AND key = ?', resource, k);
    });
  }

  /** A deleted resource's tags go with it. */
  drop(resource: string): void {
    this.db.run('DELETE FROM tags WHERE resource = ?', resource);
  }
}
