// CloudFront Functions in the store (docs/control-plane.md, "Functions"). A function has two
// stages: DEVELOPMENT (what POST and PUT write) and LIVE (what the last publish copied,
// and what edges run). Each mutation appends an immutable version row holding both stages
// and advances the global `seq`. Only LIVE is config: publishing or deleting a published
// function is a config change, and the distributions associating it take its seq.

import { parseConfig, type CloudFrontFunction, type Issue } from '@cachefront/config';
import { compileFunction } from '@cachefront/functions';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { usesFunction } from '../resources/references.ts';
import type { Db } from './db.ts';
import type { DistributionRecord } from './distribution-store.ts';
import { checkIfMatch } from './preconditions.ts';
import { isRecord } from '../is-record.ts';
import { TableStore, VersionedTable, type Current } from './versioned-table.ts';

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

/** Both stages, as a version row holds them. */
interface Stages {
  development: FunctionCode;
  live: FunctionCode | null;
}

export interface FunctionStoreOptions {
  db: Db;
  now: () => number;
  distributions: () => DistributionRecord[];
  /** The ids of the stored key value stores (keyValueStoreAssociations must name one). */
  keyValueStoreIds: () => string[];
  /** Distribution `id` was affected by the change at `seq` (its configSeq). */
  touch: (distributionId: string, seq: number) => void;
  /** Runs a config mutation: one transaction, then the snapshot is rebuilt on next use. */
  mutation: <T>(fn: () => T) => T;
}

export class FunctionStore extends TableStore<Stages, FunctionRecord> {
  private readonly o: FunctionStoreOptions;

  constructor(o: FunctionStoreOptions) {
    super(new VersionedTable(o.db, { versions: 'function_versions', versionId: 'name', current: 'functions', currentId: 'name' }, o.now), functionOf);
    this.o = o;
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
    return this.o.mutation(() => {
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
    return this.o.mutation(() => {
      checkIfMatch(this.require(name), ifMatch, true);
      const users = this.o.distributions().filter((d) => usesFunction(d.config, name));
      if (users.length > 0) throw new ControlPlaneError('FunctionInUse', `function ${name} is associated with distribution ${users.map((d) => d.id).join(', ')}`);
      return this.table.remove(name);
    });
  }

  /** The distributions associating a function whose LIVE stage reads `storeId` take the current seq. */
  bumpStoreUsers(storeId: string): void {
    for (const f of this.live()) if (f.keyValueStoreAssociations.includes(storeId)) this.bumpUsers(f.name);
  }

  private bumpUsers(name: string): void {
    const seq = this.o.db.meta('seq');
    for (const d of this.o.distributions()) {
      if (usesFunction(d.config, name)) this.o.touch(d.id, seq);
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

  /** Only LIVE reaches edges: a DEVELOPMENT change (create, update) does not change the config. */
  private write(op: 'create' | 'update' | 'publish', stages: Stages): FunctionRecord {
    const name = stages.development.name;
    this.table.write(name, op, stages, { config: op === 'publish' });
    return this.require(name);
  }
}

function functionOf(r: Current<Stages>): FunctionRecord {
  return { id: r.id, etag: r.etag, development: r.config.development, live: r.config.live, createdTime: r.createdTime, lastModified: r.lastModified };
}
