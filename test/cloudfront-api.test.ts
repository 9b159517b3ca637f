// CloudFront's REST API with real clients: the AWS SDK (@aws-sdk/client-cloudfront) and the
// aws CLI against a real control plane, with an edge following it and a real origin. The
// distribution made through the API is served by the edge; its status and its
// invalidations' come from the edge's acks, so the SDK's waiters work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFrontClient,
  CreateDistributionWithTagsCommand,
  CreateInvalidationCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  ListInvalidationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
  waitUntilInvalidationCompleted,
  type DistributionConfig,
} from '@aws-sdk/client-cloudfront';
import { CLI, get, startCli, startOrigin, tokenFor, type Origin, type Proc } from './helpers.ts';

const HOST = 'cfapi.localhost';
/** Managed-CachingOptimized, by its AWS id (AWS's API takes ids only). */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

function accessKey(dataPath: string, scope: 'read' | 'write'): { id: string; secret: string } {
  const r = spawnSync(process.execPath, [CLI, 'access-key', 'create', '--scope', scope, '--data', dataPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 2, 'exactly two lines');
  const m = /^AWS_ACCESS_KEY_ID=(\S+)\nAWS_SECRET_ACCESS_KEY=(\S+)\n$/.exec(r.stdout);
  assert.ok(m, r.stdout);
  return { id: m[1] as string, secret: m[2] as string };
}

/** Waiter settings for a test: poll every second, give up after 30 s. */
const WAIT = { maxWaitTime: 30, minDelay: 1, maxDelay: 1 };

function config(originPort: number, ref: string): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: 'made by the AWS SDK',
    Enabled: true,
    Aliases: { Quantity: 1, Items: [HOST] },
    Origins: { Quantity: 1, Items: [{ Id: 'app', DomainName: '127.0.0.1', CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' } }] },
    DefaultCacheBehavior: { TargetOriginId: 'app', ViewerProtocolPolicy: 'allow-all', CachePolicyId: CACHING_OPTIMIZED },
  };
}

/** The aws CLI, when one runs here (v2 from Debian's awscli, or v1). */
function awsCli(): string | undefined {
  const r = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout}${r.stderr}`.trim() : undefined;
}

describe('CloudFront REST API with the AWS SDK and the aws CLI', () => {
  let origin: Origin;
  let cp: Proc & { url: string };
  let edge: Proc & { url: string };
  let dataPath = '';
  let client: CloudFrontClient;
  let key: { id: string; secret: string };
  let distId = '';

  before(async () => {
    origin = await startOrigin();
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-cfapi-'));
    dataPath = join(dir, 'control-plane.db');
    const p = await startCli(['control-plane', '--port', '0', '--data', dataPath, '--heartbeat-ms', '200', '--edge-timeout-ms', '1500']);
    cp = { ...p, url: String(p.ready.url) };
    const e = await startCli(['edge', '--control-plane', cp.url, '--pop', 'FRA', '--token', tokenFor(dataPath, 'edge'), '--state-dir', join(dir, 'edge'), '--port', '0', '--workers', '1']);
    edge = { ...e, url: String(e.ready.url) };
    key = accessKey(dataPath, 'write');
    client = new CloudFrontClient({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: key.id, secretAccessKey: key.secret } });
  });

  after(async () => {
    client?.destroy();
    await edge?.stop();
    await cp?.stop();
    await origin?.stop();
  });

  it('creates a distribution with tags, waits for Deployed, and the edge serves it', async () => {
    const created = await client.send(new CreateDistributionWithTagsCommand({ DistributionConfigWithTags: { DistributionConfig: config(origin.port, 'sdk-1'), Tags: { Items: [{ Key: 'team', Value: 'web' }] } } }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    distId = created.Distribution?.Id as string;
    assert.match(distId, /^E[A-Z0-9]{13}$/);
    assert.equal(created.Location, `${cp.url}/2020-05-31/distribution/${distId}`);
    assert.equal(created.Distribution?.ARN, `arn:aws:cloudfront::000000000000:distribution/${distId}`);
    assert.deepEqual(created.Distribution?.DistributionConfig?.Aliases, { Quantity: 1, Items: [HOST] });
    const waited = await waitUntilDistributionDeployed({ client, ...WAIT }, { Id: distId });
    assert.equal(waited.state, 'SUCCESS');
    assert.equal((await client.send(new GetDistributionCommand({ Id: distId }))).Distribution?.Status, 'Deployed');
    const res = await get(`${edge.url}/bytes/10`, { headers: { host: HOST, connection: 'close' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-cache'], 'Miss from cachefront');
    // The same record through /v1.
    const v1 = await fetch(`${cp.url}/v1/distributions/${distId}`, { headers: { authorization: `Bearer ${tokenFor(dataPath, 'read')}` } });
    assert.deepEqual(((await v1.json()) as { distributionConfig: { aliases: string[] } }).distributionConfig.aliases, [HOST]);
  });

  it('updates with If-Match; a stale If-Match is refused with PreconditionFailed', async () => {
    const current = await client.send(new GetDistributionConfigCommand({ Id: distId }));
    const changed = { ...current.DistributionConfig, Comment: 'changed by the SDK' } as DistributionConfig;
    const updated = await client.send(new UpdateDistributionCommand({ Id: distId, IfMatch: current.ETag, DistributionConfig: changed }));
    assert.notEqual(updated.ETag, current.ETag);
    assert.equal(updated.Distribution?.DistributionConfig?.Comment, 'changed by the SDK');
    await assert.rejects(client.send(new UpdateDistributionCommand({ Id: distId, IfMatch: current.ETag, DistributionConfig: changed })), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'PreconditionFailed');
      assert.equal(err.$metadata?.httpStatusCode, 412);
      return true;
    });
    await assert.rejects(client.send(new UpdateDistributionCommand({ Id: distId, DistributionConfig: changed })), { name: 'InvalidIfMatchVersion' });
  });

  it('invalidates and waits for Completed; lists invalidations and distributions; tags', async () => {
    await waitUntilDistributionDeployed({ client, ...WAIT }, { Id: distId });
    assert.equal((await get(`${edge.url}/bytes/10`, { headers: { host: HOST, connection: 'close' } })).headers['x-cache'], 'Hit from cachefront');
    const inv = await client.send(new CreateInvalidationCommand({ DistributionId: distId, InvalidationBatch: { CallerReference: 'inv-1', Paths: { Quantity: 1, Items: ['/bytes/*'] } } }));
    const iid = inv.Invalidation?.Id as string;
    assert.equal((await waitUntilInvalidationCompleted({ client, ...WAIT }, { DistributionId: distId, Id: iid })).state, 'SUCCESS');
    assert.equal((await get(`${edge.url}/bytes/10`, { headers: { host: HOST, connection: 'close' } })).headers['x-cache'], 'Miss from cachefront');
    const invs = await client.send(new ListInvalidationsCommand({ DistributionId: distId }));
    assert.deepEqual(invs.InvalidationList?.Items?.map((i) => [i.Id, i.Status]), [[iid, 'Completed']]);
    const list = await client.send(new ListDistributionsCommand({}));
    assert.deepEqual(list.DistributionList?.Items?.map((d) => d.Id), [distId]);
    const arn = `arn:aws:cloudfront::000000000000:distribution/${distId}`;
    await client.send(new TagResourceCommand({ Resource: arn, Tags: { Items: [{ Key: 'env', Value: 'dev' }] } }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ Resource: arn }))).Tags?.Items, [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'web' }]);
  });

  it('refuses a wrong secret and a read key writing', async () => {
    const wrong = new CloudFrontClient({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: key.id, secretAccessKey: 'not-the-secret' }, maxAttempts: 1 });
    await assert.rejects(wrong.send(new ListDistributionsCommand({})), { name: 'SignatureDoesNotMatch' });
    wrong.destroy();
    const r = accessKey(dataPath, 'read');
    const reader = new CloudFrontClient({ endpoint: cp.url, region: 'us-east-1', credentials: { accessKeyId: r.id, secretAccessKey: r.secret }, maxAttempts: 1 });
    assert.equal((await reader.send(new ListDistributionsCommand({}))).DistributionList?.Quantity, 1);
    await assert.rejects(reader.send(new CreateInvalidationCommand({ DistributionId: distId, InvalidationBatch: { CallerReference: 'r', Paths: { Quantity: 1, Items: ['/x'] } } })), { name: 'AccessDenied' });
    reader.destroy();
  });

  it('the aws CLI: list-distributions, create-invalidation, get-distribution-config through update-distribution', async (t) => {
    const version = awsCli();
    if (version === undefined) {
      t.skip('no aws CLI runs here (.ci/run installs Debian\'s awscli when it can)');
      return;
    }
    t.diagnostic(`aws CLI: ${version}`);
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-awscli-'));
    const env = { ...process.env, AWS_ACCESS_KEY_ID: key.id, AWS_SECRET_ACCESS_KEY: key.secret, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'), AWS_PAGER: '' };
    const aws = (...args: string[]) => {
      const r = spawnSync('aws', ['--endpoint-url', cp.url, '--output', 'json', 'cloudfront', ...args], { encoding: 'utf8', env });
      assert.equal(r.status, 0, `aws ${args.join(' ')}: ${r.stderr}`);
      return JSON.parse(r.stdout || '{}') as Record<string, any>;
    };
    assert.deepEqual(aws('list-distributions').DistributionList.Items.map((d: { Id: string }) => d.Id), [distId]);
    const inv = aws('create-invalidation', '--distribution-id', distId, '--paths', '/cli/*');
    assert.deepEqual(inv.Invalidation.InvalidationBatch.Paths.Items, ['/cli/*']);
    const got = aws('get-distribution-config', '--id', distId);
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ ...got.DistributionConfig, Comment: 'changed by the aws CLI' }));
    const updated = aws('update-distribution', '--id', distId, '--if-match', got.ETag, '--distribution-config', `file://${file}`);
    assert.equal(updated.Distribution.DistributionConfig.Comment, 'changed by the aws CLI');
    assert.deepEqual({ ...updated.Distribution.DistributionConfig, Comment: got.DistributionConfig.Comment }, got.DistributionConfig, 'the config round-trips unchanged');
    const stale = spawnSync('aws', ['--endpoint-url', cp.url, 'cloudfront', 'update-distribution', '--id', distId, '--if-match', got.ETag, '--distribution-config', `file://${file}`], { encoding: 'utf8', env });
    assert.notEqual(stale.status, 0);
    assert.match(stale.stderr, /PreconditionFailed/);
  });

  it('deletes only once disabled', async () => {
    const current = await client.send(new GetDistributionConfigCommand({ Id: distId }));
    await assert.rejects(client.send(new DeleteDistributionCommand({ Id: distId, IfMatch: current.ETag })), { name: 'DistributionNotDisabled' });
    const disabled = await client.send(new UpdateDistributionCommand({ Id: distId, IfMatch: current.ETag, DistributionConfig: { ...current.DistributionConfig, Enabled: false } as DistributionConfig }));
    const deleted = await client.send(new DeleteDistributionCommand({ Id: distId, IfMatch: disabled.ETag }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    await assert.rejects(client.send(new GetDistributionCommand({ Id: distId })), { name: 'NoSuchDistribution' });
    assert.equal((await client.send(new ListDistributionsCommand({}))).DistributionList?.Quantity, 0);
  });
});
