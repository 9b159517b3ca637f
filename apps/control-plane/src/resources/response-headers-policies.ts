// Response headers policies (docs/control-plane.md, "Policies"): AWS's managed ones beside the
// stored ones, referenced by a behavior's `responseHeadersPolicyId`.

import { randomUUID } from 'node:crypto';
import { managedResponseHeadersPolicies, parseResponseHeadersPolicy, resolveResponseHeadersPolicy } from '@cachefront/config';
import { iso } from '../http/views.ts';
import { usedByDistributions, type ResourceKind } from './kind.ts';
import { behaviors } from './references.ts';

const uses = (d: Parameters<ResourceKind['uses']>[0], id: string) => behaviors(d).some((b) => b.responseHeadersPolicyId === id);

export const responseHeadersPolicies: ResourceKind<'responseHeadersPolicies'> = {
  configKey: 'responseHeadersPolicies',
  path: 'response-headers-policies',
  what: 'response headers policy',
  role: 'policy',
  op: 'response-headers-policy',
  idField: 'id',
  errors: { missing: 'NoSuchResponseHeadersPolicy', exists: 'ResponseHeadersPolicyAlreadyExists', inUse: 'ResponseHeadersPolicyInUse' },
  table: { versions: 'response_headers_policy_versions', versionId: 'policy_id', current: 'response_headers_policies', currentId: 'id' },
  distributionContext: true,
  newId: () => randomUUID(),
  parse: (input) => parseResponseHeadersPolicy(input),
  uses,
  inUse: (id, ctx) => usedByDistributions('response headers policy', 'used by', ctx.distributions().filter((d) => uses(d.config, id)), id),
  managed: {
    list: managedResponseHeadersPolicies,
    resolve: (ref) => resolveResponseHeadersPolicy({ responseHeadersPolicies: [] }, ref),
    view: (p) => ({ id: p.id, type: 'managed' as const, responseHeadersPolicyConfig: p }),
  },
  view: (r) => ({ id: r.id, type: 'custom' as const, lastModifiedTime: iso(r.lastModified), responseHeadersPolicyConfig: r.config }),
};
