// Real-time log config references: a behavior's realtimeLogConfigName (or ARN) names a
// config of the file; config names are unique.

import { everyBehavior, namesHint, uniqueNames } from './checks-names.ts';
import type { IssueSink } from './issues.ts';
import { field, str } from './raw.ts';
import { realtimeLogConfigNameFromArn } from './schema-logs.ts';

export function checkRealtimeLogReferences(config: unknown, sink: IssueSink): void {
  const names = uniqueNames(config, 'realtimeLogConfigs', 'real-time log config', sink);
  for (const [b, path] of everyBehavior(config)) {
    const arn = str(field(b, 'realtimeLogConfigArn'));
    const name = str(field(b, 'realtimeLogConfigName')) ?? (arn === undefined ? undefined : realtimeLogConfigNameFromArn(arn));
    if (name === undefined || names.has(name)) continue;
    sink.add([...path, arn === undefined ? 'realtimeLogConfigName' : 'realtimeLogConfigArn'], `no real-time log config named '${name}' in this config${namesHint(names.keys())}`);
  }
}
