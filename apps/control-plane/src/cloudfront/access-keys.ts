// `cachefront access-key create --data FILE`: a key written straight into the control
// plane's database (SQLite in WAL mode takes this second writer while the control plane runs;
// the control plane reads keys from the database on every request, so the key works at once).

import { Store } from '../storage/store.ts';
import type { AccessKey, AccessKeyScope } from '../storage/access-key-store.ts';

export function createAccessKey(dataPath: string, scope: AccessKeyScope): AccessKey {
  const store = new Store(dataPath);
  try {
    return store.accessKeys.create(scope);
  } finally {
    store.close();
  }
}
