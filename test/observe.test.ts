// Seeing what the CDN does: CloudFront-format access logs, Prometheus metrics, the
// real-time log stream through the control plane, and explain.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { apiClient, CLI, eventually, get, startControlPlane, startEdge, startOrigin, startPopEdge, type ControlPlane, type Edge, type Origin, type Proc } from './helpers.ts';

/** CloudFront's standard log fields, in order ("Standard log file fields", AccessLogs). */
const CLOUDFRONT_FIELDS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status', 'cs(Referer)', 'cs(User-Agent)',
  'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id', 'x-host-header', 'cs-protocol', 'cs-bytes', 'time-taken',
  'x-forwarded-for', 'ssl-protocol', 'ssl-cipher', 'x-edge-response-result-type', 'cs-protocol-version', 'fle-status', 'fle-encrypted-fields',
  'c-port', 'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type', 'sc-content-len', 'sc-range-start', 'sc-range-end',
];

interface Metric {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string }[];
}

async function scrape(url: string): Promise<Map<string, Metric>> {
  const res = await get(url);
  assert.equal(res.status, 200, res.text);
  assert.match(String(res.headers['content-type']), /^text\/plain/);
  return new Map((parsePrometheusTextFormat(res.text) as Metric[]).map((m) => [m.name, m]));
}

function sample(m: Map<string, Metric>, name: string, labels: Record<string, string>): number | undefined {
  const s = m.get(name)?.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return s === undefined ? undefined : Number(s.value ?? s.count);
}

/** Every log line of every file under `dir`, parsed by the `#Fields` header of its file. */
async function logLines(dir: string): Promise<{ files: string[]; fields: string[]; rows: Record<string, string>[] }> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.gz')).sort();
  const rows: Record<string, string>[] = [];
  let fields: string[] = [];
  for (const f of files) {
    const text = gunzipSync(await readFile(join(dir, f))).toString();
    for (const line of text.split('\n')) {
      if (line.startsWith('#Fields: ')) fields = line.slice('#Fields: '.length).split(' ');
      else if (line.startsWith('#') || line === '') continue;
      else {
        const values = line.split('\t');
        assert.equal(values.length, fields.length, `a line has one value per field: ${line}`);
        rows.push(Object.fromEntries(fields.map((name, i) => [name, values[i]!])));
      }
    }
  }
  return { files, fields, rows };
}

