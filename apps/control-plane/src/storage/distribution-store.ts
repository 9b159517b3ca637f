// Distributions in the store (docs/control-plane.md, "Distributions"): each mutation is one
// transaction that appends an immutable version row and advances the global `seq`
// (versioned-table.ts). Validation happens here, against what is stored, with the config
// package's parser and the rules between stored objects (resources/references.ts).

import { parseDistribution, type Distribution, type DistributionContext, type Issue } from '@cachefront/config';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { aliasConflict, lambdaAssociationIssues, unknownFunctionIssues, unknownRealtimeLogConfigIssues } from '../resources/references.ts';
import type { Db } from './db.ts';
import { newDistributionId } from './ids.ts';
import { checkIfMatch } from './preconditions.ts';
import { isRecord } from '../is-record.ts';
import { TableStore, VersionedTable, type Current } from './versioned-table.ts';

export interface DistributionRecord {
  id: string;
  etag: string;
  /** The stored entry: every default filled in, `id` set. */
  config: Distribution & { id: string };
  /** The seq of the last change that affected it: its own, or an update of a policy, key group, public key, function or real-time log config it uses. */
  configSeq: number;
  lastModified: number;
}

export interface DistributionStoreOptions {
  db: Db;
  now: () => number;
  /** What a distribution may reference besides managed policies: the stored policies and key groups. */
  context: () => DistributionContext;
  /** The published functions' names (a distribution runs a function's LIVE stage). */
  liveFunctions: () => ReadonlySet<string>;
  /** The stored real-time log configs' names. */
  realtimeLogConfigs: () => ReadonlySet<string>;
  /** Runs a config mutation: one transaction, then the snapshot is rebuilt on next use. */
  mutation: <T>(fn: () => T) => T;
}

export class DistributionStore extends TableStore<DistributionRecord['config'], DistributionRecord> {
  private readonly o: DistributionStoreOptions;

  constructor(o: DistributionStoreOptions) {
    const spec = { versions: 'distribution_versions', versionId: 'distribution_id', current: 'distributions', currentId: 'id', seqColumn: 'config_seq' };
    super(new VersionedTable(o.db, spec, o.now, storedDistribution), distributionOf);
    this.o = o;
  }

  /** `POST /v1/distributions`: `body` is a distribution entry as in a config file. */
  create(body: unknown): DistributionRecord {
    return this.o.mutation(() => {
      const parsed = parseDistribution(body, this.o.context());
      if (parsed.issues) throw invalidArgument(parsed.issues, 'the distribution');
      this.checkStoredReferences(parsed.value, body);
      const id = parsed.value.id ?? this.unusedId();
      if (this.get(id) !== undefined) {
        throw new ControlPlaneError('DistributionAlreadyExists', `distribution ${id} already exists`);
      }
      this.checkAliases(parsed.value, id);
      return this.write(id, 'create', { ...parsed.value, id });
    });
  }

  /**
   * What `body` would be stored as for distribution `id` (validated against what is stored),
   * without storing anything: a replayed create compares it with the stored entry.
   */
  normalize(id: string, body: unknown): DistributionRecord['config'] {
    const parsed = parseDistribution(body, this.o.context());
    if (parsed.issues) throw invalidArgument(parsed.issues, 'the distribution');
    return storedDistribution(JSON.stringify({ ...parsed.value, id }));
  }

  /** `PUT /v1/distributions/:id`: replaces the entry; `If-Match` must name the current version. */
  update(id: string, ifMatch: string | undefined, body: unknown): DistributionRecord {
    return this.o.mutation(() => {
      checkIfMatch(this.require(id), ifMatch, true);
      const parsed = parseDistribution(body, this.o.context());
      const issues: Issue[] = [...(parsed.issues ?? [])];
      const bodyId = isRecord(body) ? body.id : undefined;
      if (bodyId !== undefined && bodyId !== id) issues.unshift({ path: 'id', message: `must be absent or '${id}' (the distribution being updated)` });
      if (parsed.issues || issues.length > 0) throw invalidArgument(issues, 'the distribution');
      this.checkStoredReferences(parsed.value, body);
      this.checkAliases(parsed.value, id);
      return this.write(id, 'update', { ...parsed.value, id });
    });
  }

