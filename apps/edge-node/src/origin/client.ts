import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import type { Origin } from '@cachefront/config';
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

export class OriginPools {
  private pools = new Map<string, Pool>();

  clientFor(origin: Origin): OriginClient {
    const cfg = origin.customOriginConfig;
    const https = cfg.originProtocolPolicy === 'https-only';
    const base = `${https ? 'https' : 'http'}://${origin.domainName}:${https ? cfg.httpsPort : cfg.httpPort}`;
    const readTimeout = cfg.originReadTimeout * 1000;
    const id = `${base}|${origin.connectionTimeout}|${cfg.originReadTimeout}|${cfg.originKeepaliveTimeout}`;
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
    return {
      origin: base,
      async request({ method, path, headers, body, signal }) {
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
