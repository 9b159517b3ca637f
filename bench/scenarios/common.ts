// What the scenarios share: the distribution in their edge configs, the checks and
// thresholds they have in common, and the setup fill. Not a scenario itself.
import { HIT, type CheckedResponse, type CheckResult, type EdgeUnderTest, type RunFacts, type ScenarioEnv } from '../lib/scenarios.ts';

export const DISTRIBUTION_ID = 'ESCENARIO0001A';

/**
 * One distribution for the scenario's Host, in front of its origin; `behaviors` is the YAML
 * of `defaultCacheBehavior` (and any `cacheBehaviors`), indented by 4 spaces.
 */
export function distributionYaml(env: ScenarioEnv, behaviors: string): string {
  return `distributions:
  - id: ${DISTRIBUTION_ID}
    aliases: [${env.host}]
    origins:
      - id: origin
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${env.originPort}, originProtocolPolicy: http-only }
${behaviors}`;
}

/** The default behavior of most scenarios: the origin, CloudFront's CachingOptimized policy. */
export const CACHING_OPTIMIZED = `    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: Managed-CachingOptimized
`;

export const isStatus = (status: number) => (r: CheckedResponse) => r.status === status;
export const isXCache = (value: string) => (r: CheckedResponse) => r.headers['x-cache'] === value;
export const hasLength = (bytes: number) => (r: CheckedResponse) => r.headers['content-length'] === String(bytes);

/** Threshold: the run had no socket errors or timeouts. */
export const noErrors = (f: RunFacts) => (f.errors > 0 ? `${f.errors} socket errors (${f.timeouts} of them timeouts)` : undefined);

/** Threshold: nothing reached the origin while the run was measured (every response came from the cache). */
export const noOriginRequests = (f: RunFacts) =>
  f.originRequests === undefined ? 'the origin request count is unknown' : f.originRequests > 0 ? `${f.originRequests} requests reached the origin` : undefined;

const FILL_MAX_REQUESTS = 50;

/**
 * Fills the edge's cache with `path`: GETs on fresh connections (so the workers take
 * turns) until 2 x workers in a row are hits of `bytes` bytes (when given). The check fails
 * with the last response when that does not happen within 50 requests.
 */
export async function fillUntilHits(edge: EdgeUnderTest, path: string, opts: { bytes?: number; headers?: Record<string, string> } = {}): Promise<CheckResult> {
  const name = `cache filled: ${2 * edge.workers} hits in a row for ${path.split('?')[0]}`;
  let inARow = 0;
  let last = '';
  for (let i = 0; i < FILL_MAX_REQUESTS && inARow < 2 * edge.workers; i++) {
    const res = await edge.get(path, opts.headers);
    last = `HTTP ${res.status}, X-Cache '${String(res.headers['x-cache'] ?? '(none)')}', ${res.body.length} bytes`;
    const ok = res.status === 200 && res.headers['x-cache'] === HIT && (opts.bytes === undefined || res.body.length === opts.bytes);
    inARow = ok ? inARow + 1 : 0;
  }
  return inARow >= 2 * edge.workers ? { name, ok: true } : { name, ok: false, detail: `last response: ${last}` };
}

/** A setup check of one response. */
export function expectStatus(name: string, got: { status: number }, status: number): CheckResult {
  return got.status === status ? { name, ok: true } : { name, ok: false, detail: `HTTP ${got.status}, expected ${status}` };
}
