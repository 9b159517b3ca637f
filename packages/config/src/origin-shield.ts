// An origin's Origin Shield (API reference, OriginShield: `{Enabled, OriginShieldRegion}`):
// the Regions it may name, its shape, and the rule that relates its two fields.

import { z } from 'zod';
import type { IssueSink } from './issues.ts';
import { field, items } from './raw.ts';
import { checkedString } from './schema-helpers.ts';

/**
 * "Choosing the AWS Region for Origin Shield": the Regions that have a regional edge cache,
 * the only ones OriginShieldRegion may name (an origin elsewhere, e.g. in us-west-1 or
 * eu-west-3, picks the nearest of these). In the guide's order.
 */
export const ORIGIN_SHIELD_REGIONS: readonly string[] = [
  'us-east-2',
  'us-east-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
];

/** Why `region` cannot be an OriginShieldRegion (a Region code from the list), or undefined. */
export function originShieldRegionProblem(region: string): string | undefined {
  if (ORIGIN_SHIELD_REGIONS.includes(region)) return undefined;
  // API reference, OriginShield: "use the region code, not the region name".
  const code = /^[a-z]{2}-[a-z]+-\d$/.test(region) ? `'${region}' has no Origin Shield` : `'${region}' is not an AWS Region code`;
  return `${code}; Origin Shield is offered in ${ORIGIN_SHIELD_REGIONS.join(', ')} ("Choosing the AWS Region for Origin Shield")`;
}

/** Origin.OriginShield: Enabled is required; the Region is checked with the origin (checkOriginShields). */
export const originShieldSchema = z.strictObject({
  enabled: z.boolean(),
  originShieldRegion: checkedString(originShieldRegionProblem).optional(),
});

/** API reference, OriginShield: "When you enable CloudFront Origin Shield, you must specify the AWS Region". */
export function checkOriginShields(origins: unknown, sink: IssueSink): void {
  items(origins).forEach((o, i) => {
    const shield = field(o, 'originShield');
    if (field(shield, 'enabled') === true && field(shield, 'originShieldRegion') === undefined) {
      sink.add([i, 'originShield', 'originShieldRegion'], 'is required when enabled is true: the AWS Region of the Origin Shield, e.g. us-east-1');
    }
  });
}
