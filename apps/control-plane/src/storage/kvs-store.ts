// Key value stores in the store (docs/control-plane.md, "Key value stores"). Each change
// (create, a key put or deleted, delete) is one transaction appending an immutable version
// row (a key change records its key and value) and advancing the global `seq`; kvs_items
// holds the current keys. Every change is a config change: edges get the store's data in
// the snapshot, and the distributions whose functions read the store take its seq.

import { randomUUID } from 'node:crypto';
import { MAX_COMMENT_LENGTH, MAX_KVS_BYTES, MAX_KVS_KEY_BYTES, MAX_KVS_VALUE_BYTES, type Issue, type KeyValueStore } from '@cachefront/config';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import type { Db } from './db.ts';
import { checkIfMatch } from './preconditions.ts';
import { isRecord } from '../is-record.ts';
import { TableStore, VersionedTable, type Current } from './versioned-table.ts';

export interface KvsRecord {
  id: string;
  etag: string;
  name: string;
  comment: string;
  itemCount: number;
  /** Bytes of keys and values (the 5 MB quota counts both). */
  totalSizeInBytes: number;
  createdTime: number;
  lastModified: number;
}

/** A version row's config: the store's own fields (its keys are in kvs_items). */
interface StoreMeta {
  name: string;
  comment: string;
}

/** A key change's version row also records the key and its new value. */
const TABLE = {
  versions: 'kvs_versions',
  versionId: 'store_id',
  current: 'key_value_stores',
  currentId: 'id',
  versionColumns: ['key', 'value'],
  select: `(SELECT count(*) FROM kvs_items i WHERE i.store_id = c.id) AS item_count,
  (SELECT coalesce(sum(length(CAST(i.key AS BLOB)) + length(CAST(i.value AS BLOB))), 0) FROM kvs_items i WHERE i.store_id = c.id) AS size`,
};

/** CreateKeyValueStore Name: "^[a-zA-Z0-9-_]{1,64}$" (the config's function-name rule). */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export interface KvsStoreOptions {
  db: Db;
  now: () => number;
  /** Names of the functions (either stage) whose keyValueStoreAssociations list `id`. */
  functionsUsing: (id: string) => string[];
  /** Marks the distributions whose LIVE functions read `id` with the current seq. */
  bumpUsers: (id: string) => void;
  /** Runs a config mutation: one transaction, then the snapshot is rebuilt on next use. */
  mutation: <T>(fn: () => T) => T;
}

export class KvsStore extends TableStore<StoreMeta, KvsRecord> {
  private readonly o: KvsStoreOptions;

  constructor(o: KvsStoreOptions) {
    super(new VersionedTable(o.db, TABLE, o.now), kvsOf);
    this.o = o;
  }

  require(id: string): KvsRecord {
    const s = this.get(id);
    if (s === undefined) throw new ControlPlaneError('NoSuchKeyValueStore', `no key value store ${id}`);
    return s;
  }

  /** Every store with its data, as a config file's `keyValueStores` (the snapshot's). */
  configs(): KeyValueStore[] {
    return this.list().map((s) => ({ id: s.id, name: s.name, comment: s.comment, data: this.data(s.id) }));
  }

  data(id: string): Record<string, string> {
    const data: Record<string, string> = {};
    for (const r of this.o.db.all('SELECT key, value FROM kvs_items WHERE store_id = ? ORDER BY key', id)) data[r.key as string] = r.value as string;
    return data;
  }

