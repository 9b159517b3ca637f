import { randomUUID } from 'node:crypto';
import { api, apiTarget, ApiError } from '../api.ts';
import { API_FLAGS, apiFlagsHelp, commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront invalidate DISTRIBUTION_ID PATH... [--wait] [options]

Creates an invalidation (CloudFront's CreateInvalidation) and prints its id and status;
with --wait, shows progress until every live edge has applied it (Completed).

Paths start with / and may end in * (/images/*, /*); a ?query part names one query
version; #tag drops objects carrying a cache tag (distribution setting cacheTagHeader).
Quote wildcards in your shell: '/*'.

  --wait                    wait until Completed (progress on stderr)
  --timeout SECONDS         give up waiting after this long (default 120; exit 1)
  --caller-reference REF    idempotency key (default: a random UUID)
${apiFlagsHelp('write')}
  --json                    print the invalidation as JSON
`;

interface Invalidation {
  id: string;
  status: string;
  createTime: string;
  invalidationBatch: { callerReference: string; paths: string[] };
}

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    'caller-reference': { type: 'string' },
    json: { type: 'boolean' },
    ...API_FLAGS,
  });
  if (!flags) return;
  const { values, positionals } = flags;
  const [dist, ...paths] = positionals;
  if (!dist || paths.length === 0) throw new UsageError(`a distribution id and at least one path are required\n\n${help}`);
  const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  const target = apiTarget(values);
  const callerReference = values['caller-reference'] ?? randomUUID();
  const base = `/v1/distributions/${encodeURIComponent(dist)}/invalidations`;

  let inv: Invalidation;
  try {
    inv = (await api<Invalidation>(target, 'POST', base, { callerReference, paths })).body;
  } catch (err) {
    if (err instanceof ApiError) throw new UsageError(err.message);
    throw err;
  }
  const started = Date.now();
  const show = (i: Invalidation) =>
    values.json ? JSON.stringify(i, null, 2) : `${i.id}\t${i.status}\t${i.invalidationBatch.paths.length} path(s)\t${i.createTime}`;
  if (!values.wait || inv.status === 'Completed') return void process.stdout.write(`${show(inv)}\n`);

  process.stderr.write(`${inv.id}: InProgress`);
  const deadline = started + timeout * 1000;
  while (inv.status !== 'Completed') {
    const left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      process.stderr.write(`\n`);
      process.stdout.write(`${show(inv)}\n`);
      throw new Error(`invalidation ${inv.id} not Completed after ${timeout} s (an edge that stays connected but never acks holds it back; see GET /v1/edges)`);
    }
    // Long poll: the control plane answers as soon as the status changes.
    inv = (await api<Invalidation>(target, 'GET', `${base}/${inv.id}?wait=${Math.min(left, 10)}`)).body;
    process.stderr.write('.');
  }
  process.stderr.write(` Completed in ${Date.now() - started} ms\n`);
  process.stdout.write(`${show(inv)}\n`);
}
