// Key value stores in the store (docs/control-plane.md, "Key value stores"). Each change
// (create, a key put or deleted, delete) is one transaction appending an immutable version
// row (a key change records its key and value) and advancing the global `seq`; kvs_items
// holds the current keys. Every change is a config change: edges get the store's data in
// the snapshot, and the distributions whose functions read the store take its seq.

import { randomUUID } from 'node:crypto';
import { MAX_COMMENT_LENGTH, MAX_KVS_BYTES, MAX_KVS_KEY_BYTES, MAX_KVS_VALUE_BYTES, type Issue, type KeyValueStore } from '@cachefront/config';
import type { Db, Row } from './db.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { newEtag } from './ids.ts';
import { checkIfMatch } from './preconditions.ts';

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

const SELECT = `SELECT s.id, s.created_at AS first_created_at, v.etag, v.config, v.created_at,
  (SELECT count(*) FROM kvs_items i WHERE i.store_id = s.id) AS item_count,
  (SELECT coalesce(sum(length(CAST(i.key AS BLOB)) + length(CAST(i.value AS BLOB))), 0) FROM kvs_items i WHERE i.store_id = s.id) AS size
  FROM key_value_stores s JOIN kvs_versions v ON v.vid = s.vid`;

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
  /** Called after each committed mutation (the store drops its cached snapshot). */
  changed: () => void;
}

export class KvsStore {
  private readonly o: KvsStoreOptions;

  constructor(o: KvsStoreOptions) {
    this.o = o;
  }

  list(): KvsRecord[] {
    return this.o.db.all(`${SELECT} ORDER BY s.created_at, s.rowid`).map(kvsOf);
  }

  get(id: string): KvsRecord | undefined {
    const row = this.o.db.get(`${SELECT} WHERE s.id = ?`, id);
    return row === undefined ? undefined : kvsOf(row);
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
    return this.mutation(() => {
      if (this.get(id as string) !== undefined) throw new ControlPlaneError('KeyValueStoreAlreadyExists', `key value store ${id as string} already exists`);
      const clash = this.list().find((s) => s.name === name);
      if (clash !== undefined) throw new ControlPlaneError('KeyValueStoreAlreadyExists', `key value store ${clash.id} is already named '${name as string}'`);
      return this.write(id as string, 'create', { name: name as string, comment: comment as string });
    });
  }

  /** `DELETE /v1/key-value-stores/:id`: refused (KeyValueStoreInUse) while a function is associated with it. */
  delete(id: string, ifMatch: string | undefined): { seq: number } {
    return this.mutation(() => {
      checkIfMatch(this.require(id), ifMatch, true);
      const users = this.o.functionsUsing(id);
      if (users.length > 0) throw new ControlPlaneError('KeyValueStoreInUse', `key value store ${id} is associated with function ${users.join(', ')}`);
      const seq = this.o.db.nextSeq();
      this.o.db.run("INSERT INTO kvs_versions (store_id, seq, op, etag, config, created_at) VALUES (?, ?, 'delete', NULL, NULL, ?)", id, seq, this.o.now());
      this.o.db.run('DELETE FROM kvs_items WHERE store_id = ?', id);
      this.o.db.run('DELETE FROM key_value_stores WHERE id = ?', id);
      this.o.db.setConfigSeq(seq);
      return { seq };
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
    return this.mutation(() => {
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
    return this.mutation(() => {
      const current = this.require(id);
      checkIfMatch(current, ifMatch, false);
      if (this.o.db.run('DELETE FROM kvs_items WHERE store_id = ? AND key = ?', id, key) === 0) {
        throw new ControlPlaneError('NoSuchKey', `key value store ${id} has no key '${key}'`);
      }
      return this.write(id, 'delete-key', current, key);
    });
  }

  private write(id: string, op: 'create' | 'put-key' | 'delete-key', meta: { name: string; comment: string }, key?: string, value?: string): KvsRecord {
    const { db } = this.o;
    const seq = db.nextSeq();
    const now = this.o.now();
    const vid = db.get(
      'INSERT INTO kvs_versions (store_id, seq, op, etag, config, key, value, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING vid',
      id,
      seq,
      op,
      newEtag(),
      JSON.stringify({ name: meta.name, comment: meta.comment }),
      key ?? null,
      value ?? null,
      now,
    )?.vid as number;
    db.run('INSERT INTO key_value_stores (id, vid, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET vid = excluded.vid', id, vid, now);
    db.setConfigSeq(seq);
    this.o.bumpUsers(id);
    return this.require(id);
  }

  private mutation<T>(fn: () => T): T {
    const result = this.o.db.tx(fn);
    this.o.changed();
    return result;
  }
}

function kvsOf(r: Row): KvsRecord {
  const meta = JSON.parse(r.config as string) as { name: string; comment: string };
  return {
    id: r.id as string,
    etag: r.etag as string,
    name: meta.name,
    comment: meta.comment,
    itemCount: r.item_count as number,
    totalSizeInBytes: r.size as number,
    createdTime: r.first_created_at as number,
    lastModified: r.created_at as number,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
