// The policy kinds (docs/control-plane.md, "Policies"): cache policies and origin request
// policies, each with AWS's managed policies beside the stored ones, referenced by a
// behavior's `cachePolicyId` / `originRequestPolicyId`. Both share the tables `policies`
// and `policy_versions` (their `kind` column).

import { randomUUID } from 'node:crypto';
import {
  managedCachePolicies,
  managedOriginRequestPolicies,
  parseCachePolicy,
  parseOriginRequestPolicy,
  resolveCachePolicy,
  resolveOriginRequestPolicy,
  type CachePolicy,
  type OriginRequestPolicy,
} from '@cachefront/config';
import { iso } from '../http/views.ts';
import { usedByDistributions, type KindContext, type ResourceKind, type ResourceRecord } from './kind.ts';
import { behaviors } from './references.ts';

type Behavior = ReturnType<typeof behaviors>[number];

/** A policy kind: `kind` (the tables' column), and the behavior field and view key of the policies. */
function policyKind<K extends 'cachePolicies' | 'originRequestPolicies'>(o: {
  configKey: K;
  kind: string;
  what: string;
  code: 'CachePolicy' | 'OriginRequestPolicy';
  parse: (input: unknown) => ReturnType<ResourceKind<K>['parse']>;
  managed: ResourceKind<K>['managed'] & object;
  field: (b: Behavior) => string | undefined;
  viewKey: 'cachePolicyConfig' | 'originRequestPolicyConfig';
}): ResourceKind<K> {
  const uses = (d: Parameters<ResourceKind['uses']>[0], id: string) => behaviors(d).some((b) => o.field(b) === id);
  return {
    configKey: o.configKey,
    path: `${o.kind}-policies`,
    what: o.what,
    role: 'policy',
    op: `${o.kind}-policy`,
    idField: 'id',
    errors: { missing: `NoSuch${o.code}`, exists: `${o.code}AlreadyExists`, inUse: `${o.code}InUse` },
    table: { versions: 'policy_versions', versionId: 'policy_id', current: 'policies', currentId: 'id', kind: o.kind },
    distributionContext: true,
    newId: () => randomUUID(),
    parse: (input) => o.parse(input),
    uses,
    inUse: (id, ctx: KindContext) => usedByDistributions(o.what, 'used by', ctx.distributions().filter((d) => uses(d.config, id)), id),
    managed: o.managed,
    view: (p: ResourceRecord<unknown>) => ({ id: p.id, type: 'custom' as const, lastModifiedTime: iso(p.lastModified), [o.viewKey]: p.config }),
  };
}

export const cachePolicies: ResourceKind<'cachePolicies'> = policyKind({
  configKey: 'cachePolicies',
  kind: 'cache',
  what: 'cache policy',
  code: 'CachePolicy',
  parse: parseCachePolicy,
  field: (b) => b.cachePolicyId,
  viewKey: 'cachePolicyConfig',
  managed: {
    list: managedCachePolicies,
    resolve: (ref) => resolveCachePolicy({ cachePolicies: [] }, ref),
    // A managed policy: AWS's, never modified here, so it has no ETag or time of its own.
    view: (p: CachePolicy) => ({ id: p.id, type: 'managed' as const, cachePolicyConfig: p }),
  },
});

export const originRequestPolicies: ResourceKind<'originRequestPolicies'> = policyKind({
  configKey: 'originRequestPolicies',
  kind: 'origin-request',
  what: 'origin request policy',
  code: 'OriginRequestPolicy',
  parse: parseOriginRequestPolicy,
  field: (b) => b.originRequestPolicyId,
  viewKey: 'originRequestPolicyConfig',
  managed: {
    list: managedOriginRequestPolicies,
    resolve: (ref) => resolveOriginRequestPolicy({ originRequestPolicies: [] }, ref),
    view: (p: OriginRequestPolicy) => ({ id: p.id, type: 'managed' as const, originRequestPolicyConfig: p }),
  },
});
