// CloudFront Functions, real-time log configs, tagging and CallerReference replay through
// CloudFront's REST API with the real AWS SDK (@aws-sdk/client-cloudfront), against a real
// control plane with an edge following it: a function made, tested and published through the
// API runs on the edge for the distribution that associates it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFrontClient,
  CreateDistributionCommand,
  CreateFunctionCommand,
  CreateRealtimeLogConfigCommand,
  DeleteDistributionCommand,
  DeleteFunctionCommand,
  DeleteRealtimeLogConfigCommand,
  DescribeFunctionCommand,
  GetDistributionConfigCommand,
  GetFunctionCommand,
  GetRealtimeLogConfigCommand,
  ListFunctionsCommand,
  ListRealtimeLogConfigsCommand,
  ListTagsForResourceCommand,
  PublishFunctionCommand,
  TagResourceCommand,
  TestFunctionCommand,
  UpdateDistributionCommand,
  UpdateFunctionCommand,
  UpdateRealtimeLogConfigCommand,
  waitUntilDistributionDeployed,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { CLI, get, startCli, startOrigin, tokenFor, type Origin, type Proc } from './helpers.ts';

const HOST = 'cffn.localhost';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ACCOUNT = '000000000000';
const WAIT = { maxWaitTime: 30, minDelay: 1, maxDelay: 1 };

const code = (value: string) =>
  new TextEncoder().encode(`function handler(event) {\n  var response = event.response;\n  response.headers['x-fn'] = { value: '${value}' };\n  console.log('x-fn set to ${value}');\n  return response;\n}\n`);

const event = {
  version: '1.0',
  context: { eventType: 'viewer-response' },
  viewer: { ip: '198.51.100.7' },
  request: { method: 'GET', uri: '/index.html', querystring: {}, headers: {}, cookies: {} },
  response: { statusCode: 200, statusDescription: 'OK', headers: {}, cookies: {} },
};

function accessKey(dataPath: string): { accessKeyId: string; secretAccessKey: string } {
  const r = spawnSync(process.execPath, [CLI, 'access-key', 'create', '--scope', 'write', '--data', dataPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const m = /^AWS_ACCESS_KEY_ID=(\S+)\nAWS_SECRET_ACCESS_KEY=(\S+)\n$/.exec(r.stdout);
  assert.ok(m, r.stdout);
  return { accessKeyId: m[1] as string, secretAccessKey: m[2] as string };
}

function distribution(originPort: number, ref: string, functionName?: string): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: 'functions through the API',
    Enabled: true,
    Aliases: { Quantity: 1, Items: [HOST] },
    Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: '127.0.0.1', CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }] },
    DefaultCacheBehavior: {
      TargetOriginId: 'app',
      ViewerProtocolPolicy: 'allow-all',
      CachePolicyId: CACHING_DISABLED,
      ...(functionName === undefined ? {} : { FunctionAssociations: { Quantity: 1, Items: [{ EventType: 'viewer-response', FunctionARN: `arn:aws:cloudfront::${ACCOUNT}:function/${functionName}` }] } }),
    },
  };
}

const rejectsWith = (name: string, status: number) => (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
  assert.equal(err.name, name, err.message);
  assert.equal(err.$metadata?.httpStatusCode, status);
  return true;
};

