// CloudFront Functions and real-time log configs in AWS's shapes <-> cachefront's entries.
// A function's FunctionConfig holds the comment, runtime and key value store associations
// (by ARN: cachefront's stores are named by id); the code travels beside it as a blob. A
// real-time log config's EndPoints (Kinesis streams) have no cachefront field: edges send
// the sampled lines to the control plane, so they are kept in `awsFields` and given back.

import type { RealtimeLogConfig } from '../types.ts';
import { AWS_ACCOUNT_ID } from './distribution.ts';
import { isObject, wrap } from './shapes.ts';

export const keyValueStoreArn = (id: string): string => `arn:aws:cloudfront::${AWS_ACCOUNT_ID}:key-value-store/${id}`;
export const functionArn = (name: string): string => `arn:aws:cloudfront::${AWS_ACCOUNT_ID}:function/${name}`;
export const realtimeLogConfigArnOf = (name: string): string => `arn:aws:cloudfront::${AWS_ACCOUNT_ID}:realtime-log-config/${name}`;

/** A key value store ARN's id (the part after `key-value-store/`), or the text itself when it is no such ARN. */
export function keyValueStoreIdFromArn(arn: string): string {
  return /^arn:aws:cloudfront::\d{12}:key-value-store\/(.+)$/.exec(arn)?.[1] ?? arn;
}

/** The parts of a function entry that FunctionConfig describes. */
export interface FunctionConfigFields {
  runtime: string;
  comment: string;
  keyValueStoreAssociations: string[];
}

/** CreateFunction/UpdateFunction's `Name`, `FunctionConfig` and code: a raw function entry for the parser. */
export function functionFromAws(name: string, config: Record<string, unknown>, code: string): Record<string, unknown> {
  const kvs = isObject(config.KeyValueStoreAssociations) && Array.isArray(config.KeyValueStoreAssociations.Items) ? config.KeyValueStoreAssociations.Items : [];
  return {
    name,
    ...(config.Runtime === undefined ? {} : { runtime: config.Runtime }),
    ...(config.Comment === undefined ? {} : { comment: config.Comment }),
    code,
    keyValueStoreAssociations: kvs.map((a) => (isObject(a) ? keyValueStoreIdFromArn(String(a.KeyValueStoreARN)) : a)),
  };
}

export function functionConfigToAws(f: FunctionConfigFields): Record<string, unknown> {
  return { Comment: f.comment, Runtime: f.runtime, KeyValueStoreAssociations: wrap(f.keyValueStoreAssociations.map((id) => ({ KeyValueStoreARN: keyValueStoreArn(id) }))) };
}

/** CreateRealtimeLogConfig / UpdateRealtimeLogConfig's members: a raw entry for the parser; EndPoints kept in awsFields. */
export function realtimeLogConfigFromAws(input: Record<string, unknown>): Record<string, unknown> {
  return {
    name: input.Name,
    samplingRate: input.SamplingRate,
    fields: input.Fields,
    ...(input.EndPoints === undefined ? {} : { awsFields: { EndPoints: input.EndPoints } }),
  };
}

/** RealtimeLogConfig `{ARN, Name, SamplingRate, EndPoints, Fields}`: EndPoints as given (none: an empty list). */
export function realtimeLogConfigToAws(c: RealtimeLogConfig): Record<string, unknown> {
  const endPoints = c.awsFields?.EndPoints;
  return { ARN: realtimeLogConfigArnOf(c.name), Name: c.name, SamplingRate: c.samplingRate, EndPoints: Array.isArray(endPoints) ? endPoints : [], Fields: c.fields };
}
