// TagResource, UntagResource, ListTagsForResource: tags per ARN (storage/tag-store.ts) of a
// resource that exists. CloudFront tags distributions (and streaming distributions, which
// cachefront does not serve), functions and key value stores ("Tag a CloudFront resource";
// CreateFunction and CreateKeyValueStore take Tags); any other ARN is InvalidTagging.
// CloudFront's limits ("Quotas", tags): at most 50 tags per resource, keys of 1 to 128
// characters, values of at most 256, from letters, digits, spaces and `_ . : / = + - @`.

import { CloudFrontError } from '../errors.ts';
import { ACCOUNT_ID, type Handlers, type OperationContext } from '../operation.ts';
import type { Services } from '../../services.ts';
import type { Tag } from '../../storage/tag-store.ts';

export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The taggable kinds of resource, by the ARN's resource type, and whether one of them exists. */
const TAGGABLE: Readonly<Record<string, (s: Services, id: string) => boolean>> = {
  distribution: (s, id) => s.store.distributions.get(id) !== undefined,
  function: (s, name) => s.store.functions.get(name) !== undefined,
  'key-value-store': (s, id) => s.store.kvs.get(id) !== undefined,
};

/**
 * The tagged resource an ARN names. A malformed ARN is InvalidArgument, a kind CloudFront
 * does not tag InvalidTagging, a taggable resource that does not exist NoSuchResource.
 */
export function taggedResource({ s }: OperationContext, arn: unknown): string {
  const m = /^arn:aws:cloudfront::(\d{12}):([a-z-]+)\/(.+)$/.exec(String(arn));
  if (m === null) throw new CloudFrontError('InvalidArgument', `'${String(arn)}' is not a CloudFront resource ARN (arn:aws:cloudfront::${ACCOUNT_ID}:distribution/<id>)`);
  const [, account, kind, id] = m as unknown as [string, string, string, string];
  const exists = TAGGABLE[kind];
  if (exists === undefined) throw new CloudFrontError('InvalidTagging', `${kind} resources cannot be tagged (CloudFront tags ${Object.keys(TAGGABLE).join(', ')} resources)`);
  if (account !== ACCOUNT_ID || !exists(s, id)) throw new CloudFrontError('NoSuchResource', `no ${kind} ${String(arn)}`);
  return String(arn);
}

/** Problems with tags to add to a resource that has `existing` keys. */
export function checkTags(tags: readonly Tag[], existing: readonly string[]): void {
  for (const t of tags) {
    if (t.Key.length < 1 || t.Key.length > 128 || !TAG_TEXT.test(t.Key)) throw new CloudFrontError('InvalidTagging', `tag key '${t.Key}' must be 1 to 128 letters, digits, spaces or _ . : / = + - @`);
    if (t.Value.length > 256 || !TAG_TEXT.test(t.Value)) throw new CloudFrontError('InvalidTagging', `the value of tag '${t.Key}' must be at most 256 letters, digits, spaces or _ . : / = + - @`);
  }
  const keys = new Set([...existing, ...tags.map((t) => t.Key)]);
  if (keys.size > MAX_TAGS) throw new CloudFrontError('InvalidTagging', `a resource has at most ${MAX_TAGS} tags (this would make ${keys.size})`);
}

/** The Tags shape's items as stored tags (a missing Value is ""). */
export function tagsOf(tags: unknown): Tag[] {
  const items = ((tags as { Items?: { Key: string; Value?: string }[] } | undefined)?.Items ?? []);
  return items.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

export const taggingHandlers: Handlers = {
  TagResource(ctx) {
    const resource = taggedResource(ctx, ctx.input.Resource);
    const tags = tagsOf(ctx.input.Tags);
    checkTags(tags, ctx.s.store.tags.list(resource).map((t) => t.Key));
    ctx.s.store.tags.put(resource, tags);
    return {};
  },

  UntagResource(ctx) {
    const resource = taggedResource(ctx, ctx.input.Resource);
    const keys = (ctx.input.TagKeys as { Items?: string[] } | undefined)?.Items ?? [];
    ctx.s.store.tags.remove(resource, keys);
    return {};
  },

  ListTagsForResource(ctx) {
    const resource = taggedResource(ctx, ctx.input.Resource);
    return { Tags: { Items: ctx.s.store.tags.list(resource) } };
  },
};
