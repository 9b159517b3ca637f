// The control plane end to end: real control plane, two edges (2 workers each) with
// different POPs, a real origin. Config and invalidations travel over the edges' event
// streams; statuses come from their acks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, eventually, get, startCli, startOrigin, type Origin, type Proc, type Res } from './helpers.ts';

const HOST = 'cp.localhost';

interface ControlPlane extends Proc {
  url: string;
  port: number;
}

async function startControlPlane(dataPath: string, port = 0): Promise<ControlPlane> {
  // Short heartbeats and timeouts so "down" and "catch up" happen within a test.
  const p = await startCli(['control-plane', '--port', String(port), '--data', dataPath, '--heartbeat-ms', '200', '--edge-timeout-ms', '1500']);
  const url = String(p.ready.url);
  return { ...p, url, port: Number(new URL(url).port) };
}

function token(dataPath: string, scope: string): string {
  const r = spawnSync(process.execPath, [CLI, 'token', '--scope', scope, '--data', dataPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

interface CpEdge extends Proc {
  url: string;
  adminUrl: string;
  fetch(path: string, headers?: Record<string, string>): Promise<Res>;
}

async function startCpEdge(cpUrl: string, edgeToken: string, pop: string, stateDir: string): Promise<CpEdge> {
  const p = await startCli(['edge', '--control-plane', cpUrl, '--pop', pop, '--token', edgeToken, '--state-dir', stateDir, '--port', '0', '--workers', '2']);
  const url = String(p.ready.url);
  return {
    ...p,
    url,
    adminUrl: String(p.ready.adminUrl),
    // A new connection per request: the kernel spreads connections over the workers (SO_REUSEPORT).
    fetch: (path, headers = {}) => get(`${url}${path}`, { headers: { host: HOST, connection: 'close', ...headers } }),
  };
}

function distribution(originPort: number, extra: Record<string, unknown> = {}) {
  return {
    aliases: [HOST],
    cacheTagHeader: 'Cache-Tag',
    origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: originPort, originProtocolPolicy: 'http-only' } }],
    defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'qs-all' },
    ...extra,
  };
}

const qsAllPolicy = {
  id: 'qs-all',
  minTTL: 0,
  defaultTTL: 3600,
  maxTTL: 86400,
  parametersInCacheKeyAndForwardedToOrigin: {
    enableAcceptEncodingGzip: false,
    enableAcceptEncodingBrotli: false,
    headersConfig: { headerBehavior: 'none' },
    cookiesConfig: { cookieBehavior: 'none' },
    queryStringsConfig: { queryStringBehavior: 'all' },
  },
};

