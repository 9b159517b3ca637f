// The distribution operations on the /v1 store, validator and propagation: an AWS
// DistributionConfig becomes a cachefront distribution through @cachefront/config's
// converter (distributionFromAws), is checked by the same parser as a /v1 body, and answers
// back through distributionToAws; so a distribution made through either API is the same
// record in both. Legacy cache settings become local policies (`legacy-<id>-...`), written
// in the same transaction as the distribution and removed with it.

import { isDeepStrictEqual } from 'node:util';
import { distributionFromAws, distributionToAws, parseCachePolicy, parseOriginRequestPolicy } from '@cachefront/config';
import { ControlPlaneError } from '../../errors.ts';
import { domainName } from '../../http/views.ts';
import type { Services } from '../../services.ts';
import type { DistributionRecord } from '../../storage/store.ts';
import { CloudFrontError } from '../errors.ts';
import { arn, locationOf, page, wrap, type Handlers, type OperationContext } from '../operation.ts';
import { checkTags, tagsOf } from './tagging.ts';

function found(s: Services, id: unknown): DistributionRecord {
  const d = s.store.distributions.get(String(id));
  if (d === undefined) throw new ControlPlaneError('NoSuchDistribution', `The specified distribution does not exist: ${String(id)}`);
  return d;
}

function status(s: Services, d: DistributionRecord): 'Deployed' | 'InProgress' {
  return s.propagation.deployed(d.configSeq, d.config.priceClass) ? 'Deployed' : 'InProgress';
}

function distributionView(s: Services, d: DistributionRecord) {
  const inProgress = s.store.invalidations.list(d.id).filter((i) => i.status === 'InProgress').length;
  const groups = [...new Set([d.config.defaultCacheBehavior, ...d.config.cacheBehaviors].flatMap((b) => b.trustedKeyGroups))];
  return {
    Id: d.id,
    ARN: arn('distribution', d.id),
    Status: status(s, d),
    LastModifiedTime: new Date(d.lastModified),
    InProgressInvalidationBatches: inProgress,
    DomainName: domainName(d.id),
    ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
    ActiveTrustedKeyGroups: { Enabled: groups.length > 0, ...wrap(groups.map((KeyGroupId) => ({ KeyGroupId, KeyPairIds: { Quantity: 0 } }))) },
    DistributionConfig: distributionToAws(d.config),
  };
}

const legacyPrefix = (id: string) => `legacy-${id}-`;

/**
 * Writes the distribution `id` from an AWS DistributionConfig: its legacy policies upserted,
 * then `write` (create or update) with the cachefront entry; the legacy policies it no longer
 * uses are removed. One transaction.
 */
function writeFromAws(s: Services, id: string, awsConfig: unknown, write: (body: Record<string, unknown>) => DistributionRecord): DistributionRecord {
  const converted = distributionFromAws(awsConfig as Record<string, unknown>, { id });
  const d = s.store.atomically(() => {
    for (const [key, policies] of [['cachePolicies', converted.cachePolicies], ['originRequestPolicies', converted.originRequestPolicies]] as const) {
      const store = s.store.resource(key);
      for (const p of policies) {
        const current = store.get(String(p.id));
        if (current === undefined) store.create(p);
        else store.update(current.id, current.etag, p);
      }
    }
    const record = write(converted.distribution);
    pruneLegacy(s, id, new Set([...converted.cachePolicies, ...converted.originRequestPolicies].map((p) => String(p.id))));
    return record;
  });
  if (converted.warnings.length > 0) s.log.info({ op: 'distribution.aws', id, warnings: converted.warnings }, `distribution ${id}: AWS fields kept but not acted on`);
  return d;
}

/** Removes distribution `id`'s legacy policies not in `keep` (call inside a transaction). */
function pruneLegacy(s: Services, id: string, keep: ReadonlySet<string>): void {
  for (const key of ['cachePolicies', 'originRequestPolicies'] as const) {
    const store = s.store.resource(key);
    for (const p of store.list()) if (p.id.startsWith(legacyPrefix(id)) && !keep.has(p.id)) store.delete(p.id, p.etag);
  }
}

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/**
 * Whether `awsConfig` is what distribution `d` holds: the same entry once converted and
 * validated as for `d`, and the same legacy policies (compared as stored, so whitespace,
 * element order within a structure and defaults do not count).
 */
