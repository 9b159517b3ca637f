// CloudFront Functions references: a behavior's functionAssociations name functions of the
// config, one per event type; a function's keyValueStoreAssociations name stores of the
// config; names and store ids are unique.

import { everyBehavior, namesHint, uniqueNames } from './checks-names.ts';
import type { IssueSink } from './issues.ts';
import { field, items, str } from './raw.ts';

export function checkFunctionReferences(config: unknown, sink: IssueSink): void {
  const names = uniqueNames(config, 'functions', 'function', sink);
  const stores = new Set<string>();
  items(field(config, 'keyValueStores')).forEach((s, i) => {
    const id = str(field(s, 'id'));
    if (id === undefined) return;
    if (stores.has(id)) sink.add(['keyValueStores', i, 'id'], `key value store id '${id}' is used twice`);
    stores.add(id);
  });
  items(field(config, 'functions')).forEach((f, i) => {
    items(field(f, 'keyValueStoreAssociations')).forEach((s, j) => {
      const id = str(s);
      if (id !== undefined && !stores.has(id)) sink.add(['functions', i, 'keyValueStoreAssociations', j], `no key value store with id '${id}'${namesHint(stores)}`);
    });
  });
  for (const [b, path] of everyBehavior(config)) {
    const seen = new Set<string>();
    items(field(b, 'functionAssociations')).forEach((a, ai) => {
      const at = [...path, 'functionAssociations', ai];
      const type = str(field(a, 'eventType'));
      if (type !== undefined) {
        if (seen.has(type)) sink.add([...at, 'eventType'], `only one function per event type; ${type} is already associated`);
        seen.add(type);
      }
      const arn = str(field(a, 'functionARN'));
      const name = str(field(a, 'functionName')) ?? (arn === undefined ? undefined : /function\/([A-Za-z0-9_-]+)$/.exec(arn)?.[1]);
      if (name !== undefined && !names.has(name)) sink.add([...at, arn === undefined ? 'functionName' : 'functionARN'], `no function named '${name}' in this config${namesHint(names.keys())}`);
    });
  }
}