describe('CloudFront REST API: functions, real-time log configs, tags, CallerReference (AWS SDK)', () => {
  let origin: Origin;
  let cp: Proc & { url: string };
  let edge: Proc & { url: string };
  let client: CloudFrontClient;
  let distId = '';
  const fn = 'add-header';
  const fnArn = `arn:aws:cloudfront::${ACCOUNT}:function/${fn}`;

  before(async () => {
    origin = await startOrigin();
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-cffn-'));
    const dataPath = join(dir, 'control-plane.db');
    const p = await startCli(['control-plane', '--port', '0', '--data', dataPath, '--heartbeat-ms', '200', '--edge-timeout-ms', '1500']);
    cp = { ...p, url: String(p.ready.url) };
    const e = await startCli(['edge', '--control-plane', cp.url, '--pop', 'FRA', '--token', tokenFor(dataPath, 'edge'), '--state-dir', join(dir, 'edge'), '--port', '0', '--workers', '1']);
    edge = { ...e, url: String(e.ready.url) };
    client = new CloudFrontClient({ endpoint: cp.url, region: 'us-east-1', credentials: accessKey(dataPath), maxAttempts: 1 });
  });

  after(async () => {
    client?.destroy();
    await edge?.stop();
    await cp?.stop();
    await origin?.stop();
  });

  it('creates, describes, gets, tests, updates and publishes a function', async () => {
    const created = await client.send(new CreateFunctionCommand({ Name: fn, FunctionConfig: { Comment: 'adds x-fn', Runtime: 'cloudfront-js-2.0' }, FunctionCode: code('one'), Tags: { Items: [{ Key: 'team', Value: 'edge' }] } }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.Location, `${cp.url}/2020-05-31/function/${fn}`);
    assert.equal(created.FunctionSummary?.Status, 'UNPUBLISHED');
    assert.equal(created.FunctionSummary?.FunctionMetadata?.FunctionARN, fnArn);
    assert.equal(created.FunctionSummary?.FunctionMetadata?.Stage, 'DEVELOPMENT');
    await assert.rejects(client.send(new CreateFunctionCommand({ Name: fn, FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' }, FunctionCode: code('x') })), rejectsWith('FunctionAlreadyExists', 409));
    await assert.rejects(
      client.send(new CreateFunctionCommand({ Name: 'too-big', FunctionConfig: { Comment: '', Runtime: 'cloudfront-js-2.0' }, FunctionCode: new Uint8Array(10 * 1024 + 1).fill(0x20) })),
      rejectsWith('FunctionSizeLimitExceeded', 413),
    );

    const described = await client.send(new DescribeFunctionCommand({ Name: fn }));
    assert.equal(described.ETag, created.ETag);
    assert.equal(described.FunctionSummary?.FunctionConfig?.Comment, 'adds x-fn');
    await assert.rejects(client.send(new DescribeFunctionCommand({ Name: fn, Stage: 'LIVE' })), rejectsWith('NoSuchFunctionExists', 404));
    await assert.rejects(client.send(new DescribeFunctionCommand({ Name: 'nope' })), rejectsWith('NoSuchFunctionExists', 404));

    const got = await client.send(new GetFunctionCommand({ Name: fn }));
    assert.equal(got.ContentType, 'application/octet-stream');
    assert.equal(got.ETag, created.ETag);
    assert.deepEqual(Buffer.from(got.FunctionCode as Uint8Array), Buffer.from(code('one')));

    const tested = await client.send(new TestFunctionCommand({ Name: fn, IfMatch: described.ETag, EventObject: new TextEncoder().encode(JSON.stringify(event)) }));
    const result = tested.TestResult;
    assert.equal(result?.FunctionErrorMessage ?? '', '');
    assert.deepEqual(result?.FunctionExecutionLogs, ['x-fn set to one']);
    assert.match(result?.ComputeUtilization ?? '', /^\d+$/);
    assert.deepEqual(JSON.parse(result?.FunctionOutput ?? '{}').response.headers['x-fn'], { value: 'one' });
    await assert.rejects(client.send(new TestFunctionCommand({ Name: fn, IfMatch: 'STALE', EventObject: new TextEncoder().encode('{}') })), rejectsWith('PreconditionFailed', 412));
    await assert.rejects(client.send(new TestFunctionCommand({ Name: fn, IfMatch: described.ETag, EventObject: new TextEncoder().encode('not json') })), rejectsWith('InvalidArgument', 400));

    const update = (etag: string | undefined) => client.send(new UpdateFunctionCommand({ Name: fn, IfMatch: etag, FunctionConfig: { Comment: 'adds x-fn: two', Runtime: 'cloudfront-js-2.0' }, FunctionCode: code('two') }));
    await assert.rejects(update('STALE'), rejectsWith('PreconditionFailed', 412));
    await assert.rejects(update(undefined), rejectsWith('InvalidIfMatchVersion', 400));
    const updated = await update(described.ETag);
    assert.ok(updated.ETag !== undefined && updated.ETag !== described.ETag, 'the SDK reads the new ETag (from the model\'s ETtag header)');

    await assert.rejects(client.send(new PublishFunctionCommand({ Name: fn, IfMatch: described.ETag })), rejectsWith('PreconditionFailed', 412));
    const published = await client.send(new PublishFunctionCommand({ Name: fn, IfMatch: updated.ETag }));
    assert.equal(published.FunctionSummary?.Status, 'UNASSOCIATED');
    assert.equal(published.FunctionSummary?.FunctionMetadata?.Stage, 'LIVE');
    const live = await client.send(new GetFunctionCommand({ Name: fn, Stage: 'LIVE' }));
    assert.deepEqual(Buffer.from(live.FunctionCode as Uint8Array), Buffer.from(code('two')));
    assert.deepEqual((await client.send(new ListFunctionsCommand({ Stage: 'LIVE' }))).FunctionList?.Items?.map((f) => f.Name), [fn]);
    assert.equal((await client.send(new ListFunctionsCommand({}))).FunctionList?.Quantity, 1);
  });

  it('a distribution associates the published function and the edge runs it; DeleteFunction is refused while associated', async () => {
    const created = await client.send(new CreateDistributionCommand({ DistributionConfig: distribution(origin.port, 'fn-dist', fn) }));
    distId = created.Distribution?.Id as string;
    assert.equal((await waitUntilDistributionDeployed({ client, ...WAIT }, { Id: distId })).state, 'SUCCESS');
    const res = await get(`${edge.url}/bytes/5`, { headers: { host: HOST, connection: 'close' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-fn'], 'two');
    const etag = (await client.send(new DescribeFunctionCommand({ Name: fn }))).ETag;
    assert.equal((await client.send(new DescribeFunctionCommand({ Name: fn }))).FunctionSummary?.Status, 'DEPLOYED');
    await assert.rejects(client.send(new DeleteFunctionCommand({ Name: fn, IfMatch: etag })), rejectsWith('FunctionInUse', 409));
  });

  it('tags functions and distributions; other kinds are InvalidTagging', async () => {
    await client.send(new TagResourceCommand({ Resource: fnArn, Tags: { Items: [{ Key: 'env', Value: 'dev' }] } }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ Resource: fnArn }))).Tags?.Items, [
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'edge' },
    ]);
    const distArn = `arn:aws:cloudfront::${ACCOUNT}:distribution/${distId}`;
    await client.send(new TagResourceCommand({ Resource: distArn, Tags: { Items: [{ Key: 'app', Value: 'web' }] } }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ Resource: distArn }))).Tags?.Items, [{ Key: 'app', Value: 'web' }]);
    const policyArn = `arn:aws:cloudfront::${ACCOUNT}:cache-policy/${CACHING_DISABLED}`;
    await assert.rejects(client.send(new TagResourceCommand({ Resource: policyArn, Tags: { Items: [{ Key: 'a', Value: 'b' }] } })), rejectsWith('InvalidTagging', 400));
    await assert.rejects(client.send(new ListTagsForResourceCommand({ Resource: `arn:aws:cloudfront::${ACCOUNT}:function/nope` })), rejectsWith('NoSuchResource', 404));
  });

  it('CreateDistribution with a CallerReference already used: the same config answers the same distribution, another is DistributionAlreadyExists', async () => {
    const replay = await client.send(new CreateDistributionCommand({ DistributionConfig: distribution(origin.port, 'fn-dist', fn) }));
    assert.equal(replay.$metadata.httpStatusCode, 201);
    assert.equal(replay.Distribution?.Id, distId);
    const current = await client.send(new GetDistributionConfigCommand({ Id: distId }));
    assert.equal(replay.ETag, current.ETag, 'nothing was written');
    await assert.rejects(client.send(new CreateDistributionCommand({ DistributionConfig: { ...distribution(origin.port, 'fn-dist', fn), Comment: 'another config' } })), rejectsWith('DistributionAlreadyExists', 409));
  });

  it('real-time log configs: create, get by Name and by ARN, list, update, delete; EndPoints kept as given', async () => {
    const endPoints = [{ StreamType: 'Kinesis', KinesisStreamConfig: { RoleARN: `arn:aws:iam::${ACCOUNT}:role/cf-logs`, StreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/cf-logs` } }];
    const created = await client.send(new CreateRealtimeLogConfigCommand({ Name: 'rt', SamplingRate: 50, Fields: ['timestamp', 'c-ip', 'sc-status'], EndPoints: endPoints }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    const arn = `arn:aws:cloudfront::${ACCOUNT}:realtime-log-config/rt`;
    assert.deepEqual(created.RealtimeLogConfig, { ARN: arn, Name: 'rt', SamplingRate: 50, EndPoints: endPoints, Fields: ['timestamp', 'c-ip', 'sc-status'] });
    await assert.rejects(client.send(new CreateRealtimeLogConfigCommand({ Name: 'rt', SamplingRate: 1, Fields: ['timestamp'], EndPoints: endPoints })), rejectsWith('RealtimeLogConfigAlreadyExists', 409));
    await assert.rejects(client.send(new CreateRealtimeLogConfigCommand({ Name: 'bad', SamplingRate: 0, Fields: ['timestamp'], EndPoints: endPoints })), rejectsWith('InvalidArgument', 400));
    assert.deepEqual((await client.send(new GetRealtimeLogConfigCommand({ Name: 'rt' }))).RealtimeLogConfig, created.RealtimeLogConfig);
    assert.deepEqual((await client.send(new GetRealtimeLogConfigCommand({ ARN: arn }))).RealtimeLogConfig, created.RealtimeLogConfig);
    const list = await client.send(new ListRealtimeLogConfigsCommand({}));
    assert.deepEqual(list.RealtimeLogConfigs?.Items?.map((c) => c.Name), ['rt']);
    assert.equal(list.RealtimeLogConfigs?.IsTruncated, false);
    const updated = await client.send(new UpdateRealtimeLogConfigCommand({ ARN: arn, SamplingRate: 10, Fields: ['timestamp'], EndPoints: endPoints }));
    assert.equal(updated.RealtimeLogConfig?.SamplingRate, 10);
    assert.deepEqual(updated.RealtimeLogConfig?.Fields, ['timestamp']);
    assert.equal(updated.$metadata.httpStatusCode, 200);
    const deleted = await client.send(new DeleteRealtimeLogConfigCommand({ ARN: arn }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await assert.rejects(client.send(new GetRealtimeLogConfigCommand({ Name: 'rt' })), rejectsWith('NoSuchRealtimeLogConfig', 404));
    await assert.rejects(client.send(new GetRealtimeLogConfigCommand({})), rejectsWith('InvalidArgument', 400));
  });

  it('once the distribution is gone the function can be deleted, and its tags go with it', async () => {
    const current = await client.send(new GetDistributionConfigCommand({ Id: distId }));
    const disabled = await client.send(new UpdateDistributionCommand({ Id: distId, IfMatch: current.ETag, DistributionConfig: { ...current.DistributionConfig, Enabled: false } as DistributionConfig }));
    await client.send(new DeleteDistributionCommand({ Id: distId, IfMatch: disabled.ETag }));
    const etag = (await client.send(new DescribeFunctionCommand({ Name: fn }))).ETag;
    const deleted = await client.send(new DeleteFunctionCommand({ Name: fn, IfMatch: etag }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal((await client.send(new ListFunctionsCommand({}))).FunctionList?.Quantity, 0);
    await assert.rejects(client.send(new ListTagsForResourceCommand({ Resource: fnArn })), rejectsWith('NoSuchResource', 404));
  });
});
