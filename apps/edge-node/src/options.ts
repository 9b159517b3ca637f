import type { TierName } from './runtime/tier.ts';
import type { S3Credentials } from './origin/s3.ts';
import type { CertificatePair } from './tls/local-ca.ts';

/** What `cachefront edge` passes from the primary to each worker (JSON in the environment). */
export interface EdgeOptions {
  port: number;
  host: string;
  workers: number;
  /** Bytes of cache for the whole edge (every worker serves from the one cache). */
  cacheSize: number;
  /** Responses larger than this are streamed, not stored. */
  maxObjectSize: number;
  pop: string;
  /** Stable node name used in Via. */
  nodeName: string;
  logLevel: string;
  /** `--trusted-proxy` CIDRs (the config's trustedProxies are added per config version). */
  trustedProxies: string[];
  /** Dev only: believe `X-Cachefront-Viewer-Address` (lets demos play viewers anywhere). */
  devViewerAddressHeader: boolean;
  /** Load city-level geo data (~100 MB more per worker). */
  geoCity: boolean;
  /** `--tier`: a POP edge (viewers), a regional edge cache or an origin shield (runtime/tier.ts). */
  tier: TierName;
  /** `--parent`: the viewer URL of the parent tier edge that cacheable misses are fetched through. */
  parent: string | undefined;
  /** `--trusted-child` CIDRs: peers besides loopback whose tier requests a regional/shield edge takes. */
  trustedChildren: string[];
  /** `--access-log-dir`: where distributions with `logging.enabled` get CloudFront-format logs. */
  accessLogDir: string | undefined;
  /** Answer fresh hits without node:http (fast/front.ts); `--no-fast-path` turns it off. */
  fastPath: boolean;
  /** `--https-port`: viewers over TLS too (undefined: plain HTTP only). */
  httpsPort: number | undefined;
  /**
   * The viewer certificate: `fixed` (`--tls-cert`/`--tls-key`, replaced by a `tls` message
   * when the files change), or issued by each worker from the local `ca` for the
   * distributions' aliases and the local names (tls/local-ca.ts).
   */
  tls: { fixed: CertificatePair } | { ca: CertificatePair } | undefined;
  /** `--s3-endpoint`: where S3 origins' requests go (origin/client.ts); undefined: S3 itself. */
  s3Endpoint?: string | undefined;
  /** `--s3-credentials` (or the AWS_* environment): what origin access control signs with (origin/s3.ts). */
  s3Credentials?: S3Credentials | undefined;
}

