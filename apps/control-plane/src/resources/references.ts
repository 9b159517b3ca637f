// Rules between stored objects, decided on plain values: which key groups,
// functions and real-time log configs a distribution uses, which key groups list a public
// key, and whether aliases are taken.

import type { Distribution, Issue, KeyGroup } from '@cachefront/config';

/** The behaviors of a distribution, the default one first. */
export function behaviors(d: Distribution): Distribution['defaultCacheBehavior'][] {
  return [d.defaultCacheBehavior, ...d.cacheBehaviors];
}

/** True if any behavior of `d` trusts the key group `keyGroupId`. */
export function trustsKeyGroup(d: Distribution, keyGroupId: string): boolean {
  return behaviors(d).some((b) => b.trustedKeyGroups.includes(keyGroupId));
}

/** True if any behavior of `d` associates the function `name` (functionAssociations). */
export function usesFunction(d: Distribution, name: string): boolean {
  return behaviors(d).some((b) => (b.functionAssociations ?? []).some((a) => a.functionName === name));
}

/**
 * Issues for function associations naming functions not in `functions` (the published ones), with paths
 * relative to the distribution (as parseDistribution reports them).
 */
/**
 * Lambda@Edge associations: the control plane stores no Lambda@Edge code (config files do,
 * `lambdaFunctions`), so a distribution it deploys cannot name one. Refused with a pointer,
 * never deployed to edges that could not run it.
 */
export function lambdaAssociationIssues(d: Distribution): Issue[] {
  const issues: Issue[] = [];
  const behaviors: [Distribution['defaultCacheBehavior'], string][] = [[d.defaultCacheBehavior, 'defaultCacheBehavior']];
  d.cacheBehaviors.forEach((b, i) => behaviors.push([b, `cacheBehaviors[${i}]`]));
  for (const [b, path] of behaviors) {
    (b.lambdaFunctionAssociations ?? []).forEach((_a, i) => {
      issues.push({ path: `${path}.lambdaFunctionAssociations[${i}]`, message: 'the control plane does not store Lambda@Edge functions yet: serve this distribution from a config file with lambdaFunctions (cachefront edge --config)' });
    });
  }
  return issues;
}

export function unknownFunctionIssues(d: Distribution, functions: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  const behaviors: [Distribution['defaultCacheBehavior'], string][] = [[d.defaultCacheBehavior, 'defaultCacheBehavior']];
  d.cacheBehaviors.forEach((b, i) => behaviors.push([b, `cacheBehaviors[${i}]`]));
  for (const [b, path] of behaviors) {
    (b.functionAssociations ?? []).forEach((a, i) => {
      if (!functions.has(a.functionName)) {
        const known = [...functions];
        const names = known.length === 0 ? '' : ` (published: ${known.join(', ')})`;
        issues.push({ path: `${path}.functionAssociations[${i}].functionName`, message: `no published function named '${a.functionName}'; create and publish it first${names}` });
      }
    });
  }
  return issues;
}

/** True if any behavior of `d` names the real-time log config `name`. */
export function usesRealtimeLogConfig(d: Distribution, name: string): boolean {
  return behaviors(d).some((b) => b.realtimeLogConfigName === name);
}

/**
 * Issues for behaviors naming a real-time log config not in `configs` (the stored names), with
 * paths relative to the distribution. `written` is the entry as sent: a behavior that gave
 * `realtimeLogConfigArn` (the parser turns it into the name) gets its issue there.
 */
export function unknownRealtimeLogConfigIssues(d: Distribution, configs: ReadonlySet<string>, written?: unknown): Issue[] {
  const issues: Issue[] = [];
  const rawBehaviors = field(written, 'cacheBehaviors');
  const behaviors: [Distribution['defaultCacheBehavior'], string, unknown][] = [[d.defaultCacheBehavior, 'defaultCacheBehavior', field(written, 'defaultCacheBehavior')]];
  d.cacheBehaviors.forEach((b, i) => behaviors.push([b, `cacheBehaviors[${i}]`, Array.isArray(rawBehaviors) ? rawBehaviors[i] : undefined]));
  for (const [b, path, raw] of behaviors) {
    const name = b.realtimeLogConfigName;
    if (name === undefined || configs.has(name)) continue;
    const key = field(raw, 'realtimeLogConfigName') === undefined && field(raw, 'realtimeLogConfigArn') !== undefined ? 'realtimeLogConfigArn' : 'realtimeLogConfigName';
    const known = [...configs];
    const names = known.length === 0 ? '' : ` (configs: ${known.join(', ')})`;
    issues.push({ path: `${path}.${key}`, message: `no real-time log config named '${name}'; create it first (POST /v1/realtime-log-configs)${names}` });
  }
  return issues;
}

function field(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

/** The ids of the key groups that list the public key `publicKeyId`. */
export function keyGroupsListing(publicKeyId: string, groups: readonly KeyGroup[]): string[] {
  return groups.filter((g) => g.items.includes(publicKeyId)).map((g) => g.id);
}

/** True if `d` trusts, through any of its key groups, the public key `publicKeyId`. */
export function trustsPublicKey(d: Distribution, publicKeyId: string, groups: readonly KeyGroup[]): boolean {
  return keyGroupsListing(publicKeyId, groups).some((g) => trustsKeyGroup(d, g));
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
