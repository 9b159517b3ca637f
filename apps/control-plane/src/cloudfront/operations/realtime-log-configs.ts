// Real-time log configs (CreateRealtimeLogConfig, GetRealtimeLogConfig, UpdateRealtimeLogConfig,
// DeleteRealtimeLogConfig, ListRealtimeLogConfigs) on the /v1 generic store of the kind
// (resources/realtime-log-configs.ts). CloudFront names one by `Name` or `ARN` in a POST body
// (Get and Delete are POSTs) and has no ETags for them. `EndPoints` (the Kinesis streams) are
// stored as given and returned, never acted on: edges send the sampled lines to the control
// plane (docs/cloudfront-api.md).

import { realtimeLogConfigFromAws, realtimeLogConfigToAws } from '@cachefront/config';
import type { Services } from '../../services.ts';
import { realtimeLogConfigs } from '../../resources/realtime-log-configs.ts';
import { CloudFrontError } from '../errors.ts';
import { page, type Handlers } from '../operation.ts';
import type { Input } from '../protocol.ts';

/** The config an input names by `Name` or `ARN` (both: they must agree); neither is InvalidArgument. */
export function nameOf(input: Input): string {
  const name = input.Name as string | undefined;
  const arn = input.ARN as string | undefined;
  const fromArn = arn === undefined ? undefined : /^arn:aws:cloudfront::\d{12}:realtime-log-config\/([A-Za-z0-9_-]{1,64})$/.exec(arn)?.[1];
  if (arn !== undefined && fromArn === undefined) throw new CloudFrontError('InvalidArgument', `'${arn}' is not a real-time log config ARN (arn:aws:cloudfront::000000000000:realtime-log-config/<name>)`);
  if (name !== undefined && fromArn !== undefined && name !== fromArn) throw new CloudFrontError('InvalidArgument', `Name '${name}' and ARN '${arn}' name different real-time log configs`);
  const named = name ?? fromArn;
  if (named === undefined) throw new CloudFrontError('InvalidArgument', 'give the real-time log config\u2019s Name or ARN');
  return named;
}

function current(s: Services, name: string) {
  return s.store.resource(realtimeLogConfigs).require(name);
}

export const realtimeLogConfigHandlers: Handlers = {
  CreateRealtimeLogConfig({ s, input, accessKeyId }) {
    const e = s.store.resource(realtimeLogConfigs).create(realtimeLogConfigFromAws(input));
    s.propagation.configChanged();
    s.log.info({ op: 'realtime-log-config.create', id: e.id, seq: s.store.head(), subject: accessKeyId }, `real-time log config ${e.id} created`);
    return { RealtimeLogConfig: realtimeLogConfigToAws(e.config) };
  },

  GetRealtimeLogConfig({ s, input }) {
    return { RealtimeLogConfig: realtimeLogConfigToAws(current(s, nameOf(input)).config) };
  },

  /** Every member is replaced by the request's, as CloudFront does ("you cannot update some parameters independent of others"). */
  UpdateRealtimeLogConfig({ s, input, accessKeyId }) {
    const name = nameOf(input);
    const e = s.store.resource(realtimeLogConfigs).update(name, current(s, name).etag, realtimeLogConfigFromAws({ ...input, Name: name }));
    s.propagation.configChanged();
    s.log.info({ op: 'realtime-log-config.update', id: name, seq: s.store.head(), subject: accessKeyId }, `real-time log config ${name} updated`);
    return { RealtimeLogConfig: realtimeLogConfigToAws(e.config) };
  },

  DeleteRealtimeLogConfig({ s, input, accessKeyId }) {
    const name = nameOf(input);
    const { seq } = s.store.resource(realtimeLogConfigs).delete(name, current(s, name).etag);
    s.propagation.configChanged();
    s.log.info({ op: 'realtime-log-config.delete', id: name, seq, subject: accessKeyId }, `real-time log config ${name} deleted`);
    return {};
  },

  ListRealtimeLogConfigs({ s, input }) {
    const items = s.store.resource(realtimeLogConfigs).list().map((e) => realtimeLogConfigToAws(e.config));
    return { RealtimeLogConfigs: page(items, (i) => String(i.Name), input.Marker, input.MaxItems) };
  },
};
