// The control plane's state in one SQLite file. Every mutation is one transaction that
// appends an immutable version row and advances the global `seq`; the current-state
// tables point at the latest version. Validation happens here, against what is stored,
// with the config package's parsers (docs/control-plane.md, "Distributions", "Policies";
// public keys and key groups are in key-store.ts, real-time log configs in realtime-log-store.ts).

import { randomUUID } from 'node:crypto';
import {
  parseCachePolicy,
  parseDistribution,
  parseOriginRequestPolicy,
  type CachefrontConfig,
  type CachePolicy,
  type Distribution,
  type DistributionContext,
  type Issue,
  type OriginRequestPolicy,
} from '@cachefront/config';
import { Db, type Row } from './db.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { newDistributionId, newEtag } from './ids.ts';
import { InvalidationStore } from './invalidation-store.ts';
import { FunctionStore } from './function-store.ts';
import { KeyStore } from './key-store.ts';
import { KvsStore } from './kvs-store.ts';
import { checkIfMatch } from './preconditions.ts';
import { RealtimeLogStore } from './realtime-log-store.ts';
import { aliasConflict, unknownFunctionIssues, unknownRealtimeLogConfigIssues, usesPolicy, type PolicyKind } from '../resources/references.ts';
import { UsageStore } from '../usage/usage-store.ts';

export type { PolicyKind } from '../resources/references.ts';
export type { KeyKind, KeyRecord } from './key-store.ts';
export type { FunctionCode, FunctionRecord, FunctionStage } from './function-store.ts';
export type { KvsRecord } from './kvs-store.ts';
export type { RealtimeLogConfigRecord } from './realtime-log-store.ts';

export interface DistributionRecord {
  id: string;
  etag: string;
  /** The stored entry: every default filled in, `id` set. */
  config: Distribution & { id: string };
  /** The seq of the last change that affected it: its own, or an update of a policy, key group, public key, function or real-time log config it uses. */
  configSeq: number;
  lastModified: number;
}

export type PolicyConfig<K extends PolicyKind> = K extends 'cache' ? CachePolicy : OriginRequestPolicy;

export interface PolicyRecord<K extends PolicyKind = PolicyKind> {
  kind: K;
  id: string;
  etag: string;
  config: PolicyConfig<K>;
  lastModified: number;
}

/** The config edges serve, and the seq of the change that produced it. */
export interface Snapshot {
  seq: number;
  config: CachefrontConfig;
}

export interface EdgeRow {
  id: string;
  pop: string;
  firstSeen: number;
  lastSeen: number;
  appliedSeq: number;
}

const POLICY_ERRORS = {
  cache: { what: 'cache policy', missing: 'NoSuchCachePolicy', exists: 'CachePolicyAlreadyExists', inUse: 'CachePolicyInUse' },
  'origin-request': {
    what: 'origin request policy',
    missing: 'NoSuchOriginRequestPolicy',
    exists: 'OriginRequestPolicyAlreadyExists',
    inUse: 'OriginRequestPolicyInUse',
  },
} as const;

export class Store {
  readonly db: Db;
  readonly invalidations: InvalidationStore;
  readonly keys: KeyStore;
  readonly functions: FunctionStore;
  readonly kvs: KvsStore;
  readonly realtimeLogConfigs: RealtimeLogStore;
  readonly usage: UsageStore;
  private readonly now: () => number;
  private snapshotCache: Snapshot | undefined;

  constructor(path: string, now: () => number = Date.now) {
    this.db = new Db(path);
    this.now = now;
    this.invalidations = new InvalidationStore(this.db, now, (id) => this.getDistribution(id));
    this.usage = new UsageStore(this.db, now);
    this.keys = new KeyStore({
      db: this.db,
      now,
      distributions: () => this.listDistributions(),
      changed: () => {
        this.snapshotCache = undefined;
      },
    });
    this.functions = new FunctionStore({
      db: this.db,
      now,
      distributions: () => this.listDistributions(),
      keyValueStoreIds: () => this.kvs.list().map((s) => s.id),
      changed: () => {
        this.snapshotCache = undefined;
      },
    });
    this.kvs = new KvsStore({
      db: this.db,
      now,
      functionsUsing: (id) =>
        this.functions
          .list()
          .filter((f) => [f.development, f.live].some((stage) => stage?.keyValueStoreAssociations.includes(id)))
          .map((f) => f.id),
      bumpUsers: (id) => this.functions.bumpStoreUsers(id),
      changed: () => {
        this.snapshotCache = undefined;
      },
    });
    this.realtimeLogConfigs = new RealtimeLogStore({
      db: this.db,
      now,
      distributions: () => this.listDistributions(),
      changed: () => {
        this.snapshotCache = undefined;
      },
    });
  }

