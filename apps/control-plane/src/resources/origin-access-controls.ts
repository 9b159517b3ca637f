// Origin access controls (docs/control-plane.md, "Origin access controls"): how edges sign
// requests to S3 origins, referenced by an origin's `originAccessControlId`. They hold no
// secret: the signing credentials are each edge's own (`cachefront edge --s3-credentials`).

import { parseOriginAccessControl } from '@cachefront/config';
import { newDistributionId } from '../storage/ids.ts';
import { usedByDistributions, type ResourceKind } from './kind.ts';

/** "Origin access controls per account" (CloudFront Quotas). */
export const MAX_ORIGIN_ACCESS_CONTROLS = 100;

const uses = (d: Parameters<ResourceKind['uses']>[0], id: string) => d.origins.some((o) => o.originAccessControlId === id);

export const originAccessControls: ResourceKind<'originAccessControls'> = {
  configKey: 'originAccessControls',
  path: 'origin-access-controls',
  what: 'origin access control',
  role: 'origin access control',
  op: 'origin-access-control',
  idField: 'id',
  errors: { missing: 'NoSuchOriginAccessControl', exists: 'OriginAccessControlAlreadyExists', inUse: 'OriginAccessControlInUse', tooMany: 'TooManyOriginAccessControls' },
  max: MAX_ORIGIN_ACCESS_CONTROLS,
  table: { versions: 'origin_access_control_versions', versionId: 'oac_id', current: 'origin_access_controls', currentId: 'id' },
  distributionContext: true,
  // CloudFront's OAC ids look like distribution ids (`E` + 13).
  newId(used) {
    for (;;) {
      const id = newDistributionId();
      if (!used(id)) return id;
    }
  },
  parse: (input) => parseOriginAccessControl(input),
  uses,
  inUse: (id, ctx) => usedByDistributions('origin access control', 'used by', ctx.distributions().filter((d) => uses(d.config, id)), id),
  /** GetOriginAccessControl's `OriginAccessControl`: `{Id, OriginAccessControlConfig}`. */
  view: (r) => ({ id: r.id, originAccessControlConfig: r.config }),
};
