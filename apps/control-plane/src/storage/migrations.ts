// The control plane's schema history: `PRAGMA user_version` is the step a database file is
// at, and `Db` (db.ts) runs the steps after it, each once, in its own transaction. A step is
// never edited once released: a file made by an older control plane must still open and keep
// its data; a schema change is a new step.

/** Bump with a new step in `MIGRATIONS` whenever the schema changes. */
export const SCHEMA_VERSION = 8;

/** Step `v` takes a database from version v - 1 to v; each runs once, in its own transaction. */
export const MIGRATIONS: Readonly<Record<number, string>> = {
  // 0 -> 1: the first schema.
  1: `
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('seq', 0), ('config_seq', 0);

    -- Every change to a distribution, never updated or deleted.
    CREATE TABLE IF NOT EXISTS distribution_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      distribution_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'disable', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS distribution_versions_by_id ON distribution_versions (distribution_id, vid);
    CREATE TRIGGER IF NOT EXISTS distribution_versions_no_update BEFORE UPDATE ON distribution_versions
      BEGIN SELECT RAISE(ABORT, 'distribution versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS distribution_versions_no_delete BEFORE DELETE ON distribution_versions
      BEGIN SELECT RAISE(ABORT, 'distribution versions are immutable'); END;

    -- The current distributions: their latest version, and the seq of the last change that
    -- affected them (their own, or an update of a policy they use).
    CREATE TABLE IF NOT EXISTS distributions (
      id TEXT PRIMARY KEY,
      vid INTEGER NOT NULL REFERENCES distribution_versions (vid),
      config_seq INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS policy_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('cache', 'origin-request')),
      policy_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE TRIGGER IF NOT EXISTS policy_versions_no_update BEFORE UPDATE ON policy_versions
      BEGIN SELECT RAISE(ABORT, 'policy versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS policy_versions_no_delete BEFORE DELETE ON policy_versions
      BEGIN SELECT RAISE(ABORT, 'policy versions are immutable'); END;

    CREATE TABLE IF NOT EXISTS policies (
      kind TEXT NOT NULL,
      id TEXT NOT NULL,
      vid INTEGER NOT NULL REFERENCES policy_versions (vid),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (kind, id)
    );

    CREATE TABLE IF NOT EXISTS invalidations (
      id TEXT PRIMARY KEY,
      distribution_id TEXT NOT NULL,
      caller_reference TEXT NOT NULL,
      paths TEXT NOT NULL,
      seq INTEGER NOT NULL UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('InProgress', 'Completed')),
      created_at INTEGER NOT NULL,
      completed_at INTEGER,
      UNIQUE (distribution_id, caller_reference)
    );
    CREATE INDEX IF NOT EXISTS invalidations_by_status ON invalidations (status, seq);
    -- docs/control-plane.md: "Completed ... it stays Completed".
    CREATE TRIGGER IF NOT EXISTS invalidations_stay_completed BEFORE UPDATE OF status ON invalidations
      WHEN OLD.status = 'Completed' AND NEW.status <> 'Completed'
      BEGIN SELECT RAISE(ABORT, 'a completed invalidation stays completed'); END;

    CREATE TABLE IF NOT EXISTS edges (
      id TEXT PRIMARY KEY,
      pop TEXT NOT NULL,
      first_seen INTEGER NOT NULL,
      last_seen INTEGER NOT NULL,
      applied_seq INTEGER NOT NULL
    );
  `,
  // 1 -> 2: public keys and key groups (signed URLs and cookies), versioned like policies.
  // Distributions stored before this have no trustedKeyGroups; the store reads that as [].
  2: `
    CREATE TABLE IF NOT EXISTS key_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('public-key', 'key-group')),
      key_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS key_versions_by_id ON key_versions (kind, key_id, vid);
    CREATE TRIGGER IF NOT EXISTS key_versions_no_update BEFORE UPDATE ON key_versions
      BEGIN SELECT RAISE(ABORT, 'key versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS key_versions_no_delete BEFORE DELETE ON key_versions
      BEGIN SELECT RAISE(ABORT, 'key versions are immutable'); END;

    -- The current public keys and key groups; created_at is the first version's time
    -- (a public key's CreatedTime).
    CREATE TABLE IF NOT EXISTS keys (
      kind TEXT NOT NULL,
      id TEXT NOT NULL,
      vid INTEGER NOT NULL REFERENCES key_versions (vid),
      created_at INTEGER NOT NULL,
      PRIMARY KEY (kind, id)
    );
  `,
  // 2 -> 3: usage and invalidation paths per month (usage/usage-store.ts). Edges' counters are
  // summed per (distribution, UTC month, POP); a distribution's rows outlive it (its last
  // requests are still billed). invalidation_paths is a ledger the invalidations table
  // feeds through a trigger, so deleting a distribution does not erase paths already
  // submitted that month; rows written before this version are copied in.
  3: `
    CREATE TABLE IF NOT EXISTS usage_monthly (
      distribution_id TEXT NOT NULL,
      month TEXT NOT NULL,
      pop TEXT NOT NULL,
      requests INTEGER NOT NULL,
      bytes_out INTEGER NOT NULL,
      hits INTEGER NOT NULL,
      misses INTEGER NOT NULL,
      errors INTEGER NOT NULL,
      PRIMARY KEY (distribution_id, month, pop)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS invalidation_paths (
      invalidation_id TEXT PRIMARY KEY,
      distribution_id TEXT NOT NULL,
      month TEXT NOT NULL,
      seq INTEGER NOT NULL,
      paths INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS invalidation_paths_by_month ON invalidation_paths (month, seq);
    INSERT OR IGNORE INTO invalidation_paths (invalidation_id, distribution_id, month, seq, paths)
      SELECT id, distribution_id, strftime('%Y-%m', created_at / 1000, 'unixepoch'), seq, json_array_length(paths) FROM invalidations;
    CREATE TRIGGER IF NOT EXISTS invalidations_count_paths AFTER INSERT ON invalidations
      BEGIN
        INSERT OR IGNORE INTO invalidation_paths (invalidation_id, distribution_id, month, seq, paths)
          VALUES (NEW.id, NEW.distribution_id, strftime('%Y-%m', NEW.created_at / 1000, 'unixepoch'), NEW.seq, json_array_length(NEW.paths));
      END;
  `,
  // 3 -> 4: CloudFront Functions and key value stores (function-store.ts, kvs-store.ts).
  // A function version row holds both stages ({development, live}); a store's version rows
  // record each change (its key and value for a key change), kvs_items the current keys.
  4: `
    CREATE TABLE IF NOT EXISTS function_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'publish', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS function_versions_by_name ON function_versions (name, vid);
    CREATE TRIGGER IF NOT EXISTS function_versions_no_update BEFORE UPDATE ON function_versions
      BEGIN SELECT RAISE(ABORT, 'function versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS function_versions_no_delete BEFORE DELETE ON function_versions
      BEGIN SELECT RAISE(ABORT, 'function versions are immutable'); END;
    CREATE TABLE IF NOT EXISTS functions (
      name TEXT PRIMARY KEY,
      vid INTEGER NOT NULL REFERENCES function_versions (vid),
      created_at INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS kvs_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      store_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'put-key', 'delete-key', 'delete')),
      etag TEXT,
      config TEXT,
      key TEXT,
      value TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS kvs_versions_by_id ON kvs_versions (store_id, vid);
    CREATE TRIGGER IF NOT EXISTS kvs_versions_no_update BEFORE UPDATE ON kvs_versions
      BEGIN SELECT RAISE(ABORT, 'key value store versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS kvs_versions_no_delete BEFORE DELETE ON kvs_versions
      BEGIN SELECT RAISE(ABORT, 'key value store versions are immutable'); END;
    CREATE TABLE IF NOT EXISTS key_value_stores (
      id TEXT PRIMARY KEY,
      vid INTEGER NOT NULL REFERENCES kvs_versions (vid),
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS kvs_items (
      store_id TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (store_id, key)
    ) WITHOUT ROWID;
  `,
  // 4 -> 5: real-time log configs (resources/realtime-log-configs.ts), versioned like policies and keyed
  // by name (CloudFront identifies them by name or ARN). Distributions stored before this
  // name none.
  5: `
    CREATE TABLE IF NOT EXISTS realtime_log_config_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS realtime_log_config_versions_by_name ON realtime_log_config_versions (name, vid);
    CREATE TRIGGER IF NOT EXISTS realtime_log_config_versions_no_update BEFORE UPDATE ON realtime_log_config_versions
      BEGIN SELECT RAISE(ABORT, 'real-time log config versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS realtime_log_config_versions_no_delete BEFORE DELETE ON realtime_log_config_versions
      BEGIN SELECT RAISE(ABORT, 'real-time log config versions are immutable'); END;

    -- The current configs; created_at is the first version's time.
    CREATE TABLE IF NOT EXISTS realtime_log_configs (
      name TEXT PRIMARY KEY,
      vid INTEGER NOT NULL REFERENCES realtime_log_config_versions (vid),
      created_at INTEGER NOT NULL
    );
  `,
  // 5 -> 6: response headers policies (resources/response-headers-policies.ts), versioned like
  // the other policies in tables of their own. Distributions stored before this name none.
  6: `
    CREATE TABLE IF NOT EXISTS response_headers_policy_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      policy_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS response_headers_policy_versions_by_id ON response_headers_policy_versions (policy_id, vid);
    CREATE TRIGGER IF NOT EXISTS response_headers_policy_versions_no_update BEFORE UPDATE ON response_headers_policy_versions
      BEGIN SELECT RAISE(ABORT, 'response headers policy versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS response_headers_policy_versions_no_delete BEFORE DELETE ON response_headers_policy_versions
      BEGIN SELECT RAISE(ABORT, 'response headers policy versions are immutable'); END;

    -- The current policies; created_at is the first version's time.
    CREATE TABLE IF NOT EXISTS response_headers_policies (
      id TEXT PRIMARY KEY,
      vid INTEGER NOT NULL REFERENCES response_headers_policy_versions (vid),
      created_at INTEGER NOT NULL
    );
  `,
  // 6 -> 7: origin access controls (resources/origin-access-controls.ts), versioned like the
  // policies. Distributions stored before this name none.
  7: `
    CREATE TABLE IF NOT EXISTS origin_access_control_versions (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      oac_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
      etag TEXT,
      config TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS origin_access_control_versions_by_id ON origin_access_control_versions (oac_id, vid);
    CREATE TRIGGER IF NOT EXISTS origin_access_control_versions_no_update BEFORE UPDATE ON origin_access_control_versions
      BEGIN SELECT RAISE(ABORT, 'origin access control versions are immutable'); END;
    CREATE TRIGGER IF NOT EXISTS origin_access_control_versions_no_delete BEFORE DELETE ON origin_access_control_versions
      BEGIN SELECT RAISE(ABORT, 'origin access control versions are immutable'); END;

    -- The current origin access controls; created_at is the first version's time.
    CREATE TABLE IF NOT EXISTS origin_access_controls (
      id TEXT PRIMARY KEY,
      vid INTEGER NOT NULL REFERENCES origin_access_control_versions (vid),
      created_at INTEGER NOT NULL
    );
  `,
  // 7 -> 8: the CloudFront REST API (cloudfront/): SigV4 access keys, each secret sealed with
  // a key kept outside the database (auth/secret-box.ts), and tags per resource ARN. Neither
  // is config: no versions, no seq.
  8: `
    CREATE TABLE IF NOT EXISTS access_keys (
      id TEXT PRIMARY KEY,
      scope TEXT NOT NULL CHECK (scope IN ('read', 'write')),
      sealed_secret TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS tags (
      resource TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (resource, key)
    ) WITHOUT ROWID;
  `,
};
