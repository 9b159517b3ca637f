// Explain (docs/control-plane.md "Explain"): what an edge would do with one request. Asked
// on an edge's admin port, relayed by the control plane's `POST /v1/explain`, rendered by
// `cachefront explain` and the dashboard.

/** One request, as a viewer would send it. */
export interface ExplainInput {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  viewerAddress?: string;
}

export interface ExplainStep {
  name: string;
  outcome: 'pass' | 'stop' | 'skip';
  detail: string;
}

/** The answer: every decision the edge would make. */
export interface Explanation {
  request: { url: string; method: string; viewerAddress: string };
  edge: { id?: string; pop: string };
  verdict: { status: number; xCache: string; summary: string };
  steps: ExplainStep[];
  distribution?: { id: string; domainName: string };
  behavior?: { pathPattern: string; targetOriginId: string; cachePolicyId: string; originRequestPolicyId?: string };
  viewerLocation?: Record<string, string | undefined>;
  cacheKey?: string;
  ttl?: { minTTL: number; defaultTTL: number; maxTTL: number; rule: string; stored?: { ttl: number; age: number; expiresIn: number; source: string } };
  originRequest?: { origin: string; method: string; path: string; headers: Record<string, string> };
  /** Where a miss goes, this edge first and the origin last, e.g. `FRA (pop)`, `shield IAD-1 (us-east-1) http://…`, `origin 127.0.0.1:9000`. */
  tierPath?: string[];
  functions?: { name: string; eventType: string; outcome: string; computeUtilization?: number; error?: string }[];
  cache?: { state: 'fresh' | 'stale' | 'absent'; wouldHit: boolean; workers: { cached: number; total: number } };
  /** Valid but risky: e.g. values forwarded to the origin that the cache key leaves out (cache poisoning). */
  warnings?: string[];
}
