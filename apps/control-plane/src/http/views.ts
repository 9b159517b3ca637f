// The JSON the API answers with (docs/control-plane.md), built from stored records.

import type { CachePolicy, OriginRequestPolicy } from '@cachefront/config';
import type { EdgeState } from '../edges/edge-registry.ts';
import type { InvalidationRecord } from '../storage/invalidation-store.ts';
import type { DistributionRecord, FunctionCode, FunctionRecord, FunctionStage, KeyRecord, KvsRecord, PolicyKind, PolicyRecord, RealtimeLogConfigRecord } from '../storage/store.ts';

export type DistributionStatus = 'Deployed' | 'InProgress';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every distribution answers on `<id lower-case>.cachefront.local` too. */
export function domainName(id: string): string {
  return `${id.toLowerCase()}.cachefront.local`;
}

export function distributionView(d: DistributionRecord, status: DistributionStatus) {
  return { id: d.id, status, domainName: domainName(d.id), lastModifiedTime: iso(d.lastModified), distributionConfig: d.config };
}

export function distributionSummary(d: DistributionRecord, status: DistributionStatus) {
  return {
    id: d.id,
    status,
    domainName: domainName(d.id),
    lastModifiedTime: iso(d.lastModified),
    enabled: d.config.enabled,
    aliases: d.config.aliases,
    comment: d.config.comment,
  };
}

export function policyConfigKey(kind: PolicyKind): 'cachePolicyConfig' | 'originRequestPolicyConfig' {
  return kind === 'cache' ? 'cachePolicyConfig' : 'originRequestPolicyConfig';
}

export function policyView(p: PolicyRecord) {
  return { id: p.id, type: 'custom' as const, lastModifiedTime: iso(p.lastModified), [policyConfigKey(p.kind)]: p.config };
}

/** A managed policy: AWS's, never modified here, so it has no ETag or time of its own. */
export function managedPolicyView(kind: PolicyKind, p: CachePolicy | OriginRequestPolicy) {
  return { id: p.id, type: 'managed' as const, [policyConfigKey(kind)]: p };
}

/** GetPublicKey's `PublicKey`: `{Id, CreatedTime, PublicKeyConfig}`. */
export function publicKeyView(k: KeyRecord<'public-key'>) {
  return { id: k.id, createdTime: iso(k.createdTime), publicKeyConfig: k.config };
}

/** GetKeyGroup's `KeyGroup`: `{Id, LastModifiedTime, KeyGroupConfig}`. */
export function keyGroupView(k: KeyRecord<'key-group'>) {
  return { id: k.id, lastModifiedTime: iso(k.lastModified), keyGroupConfig: k.config };
}

export function keyView(k: KeyRecord) {
  return k.kind === 'public-key' ? publicKeyView(k as KeyRecord<'public-key'>) : keyGroupView(k as KeyRecord<'key-group'>);
}

/** DescribeFunction's FunctionSummary: UNPUBLISHED (no LIVE stage), UNASSOCIATED or DEPLOYED. */
export type FunctionStatus = 'UNPUBLISHED' | 'UNASSOCIATED' | 'DEPLOYED';

function functionConfig(f: FunctionCode) {
  return { runtime: f.runtime, comment: f.comment, keyValueStoreAssociations: f.keyValueStoreAssociations };
}

/** GetFunction (code) with DescribeFunction's metadata, for one stage. */
export function functionView(f: FunctionRecord, stage: FunctionStage, status: FunctionStatus) {
  const code = stage === 'LIVE' ? (f.live as FunctionCode) : f.development;
  return { name: f.id, status, stage, functionConfig: functionConfig(code), code: code.code, lastModifiedTime: iso(f.lastModified), createdTime: iso(f.createdTime) };
}

/** ListFunctions' FunctionSummary: the DEVELOPMENT stage's config, no code. */
export function functionSummary(f: FunctionRecord, status: FunctionStatus) {
  return { name: f.id, status, published: f.live !== null, functionConfig: functionConfig(f.development), lastModifiedTime: iso(f.lastModified), createdTime: iso(f.createdTime) };
}

/** DescribeKeyValueStore: `{Id, Name, Comment, Status, ItemCount, TotalSizeInBytes, ...}`. */
export function kvsView(k: KvsRecord) {
  return {
    id: k.id,
    name: k.name,
    comment: k.comment,
    status: 'READY' as const,
    itemCount: k.itemCount,
    totalSizeInBytes: k.totalSizeInBytes,
    createdTime: iso(k.createdTime),
    lastModifiedTime: iso(k.lastModified),
  };
}

/** The account in the ARNs the API answers with (there is one account). */
export const ACCOUNT_ID = '000000000000';

/** A real-time log config's ARN; a behavior may name the config with it (`realtimeLogConfigArn`). */
export function realtimeLogConfigArn(name: string): string {
  return `arn:aws:cloudfront::${ACCOUNT_ID}:realtime-log-config/${name}`;
}

/** GetRealtimeLogConfig's RealtimeLogConfig `{ARN, Name, SamplingRate, Fields}` (no EndPoints: lines go to the control plane). */
export function realtimeLogConfigView(r: RealtimeLogConfigRecord) {
  return { name: r.config.name, arn: realtimeLogConfigArn(r.config.name), samplingRate: r.config.samplingRate, fields: r.config.fields, lastModifiedTime: iso(r.lastModified) };
}

export function invalidationView(i: InvalidationRecord) {
  return { id: i.id, status: i.status, createTime: iso(i.createTime), invalidationBatch: { callerReference: i.callerReference, paths: i.paths } };
}

export function invalidationSummary(i: InvalidationRecord) {
  return { id: i.id, status: i.status, createTime: iso(i.createTime) };
}

export function edgeView(e: EdgeState) {
  return {
    id: e.id,
    pop: e.pop,
    ...(e.url === undefined ? {} : { url: e.url }),
    status: e.status,
    appliedSeq: e.appliedSeq,
    connected: e.connected,
    lastSeen: iso(e.lastSeen),
    firstSeen: iso(e.firstSeen),
  };
}

export function list<T>(items: T[]): { quantity: number; items: T[] } {
  return { quantity: items.length, items };
}
