// References between objects, and the uniqueness they rely on: behaviors name an origin
// or origin group, origin groups name origins, behaviors name cache and origin request
// policies and trusted key groups, key groups name public keys; ids, names, aliases and
// path patterns are unique where CloudFront requires it.

import type { IssueSink } from './issues.ts';
import {
  isManagedCachePolicyRef,
  isManagedOriginRequestPolicyRef,
  managedCachePolicies,
  managedOriginRequestPolicies,
} from './managed.ts';
import { field, items, str } from './raw.ts';
import { isManagedResponseHeadersPolicyRef, managedResponseHeadersPolicies } from './response-headers.ts';
import { suggest } from './zod-issues.ts';

/** Ids defined outside a distribution that it may reference: local policies (beyond the managed ones) and key groups. */
export interface LocalIds {
  cache: readonly string[];
  originRequest: readonly string[];
  responseHeaders: readonly string[];
  keyGroups: readonly string[];
  /** Origin access control ids (originAccessControls): undefined when the caller cannot know them. */
  originAccessControls?: readonly string[];
}

/** The ids of `list[i].id` that are strings, reporting repeats at `<listKey>[i].id`. */
function uniqueIds(list: unknown, listKey: string, what: string, sink: IssueSink): Map<string, number> {
  const ids = new Map<string, number>();
  items(list).forEach((item, i) => {
    const id = str(field(item, 'id'));
    if (id === undefined) return;
    const first = ids.get(id);
    if (first === undefined) ids.set(id, i);
    else sink.add([listKey, i, 'id'], `${what} id '${id}' is already used by ${listKey}[${first}]`);
  });
  return ids;
}

export function checkDistributionReferences(dist: unknown, local: LocalIds, sink: IssueSink): void {
  // "Origin ID": "A string that uniquely distinguishes this origin or origin group in this distribution."
  const origins = uniqueIds(field(dist, 'origins'), 'origins', 'origin', sink);
  const groups = uniqueIds(field(dist, 'originGroups'), 'originGroups', 'origin group', sink);
  for (const [id, i] of groups) {
    const clash = origins.get(id);
    if (clash !== undefined) {
      sink.add(['originGroups', i, 'id'], `'${id}' is already the id of origins[${clash}]; origins and origin groups share one set of ids`);
    }
  }

  items(field(dist, 'originGroups')).forEach((g, gi) => {
    items(field(g, 'members')).forEach((m, mi) => {
      const id = str(field(m, 'originId'));
      if (id === undefined || origins.has(id)) return;
      const message = groups.has(id)
        ? `'${id}' is an origin group; an origin group's members must be origins`
        : `no origin with id '${id}' in this distribution${known([...origins.keys()], id)}`;
      sink.add(['originGroups', gi, 'members', mi, 'originId'], message);
    });
  });

  items(field(dist, 'origins')).forEach((o, i) => {
    const oac = str(field(o, 'originAccessControlId'));
    const known = local.originAccessControls ?? [];
    if (oac === undefined || oac === '' || known.includes(oac)) return;
    sink.add(['origins', i, 'originAccessControlId'], `no origin access control with id '${oac}' in originAccessControls${known.length === 0 ? '' : ` (ids: ${known.join(', ')})`}`);
  });

  const targets = [...origins.keys(), ...groups.keys()];
  const behaviors: [unknown, IssueSink][] = [[field(dist, 'defaultCacheBehavior'), sink.at('defaultCacheBehavior')]];
  items(field(dist, 'cacheBehaviors')).forEach((b, i) => behaviors.push([b, sink.at('cacheBehaviors', i)]));
  for (const [behavior, at] of behaviors) {
    const target = str(field(behavior, 'targetOriginId'));
    if (target !== undefined && target !== '' && !targets.includes(target)) {
      at.add(['targetOriginId'], `no origin or origin group with id '${target}' in this distribution${known(targets, target)}`);
    }
    checkPolicyRef(behavior, 'cachePolicyId', 'cache policy', 'cachePolicies', local.cache, isManagedCachePolicyRef, managedCachePolicies, at);
    checkPolicyRef(
      behavior,
      'originRequestPolicyId',
      'origin request policy',
      'originRequestPolicies',
      local.originRequest,
      isManagedOriginRequestPolicyRef,
      managedOriginRequestPolicies,
      at,
    );
    checkPolicyRef(
      behavior,
      'responseHeadersPolicyId',
      'response headers policy',
      'responseHeadersPolicies',
      local.responseHeaders,
      isManagedResponseHeadersPolicyRef,
      managedResponseHeadersPolicies,
      at,
    );
    checkKeyRefs(field(behavior, 'trustedKeyGroups'), 'key group', local.keyGroups, at.at('trustedKeyGroups'));
  }

  // CloudFront matches behaviors by path pattern in order, so a repeated pattern never matches.
  const patterns = new Map<string, number>();
  items(field(dist, 'cacheBehaviors')).forEach((b, i) => {
    const p = str(field(b, 'pathPattern'));
    if (p === undefined) return;
    const first = patterns.get(p);
    if (first === undefined) patterns.set(p, i);
    else sink.add(['cacheBehaviors', i, 'pathPattern'], `path pattern '${p}' is already used by cacheBehaviors[${first}], so this behavior would never match`);
  });
}

