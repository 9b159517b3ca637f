// AWS's CloudFront shapes <-> cachefront config: for the CloudFront REST API, `cachefront
// import` and `cachefront export`.
export { AWS_ACCOUNT_ID, distributionFromAws, distributionToAws, type FromAws } from './distribution.ts';
export {
  cachePolicyFromAws,
  cachePolicyToAws,
  keyGroupFromAws,
  keyGroupToAws,
  originAccessControlFromAws,
  originAccessControlToAws,
  originRequestPolicyFromAws,
  originRequestPolicyToAws,
  publicKeyFromAws,
  publicKeyToAws,
  responseHeadersPolicyFromAws,
  responseHeadersPolicyToAws,
} from './policies.ts';
export { camelize, pascalize, LIST_WRAPPERS } from './shapes.ts';
export {
  functionArn,
  functionConfigToAws,
  functionFromAws,
  keyValueStoreArn,
  keyValueStoreIdFromArn,
  realtimeLogConfigFromAws,
  realtimeLogConfigToAws,
  type FunctionConfigFields,
} from './functions.ts';