  /** The seq of the latest mutation. */
  head(): number {
    return this.db.meta('seq');
  }

  close(): void {
    this.db.close();
  }

  // --- distributions -----------------------------------------------------------------

  listDistributions(): DistributionRecord[] {
    return this.db
      .all(
        `SELECT d.id, d.config_seq, v.etag, v.config, v.created_at FROM distributions d
         JOIN distribution_versions v ON v.vid = d.vid ORDER BY d.created_at, d.rowid`,
      )
      .map(distributionOf);
  }

  getDistribution(id: string): DistributionRecord | undefined {
    const row = this.db.get(
      `SELECT d.id, d.config_seq, v.etag, v.config, v.created_at FROM distributions d
       JOIN distribution_versions v ON v.vid = d.vid WHERE d.id = ?`,
      id,
    );
    return row === undefined ? undefined : distributionOf(row);
  }

  /** `POST /v1/distributions`: `body` is a distribution entry as in a config file. */
  createDistribution(body: unknown): DistributionRecord {
    return this.configMutation(() => {
      const parsed = parseDistribution(body, this.distributionContext());
      if (parsed.issues) throw invalidArgument(parsed.issues, 'the distribution');
      this.checkStoredReferences(parsed.value, body);
      const id = parsed.value.id ?? this.unusedDistributionId();
      if (this.getDistribution(id) !== undefined) {
        throw new ControlPlaneError('DistributionAlreadyExists', `distribution ${id} already exists`);
      }
      this.checkAliases(parsed.value, id);
      return this.writeDistribution(id, 'create', { ...parsed.value, id });
    });
  }

  /** `PUT /v1/distributions/:id`: replaces the entry; `If-Match` must name the current version. */
  updateDistribution(id: string, ifMatch: string | undefined, body: unknown): DistributionRecord {
    return this.configMutation(() => {
      checkIfMatch(this.requireDistribution(id), ifMatch, true);
      const parsed = parseDistribution(body, this.distributionContext());
      const issues: Issue[] = [...(parsed.issues ?? [])];
      const bodyId = isRecord(body) ? body.id : undefined;
      if (bodyId !== undefined && bodyId !== id) issues.unshift({ path: 'id', message: `must be absent or '${id}' (the distribution being updated)` });
      if (parsed.issues || issues.length > 0) throw invalidArgument(issues, 'the distribution');
      this.checkStoredReferences(parsed.value, body);
      this.checkAliases(parsed.value, id);
      return this.writeDistribution(id, 'update', { ...parsed.value, id });
    });
  }

  /** `POST /v1/distributions/:id/disable`: `enabled: false`; a no-op when already disabled. */
  disableDistribution(id: string, ifMatch: string | undefined): DistributionRecord {
    return this.configMutation(() => {
      const current = this.requireDistribution(id);
      checkIfMatch(current, ifMatch, false);
      if (!current.config.enabled) return current;
      return this.writeDistribution(id, 'disable', { ...current.config, enabled: false });
    });
  }

