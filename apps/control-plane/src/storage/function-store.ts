// CloudFront Functions in the store (docs/control-plane.md, "Functions"). A function has two
// stages: DEVELOPMENT (what POST and PUT write) and LIVE (what the last publish copied,
// and what edges run). Each mutation appends an immutable version row holding both stages
// and advances the global `seq`. Only LIVE is config: publishing or deleting a published
// function is a config change, and the distributions associating it take its seq.

import { parseConfig, type CloudFrontFunction, type Issue } from '@cachefront/config';
import { compileFunction } from '@cachefront/functions';
import type { Db, Row } from './db.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { newEtag } from './ids.ts';
import { checkIfMatch } from './preconditions.ts';
import { usesFunction } from '../resources/references.ts';
import type { DistributionRecord } from './store.ts';

export type FunctionStage = 'DEVELOPMENT' | 'LIVE';

/** One stage of a function: a config file's function entry, always with `code`. */
export type FunctionCode = Required<Pick<CloudFrontFunction, 'name' | 'runtime' | 'comment' | 'code' | 'keyValueStoreAssociations'>>;

export interface FunctionRecord {
  id: string; // the name (checkIfMatch names it)
  etag: string;
  development: FunctionCode;
  live: FunctionCode | null;
  createdTime: number;
  lastModified: number;
}

const SELECT = 'SELECT f.name, f.created_at AS first_created_at, v.etag, v.config, v.created_at FROM functions f JOIN function_versions v ON v.vid = f.vid';

export interface FunctionStoreOptions {
  db: Db;
  now: () => number;
  distributions: () => DistributionRecord[];
  /** The ids of the stored key value stores (keyValueStoreAssociations must name one). */
  keyValueStoreIds: () => string[];
  /** Called after each committed mutation that changed the config (the store drops its cached snapshot). */
  changed: () => void;
}

export class FunctionStore {
  private readonly o: FunctionStoreOptions;

  constructor(o: FunctionStoreOptions) {
    this.o = o;
  }

  list(): FunctionRecord[] {
    return this.o.db.all(`${SELECT} ORDER BY f.created_at, f.rowid`).map(functionOf);
  }

  get(name: string): FunctionRecord | undefined {
    const row = this.o.db.get(`${SELECT} WHERE f.name = ?`, name);
    return row === undefined ? undefined : functionOf(row);
  }

  /** The LIVE stage of every published function: what edges run. */
  live(): FunctionCode[] {
    return this.list().flatMap((f) => (f.live === null ? [] : [f.live]));
  }

  require(name: string): FunctionRecord {
    const f = this.get(name);
    if (f === undefined) throw new ControlPlaneError('NoSuchFunctionExists', `no function ${name}`);
    return f;
  }

  /** `POST /v1/functions`: `{name, runtime?, comment?, code, keyValueStoreAssociations?}`, in DEVELOPMENT. */
  async create(body: unknown): Promise<FunctionRecord> {
    const fn = await this.parse(body, []);
    return this.o.db.tx(() => {
      if (this.get(fn.name) !== undefined) throw new ControlPlaneError('FunctionAlreadyExists', `function ${fn.name} already exists`);
      return this.write('create', { development: fn, live: null });
    });
  }

  /** `PUT /v1/functions/:name`: replaces DEVELOPMENT; LIVE (and so the edges) are untouched. */
  async update(name: string, ifMatch: string | undefined, body: unknown): Promise<FunctionRecord> {
    checkIfMatch(this.require(name), ifMatch, true);
    const bodyName = isRecord(body) ? body.name : undefined;
    const extra = bodyName !== undefined && bodyName !== name ? [{ path: 'name', message: `must be absent or '${name}' (the function being updated)` }] : [];
    const fn = await this.parse(isRecord(body) ? { ...body, name } : body, extra);
    // Compiling is async: check the precondition again inside the transaction.
    return this.o.db.tx(() => {
      const current = this.require(name);
      checkIfMatch(current, ifMatch, true);
      return this.write('update', { development: fn, live: current.live });
    });
  }

  /** `POST /v1/functions/:name/publish`: DEVELOPMENT becomes LIVE; distributions associating it take the seq. */
  publish(name: string, ifMatch: string | undefined): FunctionRecord {
    return this.mutation(() => {
      const current = this.require(name);
      checkIfMatch(current, ifMatch, true);
      const stores = new Set(this.o.keyValueStoreIds());
      const gone = current.development.keyValueStoreAssociations.filter((id) => !stores.has(id));
      if (gone.length > 0) {
        throw invalidArgument(
          gone.map((id) => ({ path: 'keyValueStoreAssociations', message: `no key value store with id '${id}'; update the function before publishing it` })),
          'the function',
        );
      }
      const record = this.write('publish', { development: current.development, live: current.development });
      this.bumpUsers(name);
      return record;
    });
  }