  /** `POST /v1/distributions/:id/disable`: `enabled: false`; a no-op when already disabled. */
  disable(id: string, ifMatch: string | undefined): DistributionRecord {
    return this.o.mutation(() => {
      const current = this.require(id);
      checkIfMatch(current, ifMatch, false);
      if (!current.config.enabled) return current;
      return this.write(id, 'disable', { ...current.config, enabled: false });
    });
  }

  /** `DELETE /v1/distributions/:id`: only a disabled distribution; its invalidations go with it. */
  delete(id: string, ifMatch: string | undefined): { seq: number } {
    return this.o.mutation(() => {
      const current = this.require(id);
      checkIfMatch(current, ifMatch, true);
      if (current.config.enabled) {
        throw new ControlPlaneError('DistributionNotDisabled', `distribution ${id} is enabled; disable it (POST /v1/distributions/${id}/disable) before deleting it`);
      }
      const removed = this.table.remove(id);
      this.o.db.run('DELETE FROM invalidations WHERE distribution_id = ?', id);
      return removed;
    });
  }

  /** Every version row of a distribution, oldest first (history; never changes). */
  versions(id: string) {
    return this.table.versions(id);
  }

  /** A change at `seq` elsewhere (a policy, key group, function ... it uses) affects distribution `id`. */
  touch(id: string, seq: number): void {
    this.table.touch(id, seq);
  }

  private require(id: string): DistributionRecord {
    const d = this.get(id);
    if (d === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
    return d;
  }

  /** An id no distribution ever had (for callers that name things after it before creating it). */
  unusedId(): string {
    for (;;) {
      const id = newDistributionId();
      if (!this.table.used(id)) return id;
    }
  }

  /**
   * What the parser cannot check alone: functionAssociations name published functions (a
   * distribution runs a function's LIVE stage, so edges must have it), and a behavior's
   * realtimeLogConfigName names a stored real-time log config. `body` is the entry as sent.
   */
  private checkStoredReferences(d: Distribution, body: unknown): void {
    const issues = [...unknownFunctionIssues(d, this.o.liveFunctions()), ...lambdaAssociationIssues(d), ...unknownRealtimeLogConfigIssues(d, this.o.realtimeLogConfigs(), body)];
    if (issues.length > 0) throw invalidArgument(issues, 'the distribution');
  }

  private checkAliases(d: Distribution, id: string): void {
    const others = this.list()
      .filter((o) => o.id !== id)
      .map((o) => o.config);
    const clash = aliasConflict(d.aliases, others);
    if (clash !== undefined) {
      throw new ControlPlaneError('CNAMEAlreadyExists', `alias '${clash.alias}' is already used by distribution ${clash.distributionId}`);
    }
  }

  private write(id: string, op: 'create' | 'update' | 'disable', config: DistributionRecord['config']): DistributionRecord {
    const { id: _, ...rest } = config;
    const stored = { id, ...rest }; // `id` first, as a config file would have it
    const { seq, etag, lastModified } = this.table.write(id, op, stored);
    return { id, etag, config: stored, configSeq: seq, lastModified };
  }
}

function distributionOf(r: Current<DistributionRecord['config']>): DistributionRecord {
  return { id: r.id, etag: r.etag, config: r.config, configSeq: r.row.config_seq as number, lastModified: r.lastModified };
}

/**
 * A stored distribution entry. Entries stored before schema version 2 have no
 * trustedKeyGroups, and entries stored before standard logs no `logging`; they read as the
 * parser would fill them ([] and logging off).
 */
function storedDistribution(json: string): DistributionRecord['config'] {
  const d = JSON.parse(json) as DistributionRecord['config'];
  for (const b of [d.defaultCacheBehavior, ...d.cacheBehaviors]) b.trustedKeyGroups ??= [];
  d.logging ??= { enabled: false, includeCookies: false, prefix: '' };
  return d;
}
