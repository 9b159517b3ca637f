// Logging settings: a distribution's standard logs (`logging`), real-time log configs
// (`realtimeLogConfigs: [{name, samplingRate, fields}]`, CloudFront's RealtimeLogConfig
// without EndPoints: the edges send sampled lines to the control plane's stream; the
// CloudFront API keeps the EndPoints it is given in `awsFields`), and the
// behavior's `realtimeLogConfigName` / `realtimeLogConfigArn`.

import { z } from 'zod';
import { REALTIME_LOG_FIELDS } from '@cachefront/observe';
import { checkedString } from './schema-helpers.ts';

const FIELDS: ReadonlySet<string> = new Set(REALTIME_LOG_FIELDS);

/** CreateRealtimeLogConfig Name: letters, digits, '-' and '_', at most 64. */
export function realtimeLogConfigNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 64) return 'must be 1 to 64 characters';
  return /^[A-Za-z0-9_-]+$/.test(name) ? undefined : "use only letters, digits, '-' and '_'";
}

export function realtimeLogConfigNameFromArn(arn: string): string | undefined {
  return /^arn:aws:cloudfront::\d{12}:realtime-log-config\/([A-Za-z0-9_-]{1,64})$/.exec(arn)?.[1];
}

/** A standard-log prefix: a relative path under the edge's log directory. */
export function logPrefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith('/')) return "must be relative (no leading '/')";
  if (prefix.split('/').some((p) => p === '..' || p === '.')) return "must not contain '.' or '..' segments";
  return /^[A-Za-z0-9!_.*'()/-]*$/.test(prefix) ? undefined : "use only letters, digits and !-_.*'()/";
}

export const realtimeLogConfigSchema = z.strictObject({
  name: checkedString(realtimeLogConfigNameProblem),
  // "Sampling rate": a whole number from 1 to 100 (percent of requests sent).
  samplingRate: z.int({ error: 'must be a whole number from 1 to 100' }).min(1, { error: 'must be a whole number from 1 to 100' }).max(100, { error: 'must be a whole number from 1 to 100' }),
  fields: z
    .array(checkedString((f) => (FIELDS.has(f) ? undefined : `not a real-time log field (fields: ${REALTIME_LOG_FIELDS.join(', ')})`)))
    .min(1, { error: 'choose at least one field' })
    .refine((fs) => new Set(fs).size === fs.length, { error: 'a field is listed twice' }),
  // CloudFront's EndPoints (the Kinesis streams lines go to), kept as given by the CloudFront
  // API (aws/functions.ts) and never acted on: edges send the lines to the control plane.
  awsFields: z
    .record(z.string(), z.unknown())
    .refine((f) => JSON.stringify(f).length <= 65_536, { error: 'must be at most 64 KiB as JSON' })
    .optional(),
});
