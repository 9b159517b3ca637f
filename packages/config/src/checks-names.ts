// What the reference checks of functions and of real-time log configs share: names unique
// within their list, every cache behavior of every distribution with its path, and the hint
// that lists the names there are.

import type { IssueSink, PathSegment } from './issues.ts';
import { field, items, str } from './raw.ts';

/** The index of each name in `config[listKey]`; a name used again is reported there. */
export function uniqueNames(config: unknown, listKey: string, what: string, sink: IssueSink): Map<string, number> {
  const names = new Map<string, number>();
  items(field(config, listKey)).forEach((x, i) => {
    const name = str(field(x, 'name'));
    if (name === undefined) return;
    const first = names.get(name);
    if (first !== undefined) sink.add([listKey, i, 'name'], `${what} name '${name}' is already used by ${listKey}[${first}]`);
    else names.set(name, i);
  });
  return names;
}

/** Each distribution's default and other cache behaviors, in file order, with their paths. */
export function everyBehavior(config: unknown): [unknown, PathSegment[]][] {
  const behaviors: [unknown, PathSegment[]][] = [];
  items(field(config, 'distributions')).forEach((d, di) => {
    behaviors.push([field(d, 'defaultCacheBehavior'), ['distributions', di, 'defaultCacheBehavior']]);
    items(field(d, 'cacheBehaviors')).forEach((b, bi) => behaviors.push([b, ['distributions', di, 'cacheBehaviors', bi]]));
  });
  return behaviors;
}

/** ` (names: a, b)` after a "no … named" message, or nothing when there are none. */
export function namesHint(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? '' : ` (names: ${all.join(', ')})`;
}
