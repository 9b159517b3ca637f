// One versioned table: every kind the store keeps (distributions, policies, public keys and
// key groups, functions, key value stores, real-time log configs) is a pair of tables of
// this shape (docs/control-plane.md, "Distributions": "every mutation ... appends an
// immutable version row and advances the global sequence number `seq`"):
//
//   <versions> (vid, [kind,] <id>, seq, op, etag, config, ..., created_at)  append-only
//   <current>  ([kind,] <id>, vid, ..., created_at)                          id -> latest vid
//
// `created_at` of a current row is its first version's time. The table and column names
// are the spec's, so the tables migrations.ts made are used as they are.

import type { SQLInputValue } from 'node:sqlite';
import type { Db, Row } from './db.ts';
import { newEtag } from './ids.ts';

export interface TableSpec {
  /** The version rows (never updated or deleted: triggers refuse). */
  versions: string;
  /** The versions' id column (`distribution_id`, `policy_id`, `name`, ...). */
  versionId: string;
  /** The current rows: one per live entry, pointing at its latest version. */
  current: string;
  /** The current rows' id column (`id` or `name`). */
  currentId: string;
  /** Set when several kinds share the tables: this kind's value of their `kind` column. */
  kind?: string;
  /** A column of the current row set to the seq of each write (a distribution's config_seq). */
  seqColumn?: string;
  /** More columns of a version row (a key value store's changed key and value). */
  versionColumns?: readonly string[];
  /** More expressions read with each current entry; `c` is the current row. */
  select?: string;
}

/** A live entry: its current version. */
export interface Current<C> {
  id: string;
  etag: string;
  config: C;
  /** When its first version was stored. */
  createdTime: number;
  /** When its current version was stored. */
  lastModified: number;
  /** The row as read, for the spec's own columns (`seqColumn`, `select`). */
  row: Row;
}

/** One version row: history, never changed. A delete has no ETag and no config. */
export interface Version<C> {
  seq: number;
  op: string;
  etag: string | null;
  config: C | null;
  createdAt: number;
}

export interface Written {
  seq: number;
  etag: string;
  lastModified: number;
}

export class VersionedTable<C> {
  private readonly db: Db;
  private readonly spec: TableSpec;
  private readonly now: () => number;
  private readonly read: (json: string) => C;
  /** `kind = ? AND ` for shared tables (with `by` as the kind's parameter), else nothing. */
  private readonly byKind: (alias?: string) => string;
  private readonly select: string;

  /** `read` turns a stored config into the entry (e.g. filling what older versions lacked). */
  constructor(db: Db, spec: TableSpec, now: () => number, read: (json: string) => C = (json) => JSON.parse(json) as C) {
    this.db = db;
    this.spec = spec;
    this.now = now;
    this.read = read;
    this.byKind = (alias) => (spec.kind === undefined ? '' : `${alias === undefined ? '' : `${alias}.`}kind = ? AND `);
    const extra = [spec.seqColumn === undefined ? '' : `, c.${spec.seqColumn}`, spec.select === undefined ? '' : `, ${spec.select}`].join('');
    this.select = `SELECT c.${spec.currentId} AS id, c.created_at AS first_created_at, v.etag, v.config, v.created_at${extra} FROM ${spec.current} c JOIN ${spec.versions} v ON v.vid = c.vid`;
  }

  /** Every live entry, oldest first. */
  list(): Current<C>[] {
    const where = this.spec.kind === undefined ? '' : 'WHERE c.kind = ? ';
    return this.db.all(`${this.select} ${where}ORDER BY c.created_at, c.rowid`, ...this.params()).map((r) => this.current(r));
  }

  get(id: string): Current<C> | undefined {
    const row = this.db.get(`${this.select} WHERE ${this.byKind('c')}c.${this.spec.currentId} = ?`, ...this.params(id));
    return row === undefined ? undefined : this.current(row);
  }

  /** Whether `id` was ever used, deleted or not (generated ids are never reused). */
  used(id: string): boolean {
    const { versions, versionId } = this.spec;
    return this.db.get(`SELECT 1 FROM ${versions} WHERE ${this.byKind()}${versionId} = ? LIMIT 1`, ...this.params(id)) !== undefined;
  }

