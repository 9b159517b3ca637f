// The store of one resource kind (resources/kind.ts): each mutation is one transaction that
// appends an immutable version row and advances the global `seq` (versioned-table.ts). Every
// change is a config change: an update puts the distributions that use the entry back
// InProgress (they take its seq as their configSeq) until the edges have it.

import type { Issue } from '@cachefront/config';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { entryId, type EntryListKey, type EntryOf, type KindContext, type ResourceKind, type ResourceRecord } from '../resources/kind.ts';
import type { Db } from './db.ts';
import { checkIfMatch } from './preconditions.ts';
import { isRecord } from '../is-record.ts';
import { VersionedTable, type Current } from './versioned-table.ts';

export interface ResourceStoreOptions {
  db: Db;
  now: () => number;
  ctx: KindContext;
  /** Distribution `id` was affected by the change at `seq` (its configSeq). */
  touch: (distributionId: string, seq: number) => void;
  /** Runs a config mutation: one transaction, then the snapshot is rebuilt on next use. */
  mutation: <T>(fn: () => T) => T;
}

export class ResourceStore<K extends EntryListKey = EntryListKey> {
  readonly kind: ResourceKind<K>;
  private readonly table: VersionedTable<EntryOf<K>>;
  private readonly o: ResourceStoreOptions;

  constructor(kind: ResourceKind<K>, o: ResourceStoreOptions) {
    this.kind = kind;
    this.o = o;
    this.table = new VersionedTable<EntryOf<K>>(o.db, kind.table, o.now);
  }

  list(): ResourceRecord<EntryOf<K>>[] {
    return this.table.list().map(record);
  }

  get(id: string): ResourceRecord<EntryOf<K>> | undefined {
    const r = this.table.get(id);
    return r === undefined ? undefined : record(r);
  }

  require(id: string): ResourceRecord<EntryOf<K>> {
    const r = this.get(id);
    if (r === undefined) throw new ControlPlaneError(this.kind.errors.missing, `no ${this.kind.what} ${id}`);
    return r;
  }

  /** Every stored entry, as a config file lists them (the snapshot's). */
  configs(): EntryOf<K>[] {
    return this.list().map((r) => r.config);
  }

  /** Every version row of an entry, oldest first (history; never changes). */
  versions(id: string) {
    return this.table.versions(id);
  }

  /** `POST /v1/<path>`: the entry as in a config file; its id may be generated (`newId`). */
  create(body: unknown): ResourceRecord<EntryOf<K>> {
    const k = this.kind;
    return this.o.mutation(() => {
      const generate = k.newId !== undefined && isRecord(body) && body[k.idField] === undefined;
      const input = generate ? { [k.idField]: k.newId?.((id) => this.table.used(id)), ...body } : body;
      const config = this.parse(input, []);
      const id = this.idOf(config);
      if (this.get(id) !== undefined) throw new ControlPlaneError(k.errors.exists, `${k.what} ${id} already exists`);
      this.checkName(config);
      // Quotas, per AWS account (e.g. TooManyPublicKeys).
      const count = this.list().length;
      if (k.max !== undefined && k.errors.tooMany !== undefined && count >= k.max) {
        throw new ControlPlaneError(k.errors.tooMany, `there are already ${count} ${k.what}s; CloudFront allows at most ${k.max} per account (Quotas); delete one first`);
      }
      this.table.write(id, 'create', config);
      return this.require(id);
    });
  }

  /** `PUT /v1/<path>/:id`: replaces the entry (its id absent or equal); every distribution using it becomes InProgress again. */
  update(id: string, ifMatch: string | undefined, body: unknown): ResourceRecord<EntryOf<K>> {
    const k = this.kind;
    return this.o.mutation(() => {
      const current = this.require(id);
      checkIfMatch(current, ifMatch, true);
      const named = isRecord(body) ? body[k.idField] : undefined;
      const extra = named !== undefined && named !== id ? [{ path: k.idField, message: `must be absent or '${id}' (the ${k.role} being updated)` }] : [];
      const config = this.parse(isRecord(body) ? { ...body, [k.idField]: id } : body, extra);
      const fixed = k.changeProblems?.(current.config, config) ?? [];
      if (fixed.length > 0) throw invalidArgument(fixed, `the ${k.what}`);
      this.checkName(config);
      const { seq } = this.table.write(id, 'update', config);
      for (const d of this.o.ctx.distributions()) if (k.uses(d.config, id, this.o.ctx)) this.o.touch(d.id, seq);
      return this.require(id);
    });
  }

  /** `DELETE /v1/<path>/:id`: refused (`errors.inUse`) while something uses it. */
  delete(id: string, ifMatch: string | undefined): { seq: number } {
    return this.o.mutation(() => {
      checkIfMatch(this.require(id), ifMatch, true);
      const problem = this.kind.inUse(id, this.o.ctx);
      if (problem !== undefined) throw new ControlPlaneError(this.kind.errors.inUse, problem);
      return this.table.remove(id);
    });
  }

  /** Parses an entry; `extra` problems (found by the caller) are listed first. */
  private parse(input: unknown, extra: Issue[]): EntryOf<K> {
    const parsed = this.kind.parse(input, this.o.ctx);
    const issues = [...extra, ...(parsed.issues ?? [])];
    if (parsed.issues || issues.length > 0) throw invalidArgument(issues, `the ${this.kind.what}`);
    return parsed.value;
  }

  /** Names are unique per kind, as in a config file (CreateKeyGroup: "A key group with this name already exists"). */
  private checkName(config: EntryOf<K>): void {
    const id = this.idOf(config);
    const clash = this.list().find((r) => r.id !== id && r.config.name === config.name);
    if (clash !== undefined) throw new ControlPlaneError(this.kind.errors.exists, `${this.kind.what} ${clash.id} is already named '${config.name}'`);
  }

  private idOf(config: EntryOf<K>): string {
    return entryId(config, this.kind.idField);
  }
}

function record<C>(r: Current<C>): ResourceRecord<C> {
  return { id: r.id, etag: r.etag, config: r.config, createdTime: r.createdTime, lastModified: r.lastModified };
}
