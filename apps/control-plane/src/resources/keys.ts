// Public keys and key groups (docs/control-plane.md, "Public keys and key groups"): a key
// group lists public keys, a behavior's `trustedKeyGroups` names key groups. Both share the
// tables `keys` and `key_versions` (their `kind` column).

import { randomUUID } from 'node:crypto';
import { MAX_KEY_GROUPS_PER_ACCOUNT, MAX_PUBLIC_KEYS_PER_ACCOUNT, parseKeyGroup, parsePublicKey, type Issue, type PublicKey } from '@cachefront/config';
import { iso } from '../http/views.ts';
import { newPublicKeyId } from '../storage/ids.ts';
import { usedByDistributions, type ResourceKind } from './kind.ts';
import { keyGroupsListing, trustsKeyGroup, trustsPublicKey } from './references.ts';

/** What a key kind's name gives: `op` and `kind` (the tables' column) `key-group`, path `key-groups`, errors `NoSuchKeyGroup`… */
function keyKindNames(op: 'public-key' | 'key-group', code: 'PublicKey' | 'KeyGroup', max: number) {
  const what = op.replace('-', ' ');
  return {
    path: `${op}s`,
    what,
    role: what,
    op,
    idField: 'id',
    errors: { missing: `NoSuch${code}`, exists: `${code}AlreadyExists`, inUse: `${code}InUse`, tooMany: `TooMany${code}s` },
    max,
    table: { versions: 'key_versions', versionId: 'key_id', current: 'keys', currentId: 'id', kind: op },
  } as const;
}

export const publicKeys: ResourceKind<'publicKeys'> = {
  configKey: 'publicKeys',
  ...keyKindNames('public-key', 'PublicKey', MAX_PUBLIC_KEYS_PER_ACCOUNT),
  /** `K` + 13, never used before (like distribution ids). */
  newId(used) {
    for (;;) {
      const id = newPublicKeyId();
      if (!used(id)) return id;
    }
  },
  parse: (input) => parsePublicKey(input),
  changeProblems: publicKeyChangeProblems,
  uses: (d, id, ctx) => trustsPublicKey(d, id, ctx.stored('keyGroups')),
  inUse(id, ctx) {
    const groups = keyGroupsListing(id, ctx.stored('keyGroups'));
    return groups.length === 0 ? undefined : `public key ${id} is in key group ${groups.join(', ')}; remove it from the group first`;
  },
  /** GetPublicKey's `PublicKey`: `{Id, CreatedTime, PublicKeyConfig}`. */
  view: (k) => ({ id: k.id, createdTime: iso(k.createdTime), publicKeyConfig: k.config }),
};

export const keyGroups: ResourceKind<'keyGroups'> = {
  configKey: 'keyGroups',
  ...keyKindNames('key-group', 'KeyGroup', MAX_KEY_GROUPS_PER_ACCOUNT),
  distributionContext: true,
  newId: () => randomUUID(),
  // Its items must be stored public keys.
  parse: (input, ctx) => parseKeyGroup(input, { publicKeys: ctx.stored('publicKeys') }),
  uses: (d, id) => trustsKeyGroup(d, id),
  inUse: (id, ctx) => usedByDistributions('key group', 'trusted by', ctx.distributions().filter((d) => trustsKeyGroup(d.config, id)), id),
  /** GetKeyGroup's `KeyGroup`: `{Id, LastModifiedTime, KeyGroupConfig}`. */
  view: (k) => ({ id: k.id, lastModifiedTime: iso(k.lastModified), keyGroupConfig: k.config }),
};

/**
 * UpdatePublicKey: "Note that the only value you can change is the comment." A new key is
 * a new public key: add it to the key group, deploy, then remove the old one.
 */
function publicKeyChangeProblems(before: PublicKey, after: PublicKey): Issue[] {
  const issues: Issue[] = [];
  if (after.name !== before.name) {
    issues.push({ path: 'name', message: `cannot be changed (only a public key's comment can); it is '${before.name}'` });
  }
  if (after.encodedKey !== before.encodedKey) {
    issues.push({
      path: 'encodedKey',
      message: "cannot be changed (only a public key's comment can): create a public key for the new key, add it to the key group, and remove this one once the new one is deployed",
    });
  }
  return issues;
}