describe('control plane with two edges', () => {
  let origin: Origin;
  let cp: ControlPlane;
  let dataPath: string;
  let writeToken: string;
  let edgeToken: string;
  let readToken: string;
  const edges: Record<string, CpEdge> = {};
  const stateDirs: Record<string, string> = {};
  let distId = '';

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, tok = writeToken) => {
    const res = await fetch(`${cp.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : undefined };
  };
  const invalidate = async (paths: string[]) => {
    const created = await call('POST', `/v1/distributions/${distId}/invalidations`, { callerReference: `ref-${Math.random()}`, paths });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const done = await call('GET', `/v1/distributions/${distId}/invalidations/${created.body.id}?wait=15`);
    assert.equal(done.body.status, 'Completed');
    return done.body;
  };
  /** Requests `path` on a fresh connection until every worker of the edge has it cached. */
  const warm = async (edge: CpEdge, path: string) => {
    await eventually(async () => {
      const results = [];
      for (let i = 0; i < 4; i++) results.push((await edge.fetch(path)).headers['x-cache']);
      return results.every((x) => x === 'Hit from cachefront') ? true : undefined;
    }, `${path} cached in every worker of ${edge.url}`);
  };
  /** x-cache of two requests on new connections: after a purge the edge misses once, then hits (one cache per edge, whichever worker answers). */
  const twice = async (edge: CpEdge, path: string) => [(await edge.fetch(path)).headers['x-cache'], (await edge.fetch(path)).headers['x-cache']];
  const MISS = 'Miss from cachefront';
  const HIT = 'Hit from cachefront';

  before(async () => {
    origin = await startOrigin();
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-cp-'));
    dataPath = join(dir, 'control-plane.db');
    cp = await startControlPlane(dataPath);
    writeToken = token(dataPath, 'write');
    edgeToken = token(dataPath, 'edge');
    readToken = token(dataPath, 'read');
    for (const pop of ['FRA', 'IAD']) {
      stateDirs[pop] = join(dir, `edge-${pop}`);
      edges[pop] = await startCpEdge(cp.url, edgeToken, pop, stateDirs[pop]);
    }
    const policy = await call('POST', '/v1/cache-policies', qsAllPolicy);
    assert.equal(policy.status, 201, JSON.stringify(policy.body));
  });

  after(async () => {
    await Promise.all(Object.values(edges).map((e) => e.stop()));
    await cp?.stop();
    await origin?.stop();
  });

  it('refuses /v1 without a token, with a bad one, or without the scope', async () => {
    const bare = await fetch(`${cp.url}/v1/distributions`);
    assert.equal(bare.status, 401);
    assert.match(bare.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal(((await bare.json()) as { error: { code: string } }).error.code, 'Unauthorized');
    assert.equal((await call('GET', '/v1/distributions', undefined, {}, 'not.a.jwt')).status, 401);
    // Right shape, wrong key.
    const forged = writeToken.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal((await call('GET', '/v1/distributions', undefined, {}, forged)).status, 401);
    const readOnly = await call('POST', '/v1/distributions', distribution(origin.port), {}, readToken);
    assert.equal(readOnly.status, 403);
    assert.equal(readOnly.body.error.code, 'AccessDenied');
    assert.equal((await call('GET', '/v1/distributions', undefined, {}, edgeToken)).status, 403);
    // The stream is no back door: a write token is not an edge token, and none is refused.
    assert.equal((await fetch(`${cp.url}/v1/edges/stream?edge=x&pop=FRA&since=0`)).status, 401);
    assert.equal((await call('POST', '/v1/edges/x/acks', { seq: 1 }, {}, readToken)).status, 403);
    assert.equal((await fetch(`${cp.url}/healthz`)).status, 200);
  });

  it('a distribution created through the API is Deployed on every edge, and updates reach them without a restart', async () => {
    const created = await call('POST', '/v1/distributions', distribution(origin.port));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    distId = created.body.id;
    assert.match(distId, /^E[A-Z0-9]{13}$/);
    assert.equal(created.body.domainName, `${distId.toLowerCase()}.cachefront.local`);
    const deployed = await call('GET', `/v1/distributions/${distId}?wait=15`);
    assert.equal(deployed.body.status, 'Deployed');
    for (const edge of Object.values(edges)) {
      assert.equal((await edge.fetch('/bytes/10?a=1')).headers['x-cache'], 'Miss from cachefront');
      await warm(edge, '/bytes/10?a=1');
    }

    // Update: /api/* on CachingDisabled. Stale ETag -> 412; no If-Match -> 400.
    const cfg = deployed.body.distributionConfig;
    const next = { ...cfg, cacheBehaviors: [{ pathPattern: '/status/*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled' }] };
    assert.equal((await call('PUT', `/v1/distributions/${distId}`, next)).status, 400);
    assert.equal((await call('PUT', `/v1/distributions/${distId}`, next, { 'if-match': 'EWRONGETAG0000' })).status, 412);
    const updated = await call('PUT', `/v1/distributions/${distId}`, next, { 'if-match': deployed.etag! });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.notEqual(updated.etag, deployed.etag);
    assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
    for (const edge of Object.values(edges)) {
      for (let i = 0; i < 2; i++) assert.equal((await edge.fetch('/status/200')).headers['x-cache'], 'Miss from cachefront');
      // The cache survived the config change.
      assert.equal((await edge.fetch('/bytes/10?a=1')).headers['x-cache'], 'Hit from cachefront');
    }
    const edgeList = await call('GET', '/v1/edges', undefined, {}, readToken);
    assert.deepEqual(edgeList.body.items.map((e: { pop: string }) => e.pop).sort(), ['FRA', 'IAD']);
    assert.ok(edgeList.body.items.every((e: { status: string }) => e.status === 'live'));
  });

  it('invalidation purges every worker of every edge: exact path, query version, wildcard, tag', async () => {
    const paths = ['/bytes/11', '/bytes/12?v=1', '/bytes/12?v=2', '/bytes/13/a', '/bytes/13/b', '/bytes/14?tags=t1,t2', '/bytes/15?tags=t3'];
    for (const edge of Object.values(edges)) for (const p of paths) await warm(edge, p);
    const purged = async (gone: string[], kept: string[]) => {
      for (const edge of Object.values(edges)) {
        for (const p of gone) assert.deepEqual(await twice(edge, p), [MISS, HIT], `${p} purged from ${edge.url}, then fetched once`);
        for (const p of kept) assert.deepEqual(await twice(edge, p), [HIT, HIT], `${p} kept on ${edge.url}`);
      }
    };
    await invalidate(['/bytes/11']);
    await purged(['/bytes/11'], ['/bytes/12?v=1', '/bytes/13/a', '/bytes/14?tags=t1,t2']);
    await invalidate(['/bytes/12?v=1']);
    await purged(['/bytes/12?v=1'], ['/bytes/12?v=2']);
    await invalidate(['/bytes/13/*']);
    await purged(['/bytes/13/a', '/bytes/13/b'], ['/bytes/12?v=2']);
    await invalidate(['#t2']);
    await purged(['/bytes/14?tags=t1,t2'], ['/bytes/15?tags=t3']);
    await invalidate(['/*']);
    await purged(['/bytes/12?v=2', '/bytes/15?tags=t3'], []);
  });

  it('CallerReference: same reference and paths -> the same invalidation; other paths -> InvalidationBatchAlreadyExists', async () => {
    const base = `/v1/distributions/${distId}/invalidations`;
    const first = await call('POST', base, { callerReference: 'deploy-42', paths: ['/a', '/b'] });
    assert.equal(first.status, 201);
    assert.match(first.body.id, /^I[A-Z0-9]{13}$/);
    const again = await call('POST', base, { callerReference: 'deploy-42', paths: ['/b', '/a'] });
    assert.equal(again.body.id, first.body.id);
    const clash = await call('POST', base, { callerReference: 'deploy-42', paths: ['/c'] });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error.code, 'InvalidationBatchAlreadyExists');
    const bad = await call('POST', base, { callerReference: 'x', paths: ['no-slash', '/a*b'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.issues.length, 2);
  });

  it('edges serve with the control plane down, restart from their state dir, and catch up when it returns', async () => {
    const liveEdges = async () => (await call('GET', '/v1/edges', undefined, {}, readToken)).body.items.filter((e: { status: string }) => e.status === 'live').length;
    // IAD goes away; meanwhile /bytes/2* becomes uncacheable (deployed to FRA only).
    await edges.IAD!.stop();
    const dist = await call('GET', `/v1/distributions/${distId}`);
    const cfg = dist.body.distributionConfig;
    const next = { ...cfg, cacheBehaviors: [...cfg.cacheBehaviors, { pathPattern: '/bytes/2*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled' }] };
    assert.equal((await call('PUT', `/v1/distributions/${distId}`, next, { 'if-match': dist.etag! })).status, 200);
    assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
    assert.deepEqual(await twice(edges.FRA!, '/bytes/21'), [MISS, MISS]);
    await warm(edges.FRA!, '/bytes/40');

    cp.child.kill('SIGKILL');
    await new Promise((r) => cp.child.once('exit', r));
    // FRA keeps serving its cache and its config.
    assert.equal((await edges.FRA!.fetch('/bytes/40')).headers['x-cache'], HIT);
    // IAD restarts with the control plane down and serves the config in its state dir
    // (the one from before the change: /bytes/21 is cacheable there).
    edges.IAD = await startCpEdge(`http://127.0.0.1:${cp.port}`, edgeToken, 'IAD', stateDirs.IAD!);
    const first = await edges.IAD.fetch('/bytes/21');
    assert.equal(first.status, 200, 'a restarted edge serves before the control plane is back');
    await warm(edges.IAD, '/bytes/21'); // cacheable under the old config

    // The control plane returns: both edges reconnect, IAD catches up on the change.
    cp = await startControlPlane(dataPath, cp.port);
    await eventually(async () => (await liveEdges()) === 2, 'both edges live again');
    await eventually(async () => (await twice(edges.IAD!, '/bytes/22')).every((x) => x === MISS), 'IAD applied the change it missed');
    const fresh = await call('GET', `/v1/distributions/${distId}?wait=15`);
    assert.equal(fresh.body.status, 'Deployed');
  });

  it('an edge that stops answering is marked down and stops holding status back; it catches up on missed invalidations', async () => {
    const fra = edges.FRA!;
    await warm(fra, '/bytes/30');
    const pid = fra.child.pid!; // the CLI process is the edge's primary
    process.kill(pid, 'SIGSTOP'); // the edge's process freezes (its primary and worker threads)
    try {
      const inv = await invalidate(['/bytes/30']);
      assert.equal(inv.status, 'Completed', 'the frozen edge did not hold the invalidation back once it was down');
      const down = await call('GET', '/v1/edges', undefined, {}, readToken);
      assert.equal(down.body.items.find((e: { pop: string }) => e.pop === 'FRA').status, 'down');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // Back: it applies what it missed and becomes live again.
    await eventually(async () => (await twice(fra, '/bytes/30'))[0] === MISS, 'the missed invalidation applied on FRA');
    await eventually(async () => {
      const list = await call('GET', '/v1/edges', undefined, {}, readToken);
      return list.body.items.find((e: { pop: string }) => e.pop === 'FRA').status === 'live';
    }, 'FRA live again');
  });

  it('a disabled distribution stops being served everywhere; it can then be deleted', async () => {
    const dist = await call('GET', `/v1/distributions/${distId}`);
    assert.equal((await call('DELETE', `/v1/distributions/${distId}`, undefined, { 'if-match': dist.etag! })).body.error.code, 'DistributionNotDisabled');
    const disabled = await call('POST', `/v1/distributions/${distId}/disable`);
    assert.equal(disabled.status, 200);
    assert.equal((await call('GET', `/v1/distributions/${distId}?wait=15`)).body.status, 'Deployed');
    for (const edge of Object.values(edges)) assert.equal((await edge.fetch('/bytes/40')).status, 403);
    const deleted = await call('DELETE', `/v1/distributions/${distId}`, undefined, { 'if-match': disabled.etag! });
    assert.equal(deleted.status, 204);
    assert.equal((await call('GET', `/v1/distributions/${distId}`)).status, 404);
  });
});

