import type { LogEntry } from '@cachefront/protocol';
import { apiTarget, ApiError } from '../api.ts';
import { API_FLAGS, apiFlagsHelp, commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront logs --follow [--distribution ID] [options]

Streams the real-time logs of every edge through the control plane: requests sampled by
the real-time log configs of the behaviors they matched (realtimeLogConfigs in the config,
/v1/realtime-log-configs in the API). Each line is one request, the configured fields in
their order, tab-separated (CloudFront's real-time log record); a '#' line names the
fields whenever a new config's entries start.

Standard logs (CloudFront's access log format) are files: each edge writes them under its
--access-log-dir.

  --follow                  stream (required)
  --distribution ID         only this distribution
  --pop CODE                only edges in this POP
  --json                    one JSON object per line: {edgeId, pop, distributionId, configName, fields, values}
  --limit N                 stop after N entries
${apiFlagsHelp('read')}
`;


export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    follow: { type: 'boolean', short: 'f' },
    distribution: { type: 'string' },
    pop: { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
    ...API_FLAGS,
  });
  if (!flags) return;
  const { values } = flags;
  if (!values.follow) throw new UsageError(`--follow is required (standard logs are files under each edge's --access-log-dir)\n\n${help}`);
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit > 0) || !Number.isInteger(limit === Infinity ? 1 : limit)) throw new UsageError(`--limit must be a whole number > 0, got '${values.limit}'`);
  const target = apiTarget(values);
  const q = new URLSearchParams({ format: 'ndjson' });
  if (values.distribution) q.set('distributionId', values.distribution);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  let res: Response;
  try {
    res = await fetch(`${target.url}/v1/realtime-logs/stream?${q}`, { headers: { authorization: `Bearer ${target.token}` }, signal: abort.signal });
  } catch (err) {
    throw new ApiError(0, 'Unreachable', `cannot reach the control plane at ${target.url}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error: { message: string } }).error.message;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(res.status, 'StreamRefused', `the control plane refused the log stream (${res.status}): ${message}`);
  }
  let seen = 0;
  let lastHeader = '';
  let buffered = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line === '') continue;
        const e = JSON.parse(line) as LogEntry;
        if (values.pop && e.pop !== values.pop) continue;
        if (values.json) process.stdout.write(`${line}\n`);
        else {
          const header = `# ${e.configName}: ${e.fields.join(' ')}`;
          if (header !== lastHeader) process.stdout.write(`${header}\n`);
          lastHeader = header;
          process.stdout.write(`${e.values.join('\t')}\n`);
        }
        if (++seen >= limit) {
          abort.abort();
          return;
        }
      }
    }
  } catch (err) {
    if (abort.signal.aborted) return;
    throw new ApiError(0, 'StreamLost', `the log stream ended: ${(err as Error).message}`);
  }
}
