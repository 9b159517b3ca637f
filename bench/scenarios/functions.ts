// A CloudFront Function on every request: the SPA rewrite example
// (examples/functions/spa-rewrite.js, viewer request) sends every client route (a path
// whose last segment has no extension) to /index.html. The run asks for 100 different
// client routes; all of them are one cached object, so every response is a hit.
import { join } from 'node:path';
import { HIT, type Checks, type Plan, type ScenarioEnv, type ScenarioOptions, type Thresholds } from '../lib/scenarios.ts';
import { distributionYaml, expectStatus, fillUntilHits, isStatus, isXCache, noErrors, noOriginRequests } from './common.ts';

const ROUTES = 100;
const route = (n: number) => `/app/${n % ROUTES}/settings`;

export const options: ScenarioOptions = {
  description: `a viewer-request CloudFront Function (examples/functions/spa-rewrite.js) rewriting ${ROUTES} client routes (/app/<n>/settings) to /index.html, served from the cache`,
  duration: 10,
  connections: 64,
  // The checks look for the HTML.
  body: true,
};

export function plan(env: ScenarioEnv): Plan {
  let n = 0;
  return {
    config: `functions:
  - name: spa
    file: ${JSON.stringify(join(env.repoRoot, 'examples/functions/spa-rewrite.js'))}
${distributionYaml(
  env,
  `    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: Managed-CachingOptimized
      functionAssociations: [{ eventType: viewer-request, functionName: spa }]
`,
)}`,
    async setup(edge) {
      // Without the function, the origin has no such path.
      const direct = await edge.getFromOrigin(route(1));
      const viaEdge = await edge.get(route(1));
      const index = await edge.getFromOrigin('/index.html');
      return [
        expectStatus(`the origin itself answers ${route(1)} with 404`, direct, 404),
        {
          name: `through the edge, ${route(1)} is /index.html`,
          ok: viaEdge.status === 200 && viaEdge.body.equals(index.body),
          detail: `HTTP ${viaEdge.status}, ${viaEdge.body.length} bytes; /index.html has ${index.body.length}`,
        },
        await fillUntilHits(edge, route(2), { bytes: index.body.length }),
      ];
    },
    requests: () => [
      {
        path: route(n++),
        setupRequest: (req) => {
          req.path = route(n++);
          return req;
        },
      },
    ],
  };
}

export const checks: Checks = {
  'status is 200': isStatus(200),
  [`X-Cache is '${HIT}'`]: isXCache(HIT),
  'a client route is served /index.html (text/html)': (r) => String(r.headers['content-type']).startsWith('text/html') && r.body.includes('<html'),
};

export const thresholds: Thresholds = {
  // Every route is the one cached /index.html: the rewrite happens before the cache lookup.
  'no request reached the origin': noOriginRequests,
  'no socket errors': noErrors,
};
