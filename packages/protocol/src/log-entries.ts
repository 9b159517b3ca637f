// Real-time log entries (docs/control-plane.md, "Real-time logs"): a worker samples a
// request into a `RealtimeEntry`, the primary batches them to the control plane
// (`POST /v1/edges/:id/logs`), which fans them out as `LogEntry` (with the edge) to
// `GET /v1/realtime-logs/stream` subscribers such as `cachefront logs --follow`.

import type { Issue } from '@cachefront/config';

/** One sampled request for a real-time log config. */
export interface RealtimeEntry {
  distributionId: string;
  configName: string;
  fields: string[];
  values: string[];
}

/** A real-time log entry as the control plane streams it: which edge served it. */
export interface LogEntry extends RealtimeEntry {
  edgeId: string;
  pop: string;
}

/** The body of `POST /v1/edges/:id/logs`. */
export interface LogEntriesBody {
  pop: string;
  entries: RealtimeEntry[];
}

export const MAX_LOG_ENTRIES = 5000;

/** `{entries: [{distributionId, configName, fields, values}]}`: every problem reported. */
export function parseLogEntries(body: unknown): { value: RealtimeEntry[]; issues?: undefined } | { value?: undefined; issues: Issue[] } {
  const entries = typeof body === 'object' && body !== null ? (body as { entries?: unknown }).entries : undefined;
  if (!Array.isArray(entries)) return { issues: [{ path: 'entries', message: 'must be a list' }] };
  if (entries.length > MAX_LOG_ENTRIES) return { issues: [{ path: 'entries', message: `at most ${MAX_LOG_ENTRIES} per request` }] };
  const issues: Issue[] = [];
  const strings = (v: unknown) => Array.isArray(v) && v.length <= 64 && v.every((x) => typeof x === 'string' && x.length <= 8192);
  entries.forEach((e: Record<string, unknown>, i) => {
    if (typeof e?.distributionId !== 'string' || typeof e.configName !== 'string') issues.push({ path: `entries[${i}]`, message: 'needs distributionId and configName (strings)' });
    else if (!strings(e.fields) || !strings(e.values) || (e.fields as string[]).length !== (e.values as string[]).length) issues.push({ path: `entries[${i}]`, message: 'fields and values must be lists of strings of the same length (at most 64)' });
  });
  if (issues.length > 0) return { issues };
  return { value: entries.map((e: Record<string, unknown>) => ({ distributionId: e.distributionId as string, configName: e.configName as string, fields: e.fields as string[], values: e.values as string[] })) };
}
