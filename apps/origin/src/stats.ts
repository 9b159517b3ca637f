// Request counts per path and method, and faults applied, so tests can tell how often an edge came to origin.
import type { MiddlewareHandler } from 'hono';
import { requestTarget, type OriginEnv } from './request-target.ts';

export interface StatsSnapshot {
  total: number;
  byPath: Record<string, number>;
  byMethod: Record<string, number>;
  /** Faults applied, by mode: requests for per-request modes, activations for refuse/blackhole. */
  faults: Record<string, number>;
}

export class RequestStats {
  #total = 0;
  #byPath = new Map<string, number>();
  #byMethod = new Map<string, number>();
  #faults = new Map<string, number>();

  record(method: string, path: string): void {
    this.#total++;
    this.#byPath.set(path, (this.#byPath.get(path) ?? 0) + 1);
    this.#byMethod.set(method, (this.#byMethod.get(method) ?? 0) + 1);
  }

  recordFault(mode: string): void {
    this.#faults.set(mode, (this.#faults.get(mode) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    return {
      total: this.#total,
      byPath: Object.fromEntries(this.#byPath),
      byMethod: Object.fromEntries(this.#byMethod),
      faults: Object.fromEntries(this.#faults),
    };
  }

  reset(): void {
    this.#total = 0;
    this.#byPath.clear();
    this.#byMethod.clear();
    this.#faults.clear();
  }
}

/** The origin's own API: not counted, never faulted. */
export const isAdminPath = (path: string): boolean => path === '/_origin' || path.startsWith('/_origin/');

/** Counts every request except the origin's own `/_origin/*` and `/healthz`. */
export function countRequests(stats: RequestStats): MiddlewareHandler<OriginEnv> {
  return async (c, next) => {
    const { path } = requestTarget(c);
    if (!(path === '/healthz' || isAdminPath(path))) stats.record(c.req.method, path);
    await next();
  };
}