  /** `DELETE /v1/distributions/:id`: only a disabled distribution; its invalidations go with it. */
  deleteDistribution(id: string, ifMatch: string | undefined): { seq: number } {
    return this.configMutation(() => {
      const current = this.requireDistribution(id);
      checkIfMatch(current, ifMatch, true);
      if (current.config.enabled) {
        throw new ControlPlaneError('DistributionNotDisabled', `distribution ${id} is enabled; disable it (POST /v1/distributions/${id}/disable) before deleting it`);
      }
      const seq = this.db.nextSeq();
      this.db.run(
        "INSERT INTO distribution_versions (distribution_id, seq, op, etag, config, created_at) VALUES (?, ?, 'delete', NULL, NULL, ?)",
        id,
        seq,
        this.now(),
      );
      this.db.run('DELETE FROM distributions WHERE id = ?', id);
      this.db.run('DELETE FROM invalidations WHERE distribution_id = ?', id);
      this.db.setConfigSeq(seq);
      return { seq };
    });
  }

  /** Every version row of a distribution, oldest first (history; never changes). */
  distributionVersions(id: string): { seq: number; op: string; etag: string | null; config: Distribution | null; createdAt: number }[] {
    return this.db
      .all('SELECT seq, op, etag, config, created_at FROM distribution_versions WHERE distribution_id = ? ORDER BY vid', id)
      .map((r) => ({
        seq: r.seq as number,
        op: r.op as string,
        etag: r.etag as string | null,
        config: r.config === null ? null : (JSON.parse(r.config as string) as Distribution),
        createdAt: r.created_at as number,
      }));
  }

