// The control plane's one SQLite file: pragmas, migrations (migrations.ts), transactions,
// and the global sequence number.

import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

export type Row = Record<string, unknown>;

export class Db {
  readonly sql: DatabaseSync;
  private readonly statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();

  constructor(path: string) {
    this.sql = new DatabaseSync(path);
    this.sql.exec('PRAGMA journal_mode = WAL');
    this.sql.exec('PRAGMA synchronous = FULL');
    this.sql.exec('PRAGMA busy_timeout = 5000');
    this.sql.exec('PRAGMA foreign_keys = ON');
    try {
      this.migrate();
    } catch (err) {
      this.sql.close();
      throw err;
    }
  }

  private migrate(): void {
    const current = this.get('PRAGMA user_version')?.user_version as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`database schema version ${current} is newer than this control plane understands (${SCHEMA_VERSION})`);
    }
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      this.tx(() => {
        this.sql.exec(MIGRATIONS[v] as string);
        this.sql.exec(`PRAGMA user_version = ${v}`);
      });
    }
  }

  /**
   * Runs `fn` in one write transaction (`BEGIN IMMEDIATE`: takes the write lock up front).
   * Inside a transaction already, `fn` joins it: several mutations (a distribution and the
   * policies made from its legacy cache settings) commit or roll back together.
   */
  tx<T>(fn: () => T): T {
    if (this.sql.isTransaction) return fn();
    this.sql.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      this.sql.exec('COMMIT');
      return result;
    } catch (err) {
      this.sql.exec('ROLLBACK');
      throw err;
    }
  }

  private stmt(sql: string) {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.sql.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.stmt(sql).get(...params) as Row | undefined;
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }

  /** Rows as `T`s: plain objects of the query's columns, named (`AS`) as T's fields. */
  records<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.all(sql, ...params).map((r) => ({ ...r }) as T);
  }

  run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.stmt(sql).run(...params).changes);
  }

  meta(key: 'seq' | 'config_seq'): number {
    return this.get('SELECT value FROM meta WHERE key = ?', key)?.value as number;
  }

  /** Advances the global sequence number; call inside `tx`. */
  nextSeq(): number {
    const seq = this.meta('seq') + 1;
    this.run("UPDATE meta SET value = ? WHERE key = 'seq'", seq);
    return seq;
  }

  setConfigSeq(seq: number): void {
    this.run("UPDATE meta SET value = ? WHERE key = 'config_seq'", seq);
  }

  close(): void {
    if (this.sql.isOpen) this.sql.close();
  }
}
