// `cachefront usage` against a real control plane (port 0): the readable table on a fixture
// month of traffic from three POPs and one the catalog does not know, --json, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintToken, startControlPlane } from '@cachefront/control-plane';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const SECRET = 'usage-test-secret-0123456789abcdef0123456789';
const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** Runs the CLI without blocking: the control plane answers from this process. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.CACHEFRONT_TOKEN;
  delete env.CACHEFRONT_CONTROL_PLANE;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [MAIN, 'usage', ...args], { encoding: 'utf8', env, timeout: 20_000 }, (_err, stdout, stderr) =>
      resolve({ status: child.exitCode, stdout, stderr }),
    );
  });
}

test('cachefront usage prints per-POP and per-region tables, the estimate and the price classes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cachefront-usage-'));
  const cp = await startControlPlane({ port: 0, dataPath: join(dir, 'cp.db'), env: { CACHEFRONT_JWT_SECRET: SECRET }, logLevel: 'silent' });
  const streams = new AbortController();
  t.after(async () => {
    streams.abort();
    await cp.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const token = (scope: string) => mintToken({ scope: [scope], key: SECRET, subject: 'usage-test' });
  const call = async (method: string, path: string, body: unknown, scope = 'write') => {
    const res = await fetch(`${cp.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token(scope)}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };

  const d = await call('POST', '/v1/distributions', {
    id: 'EUSAGE0000001',
    origins: [{ id: 'app', domainName: 'origin.example.com' }],
    defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' },
  });
  await call('POST', `/v1/distributions/${d.id}/invalidations`, { callerReference: 'r1', paths: ['/index.html', '/img/*'] });
  const traffic: [edge: string, pop: string, counts: { requests: number; bytesOut: number; hits: number; misses: number; errors: number }][] = [
    ['fra-1', 'FRA', { requests: 1200, bytesOut: 5 * GiB, hits: 1000, misses: 190, errors: 10 }],
    ['nrt-1', 'NRT', { requests: 300, bytesOut: 512 * MiB, hits: 150, misses: 150, errors: 0 }],
    ['syd-1', 'SYD', { requests: 100, bytesOut: 100 * MiB, hits: 0, misses: 100, errors: 0 }],
    ['lab-1', 'LAB1', { requests: 10, bytesOut: MiB, hits: 0, misses: 10, errors: 0 }],
  ];
  for (const [edge, pop, counts] of traffic) {
    const res = await fetch(`${cp.url}/v1/edges/stream?edge=${edge}&pop=${pop}&since=0`, { headers: { authorization: `Bearer ${token('edge')}` }, signal: streams.signal });
    assert.equal(res.status, 200);
    await call('POST', `/v1/edges/${edge}/acks`, { seq: 0, usage: { [d.id]: counts } }, 'edge');
  }
  const month = new Date().toISOString().slice(0, 7);

  const target = ['--control-plane', cp.url, '--token', token('read')];
  const r = await cli([d.id, '--month', month, ...target]);
  assert.equal(r.status, 0, r.stderr);
  // Built-in illustrative prices: e.g. FRA 5 GiB x $0.085 + 1,200 requests x $0.012 / 10,000.
  assert.equal(
    r.stdout,
    `EUSAGE0000001  ${month} (UTC)  PriceClass_All

POP    REGION                   REQUESTS  BYTES OUT   HITS  MISSES  ERRORS  HIT RATIO
FRA    Europe & Israel             1,200    5.0 GiB  1,000     190      10      83.3%
LAB1   unknown                        10    1.0 MiB      0      10       0       0.0%
NRT    Japan                         300  512.0 MiB    150     150       0      50.0%
SYD    Australia & New Zealand       100  100.0 MiB      0     100       0       0.0%
total                              1,610    5.6 GiB  1,150     450      10      71.4%

REGION                   REQUESTS  BYTES OUT  DATA TRANSFER  REQUEST FEES       COST
Europe & Israel             1,200    5.0 GiB      $0.425000     $0.001440  $0.426440
Japan                         300  512.0 MiB      $0.057000     $0.000360  $0.057360
Australia & New Zealand       100  100.0 MiB      $0.011133     $0.000125  $0.011258
unknown *                      10    1.0 MiB      $0.000117     $0.000012  $0.000129
* unknown: POPs not in the catalog, priced as Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, & Thailand

invalidation paths: 2 (account this month: 2, first 1,000 free), 0 billable: $0.000000

estimated bill (built-in illustrative prices, not AWS's current ones):
  data transfer  $0.493250
  requests       $0.001937
  invalidations  $0.000000
  total          $0.495187

if only a price class had served this traffic (out-of-class POPs re-priced at the nearest in-class POP):
  PriceClass_100  $0.477770  400 requests (612.0 MiB) re-priced
  PriceClass_200  $0.495768  100 requests (100.0 MiB) re-priced
  PriceClass_All  $0.495187  this distribution
`,
  );

  const json = await cli([d.id, '--json', '--month', month, ...target]);
  assert.equal(json.status, 0, json.stderr);
  const answer = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(answer), ['distributionId', 'month', 'priceClass', 'deleted', 'totals', 'byPop', 'byRegion', 'invalidations', 'estimate', 'whatIf']);
  assert.equal(answer.estimate.illustrative, true);

  const cases: [args: string[], status: number, stderr: RegExp][] = [
    [['ENOSUCH0000001', ...target], 2, /404 NoSuchDistribution/],
    [[d.id, '--month', '2025-13', ...target], 2, /--month must be YYYY-MM/],
    [[...target], 2, /a distribution id is required/],
    [[d.id, '--control-plane', cp.url], 2, /no token/],
  ];
  for (const [args, status, stderr] of cases) {
    const bad = await cli(args);
    assert.equal(bad.status, status, bad.stderr);
    assert.match(bad.stderr, stderr);
  }
});
