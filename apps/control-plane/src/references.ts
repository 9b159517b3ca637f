// Rules between stored objects, decided on plain values: which policies a distribution
// uses, and whether its aliases are already taken.

import type { Distribution } from '@cachefront/config';

export type PolicyKind = 'cache' | 'origin-request';

/** True if any behavior of `d` names the stored policy `policyId` of that kind. */
export function usesPolicy(d: Distribution, kind: PolicyKind, policyId: string): boolean {
  return [d.defaultCacheBehavior, ...d.cacheBehaviors].some((b) =>
    kind === 'cache' ? b.cachePolicyId === policyId : b.originRequestPolicyId === policyId,
  );
}

/**
 * The first of `aliases` another distribution already has. "Use custom URLs by adding
 * alternate domain names (CNAMEs)": an alternate domain name belongs to one distribution;
 * names compare case-insensitively, and a wildcard may overlap a specific name.
 */
export function aliasConflict(
  aliases: readonly string[],
  others: readonly Pick<Distribution, 'id' | 'aliases'>[],
): { alias: string; distributionId: string } | undefined {
  const taken = new Map<string, string>();
  for (const o of others) for (const a of o.aliases) taken.set(a.toLowerCase(), o.id ?? '');
  for (const alias of aliases) {
    const distributionId = taken.get(alias.toLowerCase());
    if (distributionId !== undefined) return { alias, distributionId };
  }
  return undefined;
}
