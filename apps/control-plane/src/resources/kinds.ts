// Every resource kind the store keeps and the API serves generically (kind.ts), in the order
// the snapshot lists them. Adding a kind: its entry (a file like policies.ts), one line here,
// its error codes (errors.ts) and, when it needs new tables, a migration step (migrations.ts).

import { keyGroups, publicKeys } from './keys.ts';
import { originAccessControls } from './origin-access-controls.ts';
import { cachePolicies, originRequestPolicies } from './policies.ts';
import { realtimeLogConfigs } from './realtime-log-configs.ts';
import { responseHeadersPolicies } from './response-headers-policies.ts';

export const RESOURCE_KINDS = [cachePolicies, originRequestPolicies, responseHeadersPolicies, publicKeys, keyGroups, realtimeLogConfigs, originAccessControls] as const;

/** The config file lists the resource kinds store: `cachePolicies`, `publicKeys`, ... */
export type ResourceKey = (typeof RESOURCE_KINDS)[number]['configKey'];
