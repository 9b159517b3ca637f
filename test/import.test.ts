// `cachefront import` of each input format, served by a real edge, and `cachefront export`
// giving the AWS JSON back. The fixtures' custom origins are rewritten (after the import) to
// the test origin's /echo on loopback, which reports what reached it: which origin (its
// origin path and custom headers), what the policies forwarded, what the function added.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { apiClient, CLI, ROOT, startControlPlane, startEdgeWith, startOrigin, type Edge, type Origin } from './helpers.ts';

const FIXTURES = join(ROOT, 'apps/cli/src/import/fixtures');

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

let origin: Origin;
let dir: string;
const edges: Edge[] = [];

before(async () => {
  origin = await startOrigin();
  dir = await mkdtemp(join(tmpdir(), 'cachefront-import-'));
});
after(async () => {
  await Promise.all(edges.map((e) => e.stop()));
  await origin.stop();
});

/** Imports a fixture to a file, points its custom origins at the test origin's /echo, and serves it. */
async function importAndServe(fixture: string): Promise<{ edge: Edge; stderr: string }> {
  const out = join(dir, `${fixture}.yaml`);
  const r = cli(['import', join(FIXTURES, fixture), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '', 'with --out, the config goes to the file');
  const config = parse(await readFile(out, 'utf8'));
  for (const d of config.distributions) {
    for (const o of d.origins) {
      if (o.customOriginConfig === undefined) continue;
      o.domainName = '127.0.0.1';
      o.customOriginConfig = { ...o.customOriginConfig, httpPort: origin.port, originProtocolPolicy: 'http-only' };
      o.originPath = `/echo${o.originPath ?? ''}`;
    }
  }
  const served = join(dir, `${fixture}.served.yaml`);
  await writeFile(served, stringify(config));
  const edge = await startEdgeWith(served, [], 'docs.example.com', 1);
  edges.push(edge);
  return { edge, stderr: r.stderr };
}

const echo = (text: string) => JSON.parse(text) as { path: string; query: string; headers: Record<string, string> };

describe('cachefront import, served by an edge', () => {
  it('get-distribution-config JSON: /api/* reaches the API origin with what the legacy ForwardedValues forward; / redirects to HTTPS', async () => {
    const { edge, stderr } = await importAndServe('get-distribution-config.json');
    assert.match(stderr, /^DistributionConfig\.IsIPV6Enabled: kept as given, not acted on/m);
    const res = await edge.fetch('/api/search?q=rust&debug=1');
    assert.equal(res.status, 200, res.text);
    const seen = echo(res.text);
    assert.equal(seen.path, '/echo/v1/api/search');
    assert.equal(seen.headers['x-from-cdn'], 'docs');
    assert.match(seen.query, /debug=1/, 'every query string reaches the origin (QueryString: true), only q is keyed');
    const home = await edge.fetch('/');
    assert.equal(home.status, 301);
    assert.equal(home.headers.location, 'https://docs.example.com/');
  });

  it('a CDK-synthesized template: the Ref-ed policies and the GetAtt-ed function apply to /api/*', async () => {
    const { edge, stderr } = await importAndServe('cdk-synth.template.json');
    assert.match(stderr, /WebACLId: Fn::ImportValue cannot be evaluated/);
    const res = await edge.fetch('/api/search?q=rust&debug=1');
    assert.equal(res.status, 200, res.text);
    const seen = echo(res.text);
    assert.equal(seen.path, '/echo/v1/api/search');
    assert.equal(seen.headers['x-docs-api'], '1', 'the viewer-request function ran');
    assert.match(seen.query, /debug=1/, 'the origin request policy forwards every query string');
    assert.equal(res.headers['x-docs-version'], '2025.02', 'the response headers policy applied');
  });

  it('a hand-written YAML template: the function on /api/*, the key group on /downloads/*', async () => {
    const { edge } = await importAndServe('handwritten.template.yaml');
    const res = await edge.fetch('/api/items?id=3', { host: 'media.example.com' });
    assert.equal(res.status, 200, res.text);
    const seen = echo(res.text);
    assert.equal(seen.path, '/echo/site/api/items');
    assert.equal(seen.headers['x-media-api'], 'yes');
    assert.equal(seen.headers['x-media-edge'], 'cloudfront');
    const download = await edge.fetch('/downloads/big.iso', { host: 'media.example.com' });
    assert.equal(download.status, 403, 'an unsigned request to a behavior with trusted key groups is refused');
  });

  it('terraform show -json: /api/* through the imported cache policy, origin request policy and function', async () => {
    const { edge } = await importAndServe('terraform-show.json');
    const res = await edge.fetch('/api/search?q=go&debug=1');
    assert.equal(res.status, 200, res.text);
    const seen = echo(res.text);
    assert.equal(seen.path, '/echo/v1/api/search');
    assert.equal(seen.headers['x-docs-api'], 'tf');
    assert.equal(seen.headers['x-from-cdn'], 'docs');
    assert.match(seen.query, /debug=1/);
  });
});

/** `got` (an export) is the fixture's DistributionConfig, but for the legacy settings of /api/*, now the policies made from them. */
async function assertRoundTrip(got: Record<string, any>, id: string): Promise<void> {
  const want = JSON.parse(await readFile(join(FIXTURES, 'get-distribution-config.json'), 'utf8')).DistributionConfig;
  for (const key of Object.keys(want)) if (key !== 'CacheBehaviors') assert.deepEqual(got[key], want[key], key);
  const { ForwardedValues: _f, MinTTL: _a, DefaultTTL: _b, MaxTTL: _c, ...rest } = want.CacheBehaviors.Items[0];
  const api = got.CacheBehaviors.Items[0];
  assert.deepEqual({ ...api, CachePolicyId: undefined, OriginRequestPolicyId: undefined }, { ...rest, CachePolicyId: undefined, OriginRequestPolicyId: undefined });
  assert.equal(api.CachePolicyId, `legacy-${id}-1`);
  assert.equal(api.OriginRequestPolicyId, `legacy-${id}-1`);
}

describe('cachefront export', () => {
  it('from a config file: gives back what get-distribution-config gave, but for the legacy settings, now policies', async () => {
    const file = join(dir, 'export.json');
    assert.equal(cli(['import', join(FIXTURES, 'get-distribution-config.json'), '--out', file]).status, 0);
    const id = JSON.parse(await readFile(file, 'utf8')).distributions[0].id;
    const r = cli(['export', id, '--config', file]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ETag, undefined, 'a file has no ETag');
    await assertRoundTrip(out.DistributionConfig, id);
  });

  it('from the control plane: the imported config created through /v1, exported with its ETag', async () => {
    const cp = await startControlPlane('cachefront-export-');
    try {
      const token = cp.token('write');
      const call = apiClient(cp.url, token);
      const r = cli(['import', join(FIXTURES, 'get-distribution-config.json'), '--out', join(dir, 'cp.json')]);
      assert.equal(r.status, 0, r.stderr);
      const config = JSON.parse(await readFile(join(dir, 'cp.json'), 'utf8'));
      for (const p of config.cachePolicies) assert.equal((await call('POST', '/v1/cache-policies', p)).status, 201);
      for (const p of config.originRequestPolicies) assert.equal((await call('POST', '/v1/origin-request-policies', p)).status, 201);
      for (const o of config.originAccessControls) assert.equal((await call('POST', '/v1/origin-access-controls', o)).status, 201);
      const created = await call('POST', '/v1/distributions', config.distributions[0]);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = config.distributions[0].id;
      const e = cli(['export', id, '--control-plane', cp.url, '--token', cp.token('read')]);
      assert.equal(e.status, 0, e.stderr);
      const out = JSON.parse(e.stdout);
      assert.equal(out.ETag, created.etag);
      await assertRoundTrip(out.DistributionConfig, id);
    } finally {
      await cp.stop();
    }
  });

  it('an unknown id names the ids there are; import of a broken input exits 1 with the problem', async () => {
    const file = join(dir, 'export.json');
    const r = cli(['export', 'E000000000000', '--config', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no distribution 'E000000000000'.*ids: E/);
    const broken = join(dir, 'broken.json');
    const input = JSON.parse(await readFile(join(FIXTURES, 'get-distribution-config.json'), 'utf8'));
    input.DistributionConfig.DefaultCacheBehavior.TargetOriginId = 'gone';
    await writeFile(broken, JSON.stringify(input));
    const b = cli(['import', broken]);
    assert.equal(b.status, 1);
    assert.equal(b.stdout, '');
    assert.match(b.stderr, /distributions\[0\]\.defaultCacheBehavior\.targetOriginId: no origin or origin group with id 'gone'/);
  });
});
