import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { startEdge, ConfigError, StartupError } from '@cachefront/edge-node';
import { cidrProblem } from '@cachefront/config';
import { commandFlags, portFlag, stringFlags, sizeFlag, UsageError } from '../usage.ts';

export const help = `usage: cachefront edge --config FILE [--port P] [options]
       cachefront edge --control-plane URL --pop CODE --token T [--state-dir D] [options]

Serves the distributions in FILE (YAML or JSON), reloading it when it changes; or those
a control plane deploys: the edge holds its event stream open, applies config snapshots
and invalidations in every worker, acks them, and keeps the last applied config in
--state-dir so it starts and serves while the control plane is down.

Tiers (as CloudFront's regional edge caches and Origin Shield): start a parent with
--tier regional or --tier shield and point POP edges at it with --parent URL; every edge
serves the same config. Misses then collapse at every tier (one origin request), and
responses show the path in Via and who answered in X-Cachefront-Tier
(pop-hit, regional-hit, shield-hit, origin, or <tier>-error). With a control plane, an
origin's originShield {enabled, originShieldRegion} does it without --parent: an edge
started with --tier shield in a POP of that AWS Region becomes its Origin Shield, and
the control plane tells every POP edge to fetch that origin's misses through it.

  --config FILE           config file
  --control-plane URL     follow this control plane instead of a file
  --token T               edge-scoped token (default $CACHEFRONT_TOKEN;
                          mint one with \`cachefront token --scope edge\`)
  --state-dir D           where the last applied config is kept (default ./data/edges/<POP>);
                          also the local CA for --https-port (<state-dir>/tls)
  --port P                viewer port (default 8080; 0 = any free port)
  --host H                address to listen on (default 127.0.0.1)
  --admin-port P          /healthz, /stats, /metrics (Prometheus), POST /explain and
                          GET /realtime-logs/stream (default: any free port)
  --access-log-dir D      standard logs (CloudFront's format, hourly gzip files) of
                          distributions with logging.enabled go under D/<prefix>
                          (default with --control-plane: <state-dir>/logs; else none)
  --workers N             worker processes (default: one per core, here ${availableParallelism()})
  --cache-size SIZE       cache bytes for the whole edge, e.g. 256MB (default 256MB)
  --max-object-size SIZE  larger responses stream through unstored (default 32MB)
  --pop CODE              POP code for X-Amz-Cf-Pop (default DEV1)
  --trusted-proxy CIDR    believe X-Forwarded-For from this peer (repeatable; also the
                          config's trustedProxies), e.g. 127.0.0.1/32
  --tier pop|regional|shield
                          cache tier (default pop). A regional edge cache or origin shield
                          takes tier requests (X-Cachefront-Tier-Hop) from child edges on
                          loopback and --trusted-child peers only, trusting their viewer
                          checks; a proxy in front of it on those addresses must drop
                          that header from viewers
  --parent URL            a parent tier edge's viewer URL (e.g. http://127.0.0.1:8090):
                          cacheable misses are fetched through it instead of the origin
                          (pop and regional edges; other requests go to the origin); it
                          overrides every origin's Origin Shield
  --trusted-child CIDR    regional/shield: also take tier requests from this network
                          (repeatable), e.g. 10.0.0.0/8
  --geo-city              load city-level geo data (~100 MB more per worker)
  --dev-viewer-address-header
                          DEV ONLY: X-Cachefront-Viewer-Address sets the viewer address
                          (for demos of geo rules; logs a warning)
  --https-port P          also serve viewers over TLS on P (0 = any free port); the
                          certificate is --tls-cert/--tls-key, else one from a local CA
                          created under <state-dir>/tls for the distributions' aliases,
                          localhost and *.cachefront.local (the log says how to trust it)
  --tls-cert FILE         PEM certificate (chain) for --https-port, reloaded on change
  --tls-key FILE          its PEM private key
  --s3-endpoint URL       send S3 origins' requests (s3OriginConfig) here, e.g. a local
                          \`cachefront origin --bucket\` at http://127.0.0.1:9000 (Host still
                          names the bucket); default: the bucket's domain name over HTTPS
  --s3-credentials FILE   JSON {accessKeyId, secretAccessKey, sessionToken?} that origin
                          access control signs S3 requests with (SigV4); default: the
                          AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment
  --no-fast-path          answer every request through node:http (by default fresh hits
                          are answered before node:http parses them; docs/edge-rules.md)
  --log-level LEVEL       trace|debug|info|warn|error (default info)
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    ...stringFlags('config', 'port', 'host', 'admin-port', 'workers', 'cache-size', 'max-object-size', 'pop', 'log-level', 'control-plane', 'token', 'state-dir', 'access-log-dir', 'tier', 'parent', 'https-port', 'tls-cert', 'tls-key', 's3-endpoint', 's3-credentials'),
    'trusted-proxy': { type: 'string', multiple: true },
    'trusted-child': { type: 'string', multiple: true },
    'geo-city': { type: 'boolean' },
    'dev-viewer-address-header': { type: 'boolean' },
    'fast-path': { type: 'boolean', default: true },
  });
  if (!flags) return;
  const { values } = flags;
  const cpUrl = values['control-plane'];
  if (cpUrl !== undefined && values.config !== undefined) throw new UsageError('use either --config FILE or --control-plane URL, not both');
  if (cpUrl === undefined && values.config === undefined) throw new UsageError(`--config FILE or --control-plane URL is required\n\n${help}`);
  if (cpUrl !== undefined && !/^https?:\/\/[^/]+/.test(cpUrl)) throw new UsageError(`--control-plane must be an http(s) URL, got '${cpUrl}'`);
  if (cpUrl === undefined && (values.token !== undefined || (values['state-dir'] !== undefined && values['https-port'] === undefined))) {
    throw new UsageError('--token applies only with --control-plane, --state-dir with --control-plane or --https-port');
  }
  if ((values['tls-cert'] !== undefined || values['tls-key'] !== undefined) && values['https-port'] === undefined) {
    throw new UsageError('--tls-cert and --tls-key need --https-port');
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  const token = values.token ?? process.env.CACHEFRONT_TOKEN;
  if (cpUrl !== undefined && !token) throw new UsageError('--control-plane needs an edge-scoped token: --token T or CACHEFRONT_TOKEN (`cachefront token --scope edge`)');
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) {
    throw new UsageError(`--workers must be an integer 1-256, got '${values.workers}'`);
  }
  const pop = values.pop ?? 'DEV1';
  if (!/^[A-Z0-9-]{2,16}$/.test(pop)) throw new UsageError(`--pop must be 2-16 of A-Z 0-9 -, got '${pop}'`);
  const trustedProxies = values['trusted-proxy'] ?? [];
  for (const cidr of trustedProxies) {
    const problem = cidrProblem(cidr);
    if (problem) throw new UsageError(`--trusted-proxy ${cidr}: ${problem}`);
  }
  const tier = values.tier ?? 'pop';
  if (!isTier(tier)) throw new UsageError(`--tier must be pop, regional or shield, got '${tier}'`);
  // --parent and --trusted-child are checked by startEdge (StartupError -> exit 2).
  const level = values['log-level'] ?? 'info';
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level)) throw new UsageError(`--log-level: unknown level '${level}'`);

  let edge;
  try {
    edge = await startEdge({
      configPath: values.config === undefined ? undefined : resolve(values.config),
      controlPlane: cpUrl === undefined ? undefined : { url: cpUrl, token: token!, stateDir: resolve(values['state-dir'] ?? `data/edges/${pop}`) },
      port: portFlag('port', values.port, 8080),
      httpsPort: values['https-port'] === undefined ? undefined : portFlag('https-port', values['https-port'], 0),
      tlsCertFile: values['tls-cert'] === undefined ? undefined : resolve(values['tls-cert']),
      tlsKeyFile: values['tls-key'] === undefined ? undefined : resolve(values['tls-key']),
      tlsDir: join(resolve(values['state-dir'] ?? `data/edges/${pop}`), 'tls'),
      ...(values['s3-endpoint'] !== undefined && { s3Endpoint: values['s3-endpoint'] }),
      ...(values['s3-credentials'] !== undefined && { s3CredentialsFile: resolve(values['s3-credentials']) }),
      host: values.host ?? '127.0.0.1',
      adminPort: portFlag('admin-port', values['admin-port'], 0),
      workers,
      cacheSize: sizeFlag('cache-size', values['cache-size'], 256 * 1024 * 1024),
      maxObjectSize: sizeFlag('max-object-size', values['max-object-size'], 32 * 1024 * 1024),
      pop,
      logLevel: level,
      trustedProxies,
      geoCity: values['geo-city'] ?? false,
      devViewerAddressHeader: values['dev-viewer-address-header'] ?? false,
      fastPath: values['fast-path'],
      tier,
      parent: values.parent,
      trustedChildren: values['trusted-child'] ?? [],
      accessLogDir:
        values['access-log-dir'] !== undefined
          ? resolve(values['access-log-dir'])
          : cpUrl === undefined
            ? undefined
            : join(resolve(values['state-dir'] ?? `data/edges/${pop}`), 'logs'),
    });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) throw new UsageError(err.message);
    throw err;
  }
  const stop = () => void edge.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function isTier(v: string): v is 'pop' | 'regional' | 'shield' {
  return v === 'pop' || v === 'regional' || v === 'shield';
}
