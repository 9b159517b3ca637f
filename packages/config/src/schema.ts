// The whole config file: `{distributions, cachePolicies, originRequestPolicies}`, each an
// optional list. Every object is strict, so a misspelt or not-yet-supported key (for
// example publicKeys or keyGroups, which later issues add) is reported, not ignored.

import { z } from 'zod';
import { distributionSchema } from './schema-distribution.ts';
import { cachePolicySchema, originRequestPolicySchema } from './schema-policies.ts';

export const configSchema = z.strictObject({
  distributions: z.array(distributionSchema).default(() => []),
  cachePolicies: z.array(cachePolicySchema).default(() => []),
  originRequestPolicies: z.array(originRequestPolicySchema).default(() => []),
});

export { cachePolicySchema, distributionSchema, originRequestPolicySchema };
