// Real-time log configs (docs/control-plane.md, "Real-time log configs"): keyed by name, as
// CloudFront's are; a behavior's `realtimeLogConfigName` (or ARN) names one.

import { parseRealtimeLogConfig } from '@cachefront/config';
import { iso } from '../http/views.ts';
import { usedByDistributions, type ResourceKind } from './kind.ts';
import { usesRealtimeLogConfig } from './references.ts';

/** The account in the ARNs the API answers with (there is one account). */
export const ACCOUNT_ID = '000000000000';

/** A real-time log config's ARN; a behavior may name the config with it (`realtimeLogConfigArn`). */
export function realtimeLogConfigArn(name: string): string {
  return `arn:aws:cloudfront::${ACCOUNT_ID}:realtime-log-config/${name}`;
}

export const realtimeLogConfigs: ResourceKind<'realtimeLogConfigs'> = {
  configKey: 'realtimeLogConfigs',
  path: 'realtime-log-configs',
  what: 'real-time log config',
  role: 'real-time log config',
  op: 'realtime-log-config',
  idField: 'name',
  errors: { missing: 'NoSuchRealtimeLogConfig', exists: 'RealtimeLogConfigAlreadyExists', inUse: 'RealtimeLogConfigInUse' },
  table: { versions: 'realtime_log_config_versions', versionId: 'name', current: 'realtime_log_configs', currentId: 'name' },
  parse(input) {
    const parsed = parseRealtimeLogConfig(input);
    if (parsed.issues) return parsed;
    // Stored in the file's key order, whatever order the body had.
    const { name, samplingRate, fields, awsFields } = parsed.value;
    return { value: { name, samplingRate, fields, ...(awsFields === undefined ? {} : { awsFields }) } };
  },
  uses: (d, name) => usesRealtimeLogConfig(d, name),
  inUse: (name, ctx) => usedByDistributions('real-time log config', 'used by', ctx.distributions().filter((d) => usesRealtimeLogConfig(d.config, name)), name),
  /** GetRealtimeLogConfig's RealtimeLogConfig `{ARN, Name, SamplingRate, Fields}` (no EndPoints: lines go to the control plane). */
  view: (r) => ({ name: r.config.name, arn: realtimeLogConfigArn(r.config.name), samplingRate: r.config.samplingRate, fields: r.config.fields, lastModifiedTime: iso(r.lastModified) }),
};
