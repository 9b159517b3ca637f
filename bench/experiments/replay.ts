// Replays a workload against the edges: each request goes to its viewer's edge with
// `X-Cachefront-Viewer-Address` and the request's own headers, `concurrency` requests in
// flight at once over keep-alive node:http connections, in workload order. Records what
// each request got; the figures are made from the records (summary.ts).
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { WorkloadRequest } from '../workload/workload.ts';

/** X-Cache, reduced: Hit and RefreshHit are hits (as the edges' usage counts them). */
export const RESULTS = ['Hit', 'RefreshHit', 'Miss', 'Error', 'Other', 'Failed'] as const;
export type Result = (typeof RESULTS)[number];

export interface RequestRecord {
  index: number;
  pop: string;
  /** ms from the start of the replay to sending the request. */
  startMs: number;
  /** ms from sending the request to the last byte of the body. */
  latencyMs: number;
  /** HTTP status; 0 when no response came (`error` says why). */
  status: number;
  result: Result;
  /** X-Cachefront-Tier when the edge has tiers: pop-hit, shield-hit, origin, ... */
  tier: string | undefined;
  /** Body bytes received. */
  bytes: number;
  error?: string;
}

export interface Route {
  pop: string;
  url: string;
}

export interface ReplayOptions {
  requests: Iterable<WorkloadRequest>;
  concurrency: number;
  host: string;
  /** The edge for a viewer address. */
  route(viewerAddress: string): Route;
  timeoutMs?: number;
  /** Called every `progressEvery` completed requests. */
  onProgress?(done: number): void;
  progressEvery?: number;
}

export const VIEWER_ADDRESS_HEADER = 'x-cachefront-viewer-address';

export async function replay(o: ReplayOptions): Promise<{ records: RequestRecord[]; durationMs: number }> {
  const agents = new Map<string, Agent>();
  const agentFor = (url: string) => {
    let a = agents.get(url);
    if (a === undefined) agents.set(url, (a = new Agent({ keepAlive: true, maxSockets: o.concurrency })));
    return a;
  };
  const iterator = o.requests[Symbol.iterator]();
  const records: RequestRecord[] = [];
  const t0 = performance.now();
  let done = 0;
  const lane = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const r = next.value;
      const route = o.route(r.viewerAddress);
      const rec = await send(r, route, o.host, agentFor(route.url), t0, o.timeoutMs ?? 30_000);
      records.push(rec);
      done++;
      if (o.onProgress && done % (o.progressEvery ?? 1000) === 0) o.onProgress(done);
    }
  };
  try {
    await Promise.all(Array.from({ length: o.concurrency }, lane));
  } finally {
    for (const a of agents.values()) a.destroy();
  }
  records.sort((a, b) => a.index - b.index);
  return { records, durationMs: performance.now() - t0 };
}

function send(r: WorkloadRequest, route: Route, host: string, agent: Agent, t0: number, timeoutMs: number): Promise<RequestRecord> {
  const target = r.query === '' ? r.path : `${r.path}?${r.query}`;
  const startMs = performance.now() - t0;
  const rec: RequestRecord = { index: r.index, pop: route.pop, startMs, latencyMs: 0, status: 0, result: 'Failed', tier: undefined, bytes: 0 };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      rec.latencyMs = performance.now() - t0 - startMs;
      if (error !== undefined) {
        rec.error = error;
        rec.result = 'Failed';
      }
      resolve(rec);
    };
    const req = request(`${route.url}${target}`, { method: r.method, agent, headers: { ...r.headers, host, [VIEWER_ADDRESS_HEADER]: r.viewerAddress } }, (res) => {
      rec.status = res.statusCode ?? 0;
      rec.result = resultOf(res.headers['x-cache']);
      const tier = res.headers['x-cachefront-tier'];
      rec.tier = typeof tier === 'string' ? tier : undefined;
      res.on('data', (chunk: Buffer) => (rec.bytes += chunk.length));
      res.on('end', () => finish());
      res.on('error', (err) => finish(err.message));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err) => finish(err.message));
    req.end();
  });
}

/** `Hit from cachefront` -> Hit; anything unknown (e.g. FunctionGeneratedResponse) -> Other. */
export function resultOf(xCache: string | string[] | undefined): Result {
  const word = String(xCache ?? '').split(' ')[0];
  return word === 'Hit' || word === 'RefreshHit' || word === 'Miss' || word === 'Error' ? word : 'Other';
}
