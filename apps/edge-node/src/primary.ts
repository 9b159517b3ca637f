import { availableParallelism, hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import { localCa } from './tls/local-ca.ts';
import pino, { type Logger } from 'pino';
import type { EdgeOptions } from './options.ts';
import { readS3Credentials, s3CredentialsFromEnv, type S3Credentials } from './origin/s3.ts';
import { trustedChildren, type TierName } from './runtime/tier.ts';
import { adminApp, PrimaryMetrics, RealtimeHub, serveAdmin, type AdminDeps } from './primary/admin.ts';
import type { ConfigSource } from './primary/config-source.ts';
import { ControlPlaneConfigSource } from './primary/control-plane-source.ts';
import { ConfigError, StartupError } from './primary/errors.ts';
import { FileConfigSource } from './primary/file-source.ts';
import { WorkerFleet } from './primary/fleet.ts';
import { LogForwarder } from './primary/log-forwarder.ts';

export { ConfigError, StartupError };

export interface StartEdgeOptions {
  /** File mode: serve this config file, reloading it on change. */
  configPath?: string;
  /** Control-plane mode: follow this control plane (instead of configPath). */
  controlPlane?: { url: string; token: string; stateDir: string };
  port: number;
  host?: string;
  adminPort?: number;
  workers?: number;
  cacheSize?: number;
  maxObjectSize?: number;
  pop?: string;
  logLevel?: string;
  logger?: Logger;
  /** X-Forwarded-For is believed only from these peers (CIDRs), plus the config's trustedProxies. */
  trustedProxies?: string[];
  /** Dev only: `X-Cachefront-Viewer-Address` sets the viewer address (a warning is logged). */
  devViewerAddressHeader?: boolean;
  /** City-level geo data (~100 MB more per worker); country only by default. */
  geoCity?: boolean;
  /** Cache tier (default pop): a regional edge cache or origin shield takes child edges' requests. */
  tier?: TierName;
  /** A parent tier edge's viewer URL: cacheable misses are fetched through it, not from the origin. */
  parent?: string;
  /** Regional/shield: peers besides loopback whose tier requests are trusted (CIDRs). */
  trustedChildren?: string[];
  /** Standard logs of distributions with `logging.enabled` go here (CloudFront's format, hourly files). */
  accessLogDir?: string;
  /** Answer fresh hits without node:http (default true; `--no-fast-path`: false). */
  fastPath?: boolean;
  /** Viewers over TLS on this port too (0: any free port). */
  httpsPort?: number;
  /** `--tls-cert`/`--tls-key`: the viewer certificate (PEM files, reloaded on change); else a local CA's. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** Where the local CA lives (`<state-dir>/tls`), when no certificate is given. */
  tlsDir?: string;
  /** S3 origins' requests go to this URL (a local S3 such as `cachefront origin --bucket`) instead of the bucket's domain name. */
  s3Endpoint?: string;
  /** A JSON file `{accessKeyId, secretAccessKey, sessionToken?}`: what origin access control signs S3 requests with (else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY). */
  s3CredentialsFile?: string;
  /** The same credentials in memory (`cachefront dev`); before the file and the environment. */
  s3Credentials?: S3Credentials;
  /** The environment the AWS_* credentials are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RunningEdge {
  url: string;
  /** With `httpsPort`: the HTTPS viewer URL. */
  httpsUrl: string | undefined;
  adminUrl: string;
  /** Control-plane mode: resolves once the edge has acked the control plane's current state. */
  synced(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The edge node's primary process: takes the config from its source (primary/file-source.ts
 * or primary/control-plane-source.ts), runs the workers (primary/fleet.ts), serves the
 * admin port (primary/admin.ts), forwards sampled real-time logs to the control plane
 * (primary/log-forwarder.ts), and drains everything on shutdown.
 */
export async function startEdge(o: StartEdgeOptions): Promise<RunningEdge> {
  const pop = o.pop ?? 'DEV1';
  const log = o.logger ?? pino({ level: o.logLevel ?? 'info', base: { role: 'edge', pop } });
  checkTiers(o);
  const cp = o.controlPlane && new ControlPlaneConfigSource({ ...o.controlPlane, pop, tier: o.tier ?? 'pop', log });
  const source: ConfigSource | undefined = cp ?? (o.configPath === undefined ? undefined : new FileConfigSource(o.configPath, log));
  if (!source) throw new ConfigError('an edge needs a config file or a control plane');
  const initial = await source.initial();
  const opts = workerOptions(o, pop);
  Object.assign(opts, s3Access(o, log));
  const tls = o.httpsPort === undefined ? undefined : await viewerTls(o, log);
  opts.tls = tls?.options;
  if (opts.devViewerAddressHeader) {
    log.warn('DEV ONLY: any viewer can set its address with X-Cachefront-Viewer-Address (geo restriction and CloudFront-Viewer-* headers follow it); never expose this edge');
  }
  const hub = new RealtimeHub();
  const metrics = new PrimaryMetrics();
  // Sampled real-time log entries go to the control plane in batches; kept (bounded) while it is away.
  const forwarder = cp && new LogForwarder(hub, cp);
  const fleet = new WorkerFleet({
    opts,
    log,
    initial,
    onRealtime: (entries) => hub.publish(entries.map((e) => ({ ...e, pop })), forwarder?.started ?? false),
    onApplied: (kind, seconds) => metrics.applySeconds.observe([kind], seconds),
  });
  try {
    await fleet.start();
  } catch (err) {
    await source.close();
    throw err;
  }
  const admin = await serveAdmin(adminApp(adminDeps(pop, opts, fleet, source, hub, metrics)), o.adminPort ?? 0, opts.host);

  const url = `http://${opts.host}:${fleet.port}`;
  const httpsUrl = fleet.httpsPort === undefined ? undefined : `https://${opts.host}:${fleet.httpsPort}`;
  const adminUrl = `http://${opts.host}:${admin.port}`;
  tls?.watch((cert, key) => fleet.setCertificate(cert, key));
  source.start(fleet, { viewerUrl: url, adminUrl });
  forwarder?.start();
  const tier = opts.tier !== 'pop' || opts.parent ? { tier: opts.tier, parent: opts.parent } : {};
  log.info({ url, ...(httpsUrl && { httpsUrl }), adminUrl, workers: opts.workers, ...source.describe(), ...tier, distributions: initial.config.distributions.length }, `edge listening on ${url}`);

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    fleet.stopReplacing();
    tls?.unwatch();
    forwarder?.stop();
    await source.stop();
    await fleet.shutdown();
    await admin.close();
    await source.close();
    log.info('edge stopped');
  };
  return { url, httpsUrl, adminUrl, synced: () => source.synced(), close };
}

/** The admin app's view of the primary: health, stats and the primary's gauges. */
function adminDeps(pop: string, opts: EdgeOptions, fleet: WorkerFleet, source: ConfigSource, hub: RealtimeHub, metrics: PrimaryMetrics): AdminDeps {
  return {
    pop,
    workers: () => fleet.workers(),
    health: () => ({ status: 'ok', pop, tier: opts.tier, parent: opts.parent, configVersion: fleet.version, appliedVersion: fleet.appliedVersion(), workers: fleet.size, leases: fleet.leaseCount, controlPlane: source.health() }),
    stats: () => fleet.stats(),
    cache: () => fleet.cache.stats,
    hub,
    primary: metrics,
    beforeScrape: () => {
      metrics.state.set(['config_version'], fleet.version);
      metrics.state.set(['workers'], fleet.size);
      metrics.setCache(fleet.cache.stats);
      const cp = source.health();
      if (cp) {
        metrics.state.set(['control_plane_applied_seq'], cp.appliedSeq);
        metrics.state.set(['control_plane_head_seq'], cp.remoteSeq);
      }
    },
  };
}

/** What every worker is started with (options.ts). */
function workerOptions(o: StartEdgeOptions, pop: string): EdgeOptions {
  return {
    port: o.port,
    host: o.host ?? '127.0.0.1',
    workers: o.workers ?? availableParallelism(),
    cacheSize: o.cacheSize ?? 256 * 1024 * 1024,
    maxObjectSize: o.maxObjectSize ?? 32 * 1024 * 1024,
    pop,
    nodeName: createHash('sha256').update(`${hostname()}|${pop}|${process.pid}`).digest('hex').slice(0, 32),
    logLevel: o.logLevel ?? 'info',
    trustedProxies: o.trustedProxies ?? [],
    devViewerAddressHeader: o.devViewerAddressHeader ?? false,
    geoCity: o.geoCity ?? false,
    tier: o.tier ?? 'pop',
    parent: o.parent,
    trustedChildren: o.trustedChildren ?? [],
    accessLogDir: o.accessLogDir,
    fastPath: o.fastPath ?? true,
    httpsPort: o.httpsPort,
    tls: undefined,
  };
}

/** `--s3-endpoint` and the signing credentials, checked before anything starts. */
function s3Access(o: StartEdgeOptions, log: Logger): Pick<EdgeOptions, 's3Endpoint' | 's3Credentials'> {
  if (o.s3Endpoint !== undefined && !/^https?:\/\/[^/?#]+\/?$/.test(o.s3Endpoint)) throw new StartupError(`--s3-endpoint must be a URL like http://127.0.0.1:9000, got '${o.s3Endpoint}'`);
  let credentials: S3Credentials | undefined;
  try {
    credentials = o.s3Credentials ?? (o.s3CredentialsFile === undefined ? s3CredentialsFromEnv(o.env ?? process.env) : readS3Credentials(o.s3CredentialsFile));
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  // The key id only: never the secret.
  if (credentials) log.info({ accessKeyId: credentials.accessKeyId }, 'origin access control signs S3 origin requests with these credentials');
  return { s3Endpoint: o.s3Endpoint, s3Credentials: credentials };
}

/** Tier options, checked before anything starts (the workers rely on them). */
function checkTiers(o: StartEdgeOptions): void {
  if (o.parent !== undefined) {
    if (o.tier === 'shield') throw new StartupError('an origin shield fetches from the origin: --parent applies to pop and regional edges');
    if (!/^https?:\/\/[^/?#]+\/?$/.test(o.parent)) throw new StartupError(`--parent must be a parent edge's viewer URL like http://127.0.0.1:8090, got '${o.parent}'`);
  }
  if (o.trustedChildren?.length) {
    if ((o.tier ?? 'pop') === 'pop') throw new StartupError('--trusted-child applies to --tier regional or shield');
    try {
      trustedChildren(o.trustedChildren);
    } catch (err) {
      throw new StartupError((err as Error).message);
    }
  }
}

/**
 * The viewer certificate for `--https-port`: the user's files (checked now, reloaded when
 * they change) or the local CA under `tlsDir` (created once; each worker issues from it).
 */
async function viewerTls(o: StartEdgeOptions, log: Logger): Promise<{ options: EdgeOptions['tls']; watch(onChange: (cert: string, key: string) => void): void; unwatch(): void }> {
  const { tlsCertFile: certFile, tlsKeyFile: keyFile } = o;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new StartupError('--tls-cert and --tls-key go together');
  if (certFile !== undefined && keyFile !== undefined) {
    const read = async () => {
      const pair = { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
      createSecureContext(pair); // throws on a certificate and key that do not load or match
      return pair;
    };
    let pair: { cert: string; key: string };
    try {
      pair = await read();
    } catch (err) {
      throw new StartupError(`--tls-cert ${certFile} / --tls-key ${keyFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const files = [certFile, keyFile];
    return {
      options: { fixed: pair },
      watch(onChange) {
        const reload = () =>
          void read().then(
            (next) => {
              if (next.cert === pair.cert && next.key === pair.key) return;
              pair = next;
              onChange(next.cert, next.key);
              log.info({ cert: certFile }, 'viewer certificate reloaded');
            },
            // Half-written files (cert replaced before key): the next change event retries.
            (err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'viewer certificate files do not load; keeping the previous certificate'),
          );
        for (const f of files) watchFile(f, { interval: 500 }, reload);
      },
      unwatch() {
        for (const f of files) unwatchFile(f);
      },
    };
  }
  const ca = await localCa(o.tlsDir ?? join('data', 'edges', o.pop ?? 'DEV1', 'tls'));
  log.info({ ca: ca.certPath }, `viewer TLS: certificates from the local CA ${ca.certPath}; trust it with curl --cacert ${ca.certPath}, NODE_EXTRA_CA_CERTS=${ca.certPath}, or your OS/browser trust store (development only)`);
  return { options: { ca }, watch() {}, unwatch() {} };
}
