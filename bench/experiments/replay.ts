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
  /** ms from sending the request to the last byte of the body (a resent request: from the first try). */
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

/**
 * Tries per request. Only a request lost on a reused keep-alive connection before any
 * answer is sent again (see `send`): the edge never read it.
 */
export const MAX_ATTEMPTS = 3;

/**
 * The replay's connections to one edge. `timeout` is what makes node:http honor the edge's
 * `Keep-Alive: timeout=5`: the agent closes an idle connection 1 s before the announced
 * timeout, but only when it has an idle timeout of its own (it takes the smaller of the two,
 * and without one it keeps idle connections until the server closes them, Node 24). The
 * edge closes a connection idle for 6 s (its keepAliveTimeout, 5 s, plus Node's 1 s
 * buffer); a request sent on it just then is reset.
 */
export function replayAgent(maxSockets: number, timeoutMs: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: timeoutMs });
}

export async function replay(o: ReplayOptions): Promise<{ records: RequestRecord[]; durationMs: number }> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const agents = new Map<string, Agent>();
  const agentFor = (url: string) => {
    let a = agents.get(url);
    if (a === undefined) agents.set(url, (a = replayAgent(o.concurrency, timeoutMs)));
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
      const rec = await send(r, route, o.host, agentFor(route.url), t0, timeoutMs);
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

/**
 * One request, sent again when a reused keep-alive connection was closed or reset before
 * any answer came (`ECONNRESET`: "socket hang up", "read ECONNRESET"; `EPIPE`): the edge
 * closed it for idleness as the request went out, and never read the request (RFC 9112
 * §9.3.1: a client may retry an idempotent request then; the workload is GETs). A fresh
 * connection that fails, or a response cut off after its head, is a failure.
 */
async function send(r: WorkloadRequest, route: Route, host: string, agent: Agent, t0: number, timeoutMs: number): Promise<RequestRecord> {
  const startMs = performance.now() - t0;
  const rec: RequestRecord = { index: r.index, pop: route.pop, startMs, latencyMs: 0, status: 0, result: 'Failed', tier: undefined, bytes: 0 };
  for (let attempt = 1; ; attempt++) {
    const lost = await sendOnce(r, rec, host, route, agent, timeoutMs);
    if (lost === undefined) break;
    const resend = lost.reusedSocket && rec.status === 0 && (lost.code === 'ECONNRESET' || lost.code === 'EPIPE') && attempt < MAX_ATTEMPTS;
    if (!resend) {
      rec.error = lost.message;
      rec.result = 'Failed';
      break;
    }
  }
  rec.latencyMs = performance.now() - t0 - startMs;
  return rec;
}

interface Lost {
  message: string;
  code: string | undefined;
  reusedSocket: boolean;
}

/** Sends once, filling `rec` from the response; resolves with why no whole response came, if so. */
function sendOnce(r: WorkloadRequest, rec: RequestRecord, host: string, route: Route, agent: Agent, timeoutMs: number): Promise<Lost | undefined> {
  const target = r.query === '' ? r.path : `${r.path}?${r.query}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (err?: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      resolve(err && { message: err.message, code: err.code, reusedSocket: req.reusedSocket });
    };
    const req = request(`${route.url}${target}`, { method: r.method, agent, headers: { ...r.headers, host, [VIEWER_ADDRESS_HEADER]: r.viewerAddress } }, (res) => {
      rec.status = res.statusCode ?? 0;
      rec.result = resultOf(res.headers['x-cache']);
      const tier = res.headers['x-cachefront-tier'];
      rec.tier = typeof tier === 'string' ? tier : undefined;
      res.on('data', (chunk: Buffer) => (rec.bytes += chunk.length));
      res.on('end', () => finish());
      res.on('error', finish);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', finish);
    req.end();
  });
}

/** `Hit from cachefront` -> Hit; anything unknown (e.g. FunctionGeneratedResponse) -> Other. */
export function resultOf(xCache: string | string[] | undefined): Result {
  const word = String(xCache ?? '').split(' ')[0];
  return word === 'Hit' || word === 'RefreshHit' || word === 'Miss' || word === 'Error' ? word : 'Other';
}
