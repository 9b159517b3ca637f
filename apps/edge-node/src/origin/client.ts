import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { originSettings, type Origin, type OriginAccessControl } from '@cachefront/config';
import { s3RequestSigner, type S3Credentials } from './s3.ts';
import { TIER_ERROR_HEADER, TIER_RESPONSE_HEADER } from '../runtime/tier.ts';
import type { Readable } from 'node:stream';

type Body = Dispatcher.ResponseData['body'];

/**
 * Origin requests over keep-alive undici pools, one per origin endpoint and timeout set,
 * reused across config versions. Timeouts are the origin's CloudFront settings:
 * connectionTimeout (connect), originReadTimeout (to first byte and between packets),
 * originKeepaliveTimeout (idle connections).
 */
export interface OriginResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Body;
}

export interface OriginClient {
  readonly origin: string;
  request(opts: { method: string; path: string; headers: Record<string, string | string[]>; body?: Readable | null; signal?: AbortSignal }): Promise<OriginResponse>;
}

export type OriginFailure = 'unreachable' | 'timeout';

export function classifyOriginError(err: unknown): OriginFailure {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
    return 'timeout';
  }
  return 'unreachable';
}

/** Where S3 origins are reached, and how their requests are signed (origin/s3.ts). */
export interface S3Access {
  /** `--s3-endpoint`: every S3 origin's requests go here (a local S3, e.g. `cachefront origin --bucket`); absent: the bucket's own domain name over HTTPS. */
  endpoint?: string | undefined;
  credentials?: S3Credentials | undefined;
}

export class OriginPools {
  private pools = new Map<string, Pool>();
  private readonly s3: S3Access;

  constructor(s3: S3Access = {}) {
    this.s3 = s3;
  }

  /** The client for `origin`; `oac` is its origin access control, when it names one. */
  clientFor(origin: Origin, oac?: OriginAccessControl): OriginClient {
    const cfg = originSettings(origin);
    const s3 = origin.s3OriginConfig;
    const https = cfg.originProtocolPolicy === 'https-only';
    // An S3 origin: the local endpoint when given (Host still names the bucket), else S3 itself over HTTPS.
    const base = s3 ? (this.s3.endpoint?.replace(/\/+$/, '') ?? `https://${origin.domainName}:443`) : `${https ? 'https' : 'http'}://${origin.domainName}:${https ? cfg.httpsPort : cfg.httpPort}`;
    const readSeconds = cfg.originReadTimeout;
    const readTimeout = readSeconds * 1000;
    const id = `${base}|${origin.connectionTimeout}|${readSeconds}|${cfg.originKeepaliveTimeout}`;
    let pool = this.pools.get(id);
    if (!pool) {
      pool = new Pool(base, {
        connections: 128,
        pipelining: 1,
        connect: { timeout: origin.connectionTimeout * 1000 },
        keepAliveTimeout: cfg.originKeepaliveTimeout * 1000,
        keepAliveMaxTimeout: cfg.originKeepaliveTimeout * 1000,
        headersTimeout: readTimeout,
        bodyTimeout: readTimeout,
      });
      this.pools.set(id, pool);
    }
    const p = pool;
    const attempts = origin.connectionAttempts;
    const prepare = s3 ? s3RequestSigner(origin.domainName, oac, this.s3.credentials) : undefined;
    return {
      origin: base,
      async request({ method, path, headers: planned, body, signal }) {
        const headers = prepare ? await prepare({ method, path, headers: planned }) : planned;
        // Connection attempts ("Origin connection attempts"): retried only when no
        // request was sent yet (connect failures), and only for requests without a body.
        for (let attempt = 1; ; attempt++) {
          try {
            const res = await p.request({ method: method as Dispatcher.HttpMethod, path, headers, body: body ?? null, signal: signal ?? null });
            // Only edges speak the tier protocol: an origin cannot pose as a parent tier.
            if (res.headers[TIER_RESPONSE_HEADER] !== undefined) delete res.headers[TIER_RESPONSE_HEADER];
            if (res.headers[TIER_ERROR_HEADER] !== undefined) delete res.headers[TIER_ERROR_HEADER];
            return { status: res.statusCode, headers: res.headers, body: res.body };
          } catch (err) {
            const retryable = !body && attempt < attempts && isConnectError(err);
            if (!retryable) throw err;
          }
        }
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => undefined)));
    this.pools.clear();
  }
}

function isConnectError(err: unknown): boolean {
  if (err instanceof undiciErrors.ConnectTimeoutError) return true;
  const code = (err as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}
