// Request counts per path and method, so tests can tell how often an edge came to origin.
import type { MiddlewareHandler } from 'hono';
import { requestTarget, type OriginEnv } from './request-target.ts';

export interface StatsSnapshot {
  total: number;
  byPath: Record<string, number>;
  byMethod: Record<string, number>;
}

export class RequestStats {
  #total = 0;
  #byPath = new Map<string, number>();
  #byMethod = new Map<string, number>();

  record(method: string, path: string): void {
    this.#total++;
    this.#byPath.set(path, (this.#byPath.get(path) ?? 0) + 1);
    this.#byMethod.set(method, (this.#byMethod.get(method) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    return { total: this.#total, byPath: Object.fromEntries(this.#byPath), byMethod: Object.fromEntries(this.#byMethod) };
  }

  reset(): void {
    this.#total = 0;
    this.#byPath.clear();
    this.#byMethod.clear();
  }
}

/** Counts every request except the origin's own `/_origin/*` and `/healthz`. */
export function countRequests(stats: RequestStats): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const { path } = requestTarget(c);
    if (!(path === '/healthz' || path === '/_origin' || path.startsWith('/_origin/'))) stats.record(c.req.method, path);
    await next();
  };
}
