// One autocannon run with checks: autocannon (MIT, HTTP/1.1 keep-alive connections,
// request sequences with per-request setup) sends a plan's requests for a duration; every
// response is counted by status and X-Cache and put through the named checks (k6's
// check()); latency percentiles come from autocannon's per-response times.
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import { percentile } from './latency.ts';

/** Per connection: cleared before each request; the plan's setupRequest may store what its checks need. */
export type RequestContext = Record<string, unknown> & { path?: string };

/** What a check sees of one response. */
export interface CheckedResponse {
  status: number;
  /** Lower-case names. */
  headers: IncomingHttpHeaders;
  /** As autocannon collects it, decoded as UTF-8; '' unless LoadOptions.body (a scenario's options.body) is set. */
  body: string;
  /** The request's context; `path` is the request target sent. */
  context: RequestContext;
}

/** k6's check(): name -> predicate, evaluated on every measured response; passes and failures are counted. */
export type Checks = Readonly<Record<string, (res: CheckedResponse) => boolean>>;

/** A request as autocannon is about to send it (a copy: set its fields, never mutate its headers object). */
export type OutgoingRequest = autocannon.Request;

/** One autocannon request; setupRequest (called before each send) may vary it and fill the context. */
export interface PlannedRequest {
  method?: 'GET' | 'HEAD';
  path: string;
  headers?: Record<string, string>;
  setupRequest?: (req: OutgoingRequest, context: RequestContext) => OutgoingRequest;
}

export interface CheckTally {
  passes: number;
  fails: number;
  /** The first failing response, for the report. */
  firstFailure?: string;
}

export interface LoadRun {
  durationS: number;
  responses: number;
  rps: number;
  /** From autocannon's per-response times (request written -> response complete), nearest rank. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  statusCodes: Record<string, number>;
  xCache: Record<string, number>;
  errors: number;
  timeouts: number;
  checks: Record<string, CheckTally>;
}

export interface LoadOptions {
  port: number;
  host: string;
  durationS: number;
  connections: number;
  requests: PlannedRequest[];
  checks: Checks;
  /** Collect bodies for the checks (a scenario's options.body). */
  body?: boolean;
  signal?: AbortSignal;
}

/**
 * autocannon 9 appends every chunk of every body to a string (`req.body += chunk`, in
 * lib/pipelinedRequestsQueue.js) whether or not anything reads it. Decoding 100 KiB of
 * binary as UTF-8 per response made the load generator, not the server, the bottleneck
 * (100 KiB hits: 649 req/s with bodies kept, 9,118 without; bare-node's ASCII bodies cost
 * little either way), so unless bodies are wanted that append is switched off on each client.
 */
function dropBodies(client: autocannon.Client): void {
  const queue = (client as unknown as { pipelinedRequests?: { addBody?: unknown } }).pipelinedRequests;
  if (typeof queue?.addBody !== 'function') throw new Error('autocannon internals changed: no client.pipelinedRequests.addBody to switch off (see dropBodies in bench/lib/autocannon.ts)');
  queue.addBody = () => {};
}

function lowerCase(headers: IncomingHttpHeaders | undefined): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** Runs autocannon for durationS against 127.0.0.1:port, evaluating `checks` on every response. */
export function runLoad(o: LoadOptions): Promise<LoadRun> {
  const tallies: Record<string, CheckTally> = Object.fromEntries(Object.keys(o.checks).map((name) => [name, { passes: 0, fails: 0 }]));
  const checks = Object.entries(o.checks);
  const xCache: Record<string, number> = {};
  const latencies: number[] = [];

  const onResponse = (fallbackPath: string) => (status: number, body: string, ctx: object, raw: autocannon.Request['headers']) => {
    const context = ctx as RequestContext;
    const headers = lowerCase(raw);
    const res: CheckedResponse = { status, headers, body, context };
    const xc = String(headers['x-cache'] ?? '(none)');
    xCache[xc] = (xCache[xc] ?? 0) + 1;
    for (const [name, check] of checks) {
      let ok: boolean;
      try {
        ok = check(res);
      } catch {
        ok = false;
      }
      const t = tallies[name]!;
      if (ok) t.passes++;
      else if (t.fails++ === 0) t.firstFailure = `HTTP ${status} for ${context.path ?? fallbackPath}, X-Cache '${xc}', content-length ${String(headers['content-length'] ?? '(none)')}`;
    }
  };

  const requests: autocannon.Request[] = o.requests.map((r) => {
    const planned = r.setupRequest;
    return {
      method: r.method ?? 'GET',
      path: r.path,
      headers: r.headers,
      onResponse: onResponse(r.path),
      // Remember the request target for the checks (and their failure messages).
      ...(planned && {
        setupRequest: (req: autocannon.Request, ctx: object) => {
          const context = ctx as RequestContext;
          const out = planned(req, context);
          context.path = out.path;
          return out;
        },
      }),
    };
  });

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${o.port}`,
        headers: { host: o.host },
        connections: o.connections,
        duration: o.durationS,
        requests,
        ...(!o.body && { setupClient: dropBodies }),
      },
      (err, result) => {
        o.signal?.removeEventListener('abort', stop);
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        latencies.sort((a, b) => a - b);
        const statusCodes: Record<string, number> = {};
        for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = s.count ?? 0;
        const responses = result.requests.total;
        resolve({
          durationS: result.duration,
          responses,
          rps: result.duration > 0 ? responses / result.duration : 0,
          p50Ms: percentile(latencies, 50),
          p90Ms: percentile(latencies, 90),
          p99Ms: percentile(latencies, 99),
          maxMs: latencies.at(-1) ?? NaN,
          statusCodes,
          xCache,
          errors: result.errors,
          timeouts: result.timeouts,
          checks: tallies,
        });
      },
    );
    // autocannon's own latency histogram has whole-millisecond buckets; keep its per-response times instead.
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    const stop = () => instance.stop();
    o.signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Hit (and RefreshHit) and Miss responses among X-Cache counts. */
export function cacheOutcomes(xCache: Readonly<Record<string, number>>): { hits: number; misses: number } {
  let hits = 0;
  let misses = 0;
  for (const [value, n] of Object.entries(xCache)) {
    if (value.startsWith('Hit') || value.startsWith('RefreshHit')) hits += n;
    else if (value.startsWith('Miss')) misses += n;
  }
  return { hits, misses };
}
