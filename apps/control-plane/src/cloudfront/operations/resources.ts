// The resource kinds that CloudFront's API names regularly (`Create<Code>`, `Get<Code>`,
// `Get<Code>Config`, `Update<Code>`, `Delete<Code>`, `List<Code>s`, with `<Code>Config` in the
// body): cache, origin request and response headers policies, origin access controls, public
// keys and key groups. Each runs on the /v1 generic store of its kind (resources/kinds.ts),
// converted by @cachefront/config's <kind>FromAws / <kind>ToAws; managed policies are listed
// (Type `managed`) and readable, never changed.

import {
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
} from '@cachefront/config';
import { ControlPlaneError } from '../../errors.ts';
import type { EntryOf, ResourceKind, ResourceRecord } from '../../resources/kind.ts';
import type { ResourceKey } from '../../resources/kinds.ts';
import { keyGroups, publicKeys } from '../../resources/keys.ts';
import { originAccessControls } from '../../resources/origin-access-controls.ts';
import { cachePolicies, originRequestPolicies } from '../../resources/policies.ts';
import { responseHeadersPolicies } from '../../resources/response-headers-policies.ts';
import { locationOf, page, type Handlers } from '../operation.ts';

interface AwsKind<K extends ResourceKey> {
  kind: ResourceKind<K>;
  /** The API's name for it: `CachePolicy` (operations `CreateCachePolicy`, shape `CachePolicyConfig`, ...). */
  code: string;
  /** The list operation's name (`ListCachePolicies`). */
  list: string;
  /** The URI segment: `cache-policy`. */
  uri: string;
  /** A list item: `{Type, CachePolicy}` (`typed`), `{KeyGroup}` (`wrapped`) or the resource's own fields (`flat`). */
  summary: 'typed' | 'wrapped' | 'flat';
  fromAws(config: Record<string, unknown>, id?: string): Record<string, unknown>;
  toAws(entry: EntryOf<K>): Record<string, unknown>;
}

