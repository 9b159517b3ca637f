// CloudFront Functions references: a behavior's functionAssociations name functions of the
// config, one per event type; a function's keyValueStoreAssociations name stores of the
// config; names and store ids are unique.

import type { IssueSink } from './issues.ts';
import { field, items, str } from './raw.ts';

export function checkFunctionReferences(config: unknown, sink: IssueSink): void {
  const names = new Map<string, number>();
  items(field(config, 'functions')).forEach((f, i) => {
    const name = str(field(f, 'name'));
    if (name === undefined) return;
    const first = names.get(name);
    if (first !== undefined) sink.add(['functions', i, 'name'], `function name '${name}' is already used by functions[${first}]`);
    else names.set(name, i);
  });
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
      if (id !== undefined && !stores.has(id)) sink.add(['functions', i, 'keyValueStoreAssociations', j], `no key value store with id '${id}'${list(stores)}`);
    });
  });
  items(field(config, 'distributions')).forEach((d, di) => {
    const behaviors: [unknown, (string | number)[]][] = [[field(d, 'defaultCacheBehavior'), ['distributions', di, 'defaultCacheBehavior']]];
    items(field(d, 'cacheBehaviors')).forEach((b, bi) => behaviors.push([b, ['distributions', di, 'cacheBehaviors', bi]]));
    for (const [b, path] of behaviors) {
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
        if (name !== undefined && !names.has(name)) sink.add([...at, arn === undefined ? 'functionName' : 'functionARN'], `no function named '${name}' in this config${list(names.keys())}`);
      });
    }
  });
}

function list(ids: Iterable<string>): string {
  const all = [...ids];
  return all.length === 0 ? '' : ` (names: ${all.join(', ')})`;
}
