// /_origin/faults — the fault table, switchable at run time (mounted at /_origin/faults).
import { Hono, type Context } from 'hono';
import { notFound } from '../errors.ts';
import { parseFaultRule, parseFaultRules, type Issue, type ParseOptions } from '../faults/rules.ts';
import type { FaultTable } from '../faults/table.ts';
import type { OriginEnv } from '../request-target.ts';

const MAX_BODY_BYTES = 64 * 1024;

export function faultRoutes(faults: FaultTable, opts: ParseOptions): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  // Answers once the listening socket matches the table, so a client can connect (or fail to) right after.
  const state = async (c: Context<OriginEnv>, status: 200 | 201 = 200) => {
    await faults.settled();
    const listener = faults.listenerMode();
    // While the port is refused or blackholed, this connection must not be reused.
    const headers: Record<string, string> = { 'cache-control': 'no-store', ...(listener === 'open' ? {} : { connection: 'close' }) };
    return c.json({ rules: faults.list(), listener }, status, headers);
  };

  app.get('/', (c) => state(c));
  app.put('/', async (c) => {
    const body = await readJson(c);
    const parsed = 'issues' in body ? body : parseFaultRules(body.value, opts);
    if ('issues' in parsed) return invalid(parsed.issues);
    faults.replace(parsed.value);
    return state(c);
  });
  app.post('/', async (c) => {
    const body = await readJson(c);
    const parsed = 'issues' in body ? body : parseFaultRule(body.value, opts);
    if ('issues' in parsed) return invalid(parsed.issues);
    faults.add(parsed.value);
    return state(c, 201);
  });
  app.delete('/', (c) => {
    faults.clear();
    return state(c);
  });
  app.delete('/:id', (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,9}$/.test(id) || !faults.remove(Number(id))) throw notFound(`no fault rule with id '${id}'`);
    return state(c);
  });
  return app;
}

async function readJson(c: Context<OriginEnv>): Promise<{ value: unknown } | { issues: Issue[] }> {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) return { issues: [{ path: '', message: 'Content-Type must be application/json' }] };
  const body = await c.req.arrayBuffer();
  if (body.byteLength > MAX_BODY_BYTES) return { issues: [{ path: '', message: `the body is larger than ${MAX_BODY_BYTES} bytes` }] };
  try {
    return { value: JSON.parse(new TextDecoder().decode(body)) };
  } catch {
    return { issues: [{ path: '', message: 'the body must be JSON' }] };
  }
}

function invalid(issues: Issue[]): Response {
  const message = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
  return Response.json({ error: 'BAD_REQUEST', message, issues }, { status: 400, headers: { 'cache-control': 'no-store' } });
}
