import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startOrigin } from '@cachefront/origin';
import { startEdge, type RunningEdge, type S3Credentials } from '@cachefront/edge-node';
import { loadJwtKeys, mintToken, startControlPlane } from '@cachefront/control-plane';
import { parseConfigText } from '@cachefront/config';
import { api, ApiError, type ApiTarget } from '../api.ts';
import { DEMO_DISTRIBUTION_ID, DEMO_KEY_PAIR_ID, demoConfig, demoCurls, SPA_BUCKET } from '../demo-config.ts';

/** The SPA demo's files (a private bucket of the demo origin) and its rewrite function. */
const SITE_DIR = fileURLToPath(new URL('../../../../examples/site', import.meta.url));
const SPA_REWRITE = fileURLToPath(new URL('../../../../examples/functions/spa-rewrite.js', import.meta.url));
import { commandFlags, stringFlags, portFlag, UsageError } from '../usage.ts';

const POPS = ['FRA', 'IAD', 'NRT', 'GRU', 'SYD', 'BOM'];

export const help = `usage: cachefront dev [--port 8080] [--edges 3] [options]

The whole local stack: the demo origin, a control plane, and edges in different POPs
that follow it. The demo distribution is created (or updated) through the API, so what
you see is what a real deployment does: change it with the API, invalidate with
\`cachefront invalidate\`, and every edge follows within milliseconds.

  --port P                first edge's port; the others take the next ones (default 8080;
                          0 = any free ports)
  --https-port P          first edge's HTTPS port (HTTP/2 and HTTP/1.1), the others the next
                          ones (default: --port + 363, i.e. 8443; 0 = any free ports); the
                          certificates come from one local CA in <dir>/tls
  --edges N               edges, one POP each: ${POPS.join(', ')} (default 3)
  --workers N             workers per edge (default 1: one cache per edge, a plain Miss -> Hit)
  --origin-port P         demo origin (default 9000)
  --control-plane-port P  control plane (default 8787)
  --dir DIR               data: the control plane's database and secret, edge state (default ./data/dev)
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, stringFlags('port', 'edges', 'origin-port', 'control-plane-port', 'workers', 'dir', 'https-port'), { positionals: false });
  if (!flags) return;
  const { values } = flags;
  const port = portFlag('port', values.port, 8080);
  const httpsPort = portFlag('https-port', values['https-port'], port === 0 ? 0 : port + 363);
  const originPort = portFlag('origin-port', values['origin-port'], 9000);
  const cpPort = portFlag('control-plane-port', values['control-plane-port'], 8787);
  const workers = values.workers === undefined ? 1 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be an integer 1-64, got '${values.workers}'`);
  const edgeCount = values.edges === undefined ? 3 : Number(values.edges);
  if (!Number.isInteger(edgeCount) || edgeCount < 1 || edgeCount > POPS.length) throw new UsageError(`--edges must be 1-${POPS.length}, got '${values.edges}'`);
  const dir = resolve(values.dir ?? 'data/dev');
  await mkdir(dir, { recursive: true });
  const dataPath = join(dir, 'control-plane.db');

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  const inUse = (what: string, p: number, flag: string) => (err: Error & { code?: string }) => {
    throw err.code === 'EADDRINUSE' || /in use|EADDRINUSE/.test(err.message) ? new UsageError(`${what} port ${p} is in use; pick another with ${flag}`) : err;
  };
  try {
    const demoKeys = await demoKeyPair(dir);
    const s3Signer = await devS3Signer(dir);
    const origin = await startOrigin({
      // The SPA demo's private bucket: only the edges' signed requests may read it.
      buckets: [{ name: SPA_BUCKET, dir: SITE_DIR, private: true }],
      signers: { [s3Signer.accessKeyId]: s3Signer.secretAccessKey },
      port: originPort,
      host: '127.0.0.1',
      signedDemo: { keyPairId: DEMO_KEY_PAIR_ID, privateKey: demoKeys.privateKey },
    }).catch(inUse('origin', originPort, '--origin-port'));
    stops.push(() => origin.close());
    // Filled in once the edges listen (the dashboard reads the list on each request).
    const dashboardLinks: { title: string; url: string }[] = [];
    const cp = await startControlPlane({ port: cpPort, dataPath, dashboardLinks }).catch(inUse('control plane', cpPort, '--control-plane-port'));
    stops.push(() => cp.close());

    const keys = loadJwtKeys({ dataPath, env: process.env });
    if (keys.algorithm !== 'HS256') throw new UsageError('cachefront dev signs its own tokens: unset the RS256 key setup');
    const writeToken = mintToken({ scope: ['write'], subject: 'cachefront-dev', expiresIn: '30d', key: keys.secret });
    const edgeToken = mintToken({ scope: ['edge'], subject: 'cachefront-dev-edge', expiresIn: '30d', key: keys.secret });

    const edges: { pop: string; edge: RunningEdge }[] = [];
    for (const [i, pop] of POPS.slice(0, edgeCount).entries()) {
      // Port 0: each edge's first worker thread binds a free port of its own.
      const edgePort = port === 0 ? 0 : port + i;
      const edge = await startEdge({
        controlPlane: { url: cp.url, token: edgeToken, stateDir: join(dir, 'edges', pop) },
        port: edgePort,
        httpsPort: httpsPort === 0 ? 0 : httpsPort + i,
        // One local CA for every dev edge: trust it once.
        tlsDir: join(dir, 'tls'),
        workers,
        pop,
        // The demo plays viewers from anywhere with X-Cachefront-Viewer-Address.
        devViewerAddressHeader: true,
        // S3 origins (the SPA demo's bucket) are the demo origin's S3 mode, signed with the dev key.
        s3Endpoint: `http://127.0.0.1:${origin.port}`,
        s3Credentials: s3Signer,
        accessLogDir: join(dir, 'edges', pop, 'logs'),
      }).catch(inUse('edge', edgePort, '--port'));
      stops.push(() => edge.close());
      edges.push({ pop, edge });
    }
    await Promise.all(edges.map((e) => e.edge.synced()));

    const target: ApiTarget = { url: cp.url, token: writeToken };
    await applyDemo(target, originPort === 0 ? origin.port : originPort, demoKeys.publicKey);
    dashboardLinks.push(
      { title: 'Signed-URL demo (through the FRA edge)', url: `${demoHostUrl(edges[0]!.edge.url)}/signed-demo/` },
      { title: 'Demo site', url: `${demoHostUrl(edges[0]!.edge.url)}/` },
      { title: 'SPA from a private S3 bucket', url: `${spaHostUrl(edges[0]!.edge.url)}/` },
    );
    const readToken = mintToken({ scope: ['read'], subject: 'cachefront-dev-dashboard', expiresIn: '30d', key: keys.secret });
    // A SigV4 key for CloudFront's own API (the AWS SDK, the aws CLI): a new one each start.
    const aws = (await api<{ accessKeyId: string; secretAccessKey: string }>(target, 'POST', '/v1/access-keys', { scope: 'write' })).body;

    const others = edges
      .slice(1)
      .map((e) => `  ${e.pop}: ${e.edge.url}   (admin ${e.edge.adminUrl}/healthz)`)
      .join('\n');
    process.stdout.write(
      `${demoCurls(edges[0]!.edge.url, edges[0]!.pop)}
  Other edges (same distribution, their own caches):
${others || '  (none)'}

  HTTPS and HTTP/2 (every edge; one local CA for all of them, development only):
    curl -s -o /dev/null -w '%{http_version} %{http_code}\\n' --cacert ${join(dir, 'tls', 'ca.pem')} https://demo.localhost:${new URL(edges[0]!.edge.httpsUrl ?? 'https://x:0').port}/
    curl -s -o /dev/null -w '%{http_code} %{redirect_url}\\n' ${demoHostUrl(edges[0]!.edge.url)}/account/profile   # redirect-to-https: 301 to the HTTPS port
    curl -s -D - -o /dev/null --compressed ${demoHostUrl(edges[0]!.edge.url)}/index.html   # Brotli from the edge, security headers (a response headers policy)

  A single-page app from a private S3 bucket (spa.localhost: origin access control signs the edge's requests):
    curl -s ${spaHostUrl(edges[0]!.edge.url)}/settings/profile | grep -o '<title>[^<]*'    # a client route: the app (function rewrite)
    curl -s -o /dev/null -w '%{http_code}\\n' ${spaHostUrl(edges[0]!.edge.url)}/missing.png   # 200: the bucket's 403 becomes /index.html
    curl -s http://127.0.0.1:${origin.port}/${SPA_BUCKET}/index.html | grep -o '<Code>[^<]*'  # the bucket itself, unsigned: AccessDenied

  Signed URLs and cookies (/private/* needs them):
    open ${demoHostUrl(edges[0]!.edge.url)}/signed-demo/ in a browser (the signed-URL demo), or
    curl -s "$(npx cachefront sign-url ${demoHostUrl(edges[0]!.edge.url)}/private/report.html --key-pair-id ${DEMO_KEY_PAIR_ID} --private-key ${join(dir, 'demo-signing-key.pem')})"

  Viewers around the world (these dev edges believe X-Cachefront-Viewer-Address):
    curl -s -H 'X-Cachefront-Viewer-Address: 133.242.1.1' ${demoHostUrl(edges[0]!.edge.url)}/hello/geo | grep -o '"cloudfront-viewer-country":"[^"]*"'
    for ip in 81.2.69.142 8.8.8.8 133.242.1.1; do   # GB, US, JP: which POP should each use?
      curl -s -H "Authorization: Bearer $CACHEFRONT_TOKEN" "$CACHEFRONT_CONTROL_PLANE/v1/resolve?host=demo.localhost&ip=$ip" | grep -o '"pop":{"code":"[A-Z]*"'; done
    npx cachefront usage ${DEMO_DISTRIBUTION_ID}      # requests and bytes per POP and pricing region, estimated bill

  See what it does:
    open ${cp.url}/dashboard/ and sign in with a token (a read token: ${readToken})
    npx cachefront logs --follow                  # every request, from every edge (real-time logs)
    npx cachefront explain ${demoHostUrl(edges[0]!.edge.url)}/index.html --viewer-address 81.2.69.142
    curl -s ${edges[0]!.edge.adminUrl}/metrics | grep cachefront_edge_requests_total   # Prometheus; also ${cp.url}/metrics
    zcat ${join(dir, 'edges', edges[0]!.pop, 'logs', 'demo')}/*.gz     # standard logs (CloudFront's format), hourly files

  CloudFront's own API (2020-05-31: the AWS SDK, the aws CLI, Terraform with a custom endpoint):
    export AWS_ACCESS_KEY_ID=${aws.accessKeyId} AWS_SECRET_ACCESS_KEY=${aws.secretAccessKey} AWS_DEFAULT_REGION=us-east-1
    aws --endpoint-url ${cp.url} cloudfront list-distributions

  Control plane: ${cp.url}   (data in ${dir})
    export CACHEFRONT_CONTROL_PLANE=${cp.url}
    export CACHEFRONT_TOKEN=${writeToken}
    curl -s -H "Authorization: Bearer $CACHEFRONT_TOKEN" $CACHEFRONT_CONTROL_PLANE/v1/distributions/${DEMO_DISTRIBUTION_ID}
    npx cachefront invalidate ${DEMO_DISTRIBUTION_ID} '/*' --wait      # every edge, every worker
    curl -s -H "Authorization: Bearer $CACHEFRONT_TOKEN" $CACHEFRONT_CONTROL_PLANE/v1/edges

`,
    );
  } catch (err) {
    await stopAll();
    throw err;
  }

  const stop = () => void stopAll().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Creates or updates the demo's policies and distribution, then waits until it is Deployed. */
