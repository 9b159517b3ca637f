import type { Explanation } from '@cachefront/protocol';
import { api, apiTarget, ApiError } from '../api.ts';
import { API_FLAGS, apiFlagsHelp, commandFlags, UsageError } from '../usage.ts';

export const help = `usage: cachefront explain URL [-X METHOD] [-H 'Name: value']... [options]

Asks an edge what it would do with this request, without sending it: the distribution,
geo restriction, the matched behavior, the signature check, the viewer-request function's
result, the cache key, the TTL rules, the origin request a miss would send, and whether
it would be a hit now. The edge is the one in --pop, else the nearest live edge to
--viewer-address (the control plane asks it on its admin port).

  -X, --method METHOD       default GET
  -H, --header 'N: v'       a request header (repeatable)
  -b, --cookie 'n=v'        a cookie (repeatable)
  --viewer-address IP       the viewer's address (location, signed-URL IP conditions)
  --pop CODE                ask the edge in this POP
  --edge ADMIN_URL          ask this edge's admin port directly (an edge serving a config
                            file has no control plane), e.g. http://127.0.0.1:9901
  --json                    print the explanation as JSON
${apiFlagsHelp('read')}
`;

export async function run(argv: string[]): Promise<void> {
  const flags = commandFlags(argv, help, {
    method: { type: 'string', short: 'X' },
    header: { type: 'string', short: 'H', multiple: true },
    cookie: { type: 'string', short: 'b', multiple: true },
    'viewer-address': { type: 'string' },
    pop: { type: 'string' },
    edge: { type: 'string' },
    json: { type: 'boolean' },
    ...API_FLAGS,
  });
  if (!flags) return;
  const { values, positionals } = flags;
  const [url] = positionals;
  if (!url || positionals.length > 1) throw new UsageError(`one URL is required\n\n${help}`);
  if (!/^https?:\/\//.test(url)) throw new UsageError(`the URL must start with http:// or https://, got '${url}'`);
  const headers: Record<string, string> = {};
  for (const h of values.header ?? []) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H takes 'Name: value', got '${h}'`);
    headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
  }
  const cookies: Record<string, string> = {};
  for (const c of values.cookie ?? []) {
    const eq = c.indexOf('=');
    if (eq <= 0) throw new UsageError(`--cookie takes 'name=value', got '${c}'`);
    cookies[c.slice(0, eq).trim()] = c.slice(eq + 1).trim();
  }
  const request = { url, method: values.method ?? 'GET', headers, cookies, viewerAddress: values['viewer-address'] };
  const body = values.edge === undefined ? (await api<Explanation>(apiTarget(values), 'POST', '/v1/explain', { ...request, pop: values.pop })).body : await askEdge(values.edge, request);
  if (values.json) return void process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(render(body));
}

/** The explanation as text: the verdict, each step, then the details. */
export function render(e: Explanation): string {
  const lines = [`${e.verdict.summary}`, `  X-Cache: ${e.verdict.xCache}    (edge ${e.edge.id ?? ''} in ${e.edge.pop})`, ''];
  for (const s of e.steps) lines.push(`  ${s.outcome === 'pass' ? '✓' : s.outcome === 'stop' ? '✗' : '-'} ${s.name.padEnd(26)} ${s.detail}`);
  if (e.cacheKey !== undefined) lines.push('', `cache key: ${e.cacheKey.replace(/\n/g, ' | ')}`);
  for (const w of e.warnings ?? []) lines.push(`WARNING: ${w}`);
  if (e.cache) lines.push(`cache: ${e.cache.state} in ${e.cache.workers.cached} of ${e.cache.workers.total} workers; would hit now: ${e.cache.wouldHit ? 'yes' : 'no'}`);
  if (e.ttl) {
    lines.push(`TTL: ${e.ttl.rule}`);
    if (e.ttl.stored) lines.push(`  stored object: ttl ${e.ttl.stored.ttl} s (from ${e.ttl.stored.source}), age ${e.ttl.stored.age} s, expires in ${e.ttl.stored.expiresIn} s`);
  }
  for (const f of e.functions ?? []) lines.push(`function ${f.name} (${f.eventType}): ${f.outcome}${f.computeUtilization === undefined ? '' : `, ComputeUtilization ${f.computeUtilization}`}${f.error ? `, error ${f.error}` : ''}`);
  if (e.tierPath) lines.push(`tier path (a cacheable miss): ${e.tierPath.join(' -> ')}`);
  if (e.originRequest) {
    lines.push('', `origin request (on a miss): ${e.originRequest.method} ${e.originRequest.origin}${e.originRequest.path}`);
    for (const [k, v] of Object.entries(e.originRequest.headers)) lines.push(`  ${k}: ${v}`);
  }
  return `${lines.join('\n')}\n`;
}

/** File mode: the edge's admin port answers POST /explain itself. */
async function askEdge(adminUrl: string, request: object): Promise<Explanation> {
  if (!/^https?:\/\/[^/\s]+\/?$/.test(adminUrl)) throw new UsageError(`--edge takes an edge's admin URL like http://127.0.0.1:9901, got '${adminUrl}'`);
  let res: Response;
  try {
    res = await fetch(`${adminUrl.replace(/\/+$/, '')}/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  } catch (err) {
    throw new ApiError(0, 'Unreachable', `cannot reach the edge's admin port at ${adminUrl}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  const body = (await res.json()) as Explanation & { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(res.status, body.error?.code ?? 'ExplainFailed', body.error?.message ?? `the edge answered ${res.status}`);
  return body;
}
