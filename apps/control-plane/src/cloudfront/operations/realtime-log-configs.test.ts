// Real-time log configs through the REST API in-process: named by Name or ARN, the same
// records as /v1/realtime-log-configs, EndPoints kept as given (and not part of /v1's view).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Harness } from '../../test-support.ts';
import { XML_NAMESPACE } from '../model.ts';
import { signedHeaders } from '../test-signing.ts';
import { nameOf } from './realtime-log-configs.ts';

const h = new Harness();
let write: { id: string; secret: string };
let read: { id: string; secret: string };

async function cf(method: string, target: string, o: { body?: string; key?: { id: string; secret: string } } = {}) {
  const headers = await signedHeaders({ method, target, body: o.body, key: o.key ?? write });
  const res = await h.cp.app.request(`http://localhost${target}`, { method, headers, body: o.body });
  return { status: res.status, text: await res.text() };
}

const errorCode = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const ARN = 'arn:aws:cloudfront::000000000000:realtime-log-config/rt';
const END_POINTS = '<EndPoints><member><StreamType>Kinesis</StreamType><KinesisStreamConfig><RoleARN>arn:aws:iam::000000000000:role/r</RoleARN><StreamARN>arn:aws:kinesis:us-east-1:000000000000:stream/s</StreamARN></KinesisStreamConfig></member></EndPoints>';

describe('real-time log configs (in-process)', () => {
  before(async () => {
    const w = await h.call('POST', '/v1/access-keys', { body: { scope: 'write' } });
    write = { id: w.body.accessKeyId, secret: w.body.secretAccessKey };
    const r = await h.call('POST', '/v1/access-keys', { body: { scope: 'read' } });
    read = { id: r.body.accessKeyId, secret: r.body.secretAccessKey };
  });
  after(() => h.close());

  test('created here, served by /v1; EndPoints stored and returned by the API only', async () => {
    const body = `<CreateRealtimeLogConfigRequest xmlns="${XML_NAMESPACE}">${END_POINTS}<Fields><Field>timestamp</Field><Field>c-ip</Field></Fields><Name>rt</Name><SamplingRate>5</SamplingRate></CreateRealtimeLogConfigRequest>`;
    const created = await cf('POST', '/2020-05-31/realtime-log-config', { body });
    assert.equal(created.status, 201, created.text);
    assert.match(created.text, new RegExp(`<RealtimeLogConfig><ARN>${ARN}</ARN><Name>rt</Name><SamplingRate>5</SamplingRate>${END_POINTS}<Fields><Field>timestamp</Field><Field>c-ip</Field></Fields></RealtimeLogConfig>`));
    const v1 = await h.call('GET', '/v1/realtime-log-configs/rt');
    assert.equal(v1.body.samplingRate, 5);
    assert.equal(v1.body.endPoints, undefined);
  });

  test('GetRealtimeLogConfig is a POST a read key may send; by Name or ARN', async () => {
    for (const by of ['<Name>rt</Name>', `<ARN>${ARN}</ARN>`]) {
      const got = await cf('POST', '/2020-05-31/get-realtime-log-config', { key: read, body: `<GetRealtimeLogConfigRequest xmlns="${XML_NAMESPACE}">${by}</GetRealtimeLogConfigRequest>` });
      assert.equal(got.status, 200, got.text);
      assert.match(got.text, /<Name>rt<\/Name>/);
    }
    const del = await cf('POST', '/2020-05-31/delete-realtime-log-config', { key: read, body: `<DeleteRealtimeLogConfigRequest xmlns="${XML_NAMESPACE}"><Name>rt</Name></DeleteRealtimeLogConfigRequest>` });
    assert.equal(errorCode(del.text), 'AccessDenied');
  });

  test('nameOf: Name, ARN, both agreeing; anything else InvalidArgument', () => {
    assert.equal(nameOf({ Name: 'rt' }), 'rt');
    assert.equal(nameOf({ ARN }), 'rt');
    assert.equal(nameOf({ Name: 'rt', ARN }), 'rt');
    for (const input of [{}, { Name: 'other', ARN }, { ARN: 'arn:aws:cloudfront::000000000000:function/rt' }]) {
      assert.throws(() => nameOf(input), { code: 'InvalidArgument' }, JSON.stringify(input));
    }
  });

  test('in use by a distribution: RealtimeLogConfigInUse; unknown: NoSuchRealtimeLogConfig', async () => {
    await h.distribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', realtimeLogConfigName: 'rt' } });
    const del = await cf('POST', '/2020-05-31/delete-realtime-log-config', { body: `<DeleteRealtimeLogConfigRequest xmlns="${XML_NAMESPACE}"><ARN>${ARN}</ARN></DeleteRealtimeLogConfigRequest>` });
    assert.equal(errorCode(del.text), 'RealtimeLogConfigInUse', del.text);
    const missing = await cf('POST', '/2020-05-31/get-realtime-log-config', { body: `<GetRealtimeLogConfigRequest xmlns="${XML_NAMESPACE}"><Name>nope</Name></GetRealtimeLogConfigRequest>` });
    assert.equal(missing.status, 404);
    assert.equal(errorCode(missing.text), 'NoSuchRealtimeLogConfig');
  });
});
