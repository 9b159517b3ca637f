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
} from '@cachefront/config';
import { iso } from '../http/views.ts';
import { usedByDistributions, type KindContext, type ResourceKind, type ResourceRecord } from './kind.ts';
import { behaviors } from './references.ts';

type Behavior = ReturnType<typeof behaviors>[number];

/**
 * A policy kind: its config key, `kind` (the tables' column; `what` is `<kind> policy` with spaces), the API's
 * `code` (errors; the view key is `<code>Config`, camel-cased), and the behavior field naming it.
 */
function policyKind<K extends 'cachePolicies' | 'originRequestPolicies'>(configKey: K, kind: 'cache' | 'origin-request', code: 'CachePolicy' | 'OriginRequestPolicy', o: {
  parse: (input: unknown) => ReturnType<ResourceKind<K>['parse']>;
  managed: Omit<ResourceKind<K>['managed'] & object, 'view'>;
  field: (b: Behavior) => string | undefined;
}): ResourceKind<K> {
  const what = `${kind.replace('-', ' ')} policy`;
  const viewKey = `${code[0]!.toLowerCase()}${code.slice(1)}Config`;
  const uses = (d: Parameters<ResourceKind['uses']>[0], id: string) => behaviors(d).some((b) => o.field(b) === id);
  return {
    configKey,
    path: `${kind}-policies`,
    what,
    role: 'policy',
    op: `${kind}-policy`,
    idField: 'id',
    errors: { missing: `NoSuch${code}`, exists: `${code}AlreadyExists`, inUse: `${code}InUse` },
    table: { versions: 'policy_versions', versionId: 'policy_id', current: 'policies', currentId: 'id', kind },
    distributionContext: true,
    newId: () => randomUUID(),
    parse: (input) => o.parse(input),
    uses,
    inUse: (id, ctx: KindContext) => usedByDistributions(what, 'used by', ctx.distributions().filter((d) => uses(d.config, id)), id),
    // A managed policy: AWS's, never modified here, so it has no ETag or time of its own.
    managed: { ...o.managed, view: (p) => ({ id: p.id, type: 'managed' as const, [viewKey]: p }) },
    view: (p: ResourceRecord<unknown>) => ({ id: p.id, type: 'custom' as const, lastModifiedTime: iso(p.lastModified), [viewKey]: p.config }),
  };
}

export const cachePolicies: ResourceKind<'cachePolicies'> = policyKind('cachePolicies', 'cache', 'CachePolicy', {
  parse: parseCachePolicy,
  field: (b) => b.cachePolicyId,
  managed: { list: managedCachePolicies, resolve: (ref) => resolveCachePolicy({ cachePolicies: [] }, ref) },
});

export const originRequestPolicies: ResourceKind<'originRequestPolicies'> = policyKind('originRequestPolicies', 'origin-request', 'OriginRequestPolicy', {
  parse: parseOriginRequestPolicy,
  field: (b) => b.originRequestPolicyId,
  managed: { list: managedOriginRequestPolicies, resolve: (ref) => resolveOriginRequestPolicy({ originRequestPolicies: [] }, ref) },
});