  /** `DELETE /v1/functions/:name`: refused (FunctionInUse) while a distribution associates it. */
  delete(name: string, ifMatch: string | undefined): { seq: number } {
    return this.mutation(() => {
      checkIfMatch(this.require(name), ifMatch, true);
      const users = this.o.distributions().filter((d) => usesFunction(d.config, name));
      if (users.length > 0) throw new ControlPlaneError('FunctionInUse', `function ${name} is associated with distribution ${users.map((d) => d.id).join(', ')}`);
      const seq = this.o.db.nextSeq();
      this.o.db.run("INSERT INTO function_versions (name, seq, op, etag, config, created_at) VALUES (?, ?, 'delete', NULL, NULL, ?)", name, seq, this.o.now());
      this.o.db.run('DELETE FROM functions WHERE name = ?', name);
      this.o.db.setConfigSeq(seq);
      return { seq };
    });
  }

  /** The distributions associating a function whose LIVE stage reads `storeId` take the current seq. */
  bumpStoreUsers(storeId: string): void {
    for (const f of this.live()) if (f.keyValueStoreAssociations.includes(storeId)) this.bumpUsers(f.name);
  }

  private bumpUsers(name: string): void {
    const seq = this.o.db.meta('seq');
    for (const d of this.o.distributions()) {
      if (usesFunction(d.config, name)) this.o.db.run('UPDATE distributions SET config_seq = ? WHERE id = ?', seq, d.id);
    }
  }

  /**
   * Validates with the config file's rules (parseConfig on a one-function config, so the
   * name, size and runtime rules are the same), then compiles: a syntax error is a 400.
   */
  private async parse(body: unknown, extra: Issue[]): Promise<FunctionCode> {
    const issues = [...extra];
    if (isRecord(body) && body.file !== undefined) issues.push({ path: 'file', message: 'not accepted by the API; send the code itself as code' });
    if (isRecord(body) && body.code === undefined) issues.push({ path: 'code', message: 'is required' });
    const entry = isRecord(body) ? { ...body, file: undefined, code: body.code ?? '' } : body;
    const stores = this.o.keyValueStoreIds().map((id) => ({ id, data: {} }));
    const parsed = parseConfig({ functions: [entry], keyValueStores: stores });
    for (const i of parsed.issues ?? []) {
      if (i.path === 'functions[0]' || i.path.startsWith('functions[0].')) issues.push({ path: i.path.slice('functions[0].'.length), message: i.message });
      else if (i.path === 'functions') issues.push({ path: '', message: i.message });
    }
    if (parsed.issues || issues.length > 0) throw invalidArgument(issues, 'the function');
    const f = parsed.value.functions[0] as CloudFrontFunction;
    const fn: FunctionCode = { name: f.name, runtime: f.runtime, comment: f.comment, code: f.code ?? '', keyValueStoreAssociations: f.keyValueStoreAssociations };
    const compiled = await compileFunction({ name: fn.name, code: fn.code, runtime: fn.runtime });
    if ('error' in compiled) {
      throw new ControlPlaneError('InvalidArgument', `the function does not compile: ${compiled.error.message}`, { issues: [{ path: 'code', message: compiled.error.message }] });
    }
    compiled.dispose();
    return fn;
  }

  private write(op: 'create' | 'update' | 'publish', stages: { development: FunctionCode; live: FunctionCode | null }): FunctionRecord {
    const { db } = this.o;
    const name = stages.development.name;
    const seq = db.nextSeq();
    const now = this.o.now();
    const vid = db.get(
      'INSERT INTO function_versions (name, seq, op, etag, config, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING vid',
      name,
      seq,
      op,
      newEtag(),
      JSON.stringify(stages),
      now,
    )?.vid as number;
    db.run('INSERT INTO functions (name, vid, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET vid = excluded.vid', name, vid, now);
    // Only LIVE reaches edges: DEVELOPMENT changes do not change the config.
    if (op === 'publish') db.setConfigSeq(seq);
    return this.require(name);
  }

  private mutation<T>(fn: () => T): T {
    const result = this.o.db.tx(fn);
    this.o.changed();
    return result;
  }
}

function functionOf(r: Row): FunctionRecord {
  const stages = JSON.parse(r.config as string) as { development: FunctionCode; live: FunctionCode | null };
  return {
    id: r.name as string,
    etag: r.etag as string,
    development: stages.development,
    live: stages.live,
    createdTime: r.first_created_at as number,
    lastModified: r.created_at as number,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