function checkPolicyRef(
  behavior: unknown,
  key: string,
  what: string,
  listKey: string,
  local: readonly string[],
  isManaged: (ref: string) => boolean,
  managed: readonly { name: string }[],
  sink: IssueSink,
): void {
  const ref = str(field(behavior, key));
  if (ref === undefined || ref === '' || isManaged(ref) || local.includes(ref)) return;
  const prefixed = `Managed-${ref}`;
  const guess = isManaged(prefixed) ? prefixed : suggest(ref, [...managed.map((p) => p.name), ...local]);
  const hint = guess === undefined ? '' : ` (did you mean '${guess}'?)`;
  sink.add([key], `no ${what} '${ref}': not a managed policy (AWS id or Managed-<Name>) and not defined in ${listKey}${hint}`);
}

/** A key group's public keys, which must be in `publicKeys` (the config's, or what is stored). */
export function checkKeyGroupReferences(group: unknown, publicKeys: readonly string[], sink: IssueSink): void {
  checkKeyRefs(field(group, 'items'), 'public key', publicKeys, sink.at('items'));
}

/**
 * Each string of `list` must be one of `ids`. Unlike the other references there is no
 * did-you-mean: key ids are often sequences (kg1, kg2), where the nearest id is another
 * real key group, and trusting the wrong keys is worse than a plain list of the ids.
 */
function checkKeyRefs(list: unknown, what: string, ids: readonly string[], sink: IssueSink): void {
  items(list).forEach((ref, i) => {
    if (typeof ref !== 'string' || ref === '' || ids.includes(ref)) return;
    sink.add([i], `no ${what} with id '${ref}'${ids.length === 0 ? '' : ` (ids: ${ids.join(', ')})`}`);
  });
}

function known(ids: string[], ref: string): string {
  const guess = suggest(ref, ids);
  if (guess !== undefined) return ` (did you mean '${guess}'?)`;
  return ids.length === 0 ? '' : ` (ids: ${ids.join(', ')})`;
}

/**
 * Rules across the whole file: unique distribution ids and aliases; unique policy, public
 * key and key group ids and names; key groups name public keys of the file.
 */
export function checkConfigReferences(config: unknown, sink: IssueSink): LocalIds {
  uniqueIds(field(config, 'distributions'), 'distributions', 'distribution', sink);

  // "Use custom URLs by adding alternate domain names (CNAMEs)": an alternate domain name
  // can belong to only one distribution. (A wildcard may overlap a specific name.)
  const aliases = new Map<string, string>();
  items(field(config, 'distributions')).forEach((d, di) => {
    items(field(d, 'aliases')).forEach((a, ai) => {
      if (typeof a !== 'string') return;
      const first = aliases.get(a.toLowerCase());
      if (first === undefined) aliases.set(a.toLowerCase(), `distributions[${di}].aliases[${ai}]`);
      else sink.add(['distributions', di, 'aliases', ai], `alias '${a}' is already used by ${first}`);
    });
  });

  const cache = checkLocalEntries(field(config, 'cachePolicies'), 'cachePolicies', 'cache policy', sink, isManagedCachePolicyRef);
  const originRequest = checkLocalEntries(
    field(config, 'originRequestPolicies'),
    'originRequestPolicies',
    'origin request policy',
    sink,
    isManagedOriginRequestPolicyRef,
  );
  const responseHeaders = checkLocalEntries(field(config, 'responseHeadersPolicies'), 'responseHeadersPolicies', 'response headers policy', sink, isManagedResponseHeadersPolicyRef);
  const publicKeys = checkLocalEntries(field(config, 'publicKeys'), 'publicKeys', 'public key', sink);
  const keyGroups = checkLocalEntries(field(config, 'keyGroups'), 'keyGroups', 'key group', sink);
  items(field(config, 'keyGroups')).forEach((g, i) => checkKeyGroupReferences(g, publicKeys, sink.at('keyGroups', i)));
  const originAccessControls = checkLocalEntries(field(config, 'originAccessControls'), 'originAccessControls', 'origin access control', sink);
  return { cache, originRequest, responseHeaders, keyGroups, originAccessControls };
}

/** Unique ids and names; a policy id must not shadow a managed policy. Returns the ids. */
function checkLocalEntries(list: unknown, listKey: string, what: string, sink: IssueSink, isManaged?: (ref: string) => boolean): string[] {
  const ids = uniqueIds(list, listKey, what, sink);
  const names = new Map<string, number>();
  items(list).forEach((p, i) => {
    const id = str(field(p, 'id'));
    if (id !== undefined && isManaged?.(id) === true) {
      sink.add([listKey, i, 'id'], `'${id}' names a managed ${what}; choose another id`);
    }
    // Policy and key group names are unique per account (CreateKeyGroup: "A key group with
    // this name already exists"); public key names too, in cachefront. A name defaults to the id.
    const explicit = str(field(p, 'name'));
    const name = explicit ?? id;
    if (name === undefined) return;
    const first = names.get(name);
    if (first === undefined) names.set(name, i);
    else if (explicit !== undefined || (id !== undefined && ids.get(id) === i)) {
      sink.add([listKey, i, explicit !== undefined ? 'name' : 'id'], `${what} name '${name}' is already used by ${listKey}[${first}]`);
    }
  });
  return [...ids.keys()];
}