function sameConfig(s: Services, d: DistributionRecord, awsConfig: unknown): boolean {
  const converted = distributionFromAws(awsConfig as Record<string, unknown>, { id: d.id });
  let config: DistributionRecord['config'];
  try {
    config = s.store.distributions.normalize(d.id, converted.distribution);
  } catch {
    return false; // it does not even validate against what is stored: not the same
  }
  if (!isDeepStrictEqual(config, d.config)) return false;
  const legacy = [
    ['cachePolicies', converted.cachePolicies, parseCachePolicy],
    ['originRequestPolicies', converted.originRequestPolicies, parseOriginRequestPolicy],
  ] as const;
  for (const [key, made, parse] of legacy) {
    const store = s.store.resource(key);
    if (store.list().filter((p) => p.id.startsWith(legacyPrefix(d.id))).length !== made.length) return false;
    for (const p of made) {
      const parsed = parse(p);
      const stored = store.get(String(p.id));
      if (parsed.issues || stored === undefined || !isDeepStrictEqual(json(parsed.value), json(stored.config))) return false;
    }
  }
  return true;
}

/**
 * DistributionConfig.CallerReference (CloudFront API Reference, CreateDistribution): a value
 * already sent with the same config answers with the distribution it created; with a
 * different config it is DistributionAlreadyExists. The reference is kept in the
 * distribution's awsFields; "the same" is compared with the distribution as it is now.
 */
function replayOf(s: Services, awsConfig: unknown): DistributionRecord | undefined {
  const ref = (awsConfig as { CallerReference?: unknown } | undefined)?.CallerReference;
  if (typeof ref !== 'string' || ref === '') return undefined;
  const d = s.store.distributions.list().find((x) => (x.config as { awsFields?: Record<string, unknown> }).awsFields?.CallerReference === ref);
  if (d === undefined) return undefined;
  if (!sameConfig(s, d, awsConfig)) throw new CloudFrontError('DistributionAlreadyExists', `CallerReference '${ref}' was used to create distribution ${d.id} with a different config`);
  return d;
}

function create(ctx: OperationContext, awsConfig: unknown): DistributionRecord {
  const { s } = ctx;
  const replayed = replayOf(s, awsConfig);
  if (replayed !== undefined) {
    s.log.info({ op: 'distribution.create', id: replayed.id, subject: ctx.accessKeyId }, `distribution ${replayed.id}: CreateDistribution replayed (same CallerReference and config)`);
    return replayed;
  }
  const id = s.store.distributions.unusedId();
  const d = writeFromAws(s, id, awsConfig, (body) => s.store.distributions.create(body));
  s.propagation.configChanged();
  s.log.info({ op: 'distribution.create', id, seq: d.configSeq, subject: ctx.accessKeyId }, `distribution ${id} created`);
  return d;
}

export const distributionHandlers: Handlers = {
  CreateDistribution(ctx) {
    const d = create(ctx, ctx.input.DistributionConfig);
    return { Distribution: distributionView(ctx.s, d), Location: locationOf(ctx.url, `distribution/${d.id}`), ETag: d.etag };
  },

  CreateDistributionWithTags(ctx) {
    const withTags = ctx.input.DistributionConfigWithTags as { DistributionConfig: unknown; Tags: unknown };
    const tags = tagsOf(withTags.Tags);
    checkTags(tags, []);
    const d = create(ctx, withTags.DistributionConfig);
    ctx.s.store.tags.put(arn('distribution', d.id), tags);
    return { Distribution: distributionView(ctx.s, d), Location: locationOf(ctx.url, `distribution/${d.id}`), ETag: d.etag };
  },

  GetDistribution({ s, input }) {
    const d = found(s, input.Id);
    return { Distribution: distributionView(s, d), ETag: d.etag };
  },

  GetDistributionConfig({ s, input }) {
    const d = found(s, input.Id);
    return { DistributionConfig: distributionToAws(d.config), ETag: d.etag };
  },

  ListDistributions({ s, input }) {
    const items = s.store.distributions.list().map((d) => {
      const { DistributionConfig, ...rest } = distributionView(s, d);
      return { ...DistributionConfig, ...rest, ETag: d.etag };
    });
    return { DistributionList: page(items, (d) => d.Id, input.Marker, input.MaxItems) };
  },

  UpdateDistribution(ctx) {
    const { s, input } = ctx;
    const id = found(s, input.Id).id;
    const d = writeFromAws(s, id, input.DistributionConfig, (body) => s.store.distributions.update(id, input.IfMatch as string | undefined, body));
    s.propagation.configChanged();
    s.log.info({ op: 'distribution.update', id, seq: d.configSeq, subject: ctx.accessKeyId }, `distribution ${id} updated`);
    return { Distribution: distributionView(s, d), ETag: d.etag };
  },

  DeleteDistribution(ctx) {
    const { s, input } = ctx;
    const id = found(s, input.Id).id;
    const { seq } = s.store.atomically(() => {
      const removed = s.store.distributions.delete(id, input.IfMatch as string | undefined);
      pruneLegacy(s, id, new Set());
      return removed;
    });
    s.store.tags.drop(arn('distribution', id));
    s.propagation.configChanged();
    s.log.info({ op: 'distribution.delete', id, seq, subject: ctx.accessKeyId }, `distribution ${id} deleted`);
    return {};
  },
};
