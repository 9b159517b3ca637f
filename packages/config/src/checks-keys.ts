// Rules on public keys and key groups that relate several values: CloudFront's quotas on how
// many there are and how many keys a group holds, and each key listed once per group.
// References (a group's keys, a behavior's key groups) are in references.ts.

import { checkListQuotas, type ListQuota } from './checks-quotas.ts';
import type { IssueSink } from './issues.ts';
import { MAX_KEY_GROUPS_PER_ACCOUNT, MAX_PUBLIC_KEYS_PER_ACCOUNT, MAX_PUBLIC_KEYS_PER_KEY_GROUP } from './limits.ts';
import { field, items } from './raw.ts';

/** Quotas per AWS account; a config file stands for one account (the control plane's store too). */
const ACCOUNT_QUOTAS: ListQuota[] = [
  { key: 'publicKeys', max: MAX_PUBLIC_KEYS_PER_ACCOUNT, what: 'public keys' },
  { key: 'keyGroups', max: MAX_KEY_GROUPS_PER_ACCOUNT, what: 'key groups' },
];

export function checkAccountKeyQuotas(config: unknown, sink: IssueSink): void {
  checkListQuotas(config, ACCOUNT_QUOTAS, 'account', sink);
}

const GROUP_QUOTAS: ListQuota[] = [{ key: 'items', max: MAX_PUBLIC_KEYS_PER_KEY_GROUP, what: 'public keys' }];

/** Quotas, "Public keys in a single key group"; a key listed twice is a mistake. */
export function checkKeyGroup(group: unknown, sink: IssueSink): void {
  checkListQuotas(group, GROUP_QUOTAS, 'key group', sink);
  const ids = items(field(group, 'items'));
  ids.forEach((id, i) => {
    if (typeof id === 'string' && ids.indexOf(id) !== i) sink.add(['items', i], `public key '${id}' is already listed at items[${ids.indexOf(id)}]`);
  });
}