function handlersFor<K extends ResourceKey>(a: AwsKind<K>): Handlers {
  const { kind, code } = a;
  const configKey = `${code}Config`;
  const view = (id: string, entry: EntryOf<K>, r?: ResourceRecord<EntryOf<K>>): Record<string, unknown> => ({
    Id: id,
    ...(r === undefined ? {} : { LastModifiedTime: new Date(r.lastModified), CreatedTime: new Date(r.createdTime) }),
    [configKey]: a.toAws(entry),
  });
  const notManaged = (id: string) => {
    if (kind.managed?.resolve(id) !== undefined) throw new ControlPlaneError('InvalidArgument', `${id} is a managed ${kind.what}; managed policies cannot be changed or deleted`);
  };
  const summary = (type: 'custom' | 'managed', v: Record<string, unknown>): Record<string, unknown> =>
    a.summary === 'typed' ? { Type: type, [code]: v } : a.summary === 'wrapped' ? { [code]: v } : { ...(v[configKey] as Record<string, unknown>), ...v };

  return {
    [`Create${code}`]({ s, input, url, accessKeyId }) {
      const e = s.store.resource(kind).create(a.fromAws(input[configKey] as Record<string, unknown>));
      s.propagation.configChanged();
      s.log.info({ op: `${kind.op}.create`, id: e.id, seq: s.store.head(), subject: accessKeyId }, `${kind.what} ${e.id} created`);
      return { [code]: view(e.id, e.config, e), Location: locationOf(url, `${a.uri}/${encodeURIComponent(e.id)}`), ETag: e.etag };
    },

    [`Get${code}`]({ s, input }) {
      const id = String(input.Id);
      const e = s.store.resource(kind).get(id);
      if (e !== undefined) return { [code]: view(e.id, e.config, e), ETag: e.etag };
      const m = kind.managed?.resolve(id);
      if (m !== undefined) return { [code]: view((m as { id: string }).id, m) };
      throw new ControlPlaneError(kind.errors.missing, `no ${kind.what} ${id}`);
    },

    [`Get${code}Config`]({ s, input }) {
      const id = String(input.Id);
      const e = s.store.resource(kind).get(id);
      if (e !== undefined) return { [configKey]: a.toAws(e.config), ETag: e.etag };
      const m = kind.managed?.resolve(id);
      if (m !== undefined) return { [configKey]: a.toAws(m) };
      throw new ControlPlaneError(kind.errors.missing, `no ${kind.what} ${id}`);
    },

    [`Update${code}`]({ s, input, accessKeyId }) {
      const id = String(input.Id);
      notManaged(id);
      const e = s.store.resource(kind).update(id, input.IfMatch as string | undefined, a.fromAws(input[configKey] as Record<string, unknown>, id));
      s.propagation.configChanged();
      s.log.info({ op: `${kind.op}.update`, id, seq: s.store.head(), subject: accessKeyId }, `${kind.what} ${id} updated`);
      return { [code]: view(e.id, e.config, e), ETag: e.etag };
    },

    [`Delete${code}`]({ s, input, accessKeyId }) {
      const id = String(input.Id);
      notManaged(id);
      const { seq } = s.store.resource(kind).delete(id, input.IfMatch as string | undefined);
      s.propagation.configChanged();
      s.log.info({ op: `${kind.op}.delete`, id, seq, subject: accessKeyId }, `${kind.what} ${id} deleted`);
      return {};
    },

    [a.list]({ s, input }) {
      const type = input.Type as string | undefined;
      const custom = type === 'managed' ? [] : s.store.resource(kind).list().map((e) => summary('custom', view(e.id, e.config, e)));
      const managed = type === 'custom' ? [] : (kind.managed?.list ?? []).map((m) => summary('managed', view((m as { id: string }).id, m)));
      const items = [...custom, ...managed];
      const idOf = (i: Record<string, unknown>) => String(((i[code] as Record<string, unknown> | undefined) ?? i).Id);
      return { [`${code}List`]: page(items, idOf, input.Marker, input.MaxItems) };
    },
  };
}

type ToAws<K extends ResourceKey> = (entry: EntryOf<K>) => Record<string, unknown>;

export const resourceHandlers: Handlers = {
  ...handlersFor({ kind: cachePolicies, code: 'CachePolicy', list: 'ListCachePolicies', uri: 'cache-policy', summary: 'typed', fromAws: cachePolicyFromAws, toAws: cachePolicyToAws as ToAws<'cachePolicies'> }),
  ...handlersFor({ kind: originRequestPolicies, code: 'OriginRequestPolicy', list: 'ListOriginRequestPolicies', uri: 'origin-request-policy', summary: 'typed', fromAws: originRequestPolicyFromAws, toAws: originRequestPolicyToAws as ToAws<'originRequestPolicies'> }),
  ...handlersFor({ kind: responseHeadersPolicies, code: 'ResponseHeadersPolicy', list: 'ListResponseHeadersPolicies', uri: 'response-headers-policy', summary: 'typed', fromAws: responseHeadersPolicyFromAws, toAws: responseHeadersPolicyToAws as ToAws<'responseHeadersPolicies'> }),
  ...handlersFor({ kind: originAccessControls, code: 'OriginAccessControl', list: 'ListOriginAccessControls', uri: 'origin-access-control', summary: 'flat', fromAws: originAccessControlFromAws, toAws: originAccessControlToAws as ToAws<'originAccessControls'> }),
  ...handlersFor({ kind: publicKeys, code: 'PublicKey', list: 'ListPublicKeys', uri: 'public-key', summary: 'flat', fromAws: publicKeyFromAws, toAws: publicKeyToAws as ToAws<'publicKeys'> }),
  ...handlersFor({ kind: keyGroups, code: 'KeyGroup', list: 'ListKeyGroups', uri: 'key-group', summary: 'wrapped', fromAws: keyGroupFromAws, toAws: keyGroupToAws as ToAws<'keyGroups'> }),
};
