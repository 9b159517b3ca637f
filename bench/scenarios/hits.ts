// Cache hits of /bytes/<n> (what hits-1k.ts and hits-100k.ts export; not a scenario itself).
// The same request wrk's cachefront target makes, with the same edge config minus the
// signed behavior; compared with the bare node:http server and nginx proxy_cache in the
// same round.
import { bytesPath } from '../lib/targets.ts';
import { HIT, type ScenarioModule } from '../lib/scenarios.ts';
import { CACHING_OPTIMIZED, distributionYaml, fillUntilHits, hasLength, isStatus, isXCache, noErrors, noOriginRequests } from './common.ts';

export function hitsScenario(bytes: number, label: string): ScenarioModule {
  const path = bytesPath(bytes);
  return {
    options: {
      description: `cache hits of ${label} (GET ${path}) after a warm-up fill, vs bare node:http and nginx proxy_cache`,
      duration: 10,
      connections: 64,
      reference: { path },
    },
    plan: (env) => ({
      config: distributionYaml(env, CACHING_OPTIMIZED),
      setup: async (edge) => [await fillUntilHits(edge, path, { bytes })],
      requests: () => [{ path }],
    }),
    checks: {
      'status is 200': isStatus(200),
      [`X-Cache is '${HIT}'`]: isXCache(HIT),
      [`content-length is ${bytes}`]: hasLength(bytes),
    },
    thresholds: {
      'no request reached the origin': noOriginRequests,
      'no socket errors': noErrors,
    },
  };
}