  /** `POST /v1/key-value-stores`: `{id?, name, comment?}`; `id` defaults to a UUID. */
  create(body: unknown): KvsRecord {
    const issues: Issue[] = [];
    if (!isRecord(body)) throw invalidArgument([{ path: '', message: 'must be an object {id?, name, comment?}' }], 'the key value store');
    for (const key of Object.keys(body)) if (!['id', 'name', 'comment'].includes(key)) issues.push({ path: key, message: 'unknown field (expected id, name, comment)' });
    const { id = randomUUID(), name, comment = '' } = body;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) issues.push({ path: 'id', message: "must be 1-64 letters, digits, '-' or '_'" });
    if (typeof name !== 'string' || !NAME.test(name)) issues.push({ path: 'name', message: "is required: 1-64 letters, digits, '-' or '_'" });
    if (typeof comment !== 'string' || comment.length > MAX_COMMENT_LENGTH) issues.push({ path: 'comment', message: `must be a string of at most ${MAX_COMMENT_LENGTH} characters` });
    if (issues.length > 0) throw invalidArgument(issues, 'the key value store');
    return this.o.mutation(() => {
      if (this.get(id as string) !== undefined) throw new ControlPlaneError('KeyValueStoreAlreadyExists', `key value store ${id as string} already exists`);
      const clash = this.list().find((s) => s.name === name);
      if (clash !== undefined) throw new ControlPlaneError('KeyValueStoreAlreadyExists', `key value store ${clash.id} is already named '${name as string}'`);
      return this.write(id as string, 'create', { name: name as string, comment: comment as string });
    });
  }

  /** `DELETE /v1/key-value-stores/:id`: refused (KeyValueStoreInUse) while a function is associated with it. */
  delete(id: string, ifMatch: string | undefined): { seq: number } {
    return this.o.mutation(() => {
      checkIfMatch(this.require(id), ifMatch, true);
      const users = this.o.functionsUsing(id);
      if (users.length > 0) throw new ControlPlaneError('KeyValueStoreInUse', `key value store ${id} is associated with function ${users.join(', ')}`);
      this.o.db.run('DELETE FROM kvs_items WHERE store_id = ?', id);
      return this.table.remove(id);
    });
  }

  getKey(id: string, key: string): string {
    this.require(id);
    const row = this.o.db.get('SELECT value FROM kvs_items WHERE store_id = ? AND key = ?', id, key);
    if (row === undefined) throw new ControlPlaneError('NoSuchKey', `key value store ${id} has no key '${key}'`);
    return row.value as string;
  }

  /** `PUT /:id/keys/:key` `{value}`: CloudFront KeyValueStore limits (key 512 bytes, value 1 KB, store 5 MB). */
  putKey(id: string, key: string, body: unknown, ifMatch: string | undefined): KvsRecord {
    const value = isRecord(body) ? body.value : undefined;
    const issues: Issue[] = [];
    if (key === '' || bytes(key) > MAX_KVS_KEY_BYTES) issues.push({ path: 'key', message: `a key is 1 to ${MAX_KVS_KEY_BYTES} bytes (got ${bytes(key)})` });
    if (typeof value !== 'string') issues.push({ path: 'value', message: 'is required: a string' });
    else if (bytes(value) > MAX_KVS_VALUE_BYTES) issues.push({ path: 'value', message: `a value is at most ${MAX_KVS_VALUE_BYTES} bytes (got ${bytes(value)})` });
    if (issues.length > 0) throw invalidArgument(issues, 'the key');
    return this.o.mutation(() => {
      const current = this.require(id);
      checkIfMatch(current, ifMatch, false);
      const old = this.o.db.get('SELECT value FROM kvs_items WHERE store_id = ? AND key = ?', id, key);
      const size = current.totalSizeInBytes - (old === undefined ? 0 : bytes(key) + bytes(old.value as string)) + bytes(key) + bytes(value as string);
      if (size > MAX_KVS_BYTES) {
        throw invalidArgument([{ path: 'value', message: `key value store ${id} would hold ${size} bytes; a store is limited to ${MAX_KVS_BYTES} bytes (5 MB) of keys and values` }], 'the key');
      }
      this.o.db.run('INSERT INTO kvs_items (store_id, key, value) VALUES (?, ?, ?) ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value', id, key, value as string);
      return this.write(id, 'put-key', current, key, value as string);
    });
  }

  /** `DELETE /:id/keys/:key`. */
  deleteKey(id: string, key: string, ifMatch: string | undefined): KvsRecord {
    return this.o.mutation(() => {
      const current = this.require(id);
      checkIfMatch(current, ifMatch, false);
      if (this.o.db.run('DELETE FROM kvs_items WHERE store_id = ? AND key = ?', id, key) === 0) {
        throw new ControlPlaneError('NoSuchKey', `key value store ${id} has no key '${key}'`);
      }
      return this.write(id, 'delete-key', current, key);
    });
  }

  private write(id: string, op: 'create' | 'put-key' | 'delete-key', meta: StoreMeta, key?: string, value?: string): KvsRecord {
    this.table.write(id, op, { name: meta.name, comment: meta.comment }, { columns: { key: key ?? null, value: value ?? null } });
    this.o.bumpUsers(id);
    return this.require(id);
  }
}

function kvsOf(r: Current<StoreMeta>): KvsRecord {
  return {
    id: r.id,
    etag: r.etag,
    name: r.config.name,
    comment: r.config.comment,
    itemCount: r.row.item_count as number,
    totalSizeInBytes: r.row.size as number,
    createdTime: r.createdTime,
    lastModified: r.lastModified,
  };
}
