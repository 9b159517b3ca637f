// Cache misses: every request is for a URL never asked before (/bytes/1024/miss/<run>-<n>),
// so the edge looks it up, fetches it from the origin, stores it and answers a miss. What
// is measured is the whole miss path, origin included (one node process on the same cores).
import { CC_QUERY } from '../lib/targets.ts';
import { MISS, type Checks, type Plan, type ScenarioEnv, type ScenarioOptions, type Thresholds } from '../lib/scenarios.ts';
import type { HttpResult } from '../lib/http.ts';
import { CACHING_OPTIMIZED, distributionYaml, fillUntilHits, hasLength, isStatus, isXCache, noErrors } from './common.ts';

const BYTES = 1024;

export const options: ScenarioOptions = {
  description: `every request a new URL (GET /bytes/${BYTES}/miss/<run>-<n>): a miss, fetched from the origin and stored`,
  duration: 10,
  connections: 32,
};

const outcome = (r: HttpResult) => `HTTP ${r.status}, X-Cache '${String(r.headers['x-cache'] ?? '(none)')}'`;

export function plan(env: ScenarioEnv): Plan {
  const prefix = `/bytes/${BYTES}/miss/${env.runId}-`;
  // One counter for every connection and run: no URL is asked twice.
  let n = 0;
  const next = () => `${prefix}${n++}${CC_QUERY}`;
  return {
    config: distributionYaml(env, CACHING_OPTIMIZED),
    async setup(edge) {
      // A new URL is a miss, and then a hit on every worker (it was stored): so a miss in the
      // run is a miss because its URL is new.
      const path = `${prefix}setup${CC_QUERY}`;
      const first = await edge.get(path);
      return [{ name: 'a new URL is a miss', ok: first.status === 200 && first.headers['x-cache'] === MISS, detail: outcome(first) }, await fillUntilHits(edge, path, { bytes: BYTES })];
    },
    requests: () => [
      {
        path: next(),
        setupRequest: (req) => {
          req.path = next();
          return req;
        },
      },
    ],
  };
}

export const checks: Checks = {
  'status is 200': isStatus(200),
  [`X-Cache is '${MISS}'`]: isXCache(MISS),
  [`content-length is ${BYTES}`]: hasLength(BYTES),
};

export const thresholds: Thresholds = {
  // Each miss is one origin request. Requests in flight when a run stops may reach the
  // origin a little later (at most one per connection, at either end of a run).
  'the origin saw every request': (f) => {
    if (f.originRequests === undefined) return 'the origin request count is unknown';
    if (f.originRequests < f.responses) return `the origin answered ${f.originRequests} requests for ${f.responses} misses`;
    if (f.originRequests > f.responses + 2 * f.connections) return `the origin answered ${f.originRequests} requests for ${f.responses} misses, more than requests in flight explain`;
    return undefined;
  },
  'no socket errors': noErrors,
};
