// Real-time log config references: a behavior's realtimeLogConfigName (or ARN) names a
// config of the file; config names are unique.

import type { IssueSink } from './issues.ts';
import { field, items, str } from './raw.ts';
import { realtimeLogConfigNameFromArn } from './schema-logs.ts';

export function checkRealtimeLogReferences(config: unknown, sink: IssueSink): void {
  const names = new Map<string, number>();
  items(field(config, 'realtimeLogConfigs')).forEach((c, i) => {
    const name = str(field(c, 'name'));
    if (name === undefined) return;
    const first = names.get(name);
    if (first !== undefined) sink.add(['realtimeLogConfigs', i, 'name'], `real-time log config name '${name}' is already used by realtimeLogConfigs[${first}]`);
    else names.set(name, i);
  });
  items(field(config, 'distributions')).forEach((d, di) => {
    const behaviors: [unknown, (string | number)[]][] = [[field(d, 'defaultCacheBehavior'), ['distributions', di, 'defaultCacheBehavior']]];
    items(field(d, 'cacheBehaviors')).forEach((b, bi) => behaviors.push([b, ['distributions', di, 'cacheBehaviors', bi]]));
    for (const [b, path] of behaviors) {
      const arn = str(field(b, 'realtimeLogConfigArn'));
      const name = str(field(b, 'realtimeLogConfigName')) ?? (arn === undefined ? undefined : realtimeLogConfigNameFromArn(arn));
      if (name === undefined || names.has(name)) continue;
      const known = [...names.keys()];
      sink.add([...path, arn === undefined ? 'realtimeLogConfigName' : 'realtimeLogConfigArn'], `no real-time log config named '${name}' in this config${known.length ? ` (names: ${known.join(', ')})` : ''}`);
    }
  });
}