async function applyDemo(t: ApiTarget, originPort: number, demoPublicKey: string): Promise<void> {
  const parsed = parseConfigText(demoConfig(originPort, demoPublicKey, await readFile(SPA_REWRITE, 'utf8')), 'yaml');
  if (parsed.issues) throw new Error(`the built-in demo config is invalid: ${JSON.stringify(parsed.issues)}`);
  const { cachePolicies, originRequestPolicies, responseHeadersPolicies, distributions, publicKeys, keyGroups, realtimeLogConfigs, originAccessControls, functions } = parsed.value;
  // A public key cannot change (UpdatePublicKey changes only the comment): create it once.
  for (const k of publicKeys) await createIfMissing(t, `/v1/public-keys/${k.id}`, '/v1/public-keys', k);
  for (const g of keyGroups) await upsert(t, `/v1/key-groups/${g.id}`, '/v1/key-groups', g);
  for (const p of cachePolicies) await upsert(t, `/v1/cache-policies/${p.id}`, '/v1/cache-policies', p);
  for (const p of originRequestPolicies) await upsert(t, `/v1/origin-request-policies/${p.id}`, '/v1/origin-request-policies', p);
  for (const p of responseHeadersPolicies) await upsert(t, `/v1/response-headers-policies/${p.id}`, '/v1/response-headers-policies', p);
  for (const r of realtimeLogConfigs) await upsert(t, `/v1/realtime-log-configs/${r.name}`, '/v1/realtime-log-configs', r);
  for (const o of originAccessControls) await upsert(t, `/v1/origin-access-controls/${o.id}`, '/v1/origin-access-controls', o);
  for (const f of functions) await publishFunction(t, { name: f.name, runtime: f.runtime, comment: f.comment, code: f.code ?? '' });
  for (const d of distributions) {
    await upsert(t, `/v1/distributions/${d.id}`, '/v1/distributions', d);
    const res = await api<{ status: string }>(t, 'GET', `/v1/distributions/${d.id}?wait=30`);
    if (res.body.status !== 'Deployed') throw new Error(`the demo distribution is still ${res.body.status} after 30 s`);
  }
}

