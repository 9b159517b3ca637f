// A resource kind as data: what the store, the API routes and the snapshot need to know about
// one kind of config entry (cache policies, public keys, real-time log configs, ...). The
// kinds are listed in kinds.ts; the generic store (storage/resource-store.ts) and routes
// (http/routes/resources.ts) serve each one the same way, as CloudFront's API does: create,
// get, list, update with If-Match, delete with If-Match, refused while in use.

import type { CachefrontConfig, Distribution, Issue, ParseResult } from '@cachefront/config';
import type { ErrorCode } from '../errors.ts';
import type { DistributionRecord } from '../storage/distribution-store.ts';
import type { TableSpec } from '../storage/versioned-table.ts';
import type { ResourceKey } from './kinds.ts';

/** The config file lists whose entries are named (`name`): the candidates for a resource kind. */
export type EntryListKey = { [K in keyof CachefrontConfig]: CachefrontConfig[K] extends readonly { name: string }[] ? K : never }[keyof CachefrontConfig];

/** One entry of the config file list `K` (a CachePolicy for `cachePolicies`). */
export type EntryOf<K extends EntryListKey> = CachefrontConfig[K][number];

/** A stored entry: its current version. */
export interface ResourceRecord<C> {
  id: string;
  etag: string;
  config: C;
  /** When it was first stored (a public key's CreatedTime). */
  createdTime: number;
  /** When its current version was stored (LastModifiedTime). */
  lastModified: number;
}

/** What a kind's rules may read besides its own entries. */
export interface KindContext {
  /** Every stored distribution (disabled ones too: they can be enabled again). */
  distributions(): DistributionRecord[];
  /** The stored entries of a kind, as a config file lists them. */
  stored<K extends ResourceKey>(key: K): EntryOf<K>[];
}

export interface ResourceKind<K extends EntryListKey = EntryListKey> {
  /** The config file's list of this kind: the snapshot's key, and DistributionContext's when `distributionContext`. */
  configKey: K;
  /** The API collection: `/v1/<path>`. */
  path: string;
  /** The kind in messages: `no cache policy X`. */
  what: string;
  /** The kind in an update's id problem: `must be absent or 'X' (the <role> being updated)`. */
  role: string;
  /** The log lines' `op` prefix: `cache-policy.create`. */
  op: string;
  /** The field naming an entry: `id`, or `name` for kinds CloudFront keys by name. */
  idField: 'id' | 'name';
  errors: { missing: ErrorCode; exists: ErrorCode; inUse: ErrorCode; tooMany?: ErrorCode };
  /** At most this many per account (CloudFront Quotas); `errors.tooMany` beyond. */
  max?: number;
  /** Where its versions are stored (tables made by migrations.ts). */
  table: TableSpec;
  /** parseDistribution resolves distributions' references to this kind against the stored entries. */
  distributionContext?: boolean;
  /** The id of an entry created without one (`used`: ids ever stored); absent: the entry must name itself. */
  newId?(used: (id: string) => boolean): string;
  /** Validates an entry with the config file's rules; the result is what is stored. */
  parse(input: unknown, ctx: KindContext): ParseResult<EntryOf<K>>;
  /** Problems with replacing `before` by `after` that parsing cannot see. */
  changeProblems?(before: EntryOf<K>, after: EntryOf<K>): Issue[];
  /** Whether distribution `d` depends on entry `id`: an update of it puts `d` back InProgress. */
  uses(d: Distribution, id: string, ctx: KindContext): boolean;
  /** Why entry `id` cannot be deleted now (the `errors.inUse` message), or undefined. */
  inUse(id: string, ctx: KindContext): string | undefined;
  /** Entries AWS manages: readable by id or name, listed after the stored ones, never changed. */
  managed?: { list: readonly EntryOf<K>[]; resolve(ref: string): EntryOf<K> | undefined; view(entry: EntryOf<K>): object };
  /** The JSON the API answers with for a stored entry. */
  view(r: ResourceRecord<EntryOf<K>>): object;
}

/** The usual in-use rule: `what id is <verb> distribution A, B` while distributions use it. */
export function usedByDistributions(what: string, verb: string, users: readonly DistributionRecord[], id: string): string | undefined {
  return users.length === 0 ? undefined : `${what} ${id} is ${verb} distribution ${users.map((d) => d.id).join(', ')}`;
}

/** The id of an entry: its `id`, or its name for kinds keyed by name. */
export function entryId(entry: { name: string; id?: string }, idField: ResourceKind['idField']): string {
  return idField === 'name' || entry.id === undefined ? entry.name : entry.id;
}