  private requireDistribution(id: string): DistributionRecord {
    const d = this.getDistribution(id);
    if (d === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
    return d;
  }

  private unusedDistributionId(): string {
    for (;;) {
      const id = newDistributionId();
      if (this.db.get('SELECT 1 FROM distribution_versions WHERE distribution_id = ? LIMIT 1', id) === undefined) return id;
    }
  }

  /**
   * What the parser cannot check alone: functionAssociations name published functions (a
   * distribution runs a function's LIVE stage, so edges must have it), and a behavior's
   * realtimeLogConfigName names a stored real-time log config. `body` is the entry as sent.
   */
  private checkStoredReferences(d: Distribution, body: unknown): void {
    const issues = [
      ...unknownFunctionIssues(d, new Set(this.functions.live().map((f) => f.name))),
      ...unknownRealtimeLogConfigIssues(d, this.realtimeLogConfigs.names(), body),
    ];
    if (issues.length > 0) throw invalidArgument(issues, 'the distribution');
  }

  private checkAliases(d: Distribution, id: string): void {
    const others = this.listDistributions()
      .filter((o) => o.id !== id)
      .map((o) => o.config);
    const clash = aliasConflict(d.aliases, others);
    if (clash !== undefined) {
      throw new ControlPlaneError('CNAMEAlreadyExists', `alias '${clash.alias}' is already used by distribution ${clash.distributionId}`);
    }
  }

  private writeDistribution(id: string, op: 'create' | 'update' | 'disable', config: DistributionRecord['config']): DistributionRecord {
    const seq = this.db.nextSeq();
    const etag = newEtag();
    const now = this.now();
    const { id: _, ...rest } = config;
    const stored = { id, ...rest }; // `id` first, as a config file would have it
    const vid = this.db.get(
      'INSERT INTO distribution_versions (distribution_id, seq, op, etag, config, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING vid',
      id,
      seq,
      op,
      etag,
      JSON.stringify(stored),
      now,
    )?.vid as number;
    this.db.run(
      `INSERT INTO distributions (id, vid, config_seq, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET vid = excluded.vid, config_seq = excluded.config_seq`,
      id,
      vid,
      seq,
      now,
    );
    this.db.setConfigSeq(seq);
    return { id, etag, config: stored, configSeq: seq, lastModified: now };
  }

  // --- policies ----------------------------------------------------------------------

  listPolicies<K extends PolicyKind>(kind: K): PolicyRecord<K>[] {
    return this.db
      .all(
        `SELECT p.id, v.etag, v.config, v.created_at FROM policies p JOIN policy_versions v ON v.vid = p.vid
         WHERE p.kind = ? ORDER BY p.created_at, p.rowid`,
        kind,
      )
      .map((r) => policyOf(kind, r));
  }

  getPolicy<K extends PolicyKind>(kind: K, id: string): PolicyRecord<K> | undefined {
    const row = this.db.get(
      'SELECT p.id, v.etag, v.config, v.created_at FROM policies p JOIN policy_versions v ON v.vid = p.vid WHERE p.kind = ? AND p.id = ?',
      kind,
      id,
    );
    return row === undefined ? undefined : policyOf(kind, row);
  }

  /** `POST /v1/<kind>-policies`: `id` optional (a UUID is generated). */
  createPolicy<K extends PolicyKind>(kind: K, body: unknown): PolicyRecord<K> {
    return this.configMutation(() => {
      const input = isRecord(body) && body.id === undefined ? { id: randomUUID(), ...body } : body;
      const config = this.parsePolicy(kind, input);
      if (this.getPolicy(kind, config.id) !== undefined) {
        throw new ControlPlaneError(POLICY_ERRORS[kind].exists, `${POLICY_ERRORS[kind].what} ${config.id} already exists`);
      }
      this.checkPolicyName(kind, config);
      return this.writePolicy(kind, 'create', config);
    });
  }

  /** `PUT /v1/<kind>-policies/:id`: every distribution using it becomes InProgress again. */
  updatePolicy<K extends PolicyKind>(kind: K, id: string, ifMatch: string | undefined, body: unknown): PolicyRecord<K> {
    return this.configMutation(() => {
      checkIfMatch(this.requirePolicy(kind, id), ifMatch, true);
      const bodyId = isRecord(body) ? body.id : undefined;
      const idIssue = bodyId !== undefined && bodyId !== id ? { path: 'id', message: `must be absent or '${id}' (the policy being updated)` } : undefined;
      const config = this.parsePolicy(kind, isRecord(body) ? { ...body, id } : body, idIssue);
      this.checkPolicyName(kind, config);
      const record = this.writePolicy(kind, 'update', config);
      const seq = this.db.meta('seq');
      for (const d of this.listDistributions()) {
        if (usesPolicy(d.config, kind, id)) this.db.run('UPDATE distributions SET config_seq = ? WHERE id = ?', seq, d.id);
      }
      return record;
    });
  }

  /** `DELETE /v1/<kind>-policies/:id`: refused while a distribution references it. */
  deletePolicy(kind: PolicyKind, id: string, ifMatch: string | undefined): { seq: number } {
    return this.configMutation(() => {
      checkIfMatch(this.requirePolicy(kind, id), ifMatch, true);
      const users = this.listDistributions().filter((d) => usesPolicy(d.config, kind, id));
      if (users.length > 0) {
        throw new ControlPlaneError(POLICY_ERRORS[kind].inUse, `${POLICY_ERRORS[kind].what} ${id} is used by distribution ${users.map((d) => d.id).join(', ')}`);
      }
      const seq = this.db.nextSeq();
      this.db.run(
        "INSERT INTO policy_versions (kind, policy_id, seq, op, etag, config, created_at) VALUES (?, ?, ?, 'delete', NULL, NULL, ?)",
        kind,
        id,
        seq,
        this.now(),
      );
      this.db.run('DELETE FROM policies WHERE kind = ? AND id = ?', kind, id);
      this.db.setConfigSeq(seq);
      return { seq };
    });
  }

  private requirePolicy(kind: PolicyKind, id: string): PolicyRecord {
    const p = this.getPolicy(kind, id);
    if (p === undefined) throw new ControlPlaneError(POLICY_ERRORS[kind].missing, `no ${POLICY_ERRORS[kind].what} ${id}`);
    return p;
  }

  /** Parses a policy entry; `extra` is one more problem found by the caller, listed first. */
  private parsePolicy<K extends PolicyKind>(kind: K, input: unknown, extra?: Issue): PolicyConfig<K> {
    const parsed = kind === 'cache' ? parseCachePolicy(input) : parseOriginRequestPolicy(input);
    const issues = [...(extra ? [extra] : []), ...(parsed.issues ?? [])];
    if (parsed.issues || issues.length > 0) throw invalidArgument(issues, `the ${POLICY_ERRORS[kind].what}`);
    return parsed.value as PolicyConfig<K>;
  }

  /** CloudFront policy names are unique per account (and kind). */
  private checkPolicyName(kind: PolicyKind, config: { id: string; name: string }): void {
    const clash = this.listPolicies(kind).find((p) => p.id !== config.id && p.config.name === config.name);
    if (clash !== undefined) {
      throw new ControlPlaneError(POLICY_ERRORS[kind].exists, `${POLICY_ERRORS[kind].what} ${clash.id} is already named '${config.name}'`);
    }
  }

  private writePolicy<K extends PolicyKind>(kind: K, op: 'create' | 'update', config: PolicyConfig<K>): PolicyRecord<K> {
    const seq = this.db.nextSeq();
    const etag = newEtag();
    const now = this.now();
    const vid = this.db.get(
      'INSERT INTO policy_versions (kind, policy_id, seq, op, etag, config, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING vid',
      kind,
      config.id,
      seq,
      op,
      etag,
      JSON.stringify(config),
      now,
    )?.vid as number;
    this.db.run(
      'INSERT INTO policies (kind, id, vid, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET vid = excluded.vid',
      kind,
      config.id,
      vid,
      now,
    );
    this.db.setConfigSeq(seq);
    return { kind, id: config.id, etag, config, lastModified: now };
  }

  /** What a distribution may reference besides managed policies: the stored policies and key groups. */
  private distributionContext(): DistributionContext {
    return {
      cachePolicies: this.listPolicies('cache').map((p) => p.config),
      originRequestPolicies: this.listPolicies('origin-request').map((p) => p.config),
      keyGroups: this.keys.list('key-group').map((g) => g.config),
    };
  }

  // --- shared ------------------------------------------------------------------------

  /** A config mutation: one transaction; the cached snapshot is rebuilt on next use. */
  private configMutation<T>(fn: () => T): T {
    const result = this.db.tx(fn);
    this.snapshotCache = undefined;
    return result;
  }

  /** The whole config edges serve (disabled distributions too: edges skip them). */
  snapshot(): Snapshot {
    this.snapshotCache ??= {
      seq: this.db.meta('config_seq'),
      config: {
        distributions: this.listDistributions().map((d) => d.config),
        cachePolicies: this.listPolicies('cache').map((p) => p.config),
        originRequestPolicies: this.listPolicies('origin-request').map((p) => p.config),
        publicKeys: this.keys.list('public-key').map((k) => k.config),
        keyGroups: this.keys.list('key-group').map((g) => g.config),
        // Trusted proxies are each edge's own setting (`--trusted-proxy`), not deployed.
        trustedProxies: [],
        // What edges run is each function's LIVE stage (published); unpublished ones are absent.
        functions: this.functions.live(),
        keyValueStores: this.kvs.configs(),
        realtimeLogConfigs: this.realtimeLogConfigs.configs(),
      },
    };
    return this.snapshotCache;
  }

  // --- edges -------------------------------------------------------------------------

  loadEdges(): EdgeRow[] {
    return this.db.all('SELECT id, pop, first_seen, last_seen, applied_seq FROM edges ORDER BY first_seen, id').map((r) => ({
      id: r.id as string,
      pop: r.pop as string,
      firstSeen: r.first_seen as number,
      lastSeen: r.last_seen as number,
      appliedSeq: r.applied_seq as number,
    }));
  }

  saveEdge(e: EdgeRow): void {
    this.db.run(
      `INSERT INTO edges (id, pop, first_seen, last_seen, applied_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET pop = excluded.pop, last_seen = excluded.last_seen, applied_seq = excluded.applied_seq`,
      e.id,
      e.pop,
      e.firstSeen,
      e.lastSeen,
      e.appliedSeq,
    );
  }
}

function distributionOf(r: Row): DistributionRecord {
  return {
    id: r.id as string,
    etag: r.etag as string,
    config: storedDistribution(r.config as string),
    configSeq: r.config_seq as number,
    lastModified: r.created_at as number,
  };
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

function policyOf<K extends PolicyKind>(kind: K, r: Row): PolicyRecord<K> {
  return {
    kind,
    id: r.id as string,
    etag: r.etag as string,
    config: JSON.parse(r.config as string) as PolicyConfig<K>,
    lastModified: r.created_at as number,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
