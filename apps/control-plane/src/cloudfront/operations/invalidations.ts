// CreateInvalidation, GetInvalidation, ListInvalidations: the /v1 store and propagation
// (storage/invalidation-store.ts), in AWS's shapes. `Status` is Completed once every live edge
// serving the distribution has applied it, so the SDK's waitUntilInvalidationCompleted works.

import { ControlPlaneError } from '../../errors.ts';
import type { InvalidationRecord } from '../../storage/invalidation-store.ts';
import { locationOf, page, wrap, type Handlers } from '../operation.ts';

const view = (i: InvalidationRecord) => ({
  Id: i.id,
  Status: i.status,
  CreateTime: new Date(i.createTime),
  InvalidationBatch: { Paths: wrap(i.paths), CallerReference: i.callerReference },
});

export const invalidationHandlers: Handlers = {
  CreateInvalidation({ s, input, url, accessKeyId }) {
    const id = input.DistributionId as string;
    const batch = input.InvalidationBatch as { Paths: { Items?: string[] }; CallerReference: string };
    const { record, created } = s.store.invalidations.create(id, { callerReference: batch.CallerReference, paths: batch.Paths.Items ?? [] }, (priceClass) => s.propagation.appliedFor(priceClass));
    if (created) {
      s.propagation.invalidationCreated(record);
      s.log.info({ op: 'invalidation.create', id: record.id, distributionId: id, seq: record.seq, paths: record.paths.length, subject: accessKeyId }, `invalidation ${record.id} created`);
    }
    return { Location: locationOf(url, `distribution/${id}/invalidation/${record.id}`), Invalidation: view(record) };
  },

  GetInvalidation({ s, input }) {
    const id = input.DistributionId as string;
    if (s.store.distributions.get(id) === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
    const i = s.store.invalidations.get(id, input.Id as string);
    if (i === undefined) throw new ControlPlaneError('NoSuchInvalidation', `no invalidation ${String(input.Id)} on distribution ${id}`);
    return { Invalidation: view(i) };
  },

  ListInvalidations({ s, input }) {
    const id = input.DistributionId as string;
    if (s.store.distributions.get(id) === undefined) throw new ControlPlaneError('NoSuchDistribution', `no distribution ${id}`);
    const items = s.store.invalidations.list(id).map((i) => ({ Id: i.id, CreateTime: new Date(i.createTime), Status: i.status }));
    return { InvalidationList: page(items, (i) => i.Id, input.Marker, input.MaxItems) };
  },
};
