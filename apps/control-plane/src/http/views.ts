// The JSON the API answers with (docs/control-plane.md), built from stored records; each
// resource kind's own view is in its entry (resources/).

import type { EdgeState } from '../edges/edge-registry.ts';
import type { InvalidationRecord } from '../storage/invalidation-store.ts';
import type { DistributionRecord, FunctionCode, FunctionRecord, FunctionStage, KvsRecord } from '../storage/store.ts';

export type DistributionStatus = 'Deployed' | 'InProgress';

/** A time in the API's answers: ISO 8601, UTC. */
export const iso = (ms: number): string => new Date(ms).toISOString();

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
    // A parent tier (`--tier regional|shield`); POP edges, the default, show none.
    ...(e.tier === undefined || e.tier === 'pop' ? {} : { tier: e.tier }),
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
