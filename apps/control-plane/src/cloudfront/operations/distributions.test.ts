// CreateDistribution replayed by CallerReference, in-process: the same DistributionConfig
// (legacy cache settings included) answers the distribution it made, writing nothing; a
// different one, even only in the policy its ForwardedValues make, is DistributionAlreadyExists.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Harness } from '../../test-support.ts';
import { serviceModel } from '../model.ts';
import { signedHeaders } from '../test-signing.ts';
import { toXml } from '../xml-write.ts';

const h = new Harness();
let write: { id: string; secret: string };

async function create(config: Record<string, unknown>) {
  const body = toXml(serviceModel(), 'DistributionConfig', config, 'DistributionConfig');
  const target = '/2020-05-31/distribution';
  const headers = await signedHeaders({ method: 'POST', target, body, key: write });
  const res = await h.cp.app.request(`http://localhost${target}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, id: /<Id>([^<]+)<\/Id>/.exec(text)?.[1], code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] };
}

const legacy = (ref: string, defaultTTL: number, comment = 'legacy') => ({
  CallerReference: ref,
  Comment: comment,
  Enabled: true,
  Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: 'origin.example.com', CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }] },
  DefaultCacheBehavior: {
    TargetOriginId: 'app',
    ViewerProtocolPolicy: 'allow-all',
    ForwardedValues: { QueryString: true, Cookies: { Forward: 'none' }, QueryStringCacheKeys: { Quantity: 1, Items: ['v'] } },
    MinTTL: 0,
    DefaultTTL: defaultTTL,
    MaxTTL: 3600,
  },
});

describe('CreateDistribution by CallerReference (in-process)', () => {
  before(async () => {
    const w = await h.call('POST', '/v1/access-keys', { body: { scope: 'write' } });
    write = { id: w.body.accessKeyId, secret: w.body.secretAccessKey };
  });
  after(() => h.close());

  test('replayed: the same distribution, nothing written; changed: DistributionAlreadyExists', async () => {
    const first = await create(legacy('ref-1', 60));
    assert.equal(first.status, 201, first.text);
    const seq = (await h.call('GET', '/healthz')).body.seq;
    const again = await create(legacy('ref-1', 60));
    assert.equal(again.status, 201, again.text);
    assert.equal(again.id, first.id);
    assert.equal((await h.call('GET', '/healthz')).body.seq, seq, 'nothing was written');
    const cases: [string, Record<string, unknown>][] = [
      ['another comment', legacy('ref-1', 60, 'another')],
      ['another TTL (only the legacy policy differs)', legacy('ref-1', 120)],
    ];
    for (const [what, config] of cases) {
      const res = await create(config);
      assert.equal(res.status, 409, what);
      assert.equal(res.code, 'DistributionAlreadyExists', what);
    }
    assert.equal((await h.call('GET', '/healthz')).body.seq, seq, 'nothing was written');
    const other = await create(legacy('ref-2', 60));
    assert.equal(other.status, 201);
    assert.notEqual(other.id, first.id);
    assert.equal((await h.call('GET', '/v1/distributions')).body.quantity, 2);
  });
});
