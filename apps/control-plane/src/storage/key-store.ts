// Public keys and key groups in the store (docs/control-plane.md, "Public keys and key
// groups"), with the discipline of the other kinds: each mutation is one transaction that
// appends an immutable version row and advances the global `seq`. Each change is a config
// change: the distributions that trust the key group (or a key group listing the public
// key) take its seq as their configSeq, so they are InProgress until the edges have it.

import { randomUUID } from 'node:crypto';
import {
  MAX_KEY_GROUPS_PER_ACCOUNT,
  MAX_PUBLIC_KEYS_PER_ACCOUNT,
  parseKeyGroup,
  parsePublicKey,
  type Issue,
  type KeyGroup,
  type PublicKey,
} from '@cachefront/config';
import type { Db, Row } from './db.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { newEtag, newPublicKeyId } from './ids.ts';
import { checkIfMatch } from './preconditions.ts';
import { keyGroupsListing, trustsKeyGroup, trustsPublicKey } from '../resources/references.ts';
import type { DistributionRecord } from './store.ts';

export type KeyKind = 'public-key' | 'key-group';
export type KeyConfig<K extends KeyKind> = K extends 'public-key' ? PublicKey : KeyGroup;

export interface KeyRecord<K extends KeyKind = KeyKind> {
  kind: K;
  id: string;
  etag: string;
  config: KeyConfig<K>;
  /** When it was first stored (a public key's CreatedTime). */
  createdTime: number;
  /** When its current version was stored (a key group's LastModifiedTime). */
  lastModified: number;
}

const KINDS = {
  'public-key': {
    what: 'public key',
    missing: 'NoSuchPublicKey',
    exists: 'PublicKeyAlreadyExists',
    inUse: 'PublicKeyInUse',
    tooMany: 'TooManyPublicKeys',
    max: MAX_PUBLIC_KEYS_PER_ACCOUNT,
  },
  'key-group': {
    what: 'key group',
    missing: 'NoSuchKeyGroup',
    exists: 'KeyGroupAlreadyExists',
    inUse: 'KeyGroupInUse',
    tooMany: 'TooManyKeyGroups',
    max: MAX_KEY_GROUPS_PER_ACCOUNT,
  },
} as const;

const SELECT = 'SELECT k.id, k.created_at AS first_created_at, v.etag, v.config, v.created_at FROM keys k JOIN key_versions v ON v.vid = k.vid';

export interface KeyStoreOptions {
  db: Db;
  now: () => number;
  /** Every stored distribution (disabled ones too: they can be enabled again). */
  distributions: () => DistributionRecord[];
  /** Called after each committed mutation (the store drops its cached snapshot). */
  changed: () => void;
}

export class KeyStore {
  private readonly o: KeyStoreOptions;

  constructor(o: KeyStoreOptions) {
    this.o = o;
  }

  list<K extends KeyKind>(kind: K): KeyRecord<K>[] {
    return this.o.db.all(`${SELECT} WHERE k.kind = ? ORDER BY k.created_at, k.rowid`, kind).map((r) => keyOf(kind, r));
  }

  get<K extends KeyKind>(kind: K, id: string): KeyRecord<K> | undefined {
    const row = this.o.db.get(`${SELECT} WHERE k.kind = ? AND k.id = ?`, kind, id);
    return row === undefined ? undefined : keyOf(kind, row);
  }

  /** `POST`: the entry as in a config file; `id` optional (a public key gets `K` + 13, a key group a UUID). */
  create<K extends KeyKind>(kind: K, body: unknown): KeyRecord<K> {
    return this.mutation(() => {
      const k = KINDS[kind];
      const input = isRecord(body) && body.id === undefined ? { id: this.newId(kind), ...body } : body;
      const config = this.parse(kind, input, []);
      if (this.get(kind, config.id) !== undefined) throw new ControlPlaneError(k.exists, `${k.what} ${config.id} already exists`);
      this.checkName(kind, config);
      // Quotas, per AWS account (TooManyPublicKeys / TooManyKeyGroups).
      const count = this.list(kind).length;
      if (count >= k.max) {
        throw new ControlPlaneError(k.tooMany, `there are already ${count} ${k.what}s; CloudFront allows at most ${k.max} per account (Quotas); delete one first`);
      }
      return this.write(kind, 'create', config).record;
    });
  }

  /** `PUT /:id`: replaces the entry; every distribution that trusts it becomes InProgress again. */
  update<K extends KeyKind>(kind: K, id: string, ifMatch: string | undefined, body: unknown): KeyRecord<K> {
    return this.mutation(() => {
      const current = this.require(kind, id);
      checkIfMatch(current, ifMatch, true);
      const bodyId = isRecord(body) ? body.id : undefined;
      const extra = bodyId !== undefined && bodyId !== id ? [{ path: 'id', message: `must be absent or '${id}' (the ${KINDS[kind].what} being updated)` }] : [];
      const config = this.parse(kind, isRecord(body) ? { ...body, id } : body, extra);
      if (kind === 'public-key') {
        const fixed = publicKeyChangeProblems(current.config as PublicKey, config as PublicKey);
        if (fixed.length > 0) throw invalidArgument(fixed, 'the public key');
      }
      this.checkName(kind, config);
      const { record, seq } = this.write(kind, 'update', config);
      const groups = this.list('key-group').map((g) => g.config);
      for (const d of this.o.distributions()) {
        const trusts = kind === 'key-group' ? trustsKeyGroup(d.config, id) : trustsPublicKey(d.config, id, groups);
        if (trusts) this.o.db.run('UPDATE distributions SET config_seq = ? WHERE id = ?', seq, d.id);
      }
      return record;
    });
  }