describe('standard logs and metrics at an edge (file mode)', () => {
  let origin: Origin;
  let edge: Edge;
  let logDir: string;

  before(async () => {
    origin = await startOrigin();
    logDir = await mkdtemp(join(tmpdir(), 'cachefront-logs-'));
    edge = await startEdge(
      `
realtimeLogConfigs:
  - { name: local-tail, samplingRate: 100, fields: [cs-uri-stem, sc-status, x-edge-result-type] }
functions:
  - name: tag
    code: "function handler(event) { event.request.headers['x-tagged'] = { value: '1' }; return event.request; }"
distributions:
  - id: ELOGS000000001
    aliases: [logs.localhost]
    logging: { enabled: true, includeCookies: true, prefix: cdn/ }
    origins:
      - { id: o, domainName: 127.0.0.1, customOriginConfig: { httpPort: ${origin.port} } }
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
      realtimeLogConfigName: local-tail
    cacheBehaviors:
      - pathPattern: /bytes/5*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        functionAssociations: [{ eventType: viewer-request, functionName: tag }]
  - id: ENOLOGS0000001
    aliases: [quiet.localhost]
    origins:
      - { id: o, domainName: 127.0.0.1, customOriginConfig: { httpPort: ${origin.port} } }
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
`,
      ['--access-log-dir', logDir, '--pop', 'FRA'],
      'logs.localhost',
      1,
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('writes CloudFront-format lines (fields in order, hourly gzip files named like CloudFront)', async () => {
    const ua = 'Mozilla/5.0 (test agent)';
    assert.equal((await edge.fetch('/bytes/100?v=1', { headers: { 'user-agent': ua, cookie: 'a=1', referer: 'http://ref.example/x' } })).status, 200);
    assert.equal((await edge.fetch('/bytes/100?v=1', { headers: { 'user-agent': ua } })).headers['x-cache'], 'Hit from cachefront');
    assert.equal((await edge.fetch('/status/404')).status, 404);
    assert.equal((await edge.fetch('/x', { host: 'quiet.localhost' })).status, 404, 'a distribution without logging');
    const { files, fields, rows } = await eventually(async () => {
      const r = await logLines(logDir).catch(() => undefined);
      return r && r.rows.length >= 3 ? r : undefined;
    }, 'three access log lines');
    assert.deepEqual(fields, CLOUDFRONT_FIELDS);
    for (const f of files) assert.match(f, /^cdn\/ELOGS000000001\.\d{4}-\d{2}-\d{2}-\d{2}\.[A-Za-z0-9-]+\.gz$/, 'CloudFront names: prefix + id.YYYY-MM-DD-HH.unique.gz');
    assert.equal(rows.length, 3, 'only the logging distribution, one line per request');
    const [miss, hit, notFound] = rows;
    assert.equal(miss!['x-edge-result-type'], 'Miss');
    assert.equal(hit!['x-edge-result-type'], 'Hit');
    assert.equal(notFound!['sc-status'], '404');
    assert.equal(miss!['cs-uri-stem'], '/bytes/100');
    assert.equal(miss!['cs-uri-query'], 'v=1');
    assert.equal(miss!['cs(Host)'], 'elogs000000001.cachefront.local', 'cs(Host) is the distribution domain');
    assert.equal(miss!['x-host-header'], 'logs.localhost');
    assert.equal(miss!['x-edge-location'], 'FRA');
    assert.equal(miss!['c-ip'], '127.0.0.1');
    assert.equal(miss!['cs-method'], 'GET');
    assert.equal(miss!['cs(Cookie)'], 'a=1', 'includeCookies');
    assert.equal(decodeURIComponent(miss!['cs(User-Agent)']!), ua);
    assert.equal(miss!['sc-status'], '200');
    assert.equal(miss!['sc-content-len'], '100');
    assert.ok(Number(miss!['sc-bytes']) > 100, 'sc-bytes counts headers too');
    assert.ok(Number(miss!['time-taken']) >= 0 && Number(miss!['time-taken']) < 10);
    assert.match(miss!.date!, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(miss!.time!, /^\d{2}:\d{2}:\d{2}$/);
    assert.notEqual(miss!['x-edge-request-id'], hit!['x-edge-request-id']);
    assert.equal(hit!['cs(Cookie)'], '-', 'absent values are -');
  });

  it('serves Prometheus metrics on the admin port: requests by result and status, hit ratio, origin latency, cache, functions', async () => {
    await edge.fetch('/bytes/50');
    await edge.fetch('/bytes/50');
    const m = await scrape(`${edge.adminUrl}/metrics`);
    // (parse-prometheus-text-format merges labelled histograms: their counts are read from the text.)
    const text = (await get(`${edge.adminUrl}/metrics`)).text;
    const count = (name: string, labels: string) => Number(new RegExp(`^${name}_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1]);
    const dist = 'ELOGS000000001';
    assert.ok((sample(m, 'cachefront_edge_requests_total', { distribution: dist, result: 'Hit', status: '200' }) ?? 0) >= 2);
    assert.ok((sample(m, 'cachefront_edge_requests_total', { distribution: dist, result: 'Miss', status: '200' }) ?? 0) >= 2);
    const ratio = sample(m, 'cachefront_edge_hit_ratio', { distribution: dist })!;
    assert.ok(ratio > 0 && ratio < 1, `hit ratio ${ratio}`);
    assert.equal(m.get('cachefront_edge_origin_latency_seconds')?.type, 'HISTOGRAM');
    assert.ok(count('cachefront_edge_origin_latency_seconds', `pop="FRA",distribution="${dist}"`) >= 3, 'one observation per origin fetch');
    assert.ok((sample(m, 'cachefront_edge_cache', { measure: 'bytes' }) ?? 0) > 0);
    assert.equal(sample(m, 'cachefront_edge_function_invocations_total', { function: 'tag', event_type: 'viewer-request' }), 2);
    assert.equal(m.get('cachefront_edge_function_compute_utilization')?.type, 'HISTOGRAM');
    assert.equal(count('cachefront_edge_function_compute_utilization', 'pop="FRA",function="tag",event_type="viewer-request"'), 2);
    assert.ok((sample(m, 'cachefront_edge_bytes_out_total', { distribution: dist }) ?? 0) >= 200);
    assert.equal(m.get('cachefront_edge_requests_total')?.metrics[0]?.labels?.pop, 'FRA', 'every series names the POP');
  });

  it('explain without a control plane: `cachefront explain --edge ADMIN_URL`', () => {
    const r = spawnSync(process.execPath, [CLI, 'explain', 'http://logs.localhost/bytes/100?v=1', '--edge', edge.adminUrl, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const e = JSON.parse(r.stdout);
    assert.equal(e.distribution.id, 'ELOGS000000001');
    assert.equal(e.cache.wouldHit, true, 'filled by the first test');
    assert.equal(e.ttl.stored.source, 'default-ttl');
  });

  it('file mode: the admin port streams real-time log entries; an open stream does not hold up shutdown', async () => {
    const res = await fetch(`${edge.adminUrl}/realtime-logs/stream`);
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (re: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!re.test(text)) {
        if (Date.now() > deadline) throw new Error(`stream never showed ${re}: ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${re}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await readUntil(/event: hello/);
    await edge.fetch('/bytes/77');
    await readUntil(/event: log\ndata: .*"\/bytes\/77"/);
    const entry = JSON.parse(/event: log\ndata: (.*"\/bytes\/77".*)/.exec(text)![1]!);
    assert.deepEqual(entry.values, ['/bytes/77', '200', 'Miss']);
    assert.equal(entry.pop, 'FRA');
    await edge.stop();
    assert.equal(edge.child.exitCode, 0, 'a graceful exit, not the SIGKILL fallback');
  });
});

function run(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env } });
}

describe('real-time logs, explain and control-plane metrics', () => {
  let origin: Origin;
  let cp: ControlPlane;
  let cpUrl: string;
  let edges: Proc[];
  let write: string;
  let read: string;
  let call: ReturnType<typeof apiClient>;

  before(async () => {
    origin = await startOrigin();
    cp = await startControlPlane('cachefront-obs-');
    cpUrl = cp.url;
    write = cp.token('write');
    read = cp.token('read');
    const edgeToken = cp.token('edge');
    edges = await Promise.all(['FRA', 'NRT'].map((pop) => startPopEdge(cp, pop, edgeToken, { extra: ['--dev-viewer-address-header'] })));
    call = apiClient(cpUrl, write);
    const rt = await call('POST', '/v1/realtime-log-configs', { name: 'tail', samplingRate: 100, fields: ['timestamp', 'x-edge-location', 'cs-method', 'cs-uri-stem', 'sc-status', 'x-edge-result-type', 'time-taken', 'c-country'] });
    assert.equal(rt.status, 201, JSON.stringify(rt.body));
    const d = await call('POST', '/v1/distributions', {
      id: 'EOBS0000000001',
      aliases: ['obs.localhost'],
      origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: origin.port } }],
      defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized', realtimeLogConfigName: 'tail' },
    });
    assert.equal(d.status, 201, JSON.stringify(d.body));
    assert.equal((await call('GET', '/v1/distributions/EOBS0000000001?wait=15')).body.status, 'Deployed');
  });
  after(async () => {
    await Promise.all((edges ?? []).map((e) => e.stop()));
    await cp?.stop();
    await origin?.stop();
  });

  it('streams sampled requests from several edges (`cachefront logs --follow`)', async () => {
    const follower = spawn(process.execPath, [CLI, 'logs', '--follow', '--json', '--distribution', 'EOBS0000000001', '--limit', '4', '--control-plane', cpUrl, '--token', read], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    follower.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => follower.once('exit', r));
    // The stream is open once the control plane counts a subscriber.
    await eventually(async () => {
      const m = await scrape(`${cpUrl}/metrics`);
      return (sample(m, 'cachefront_cp_realtime_log_subscribers', {}) ?? 0) >= 1;
    }, 'the log stream to open');
    for (const e of edges) {
      await get(`${String(e.ready.url)}/index.html`, { headers: { host: 'obs.localhost', 'x-cachefront-viewer-address': '81.2.69.142' } });
      await get(`${String(e.ready.url)}/index.html`, { headers: { host: 'obs.localhost', 'x-cachefront-viewer-address': '81.2.69.142' } });
    }
    assert.equal(await exited, 0, out);
    const entries = out.trim().split('\n').map((l) => JSON.parse(l) as { pop: string; fields: string[]; values: string[]; configName: string });
    assert.equal(entries.length, 4);
    assert.deepEqual(new Set(entries.map((e) => e.pop)), new Set(['FRA', 'NRT']), 'both edges');
    for (const e of entries) {
      assert.equal(e.configName, 'tail');
      const v = Object.fromEntries(e.fields.map((f, i) => [f, e.values[i]]));
      assert.equal(v['x-edge-location'], e.pop);
      assert.equal(v['cs-uri-stem'], '/index.html');
      assert.equal(v['sc-status'], '200');
      assert.equal(v['c-country'], 'GB');
      assert.match(v.timestamp!, /^\d{10}\.\d{3}$/);
    }
    assert.deepEqual(entries.filter((e) => e.pop === 'FRA').map((e) => e.values[5]), ['Miss', 'Hit']);
  });

  it('explain: the distribution, behavior, cache key, origin request and whether it would hit, from the nearest edge', async () => {
    const url = 'http://obs.localhost/explain-me.html';
    const ask = () => {
      const r = run(['explain', url, '--viewer-address', '133.242.1.1', '-H', 'Accept-Language: de', '--json', '--control-plane', cpUrl, '--token', read]);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { edge: { pop: string }; distribution: { id: string }; behavior: { pathPattern: string }; cacheKey: string; originRequest: { path: string; origin: string }; cache: { wouldHit: boolean; state: string }; steps: { name: string }[] };
    };
    const first = ask();
    assert.equal(first.edge.pop, 'NRT', 'a viewer in Japan is explained by the NRT edge');
    assert.equal(first.distribution.id, 'EOBS0000000001');
    assert.equal(first.behavior.pathPattern, '*');
    assert.match(first.cacheKey, /explain-me\.html/);
    assert.equal(first.originRequest.path, '/explain-me.html');
    assert.equal(first.originRequest.origin, `http://127.0.0.1:${origin.port}`);
    assert.equal(first.cache.wouldHit, false);
    const nrt = edges.find((e) => e.lines.some((l) => l.includes('"pop":"NRT"')))!;
    await get(`${String(nrt.ready.url)}/explain-me.html`, { headers: { host: 'obs.localhost' } });
    const second = ask();
    assert.equal(second.cache.wouldHit, true, 'cached at NRT now');
    assert.equal(second.cache.state, 'fresh');
    const text = run(['explain', url, '--pop', 'FRA', '--control-plane', cpUrl, '--token', read]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /would hit now: no/, 'FRA has its own cache');
    assert.match(text.stdout, /origin request \(on a miss\): GET http:\/\/127\.0\.0\.1/);
    const unknown = run(['explain', 'http://nobody.localhost/', '--json', '--control-plane', cpUrl, '--token', read]);
    assert.equal(unknown.status, 0, unknown.stderr);
    assert.equal(JSON.parse(unknown.stdout).verdict.status, 403);
  });

  it('control-plane metrics: edges, propagation lag per change, traffic from acks', async () => {
    await eventually(async () => {
      const m = await scrape(`${cpUrl}/metrics`);
      return (sample(m, 'cachefront_cp_edge_requests_total', { distribution: 'EOBS0000000001', result: 'Hit' }) ?? 0) >= 1 && m;
    }, 'usage from acks in the metrics');
    const m = await scrape(`${cpUrl}/metrics`);
    assert.equal(sample(m, 'cachefront_cp_edges', { status: 'live' }), 2);
    assert.equal(m.get('cachefront_cp_propagation_seconds')?.type, 'HISTOGRAM');
    const text = (await get(`${cpUrl}/metrics`)).text;
    const observed = Number(/^cachefront_cp_propagation_seconds_count\{kind="config"\} (\d+)$/m.exec(text)?.[1]);
    assert.ok(observed >= 2, `each edge applying each config change is one observation (${observed})`);
    const edgesList = await call('GET', '/v1/edges');
    const fra = edgesList.body.items.find((e: { pop: string }) => e.pop === 'FRA');
    assert.equal(typeof fra.latitude, 'number', 'edges carry their POP coordinates');
    assert.ok(fra.stats.requests >= 2, JSON.stringify(fra.stats));
    assert.ok(fra.stats.hitRatio > 0);
  });
});
