// The whole config file: `{distributions, cachePolicies, originRequestPolicies, publicKeys,
// keyGroups}`, each an optional list. Every object is strict, so a misspelt or unsupported
// key is reported, not ignored.

import { z } from 'zod';
import { cidrProblem } from './formats.ts';
import { checkedString } from './schema-helpers.ts';
import { distributionSchema } from './schema-distribution.ts';
import { keyGroupSchema, publicKeySchema } from './schema-keys.ts';
import { functionSchema, keyValueStoreSchema } from './schema-functions.ts';
import { lambdaFunctionSchema } from './schema-lambda.ts';
import { cachePolicySchema, originRequestPolicySchema } from './schema-policies.ts';
import { realtimeLogConfigSchema } from './schema-logs.ts';
import { originAccessControlSchema } from './origin-access.ts';
import { responseHeadersPolicySchema } from './response-headers.ts';

export const configSchema = z.strictObject({
  distributions: z.array(distributionSchema).default(() => []),
  cachePolicies: z.array(cachePolicySchema).default(() => []),
  originRequestPolicies: z.array(originRequestPolicySchema).default(() => []),
  responseHeadersPolicies: z.array(responseHeadersPolicySchema).default(() => []),
  originAccessControls: z.array(originAccessControlSchema).default(() => []),
  publicKeys: z.array(publicKeySchema).default(() => []),
  keyGroups: z.array(keyGroupSchema).default(() => []),
  functions: z.array(functionSchema).default(() => []),
  lambdaFunctions: z.array(lambdaFunctionSchema).default(() => []),
  keyValueStores: z.array(keyValueStoreSchema).default(() => []),
  realtimeLogConfigs: z.array(realtimeLogConfigSchema).default(() => []),
  // The edge believes X-Forwarded-For only from these peers (also `--trusted-proxy`).
  trustedProxies: z.array(checkedString(cidrProblem)).default(() => []),
});

export { cachePolicySchema, distributionSchema, keyGroupSchema, originRequestPolicySchema, publicKeySchema };