async function createIfMissing(t: ApiTarget, path: string, collection: string, body: unknown): Promise<void> {
  try {
    await api(t, 'GET', path);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    await api(t, 'POST', collection, body);
  }
}

/**
 * The demo's signing key pair, made once and kept in the data dir, so signed URLs stay
 * valid across restarts and the control plane's stored public key keeps matching.
 */
async function demoKeyPair(dir: string): Promise<{ privateKey: string; publicKey: string }> {
  const privPath = join(dir, 'demo-signing-key.pem');
  const pubPath = join(dir, 'demo-signing-key.pub.pem');
  try {
    return { privateKey: await readFile(privPath, 'utf8'), publicKey: await readFile(pubPath, 'utf8') };
  } catch {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const priv = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const pub = String(publicKey.export({ type: 'spki', format: 'pem' }));
    await writeFile(privPath, priv, { mode: 0o600 });
    await writeFile(pubPath, pub);
    return { privateKey: priv, publicKey: pub };
  }
}

/** Creates or updates a function's DEVELOPMENT stage, then publishes it to LIVE (what edges run). */
async function publishFunction(t: ApiTarget, f: { name: string; runtime: string; comment: string; code: string }): Promise<void> {
  const path = `/v1/functions/${f.name}`;
  let etag: string | undefined;
  try {
    const current = await api(t, 'GET', path);
    etag = (await api(t, 'PUT', path, f, { 'if-match': current.etag ?? '' })).etag;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    etag = (await api(t, 'POST', '/v1/functions', f)).etag;
  }
  await api(t, 'POST', `${path}/publish`, undefined, { 'if-match': etag ?? '' });
}

/**
 * The dev stack's S3 signer, made once and kept in the data dir (0600): the demo origin
 * lets it read the SPA bucket, the edges sign with it (origin access control).
 */
async function devS3Signer(dir: string): Promise<S3Credentials> {
  const path = join(dir, 's3-signer.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as S3Credentials;
  } catch {
    const signer = { accessKeyId: `AKIACFDEV${randomBytes(6).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64') };
    await writeFile(path, JSON.stringify(signer), { mode: 0o600 });
    return signer;
  }
}

async function upsert(t: ApiTarget, path: string, collection: string, body: unknown): Promise<void> {
  try {
    const current = await api(t, 'GET', path);
    await api(t, 'PUT', path, body, { 'if-match': current.etag ?? '' });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    await api(t, 'POST', collection, body);
  }
}

/** The edge's URL with the SPA demo's host. */
function spaHostUrl(edgeUrl: string): string {
  return `http://spa.localhost:${new URL(edgeUrl).port}`;
}

/** The edge's URL with the demo host: *.localhost resolves to loopback in browsers and curl. */
function demoHostUrl(edgeUrl: string): string {
  return `http://demo.localhost:${new URL(edgeUrl).port}`;
}
