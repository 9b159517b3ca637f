// Every store runs the store contract (store-contract.ts): distributions, each resource kind
// of resources/kinds.ts (a kind without a fixture here does not compile), functions and key
// value stores.

import type { EntryOf, ResourceKind, ResourceRecord } from '../resources/kind.ts';
import { RESOURCE_KINDS, type ResourceKey } from '../resources/kinds.ts';
import { rawDistribution, testPem } from '../test-support.ts';
import { storeContractTests, type StoreSubject } from './store-contract.ts';
import type { Store } from './store.ts';

const behavior = (extra: Record<string, unknown>) => ({ targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', ...extra });
/** A distribution whose default behavior has `extra` (what makes an entry in use). */
const distributionWith = (store: Store, extra: Record<string, unknown>) => void store.distributions.create(rawDistribution({ defaultCacheBehavior: behavior(extra) }));
const CODE = 'function handler(event) { return event.request; }';

interface Fixture {
  setup?(store: Store): void;
  entry(n: number): Record<string, unknown>;
  change(n: number): Record<string, unknown>;
  use(store: Store, id: string): void;
}

const FIXTURES: { [K in ResourceKey]: Fixture } = {
  cachePolicies: {
    entry: (n) => ({ id: `cp${n}`, minTTL: 0, defaultTTL: 60 }),
    change: () => ({ minTTL: 0, defaultTTL: 120 }),
    use: (store, id) => distributionWith(store, { cachePolicyId: id }),
  },
  originRequestPolicies: {
    entry: (n) => ({ id: `orp${n}` }),
    change: () => ({ headersConfig: { headerBehavior: 'whitelist', headers: ['x-a'] } }),
    use: (store, id) => distributionWith(store, { originRequestPolicyId: id }),
  },
  responseHeadersPolicies: {
    entry: (n) => ({ id: `rhp${n}`, customHeadersConfig: [{ header: 'x-n', value: String(n), override: true }] }),
    change: () => ({ removeHeadersConfig: ['x-powered-by'] }),
    use: (store, id) => distributionWith(store, { responseHeadersPolicyId: id }),
  },
  publicKeys: {
    entry: (n) => ({ id: `pk${n}`, name: `pk${n}`, encodedKey: testPem() }),
    change: (n) => ({ name: `pk${n}`, encodedKey: testPem(), comment: 'only the comment changes' }),
    use: (store, id) => void store.resource('keyGroups').create({ id: 'users', items: [id] }),
  },
  keyGroups: {
    setup: (store) => void store.resource('publicKeys').create({ id: 'pk', name: 'pk', encodedKey: testPem() }),
    entry: (n) => ({ id: `kg${n}`, items: ['pk'] }),
    change: () => ({ items: ['pk'], comment: 'changed' }),
    use: (store, id) => distributionWith(store, { trustedKeyGroups: [id] }),
  },
  originAccessControls: {
    entry: (n) => ({ id: `oac${n}`, name: `oac${n}`, signingBehavior: 'always' }),
    change: (n) => ({ name: `oac${n}`, signingBehavior: 'no-override', description: 'changed' }),
    use: (store, id) => void store.distributions.create(rawDistribution({ origins: [{ id: 'app', domainName: 'site.s3.localhost', s3OriginConfig: {}, originAccessControlId: id }] })),
  },
  realtimeLogConfigs: {
    entry: (n) => ({ name: `rl${n}`, samplingRate: 10, fields: ['timestamp'] }),
    change: () => ({ samplingRate: 20, fields: ['timestamp', 'c-ip'] }),
    use: (store, name) => distributionWith(store, { realtimeLogConfigName: name }),
  },
};

function resourceSubject<K extends ResourceKey>(kind: ResourceKind<K>): StoreSubject<ResourceRecord<EntryOf<K>>> {
  const f: Fixture = FIXTURES[kind.configKey];
  return {
    versions: { table: kind.table.versions, idColumn: kind.table.versionId },
    codes: { missing: kind.errors.missing, exists: kind.errors.exists },
    setup: f.setup,
    entry: f.entry,
    idOf: (n) => String(f.entry(n)[kind.idField]),
    create: (store, body) => store.resource(kind).create(body),
    get: (store, id) => store.resource(kind).get(id),
    list: (store) => store.resource(kind).list(),
    content: (r) => r.config,
    update: { body: f.change, run: (store, id, ifMatch, body) => store.resource(kind).update(id, ifMatch, body), ifMatch: 'required' },
    delete: (store, id, ifMatch) => store.resource(kind).delete(id, ifMatch),
    inUse: { use: f.use, code: kind.errors.inUse },
  };
}

storeContractTests('distributions', {
  versions: { table: 'distribution_versions', idColumn: 'distribution_id' },
  codes: { missing: 'NoSuchDistribution', exists: 'DistributionAlreadyExists' },
  entry: (n) => rawDistribution({ id: `EDIST${String(n).padStart(8, '0')}`, comment: `d${n}` }),
  idOf: (n) => `EDIST${String(n).padStart(8, '0')}`,
  create: (store, body) => store.distributions.create(body),
  get: (store, id) => store.distributions.get(id),
  list: (store) => store.distributions.list(),
  content: (d) => d.config,
  update: { body: (n) => rawDistribution({ comment: `changed ${n}` }), run: (store, id, ifMatch, body) => store.distributions.update(id, ifMatch, body), ifMatch: 'required' },
  delete: (store, id, ifMatch) => store.distributions.delete(id, ifMatch),
  // An enabled distribution is in use: it must be disabled before it is deleted.
  prepareDelete: (store, d) => store.distributions.disable(d.id, d.etag),
  inUse: { use: () => {}, code: 'DistributionNotDisabled' },
});

for (const kind of RESOURCE_KINDS) storeContractTests(kind.path, resourceSubject<ResourceKey>(kind));

storeContractTests('functions', {
  versions: { table: 'function_versions', idColumn: 'name' },
  codes: { missing: 'NoSuchFunctionExists', exists: 'FunctionAlreadyExists' },
  entry: (n) => ({ name: `fn${n}`, code: CODE }),
  idOf: (n) => `fn${n}`,
  create: (store, body) => store.functions.create(body),
  get: (store, id) => store.functions.get(id),
  list: (store) => store.functions.list(),
  content: (f) => ({ development: f.development, live: f.live }),
  update: { body: (n) => ({ code: `${CODE} // v${n}` }), run: (store, id, ifMatch, body) => store.functions.update(id, ifMatch, body), ifMatch: 'required' },
  delete: (store, id, ifMatch) => store.functions.delete(id, ifMatch),
  // Published and associated with a distribution.
  inUse: {
    use: (store, name) => {
      store.functions.publish(name, store.functions.require(name).etag);
      distributionWith(store, { functionAssociations: [{ eventType: 'viewer-request', functionName: name }] });
    },
    code: 'FunctionInUse',
  },
});

storeContractTests('key value stores', {
  versions: { table: 'kvs_versions', idColumn: 'store_id' },
  codes: { missing: 'NoSuchKeyValueStore', exists: 'KeyValueStoreAlreadyExists' },
  entry: (n) => ({ id: `kvs${n}`, name: `kvs${n}` }),
  idOf: (n) => `kvs${n}`,
  create: (store, body) => store.kvs.create(body),
  get: (store, id) => store.kvs.get(id),
  list: (store) => store.kvs.list(),
  content: (k) => ({ name: k.name, comment: k.comment, itemCount: k.itemCount, totalSizeInBytes: k.totalSizeInBytes }),
  // A store's change is a key put (If-Match optional, as CloudFront's PutKey).
  update: { body: (n) => ({ value: `blue ${n}` }), run: (store, id, ifMatch, body) => store.kvs.putKey(id, 'color', body, ifMatch), ifMatch: 'optional' },
  delete: (store, id, ifMatch) => store.kvs.delete(id, ifMatch),
  inUse: { use: async (store, id) => void (await store.functions.create({ name: 'reader', code: CODE, keyValueStoreAssociations: [id] })), code: 'KeyValueStoreInUse' },
});
