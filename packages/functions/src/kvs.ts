// An in-memory key value store for functions (CloudFront KeyValueStore: keys up to 512
// bytes, values up to 1 KB of UTF-8 text; functions only read).

import type { KeyValueStoreData } from './types.ts';

export interface KeyValueStoreMeta {
  creationDateTime?: string;
  lastUpdatedDateTime?: string;
}

/** A read-only store over a copy of `entries`. */
export function keyValueStore(entries: Iterable<readonly [string, string]> | Readonly<Record<string, string>>, meta: KeyValueStoreMeta = {}): KeyValueStoreData {
  const map = new Map<string, string>(Symbol.iterator in entries ? (entries as Iterable<readonly [string, string]>) : Object.entries(entries));
  const created = meta.creationDateTime ?? new Date(0).toISOString();
  return {
    get: (key) => map.get(key),
    keyCount: map.size,
    creationDateTime: created,
    lastUpdatedDateTime: meta.lastUpdatedDateTime ?? created,
  };
}