  /** `DELETE /:id`: refused while a key group lists the public key, or a distribution trusts the key group. */
  delete(kind: KeyKind, id: string, ifMatch: string | undefined): { seq: number } {
    return this.mutation(() => {
      const k = KINDS[kind];
      checkIfMatch(this.require(kind, id), ifMatch, true);
      if (kind === 'public-key') {
        const groups = keyGroupsListing(id, this.list('key-group').map((g) => g.config));
        if (groups.length > 0) throw new ControlPlaneError(k.inUse, `public key ${id} is in key group ${groups.join(', ')}; remove it from the group first`);
      } else {
        const users = this.o.distributions().filter((d) => trustsKeyGroup(d.config, id));
        if (users.length > 0) throw new ControlPlaneError(k.inUse, `key group ${id} is trusted by distribution ${users.map((d) => d.id).join(', ')}`);
      }
      const seq = this.o.db.nextSeq();
      this.o.db.run(
        "INSERT INTO key_versions (kind, key_id, seq, op, etag, config, created_at) VALUES (?, ?, ?, 'delete', NULL, NULL, ?)",
        kind,
        id,
        seq,
        this.o.now(),
      );
      this.o.db.run('DELETE FROM keys WHERE kind = ? AND id = ?', kind, id);
      this.o.db.setConfigSeq(seq);
      return { seq };
    });
  }

  private require<K extends KeyKind>(kind: K, id: string): KeyRecord<K> {
    const k = this.get(kind, id);
    if (k === undefined) throw new ControlPlaneError(KINDS[kind].missing, `no ${KINDS[kind].what} ${id}`);
    return k;
  }

  /** A public key id never used before (like distribution ids); key groups get a UUID. */
  private newId(kind: KeyKind): string {
    if (kind === 'key-group') return randomUUID();
    for (;;) {
      const id = newPublicKeyId();
      if (this.o.db.get("SELECT 1 FROM key_versions WHERE kind = 'public-key' AND key_id = ? LIMIT 1", id) === undefined) return id;
    }
  }

  /** Parses an entry (a key group against the stored public keys); `extra` problems are listed first. */
  private parse<K extends KeyKind>(kind: K, input: unknown, extra: Issue[]): KeyConfig<K> {
    const parsed = kind === 'public-key' ? parsePublicKey(input) : parseKeyGroup(input, { publicKeys: this.list('public-key').map((p) => p.config) });
    const issues = [...extra, ...(parsed.issues ?? [])];
    if (parsed.issues || issues.length > 0) throw invalidArgument(issues, `the ${KINDS[kind].what}`);
    return parsed.value as KeyConfig<K>;
  }

  /** Names are unique per kind, as in a config file (CreateKeyGroup: "A key group with this name already exists"). */
  private checkName(kind: KeyKind, config: { id: string; name: string }): void {
    const clash = this.list(kind).find((k) => k.id !== config.id && k.config.name === config.name);
    if (clash !== undefined) throw new ControlPlaneError(KINDS[kind].exists, `${KINDS[kind].what} ${clash.id} is already named '${config.name}'`);
  }

  private write<K extends KeyKind>(kind: K, op: 'create' | 'update', config: KeyConfig<K>): { record: KeyRecord<K>; seq: number } {
    const { db } = this.o;
    const seq = db.nextSeq();
    const now = this.o.now();
    const vid = db.get(
      'INSERT INTO key_versions (kind, key_id, seq, op, etag, config, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING vid',
      kind,
      config.id,
      seq,
      op,
      newEtag(),
      JSON.stringify(config),
      now,
    )?.vid as number;
    db.run('INSERT INTO keys (kind, id, vid, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET vid = excluded.vid', kind, config.id, vid, now);
    db.setConfigSeq(seq);
    return { record: this.require(kind, config.id), seq };
  }

  /** A config mutation: one transaction, then the store's snapshot is rebuilt on next use. */
  private mutation<T>(fn: () => T): T {
    const result = this.o.db.tx(fn);
    this.o.changed();
    return result;
  }
}

/**
 * UpdatePublicKey: "Note that the only value you can change is the comment." A new key is
 * a new public key: add it to the key group, deploy, then remove the old one.
 */
function publicKeyChangeProblems(before: PublicKey, after: PublicKey): Issue[] {
  const issues: Issue[] = [];
  if (after.name !== before.name) {
    issues.push({ path: 'name', message: `cannot be changed (only a public key's comment can); it is '${before.name}'` });
  }
  if (after.encodedKey !== before.encodedKey) {
    issues.push({
      path: 'encodedKey',
      message: "cannot be changed (only a public key's comment can): create a public key for the new key, add it to the key group, and remove this one once the new one is deployed",
    });
  }
  return issues;
}

function keyOf<K extends KeyKind>(kind: K, r: Row): KeyRecord<K> {
  return {
    kind,
    id: r.id as string,
    etag: r.etag as string,
    config: JSON.parse(r.config as string) as KeyConfig<K>,
    createdTime: r.first_created_at as number,
    lastModified: r.created_at as number,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
