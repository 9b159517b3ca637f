import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { LambdaRuntime, outcomeOf, isEventType, RUNTIMES, EVENT_LIMITS, type CfEvent, type InvokeOutcome, type Applied } from '@cachefront/lambda-edge';
import { commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront lambda test DIR --event EVENT.json [--event-type TYPE] [options]

Runs a Lambda@Edge function once, in the same isolated child process the edge uses (Node's
permission model: it reads only DIR, writes only its own tmp dir), and prints what the
Lambda console's Test button shows: the response, the function's logs with the REPORT
line (duration, memory size, max memory used, init duration), and the request id; then
what CloudFront would make of the result (the request or response it goes on with, or
its 502/503 error). The event file is a Lambda@Edge event ({"Records": [{"cf": ...}]}).

  --event FILE             the event (JSON)
  --event-type TYPE        viewer-request | origin-request | origin-response | viewer-response
                           (default: the event's Records[0].cf.config.eventType)
  --handler FILE.EXPORT    default index.handler (DIR/index.js, .mjs or .cjs, export handler)
  --runtime RUNTIME        ${RUNTIMES.join(' | ')} (default nodejs22.x)
  --memory MB              the function's memory size (default 128; viewer events allow 128)
  --timeout SECONDS        less than the event type's limit (viewer 5, origin 30)
  --json                   one JSON object instead of the console layout
Exit status: 0 when the function ran and CloudFront would accept its result; 1 when the
handler failed (error, timeout, crash, out of memory) or its result fails validation.
`;

export async function run(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void process.stdout.write(help);
  if (sub !== 'test') throw new UsageError(`unknown lambda command '${sub}' (try: cachefront lambda test)\n\n${help}`);
  const flags = commandFlags(rest, help, {
    event: { type: 'string' },
    'event-type': { type: 'string' },
    handler: { type: 'string' },
    runtime: { type: 'string' },
    memory: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!flags) return;
  const { values, positionals } = flags;
  const [dirArg, extra] = positionals;
  if (!dirArg || extra !== undefined) throw new UsageError(`exactly one function directory is required\n\n${help}`);
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dirArg} is not a directory`);
  if (values.event === undefined) throw new UsageError('--event FILE is required');
  let event: CfEvent;
  try {
    event = JSON.parse(readFileSync(values.event, 'utf8')) as CfEvent;
  } catch (err) {
    throw new UsageError(`cannot read --event ${values.event}: ${(err as Error).message}`);
  }
  const cf = event?.Records?.[0]?.cf;
  if (!cf?.request) throw new UsageError('the event must be a Lambda@Edge event: {"Records": [{"cf": {"config": ..., "request": ...}}]}');
  const eventType = values['event-type'] ?? cf.config?.eventType ?? 'viewer-request';
  if (!isEventType(eventType)) throw new UsageError(`--event-type must be viewer-request, origin-request, origin-response or viewer-response, got '${eventType}'`);
  if (eventType.endsWith('-response') && !cf.response) throw new UsageError(`a ${eventType} event needs Records[0].cf.response`);
  const runtime = values.runtime ?? 'nodejs22.x';
  if (!(RUNTIMES as readonly string[]).includes(runtime)) throw new UsageError(`--runtime must be one of ${RUNTIMES.join(', ')}, got '${runtime}'`);
  const memoryMb = positive('memory', values.memory, 128);
  const timeoutS = values.timeout === undefined ? undefined : positive('timeout', values.timeout, 0);
  const limit = EVENT_LIMITS[eventType];
  if (memoryMb > limit.maxMemoryMb) throw new UsageError(`--memory: ${eventType} allows at most ${limit.maxMemoryMb} MB`);

  const runtimeHost = new LambdaRuntime({ max: 1 });
  let outcome: InvokeOutcome;
  try {
    outcome = await runtimeHost.invoke({ name: basename(dir), version: '$LATEST', runtime, handler: values.handler ?? 'index.handler', dir, memoryMb }, eventType, event, timeoutS === undefined ? {} : { timeoutMs: timeoutS * 1000 });
  } finally {
    runtimeHost.close();
  }
  const applied = outcomeOf(eventType, event, outcome);
  process.stdout.write(values.json ? `${JSON.stringify(jsonReport(outcome, applied, memoryMb), null, 2)}\n` : consoleReport(values.event, outcome, applied, memoryMb));
  if (applied.kind === 'error') process.exitCode = 1;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got '${raw}'`);
  return n;
}

/** What the handler returned, or Lambda's error object. */
function response(o: InvokeOutcome): unknown {
  return o.ok ? o.result : { errorType: o.errorType, errorMessage: o.message };
}

function verdict(a: Applied): string {
  if (a.kind === 'error') return `${a.status} ${a.code}: ${a.message}`;
  if (a.kind === 'request') return `request ${a.request.uri}${a.request.querystring ? `?${a.request.querystring}` : ''}${a.request.originChanged ? ' (origin changed)' : ''}`;
  return `${a.response.generated ? 'generated response' : 'response'} ${a.response.status} ${a.response.statusDescription}`;
}

function reportLine(o: InvokeOutcome, memoryMb: number): string {
  const used = o.ok ? o.maxMemoryUsedMb : o.maxMemoryUsedMb;
  return [
    `REPORT RequestId: ${o.requestId}`,
    `Duration: ${o.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.ceil(o.durationMs)} ms`,
    `Memory Size: ${memoryMb} MB`,
    `Max Memory Used: ${used === undefined ? '-' : `${used} MB`}`,
    ...(o.initDurationMs === undefined ? [] : [`Init Duration: ${o.initDurationMs.toFixed(2)} ms`]),
  ].join('\t');
}

function consoleReport(eventFile: string, o: InvokeOutcome, a: Applied, memoryMb: number): string {
  return [
    `Test Event Name: ${basename(eventFile)}`,
    '',
    `Status: ${o.ok ? 'Succeeded' : 'Failed'}`,
    'Response:',
    JSON.stringify(response(o), null, 2),
    '',
    'Function Logs:',
    `START RequestId: ${o.requestId} Version: $LATEST`,
    ...o.logs,
    `END RequestId: ${o.requestId}`,
    reportLine(o, memoryMb),
    '',
    `Request ID: ${o.requestId}`,
    '',
    `CloudFront: ${verdict(a)}`,
    '',
  ].join('\n');
}

function jsonReport(o: InvokeOutcome, a: Applied, memoryMb: number): object {
  return {
    status: o.ok ? 'Succeeded' : 'Failed',
    response: response(o),
    logs: o.logs,
    durationMs: o.durationMs,
    initDurationMs: o.initDurationMs ?? null,
    memorySizeMb: memoryMb,
    maxMemoryUsedMb: (o.ok ? o.maxMemoryUsedMb : o.maxMemoryUsedMb) ?? null,
    requestId: o.requestId,
    cloudfront: a.kind === 'error' ? { error: a.code, status: a.status, message: a.message } : { kind: a.kind, summary: verdict(a) },
  };
}
