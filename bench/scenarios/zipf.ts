// A realistic mix: replays bench/workload/workload.ts's seeded Zipf workload (10,000
// objects of 2 KiB to 512 KiB, popularity Zipf s = 1.0; versioned and tracking query
// strings, session cookies, user agents, viewers in 8 countries sent as
// X-Cachefront-Viewer-Address to an edge started with --dev-viewer-address-header). The
// cache key is CachingOptimized's plus the `v` query parameter, so tracking parameters and
// cookies do not split the cache; the viewer's country is forwarded to the origin. The
// workload is one stream for the whole run (warm-up, then every round continues it), so
// the rounds measure a cache that keeps filling; the hit ratio is reported.
import { workload, type WorkloadOptions } from '../workload/workload.ts';
import type { Checks, Plan, ScenarioEnv, ScenarioOptions, Thresholds } from '../lib/scenarios.ts';
import { distributionYaml, noErrors } from './common.ts';

export const WORKLOAD: Omit<WorkloadOptions, 'requests'> = { seed: 42, objects: 10_000, zipf: 1.0 };

export const options: ScenarioOptions = {
  description: `replays the seeded Zipf workload (bench/workload; seed ${WORKLOAD.seed}, ${WORKLOAD.objects.toLocaleString('en-US')} objects, s = ${WORKLOAD.zipf}): paths, query strings, cookies, viewer countries`,
  duration: 10,
  connections: 32,
  edgeArgs: ['--dev-viewer-address-header'],
};

/** An address geoip places in Great Britain (bench/workload's VIEWER_ADDRESSES.GB). */
const GB_ADDRESS = '81.2.69.142';

export function plan(env: ScenarioEnv): Plan {
  const stream = workload({ ...WORKLOAD, requests: Number.MAX_SAFE_INTEGER });
  const nextRequest = () => {
    const r = stream.next();
    if (r.done) throw new Error('the workload ended');
    return r.value;
  };
  return {
    config: `${distributionYaml(
      env,
      `    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: optimized-with-version
      originRequestPolicyId: with-country
`,
    )}cachePolicies:
  - id: optimized-with-version
    minTTL: 1
    defaultTTL: 86400
    maxTTL: 31536000
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: true
      enableAcceptEncodingBrotli: true
      headersConfig: { headerBehavior: none }
      cookiesConfig: { cookieBehavior: none }
      queryStringsConfig: { queryStringBehavior: whitelist, queryStrings: [v] }
originRequestPolicies:
  - id: with-country
    headersConfig: { headerBehavior: whitelist, headers: [CloudFront-Viewer-Country] }
    cookiesConfig: { cookieBehavior: none }
    queryStringsConfig: { queryStringBehavior: none }
`,
    async setup(edge) {
      // The viewer address header really sets the viewer (and so the country the origin sees).
      const res = await edge.get(`/echo/zipf-setup-${env.runId}`, { 'x-cachefront-viewer-address': GB_ADDRESS });
      let country = '(unreadable)';
      try {
        country = String((JSON.parse(res.body.toString('utf8')) as { headers: Record<string, string> }).headers['cloudfront-viewer-country'] ?? '(none)');
      } catch {
        // reported below
      }
      return [{ name: `X-Cachefront-Viewer-Address ${GB_ADDRESS} reaches the origin as CloudFront-Viewer-Country GB`, ok: res.status === 200 && country === 'GB', detail: `HTTP ${res.status}, country ${country}` }];
    },
    requests: () => [
      {
        path: '/',
        setupRequest: (req, context) => {
          const w = nextRequest();
          req.path = w.query ? `${w.path}?${w.query}` : w.path;
          // A new headers object: autocannon keeps the one it passed in for the next request.
          req.headers = { ...req.headers, ...w.headers, 'x-cachefront-viewer-address': w.viewerAddress };
          context.size = w.size;
          return req;
        },
      },
    ],
  };
}

export const checks: Checks = {
  'status is 2xx': (r) => r.status >= 200 && r.status < 300,
  "content-length is the object's size": (r) => r.headers['content-length'] === String(r.context.size),
  'X-Cache is a Hit or a Miss': (r) => /^(Hit|Miss|RefreshHit) from cachefront$/.test(String(r.headers['x-cache'])),
};

export const thresholds: Thresholds = {
  // A hit never goes to the origin: origin requests are misses (collapsed ones share one),
  // plus at most one in flight per connection at either end of the run.
  'origin requests <= misses': (f) => {
    if (f.originRequests === undefined) return 'the origin request count is unknown';
    return f.originRequests > f.misses + 2 * f.connections ? `${f.originRequests} origin requests for ${f.misses} misses` : undefined;
  },
  'no socket errors': noErrors,
};