describe('control plane durability', () => {
  it('SIGKILL during a burst of writes loses no acknowledged write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-cp-kill-'));
    const dataPath = join(dir, 'control-plane.db');
    let cp = await startControlPlane(dataPath);
    const tok = token(dataPath, 'write');
    const acked: string[] = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const body = {
          aliases: [`w${n}-${i}.localhost`],
          origins: [{ id: 'o', domainName: '127.0.0.1' }],
          defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: 'Managed-CachingOptimized' },
        };
        try {
          const res = await fetch(`${cp.url}/v1/distributions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
        } catch {
          return; // the process is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, n) => writer(n));
    await eventually(async () => acked.length >= 60, '60 acknowledged writes');
    cp.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    const ackedAtKill = [...acked];

    cp = await startControlPlane(dataPath);
    try {
      const list = await fetch(`${cp.url}/v1/distributions`, { headers: { authorization: `Bearer ${tok}` } });
      const ids = new Set(((await list.json()) as { items: { id: string }[] }).items.map((d) => d.id));
      const lost = ackedAtKill.filter((id) => !ids.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${ackedAtKill.length} acknowledged writes lost`);
      assert.ok(ids.size >= ackedAtKill.length);
    } finally {
      await cp.stop();
    }
  });
});

describe('cachefront dev (npm start)', () => {
  it('starts origin, control plane and three edges; the demo is served everywhere; invalidate --wait purges all; the signed-URL demo works', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-dev-'));
    const dev = await startCli(['dev', '--port', '0', '--origin-port', '0', '--control-plane-port', '0', '--dir', dir], 60_000);
    try {
      await dev.waitForLine(/cachefront is running/, 60_000);
      await dev.waitForLine(/export CACHEFRONT_TOKEN=/, 5_000);
      const text = dev.lines.join('\n');
      const urls = [/Edge FRA: (http:\/\/[\d.:]+\d)/, /IAD: (http:\/\/[\d.:]+\d)/, /NRT: (http:\/\/[\d.:]+\d)/].map((re) => re.exec(text)?.[1]);
      assert.ok(urls.every(Boolean), text);
      assert.equal(new Set(urls).size, 3, 'three edges on three ports');
      const env = Object.fromEntries([...text.matchAll(/export (CACHEFRONT_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
      const demo = (u: string) => get(`${u}/`, { headers: { host: 'demo.localhost' } });
      for (const [i, u] of urls.entries()) {
        const first = await demo(u!);
        assert.equal(first.status, 200);
        assert.equal(first.headers['x-amz-cf-pop'], ['FRA', 'IAD', 'NRT'][i]);
        assert.equal((await demo(u!)).headers['x-cache'], 'Hit from cachefront');
      }
      // HTTPS from the dev edges' one local CA, and the demo's response headers policy and compression.
      const httpsPort = Number(/--cacert \S+ https:\/\/demo\.localhost:(\d+)\//.exec(text)?.[1]);
      assert.ok(httpsPort > 0, 'the HTTPS try-line');
      const ca = await readFile(join(dir, 'tls', 'ca.pem'), 'utf8');
      const secure = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
        const r = httpsRequest({ host: '127.0.0.1', port: httpsPort, path: '/', servername: 'demo.localhost', ca, headers: { host: 'demo.localhost', 'accept-encoding': 'br' }, agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        });
        r.on('error', reject);
        r.end();
      });
      assert.equal(secure.status, 200);
      assert.equal(secure.headers['strict-transport-security'], 'max-age=31536000');
      assert.equal(secure.headers['content-encoding'], 'br');
      // /account/* is redirect-to-https: plain HTTP gets a 301 to this edge's HTTPS port.
      const plain = await get(`${urls[0]}/account/profile?tab=1`, { method: 'GET', headers: { host: `demo.localhost:${new URL(urls[0]!).port}` } });
      assert.equal(plain.status, 301);
      assert.equal(plain.headers.location, `https://demo.localhost:${httpsPort}/account/profile?tab=1`);
      assert.match(text, /curl -sI -H 'Host: demo\.localhost' '[^']+\/account\/profile'/, 'the redirect try-line');
      // The SPA demo: a private bucket of the origin's S3 mode, read by the edges with origin access control.
      const spa = (path: string) => get(`${urls[0]}${path}`, { headers: { host: 'spa.localhost' } });
      for (const path of ['/', '/settings/profile', '/missing.png']) {
        const r = await spa(path);
        assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
        assert.match(r.text, /<title>cachefront SPA demo<\/title>/, path);
      }
      const bucketUrl = /curl -s (http:\/\/127\.0\.0\.1:\d+\/site\/index\.html)/.exec(text)?.[1];
      assert.ok(bucketUrl, 'the unsigned-bucket try-line');
      assert.match((await get(bucketUrl)).text, /<Code>AccessDenied<\/Code>/);
      // CloudFront's own API with the printed access key: the aws CLI line works (when an aws CLI runs here).
      const awsLine = /export (AWS_ACCESS_KEY_ID=\S+) (AWS_SECRET_ACCESS_KEY=\S+) (AWS_DEFAULT_REGION=\S+)\n\s+aws --endpoint-url (\S+) cloudfront list-distributions/.exec(text);
      assert.ok(awsLine, 'the aws CLI try-lines');
      const awsEnv = Object.fromEntries(awsLine.slice(1, 4).map((kv) => kv.split('=', 2) as [string, string]));
      const listed = spawnSync('aws', ['--endpoint-url', awsLine[4]!, 'cloudfront', 'list-distributions', '--output', 'json'], { encoding: 'utf8', env: { ...process.env, ...awsEnv } });
      if (listed.error) t.diagnostic(`aws CLI not run: ${listed.error.message}`);
      else {
        assert.equal(listed.status, 0, listed.stderr);
        const ids = (JSON.parse(listed.stdout) as { DistributionList: { Items?: { Id: string }[] } }).DistributionList.Items?.map((d) => d.Id);
        assert.ok(ids?.includes('EDEMO00000001'), listed.stdout);
      }
      const inv = spawnSync(process.execPath, [CLI, 'invalidate', 'EDEMO00000001', '/*', '--wait'], { encoding: 'utf8', env: { ...process.env, ...env } });
      assert.equal(inv.status, 0, inv.stderr);
      assert.match(inv.stdout, /^I[A-Z0-9]{13}\tCompleted\t1 path\(s\)/);
      for (const u of urls) assert.equal((await demo(u!)).headers['x-cache'], 'Miss from cachefront');

      // The signed-URL demo, through the FRA edge: the page, a grant, and the attempts it shows.
      const host = `demo.localhost:${new URL(urls[0]!).port}`;
      const through = (url: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}) =>
        get(url.replace(`http://${host}`, urls[0]!), { ...opts, headers: { host, ...opts.headers } });
      const page = await through(`http://${host}/signed-demo/`);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.equal((await through(`http://${host}/private/report.html`)).status, 403, 'private content needs a signature');
      const grant = await through(`http://${host}/signed-demo/sign`, {
        method: 'POST',
        body: JSON.stringify({ name: 'tester', expiresIn: 300 }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(grant.status, 200, grant.text);
      const g = JSON.parse(grant.text) as { signedUrl: string; expiredUrl: string; tamperedUrl: string };
      assert.equal((await through(g.signedUrl)).status, 200);
      assert.match((await through(g.expiredUrl)).text, /<Code>AccessDenied<\/Code>/);
      assert.match((await through(g.tamperedUrl)).text, /<Code>AccessDenied<\/Code>/);
    } finally {
      await dev.stop();
    }
  });
});
