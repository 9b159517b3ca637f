// Real-time log configs in the store (docs/control-plane.md, "Real-time log configs"). A
// config is keyed by its name, as CloudFront's are. Each change (create, update, delete) is
// one transaction appending an immutable version row and advancing the global `seq`; every
// change is a config change (edges get the configs in the snapshot), and an update puts the
// distributions whose behaviors name the config back InProgress until the edges ack it.

import { parseRealtimeLogConfig, type Issue, type RealtimeLogConfig } from '@cachefront/config';
import type { Db, Row } from './db.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { newEtag } from './ids.ts';
import { checkIfMatch } from './preconditions.ts';
import { usesRealtimeLogConfig } from '../resources/references.ts';
import type { DistributionRecord } from './store.ts';

export interface RealtimeLogConfigRecord {
  /** The name (what checkIfMatch names). */
  id: string;
  etag: string;
  config: RealtimeLogConfig;
  createdTime: number;
  lastModified: number;
}

const SELECT =
  'SELECT r.name, r.created_at AS first_created_at, v.etag, v.config, v.created_at FROM realtime_log_configs r JOIN realtime_log_config_versions v ON v.vid = r.vid';

export interface RealtimeLogStoreOptions {
  db: Db;
  now: () => number;
  distributions: () => DistributionRecord[];
  /** Called after each committed mutation (the store drops its cached snapshot). */
  changed: () => void;
}

export class RealtimeLogStore {
  private readonly o: RealtimeLogStoreOptions;

  constructor(o: RealtimeLogStoreOptions) {
    this.o = o;
  }

  list(): RealtimeLogConfigRecord[] {
    return this.o.db.all(`${SELECT} ORDER BY r.created_at, r.rowid`).map(recordOf);
  }

  get(name: string): RealtimeLogConfigRecord | undefined {
    const row = this.o.db.get(`${SELECT} WHERE r.name = ?`, name);
    return row === undefined ? undefined : recordOf(row);
  }

  require(name: string): RealtimeLogConfigRecord {
    const r = this.get(name);
    if (r === undefined) throw new ControlPlaneError('NoSuchRealtimeLogConfig', `no real-time log config ${name}`);
    return r;
  }

  /** Every stored config, as a config file's `realtimeLogConfigs` (the snapshot's). */
  configs(): RealtimeLogConfig[] {
    return this.list().map((r) => r.config);
  }

  /** The stored names (what a behavior's realtimeLogConfigName may be). */
  names(): Set<string> {
    return new Set(this.o.db.all('SELECT name FROM realtime_log_configs').map((r) => r.name as string));
  }

  /** `POST /v1/realtime-log-configs`: `{name, samplingRate, fields}`, a `realtimeLogConfigs` entry. */
  create(body: unknown): RealtimeLogConfigRecord {
    const config = parse(body);
    return this.mutation(() => {
      if (this.get(config.name) !== undefined) {
        throw new ControlPlaneError('RealtimeLogConfigAlreadyExists', `real-time log config ${config.name} already exists`);
      }
      return this.write('create', config);
    });
  }

  /** `PUT /v1/realtime-log-configs/:name`: replaces it (`name` absent or equal); the distributions naming it take the seq. */
  update(name: string, ifMatch: string | undefined, body: unknown): RealtimeLogConfigRecord {
    return this.mutation(() => {
      checkIfMatch(this.require(name), ifMatch, true);
      const bodyName = isRecord(body) ? body.name : undefined;
      const extra = bodyName !== undefined && bodyName !== name ? [{ path: 'name', message: `must be absent or '${name}' (the real-time log config being updated)` }] : [];
      const config = parse(isRecord(body) ? { ...body, name } : body, extra);
      const record = this.write('update', config);
      const seq = this.o.db.meta('seq');
      for (const d of this.o.distributions()) {
        if (usesRealtimeLogConfig(d.config, name)) this.o.db.run('UPDATE distributions SET config_seq = ? WHERE id = ?', seq, d.id);
      }
      return record;
    });
  }

  /** `DELETE /v1/realtime-log-configs/:name`: refused (RealtimeLogConfigInUse) while a distribution's behavior names it. */
  delete(name: string, ifMatch: string | undefined): { seq: number } {
    return this.mutation(() => {
      checkIfMatch(this.require(name), ifMatch, true);
      const users = this.o.distributions().filter((d) => usesRealtimeLogConfig(d.config, name));
      if (users.length > 0) {
        throw new ControlPlaneError('RealtimeLogConfigInUse', `real-time log config ${name} is used by distribution ${users.map((d) => d.id).join(', ')}`);
      }
      const seq = this.o.db.nextSeq();
      this.o.db.run("INSERT INTO realtime_log_config_versions (name, seq, op, etag, config, created_at) VALUES (?, ?, 'delete', NULL, NULL, ?)", name, seq, this.o.now());
      this.o.db.run('DELETE FROM realtime_log_configs WHERE name = ?', name);
      this.o.db.setConfigSeq(seq);
      return { seq };
    });
  }

  /** Every version row of a config, oldest first (history; never changes). */
  versions(name: string): { seq: number; op: string; etag: string | null; config: RealtimeLogConfig | null; createdAt: number }[] {
    return this.o.db.all('SELECT seq, op, etag, config, created_at FROM realtime_log_config_versions WHERE name = ? ORDER BY vid', name).map((r) => ({
      seq: r.seq as number,
      op: r.op as string,
      etag: r.etag as string | null,
      config: r.config === null ? null : (JSON.parse(r.config as string) as RealtimeLogConfig),
      createdAt: r.created_at as number,
    }));
  }

  private write(op: 'create' | 'update', config: RealtimeLogConfig): RealtimeLogConfigRecord {
    const { db } = this.o;
    const seq = db.nextSeq();
    const now = this.o.now();
    const vid = db.get(
      'INSERT INTO realtime_log_config_versions (name, seq, op, etag, config, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING vid',
      config.name,
      seq,
      op,
      newEtag(),
      JSON.stringify(config),
      now,
    )?.vid as number;
    db.run('INSERT INTO realtime_log_configs (name, vid, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET vid = excluded.vid', config.name, vid, now);
    db.setConfigSeq(seq);
    return this.require(config.name);
  }

  private mutation<T>(fn: () => T): T {
    const result = this.o.db.tx(fn);
    this.o.changed();
    return result;
  }
}

/** Validates with the config file's rules for a `realtimeLogConfigs` entry; `extra` are the caller's problems, listed first. */
function parse(input: unknown, extra: Issue[] = []): RealtimeLogConfig {
  const parsed = parseRealtimeLogConfig(input);
  const issues = [...extra, ...(parsed.issues ?? [])];
  if (parsed.issues || issues.length > 0) throw invalidArgument(issues, 'the real-time log config');
  // Stored in the file's key order, whatever order the body had.
  const { name, samplingRate, fields } = parsed.value;
  return { name, samplingRate, fields };
}

function recordOf(r: Row): RealtimeLogConfigRecord {
  return {
    id: r.name as string,
    etag: r.etag as string,
    config: JSON.parse(r.config as string) as RealtimeLogConfig,
    createdTime: r.first_created_at as number,
    lastModified: r.created_at as number,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
