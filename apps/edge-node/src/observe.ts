import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { AccessLogWriter } from './access-log-writer.ts';
import {
  CounterTable,
  GaugeTable,
  HistogramTable,
  formatAccessLogLine,
  realtimeFieldValues,
  sampled,
  type MetricSnapshot,
  type RequestRecord,
} from '@cachefront/observe';
import type { RealtimeEntry } from '@cachefront/protocol';
import type { Outcome } from './outcome.ts';
import type { CompiledBehavior, CompiledDistribution } from './runtime/compile.ts';
import type { Viewer } from './pipeline/viewer.ts';

/** What the handler hands over once a request is done (references, nothing copied). */
export interface Finished {
  /** An IncomingMessage, or the fast path's reading of the head (fast/front.ts). */
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers' | 'rawHeaders' | 'httpVersion'> & { socket: Socket | null };
  /** node:http's response; undefined when the fast path wrote `headBlock` itself. */
  res: ServerResponse | undefined;
  headBlock: string | undefined;
  outcome: Outcome;
  /** performance.now() when the request arrived. */
  startedAt: number;
  dist: CompiledDistribution | undefined;
  cb: CompiledBehavior | undefined;
  client: Viewer | undefined;
}

export interface ObserverOptions {
  pop: string;
  now: () => number;
  /** `--access-log-dir`: standard logs are written only when set. */
  accessLogDir: string | undefined;
  /** Part of every log file name (CloudFront's unique id): the POP, node and worker. */
  uniqueId: string;
  random?: () => number;
  /** A request could not be recorded (logged by the worker). */
  onError?: (err: unknown, failures: number) => void;
  /** A Lambda@Edge invocation ran: the worker logs it with its console output. */
  onLambda?: (i: { name: string; version: string; eventType: string; ms: number; error: string | undefined; requestId: string; logs: string[] }) => void;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const UTILIZATION_BUCKETS = [1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** Per-socket byte counters at the end of the previous request on that connection. */
const SEEN = Symbol('cachefront.bytesSeen');
type CountedSocket = Socket & { [SEEN]?: { read: number; written: number } };

/**
 * A worker's view of what it served: Prometheus counters (a Map lookup and additions per
 * request), CloudFront-format access log lines for distributions with `logging.enabled`,
 * and sampled real-time log entries for behaviors with a real-time log config. The log
 * record is only built when a line is written, so a plain hit pays for counters only.
 */
export class EdgeObserver {
  readonly requests = new CounterTable('cachefront_edge_requests_total', 'Viewer requests by distribution, x-edge-result-type and status code.', ['distribution', 'result', 'status']);
  readonly bytesOut = new CounterTable('cachefront_edge_bytes_out_total', 'Body bytes sent to viewers.', ['distribution']);
  readonly originLatency = new HistogramTable('cachefront_edge_origin_latency_seconds', 'Time from the origin request to its response headers.', ['distribution'], LATENCY_BUCKETS);
  readonly functionInvocations = new CounterTable('cachefront_edge_function_invocations_total', 'CloudFront Functions invocations.', ['function', 'event_type']);
  readonly functionErrors = new CounterTable('cachefront_edge_function_errors_total', 'CloudFront Functions invocations that failed (503/502), by error.', ['function', 'event_type', 'error']);
  readonly functionUtilization = new HistogramTable('cachefront_edge_function_compute_utilization', 'ComputeUtilization (0-100) of each invocation.', ['function', 'event_type'], UTILIZATION_BUCKETS);
  readonly lambdaInvocations = new CounterTable('cachefront_edge_lambda_invocations_total', 'Lambda@Edge invocations, by function version and event type.', ['function', 'event_type']);
  readonly lambdaErrors = new CounterTable('cachefront_edge_lambda_errors_total', 'Lambda@Edge invocations that failed, by CloudFront error.', ['function', 'event_type', 'error']);
  readonly lambdaDuration = new HistogramTable('cachefront_edge_lambda_duration_seconds', 'Lambda@Edge invocation time (the queue for a child included).', ['function', 'event_type'], LATENCY_BUCKETS);
  private readonly logsDropped = new GaugeTable('cachefront_edge_access_log_dropped_lines', 'Access log lines dropped because the disk could not keep up.', []);
  private pending: RealtimeEntry[] = [];
  private failures = 0;
  private lastFailureLog = 0;
  private readonly writer: AccessLogWriter | undefined;
  private readonly opts: ObserverOptions;

  constructor(opts: ObserverOptions) {
    this.opts = opts;
    this.writer = opts.accessLogDir === undefined ? undefined : new AccessLogWriter({ dir: opts.accessLogDir, uniqueId: opts.uniqueId, now: opts.now });
  }

  /** Called by a function run (viewer-function.ts). */
  functionRan(name: string, eventType: string, utilization: number, error: string | undefined): void {
    const labels = [name, eventType];
    this.functionInvocations.inc(labels);
    this.functionUtilization.observe(labels, utilization);
    if (error !== undefined) this.functionErrors.inc([name, eventType, error]);
  }

  /** Called by a Lambda@Edge run (miss/lambda-origin.ts): counted, timed, and its console output logged. */
  lambdaRan(i: { name: string; version: string; eventType: string; ms: number; error: string | undefined; requestId: string; logs: string[] }): void {
    const labels = [`${i.name}:${i.version}`, i.eventType];
    this.lambdaInvocations.inc(labels);
    this.lambdaDuration.observe(labels, i.ms / 1000);
    if (i.error !== undefined) this.lambdaErrors.inc([...labels, i.error]);
    this.opts.onLambda?.(i);
  }

  /** Called by the origin client wrapper with the time to response headers (seconds). */
  originResponded(distributionId: string, seconds: number): void {
    this.originLatency.observe([distributionId], seconds);
  }

  finished(f: Finished): void {
    const o = f.outcome;
    const dist = o.distributionId ?? '-';
    this.requests.inc([dist, o.result, String(o.status)]);
    if (o.bytesOut > 0) this.bytesOut.inc([dist], o.bytesOut);
    if (f.dist === undefined || o.fromChild) return;
    const logging = f.dist.config.logging;
    const rt = f.cb?.realtime;
    const writeLog = logging.enabled && this.writer !== undefined;
    const sample = rt !== undefined && sampled(rt.samplingRate, this.opts.random ?? Math.random);
    if (!writeLog && !sample) return;
    const record = this.record(f);
    if (writeLog) this.writer!.write(f.dist.id, logging.prefix, formatAccessLogLine(record, { includeCookies: logging.includeCookies }));
    if (sample) this.pending.push({ distributionId: f.dist.id, configName: rt.name, fields: rt.fields, values: realtimeFieldValues(record, rt.fields) });
  }

  /** Recording a request threw (a bug): counted, logged once a minute at most. */
  failed(err: unknown): void {
    this.failures++;
    const now = Date.now();
    if (now - this.lastFailureLog < 60_000) return;
    this.lastFailureLog = now;
    this.opts.onError?.(err, this.failures);
  }

  /** Real-time entries since the last call. */
  drainRealtime(): RealtimeEntry[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  snapshot(): MetricSnapshot[] {
    this.logsDropped.set([], this.writer?.dropped ?? 0);
    return [
      this.requests.snapshot(),
      this.bytesOut.snapshot(),
      this.originLatency.snapshot(),
      this.functionInvocations.snapshot(),
      this.functionErrors.snapshot(),
      this.functionUtilization.snapshot(),
      this.lambdaInvocations.snapshot(),
      this.lambdaErrors.snapshot(),
      this.lambdaDuration.snapshot(),
      this.logsDropped.snapshot(),
    ];
  }

  async close(): Promise<void> {
    await this.writer?.close();
  }

  flushLogs(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  private record(f: Finished): RequestRecord {
    const { req, res, outcome: o } = f;
    const elapsed = (performance.now() - f.startedAt) / 1000;
    // The socket is gone once a connection closed (null); bytes are then unknown (0).
    const socket = (req.socket as CountedSocket | null) ?? undefined;
    const seen = socket?.[SEEN] ?? { read: 0, written: 0 };
    const read = socket?.bytesRead ?? 0;
    const written = socket?.bytesWritten ?? 0;
    if (socket) socket[SEEN] = { read, written };
    const h = req.headers;
    const tls = socket && (socket as TLSSocket).encrypted ? (socket as TLSSocket) : undefined;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const sent = sentHeaders(res, f.headBlock);
    const contentLength = sent['content-length'];
    const contentType = sent['content-type'];
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!;
    const range = /^bytes=(\d*)-(\d*)$/.exec(typeof h.range === 'string' ? h.range : '');
    const xff = h['x-forwarded-for'];
    return {
      timestamp: this.opts.now() - elapsed * 1000,
      edgeLocation: this.opts.pop,
      scBytes: Math.max(0, written - seen.written),
      clientIp: f.client?.ip ?? normalizeIp(socket?.remoteAddress ?? ''),
      clientPort: socket?.remotePort,
      method: req.method ?? 'GET',
      distributionDomain: f.dist!.domainName,
      uriStem: q < 0 ? url : url.slice(0, q),
      status: o.status,
      referer: h.referer,
      userAgent: h['user-agent'],
      query: q < 0 ? '' : url.slice(q + 1),
      cookie: h.cookie,
      resultType: o.result,
      responseResultType: o.result,
      detailedResultType: detailedResult(o),
      requestId: o.requestId,
      hostHeader: h.host,
      protocol: tls ? 'https' : 'http',
      sslProtocol: tls ? (tls.getProtocol() ?? undefined) : undefined,
      sslCipher: tls ? tls.getCipher()?.standardName : undefined,
      protocolVersion: `HTTP/${req.httpVersion}`,
      csBytes: Math.max(0, read - seen.read),
      timeTaken: elapsed,
      timeToFirstByte: o.originSeconds !== undefined && o.originSeconds < elapsed ? o.originSeconds : elapsed,
      forwardedFor: Array.isArray(xff) ? xff.join(', ') : xff,
      contentType,
      contentLength: contentLength === undefined ? undefined : Number(contentLength),
      rangeStart: range?.[1] ? Number(range[1]) : undefined,
      rangeEnd: range?.[2] ? Number(range[2]) : undefined,
      distributionId: f.dist!.id,
      behaviorPathPattern: f.cb?.behavior.pathPattern ?? '*',
      country: f.client?.location?.country,
      acceptEncoding: h['accept-encoding'],
      accept: h.accept,
      headers,
      originLatency: o.originSeconds,
      originStatus: o.originStatus,
    };
  }
}

/**
 * Content-Type and Content-Length as sent. The edge passes headers to writeHead() as a
 * list, which getHeader() does not see; the header block node:http wrote does have them.
 */
function sentHeaders(res: ServerResponse | undefined, headBlock: string | undefined): { 'content-type'?: string; 'content-length'?: string } {
  const out: { 'content-type'?: string; 'content-length'?: string } = {};
  const ct = res?.getHeader('content-type');
  const cl = res?.getHeader('content-length');
  if (typeof ct === 'string') out['content-type'] = ct;
  if (cl !== undefined) out['content-length'] = String(cl);
  const block = headBlock ?? (res as unknown as { _header?: unknown } | undefined)?._header;
  if (typeof block !== 'string') return out;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).toLowerCase();
    if (name === 'content-type' || name === 'content-length') out[name] ??= line.slice(colon + 1).trim();
  }
  return out;
}

function normalizeIp(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** x-edge-detailed-result-type: the result type, or for errors what went wrong (CloudFront's names). */
function detailedResult(o: Outcome): string {
  if (o.result !== 'Error') return o.stale === 'if-error' ? 'Hit' : o.result;
  switch (o.errorCode) {
    case 'ORIGIN_UNREACHABLE':
      return 'OriginConnectError';
    case 'ORIGIN_TIMEOUT':
      return 'OriginReadTimeout';
    case 'ORIGIN_ERROR':
      return 'OriginError';
    case 'GEO_BLOCKED':
      return 'ClientGeoBlocked';
    case 'FUNCTION_EXECUTION_ERROR':
      return 'FunctionExecutionError';
    case 'FUNCTION_INVALID_VALUE':
      return 'FunctionInvalidValue';
    default:
      return o.originStatus !== undefined ? 'Error' : o.status === 403 ? 'AccessDenied' : 'Error';
  }
}
