// The control plane's state in one SQLite file (db.ts): the stores of each kind, sharing one
// global `seq`, and the snapshot edges serve. Every kind is versioned the same way
// (versioned-table.ts); the resource kinds of resources/kinds.ts are served by one generic
// store each, distributions, functions and key value stores by their own.

import type { CachefrontConfig, DistributionContext } from '@cachefront/config';
import type { EntryListKey, EntryOf, KindContext, ResourceKind } from '../resources/kind.ts';
import { RESOURCE_KINDS, type ResourceKey } from '../resources/kinds.ts';
import { UsageStore } from '../usage/usage-store.ts';
import { loadSecretBox, type SecretBox } from '../auth/secret-box.ts';
import { AccessKeyStore } from './access-key-store.ts';
import { Db } from './db.ts';
import { DistributionStore } from './distribution-store.ts';
import { EdgeTable } from './edge-table.ts';
import { FunctionStore } from './function-store.ts';
import { InvalidationStore } from './invalidation-store.ts';
import { KvsStore } from './kvs-store.ts';
import { ResourceStore } from './resource-store.ts';
import { TagStore } from './tag-store.ts';

export type { DistributionRecord } from './distribution-store.ts';
export type { FunctionCode, FunctionRecord, FunctionStage } from './function-store.ts';
export type { KvsRecord } from './kvs-store.ts';
export type { EdgeRow } from './edge-table.ts';

/** The config edges serve, and the seq of the change that produced it. */
export interface Snapshot {
  seq: number;
  config: CachefrontConfig;
}

export class Store {
  readonly db: Db;
  readonly distributions: DistributionStore;
  readonly invalidations: InvalidationStore;
  readonly functions: FunctionStore;
  readonly kvs: KvsStore;
  readonly usage: UsageStore;
  readonly edges: EdgeTable;
  /** SigV4 keys of the CloudFront REST API; their secrets sealed with the key file beside the database. */
  readonly accessKeys: AccessKeyStore;
  /** Tags per resource ARN (CloudFront REST API). */
  readonly tags: TagStore;
  private readonly resources = new Map<EntryListKey, ResourceStore>();
  private snapshotCache: Snapshot | undefined;

  constructor(path: string, now: () => number = Date.now) {
    this.db = new Db(path);
    const mutation = <T>(fn: () => T): T => this.configMutation(fn);
    const touch = (id: string, seq: number) => this.distributions.touch(id, seq);
    const distributions = () => this.distributions.list();
    const ctx: KindContext = { distributions, stored: (key) => this.resource(key).configs() };
    for (const kind of RESOURCE_KINDS) this.resources.set(kind.configKey, new ResourceStore<EntryListKey>(kind, { db: this.db, now, ctx, touch, mutation }));
    this.distributions = new DistributionStore({
      db: this.db,
      now,
      mutation,
      context: () => this.distributionContext(),
      liveFunctions: () => new Set(this.functions.live().map((f) => f.name)),
      realtimeLogConfigs: () => new Set(this.resource('realtimeLogConfigs').list().map((r) => r.id)),
    });
    this.invalidations = new InvalidationStore(this.db, now, (id) => this.distributions.get(id));
    this.usage = new UsageStore(this.db, now);
    this.edges = new EdgeTable(this.db);
    let box: SecretBox | undefined;
    this.accessKeys = new AccessKeyStore(this.db, now, () => (box ??= loadSecretBox(path)));
    this.tags = new TagStore(this.db);
    this.functions = new FunctionStore({ db: this.db, now, distributions, touch, mutation, keyValueStoreIds: () => this.kvs.list().map((s) => s.id) });
    this.kvs = new KvsStore({
      db: this.db,
      now,
      mutation,
      functionsUsing: (id) =>
        this.functions
          .list()
          .filter((f) => [f.development, f.live].some((stage) => stage?.keyValueStoreAssociations.includes(id)))
          .map((f) => f.id),
      bumpUsers: (id) => this.functions.bumpStoreUsers(id),
    });
  }

  /** The store of a resource kind, by its config key (`cachePolicies`) or its entry. */
  resource<K extends ResourceKey>(kind: K | ResourceKind<K>): ResourceStore<K> {
    const key = typeof kind === 'string' ? kind : kind.configKey;
    const store = this.resources.get(key);
    if (store === undefined) throw new Error(`${key} is not a resource kind of the store`);
    return store as unknown as ResourceStore<K>;
  }

  /** The seq of the latest mutation. */
  head(): number {
    return this.db.meta('seq');
  }

  close(): void {
    this.db.close();
  }

  /** The whole config edges serve (disabled distributions too: edges skip them). */
  snapshot(): Snapshot {
    this.snapshotCache ??= {
      seq: this.db.meta('config_seq'),
      config: {
        distributions: this.distributions.list().map((d) => d.config),
        ...this.resourceConfigs(),
        // Trusted proxies are each edge's own setting (`--trusted-proxy`), not deployed.
        trustedProxies: [],
        // What edges run is each function's LIVE stage (published); unpublished ones are absent.
        functions: this.functions.live(),
        // Lambda@Edge code is not stored by the control plane (yet): config files only.
        lambdaFunctions: [],
        keyValueStores: this.kvs.configs(),
      },
    };
    return this.snapshotCache;
  }

  /** Every resource kind's stored entries, under its config file key. */
  private resourceConfigs(): { [K in ResourceKey]: EntryOf<K>[] } {
    return Object.fromEntries(RESOURCE_KINDS.map((k) => [k.configKey, this.resource(k.configKey).configs()])) as { [K in ResourceKey]: EntryOf<K>[] };
  }

  /** What a distribution may reference besides managed policies: the stored entries of the kinds parseDistribution resolves. */
  private distributionContext(): DistributionContext {
    return Object.fromEntries(RESOURCE_KINDS.filter((k) => k.distributionContext).map((k) => [k.configKey, this.resource(k.configKey).configs()]));
  }

  /** Runs several mutations as one: they commit together or not at all. */
  atomically<T>(fn: () => T): T {
    return this.configMutation(fn);
  }

  /** A config mutation: one transaction; the cached snapshot is rebuilt on next use. */
  private configMutation<T>(fn: () => T): T {
    const result = this.db.tx(fn);
    this.snapshotCache = undefined;
    return result;
  }
}