  /** Every version row of `id`, oldest first, its config as written. */
  versions(id: string): Version<C>[] {
    const { versions, versionId } = this.spec;
    return this.db.all(`SELECT seq, op, etag, config, created_at FROM ${versions} WHERE ${this.byKind()}${versionId} = ? ORDER BY vid`, ...this.params(id)).map((r) => ({
      seq: r.seq as number,
      op: r.op as string,
      etag: r.etag as string | null,
      config: r.config === null ? null : (JSON.parse(r.config as string) as C),
      createdAt: r.created_at as number,
    }));
  }

  /**
   * Appends a version of `id` with a new ETag and the next seq, and points the current row at
   * it. `config: false`: the change is not part of the config edges serve (config_seq stays).
   * Call inside a transaction.
   */
  write(id: string, op: string, config: C, o: { columns?: Record<string, SQLInputValue>; config?: boolean } = {}): Written {
    const { versions, versionId, current, currentId, seqColumn } = this.spec;
    const seq = this.db.nextSeq();
    const etag = newEtag();
    const now = this.now();
    const extra = this.spec.versionColumns ?? [];
    const columns = [...this.kindColumn(), versionId, 'seq', 'op', 'etag', 'config', ...extra, 'created_at'];
    const vid = this.db.get(
      `INSERT INTO ${versions} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING vid`,
      ...this.params(id, seq, op, etag, JSON.stringify(config), ...extra.map((c) => o.columns?.[c] ?? null), now),
    )?.vid as number;
    const key = [...this.kindColumn(), currentId];
    const pointer = [...key, 'vid', ...(seqColumn === undefined ? [] : [seqColumn]), 'created_at'];
    const updates = ['vid', ...(seqColumn === undefined ? [] : [seqColumn])].map((c) => `${c} = excluded.${c}`);
    this.db.run(
      `INSERT INTO ${current} (${pointer.join(', ')}) VALUES (${pointer.map(() => '?').join(', ')}) ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
      ...this.params(id, vid, ...(seqColumn === undefined ? [] : [seq]), now),
    );
    if (o.config !== false) this.db.setConfigSeq(seq);
    return { seq, etag, lastModified: now };
  }

  /** Appends the `delete` version of `id` and drops its current row (a config change). Call inside a transaction. */
  remove(id: string): { seq: number } {
    const { versions, versionId, current, currentId } = this.spec;
    const seq = this.db.nextSeq();
    const columns = [...this.kindColumn(), versionId, 'seq', 'op', 'etag', 'config', 'created_at'];
    this.db.run(`INSERT INTO ${versions} (${columns.join(', ')}) VALUES (${columns.map((c) => (c === 'op' ? "'delete'" : c === 'etag' || c === 'config' ? 'NULL' : '?')).join(', ')})`, ...this.params(id, seq, this.now()));
    this.db.run(`DELETE FROM ${current} WHERE ${this.byKind()}${currentId} = ?`, ...this.params(id));
    this.db.setConfigSeq(seq);
    return { seq };
  }

  /** Sets the seq column of `id`'s current row (a change elsewhere affects it). */
  touch(id: string, seq: number): void {
    const { current, currentId, seqColumn } = this.spec;
    if (seqColumn === undefined) throw new Error(`${current} has no seq column`);
    this.db.run(`UPDATE ${current} SET ${seqColumn} = ? WHERE ${this.byKind()}${currentId} = ?`, seq, ...this.params(id));
  }

  private kindColumn(): string[] {
    return this.spec.kind === undefined ? [] : ['kind'];
  }

  /** The statement's parameters, the kind first for shared tables. */
  private params(...values: SQLInputValue[]): SQLInputValue[] {
    return this.spec.kind === undefined ? values : [this.spec.kind, ...values];
  }

  private current(r: Row): Current<C> {
    return {
      id: r.id as string,
      etag: r.etag as string,
      config: this.read(r.config as string),
      createdTime: r.first_created_at as number,
      lastModified: r.created_at as number,
      row: r,
    };
  }
}

/** A store over one versioned table: its live entries, as records made by `of`. */
export class TableStore<C, R> {
  protected readonly table: VersionedTable<C>;
  private readonly of: (c: Current<C>) => R;

  constructor(table: VersionedTable<C>, of: (c: Current<C>) => R) {
    this.table = table;
    this.of = of;
  }

  list(): R[] {
    return this.table.list().map((c) => this.of(c));
  }

  get(id: string): R | undefined {
    const c = this.table.get(id);
    return c === undefined ? undefined : this.of(c);
  }
}
