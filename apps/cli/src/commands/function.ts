import { readFileSync } from 'node:fs';
import { compileFunction, keyValueStore } from '@cachefront/functions';
import { commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront function test FILE --event EVENT.json [options]

Runs a CloudFront Function locally, like CloudFront's TestFunction, and prints
{functionOutput, computeUtilization, functionExecutionLogs, functionErrorMessage} as JSON.
The event file is a CloudFront Functions event object (version, context, viewer,
request, and response for viewer-response).

  --event FILE             the event (JSON)
  --event-type TYPE        viewer-request (default) | viewer-response
  --runtime RUNTIME        cloudfront-js-2.0 (default) | cloudfront-js-1.0
  --kvs FILE               a key value store for cf.kvs(): JSON object of key -> string
Exit status: 0 when the function ran, 1 when it failed (the JSON says why).
`;

export async function run(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') return void process.stdout.write(help);
  if (sub !== 'test') throw new UsageError(`unknown function command '${sub}' (try: cachefront function test)\n\n${help}`);
  const flags = commandFlags(rest, help, {
    event: { type: 'string' },
    'event-type': { type: 'string' },
    runtime: { type: 'string' },
    kvs: { type: 'string' },
  });
  if (!flags) return;
  const { values, positionals } = flags;
  const [file, extra] = positionals;
  if (!file || extra !== undefined) throw new UsageError(`exactly one function file is required\n\n${help}`);
  if (values.event === undefined) throw new UsageError('--event FILE is required');
  const eventType = values['event-type'] ?? 'viewer-request';
  if (eventType !== 'viewer-request' && eventType !== 'viewer-response') throw new UsageError(`--event-type must be viewer-request or viewer-response, got '${eventType}'`);
  const runtime = values.runtime ?? 'cloudfront-js-2.0';
  if (runtime !== 'cloudfront-js-1.0' && runtime !== 'cloudfront-js-2.0') throw new UsageError(`--runtime must be cloudfront-js-1.0 or cloudfront-js-2.0, got '${runtime}'`);
  const read = (what: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${what} ${path}: ${(err as Error).message}`);
    }
  };
  const code = read('the function', file);
  let event: unknown;
  let kvsData: Record<string, string> | undefined;
  try {
    event = JSON.parse(read('--event', values.event));
    if (values.kvs !== undefined) kvsData = JSON.parse(read('--kvs', values.kvs)) as Record<string, string>;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`not valid JSON: ${(err as Error).message}`);
  }
  const store = kvsData === undefined ? undefined : keyValueStore(kvsData);
  const compiled = await compileFunction({ name: 'test', code, runtime, kvs: () => store });
  if ('error' in compiled) {
    process.stdout.write(`${JSON.stringify({ functionOutput: null, computeUtilization: 0, functionExecutionLogs: [], functionErrorMessage: compiled.error.message }, null, 2)}\n`);
    process.exitCode = 1;
    return;
  }
  const result = compiled.runSync(eventType, event as Parameters<typeof compiled.runSync>[1]);
  compiled.dispose();
  process.stdout.write(
    `${JSON.stringify(
      {
        functionOutput: result.output ?? null,
        computeUtilization: result.computeUtilization,
        functionExecutionLogs: result.logs,
        functionErrorMessage: result.error ?? null,
      },
      null,
      2,
    )}\n`,
  );
  if (result.error !== undefined) process.exitCode = 1;
}
