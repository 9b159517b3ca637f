// /v1/edges: the list, the event stream and acks (docs/control-plane.md, "Edges").

import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Issue } from '@cachefront/config';
import { parseAckUsage } from '../ack-usage.ts';
import type { Services } from '../app.ts';
import type { AuthEnv } from '../auth.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import type { EdgeSink } from '../hub.ts';
import { readJson } from '../http.ts';
import type { StreamRequest } from '../propagation.ts';
import { edgeView, list } from '../views.ts';
import { lookupPop } from '../pop-catalog.ts';

const MAX_LOG_ENTRIES = 5000;

/** `{entries: [{distributionId, configName, fields, values}]}`: every problem reported. */
export function parseLogEntries(body: unknown): { value: { distributionId: string; configName: string; fields: string[]; values: string[] }[]; issues?: undefined } | { value?: undefined; issues: Issue[] } {
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

const EDGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const POP = /^[A-Z0-9-]{2,16}$/; // as `cachefront edge --pop` accepts (CloudFront's look like FRA56-P1)
const SEQ = /^\d{1,15}$/;

/** `?edge=ID&pop=POP&since=SEQ[&url=URL]`, every problem reported (`since` absent means 0). */
export function parseStreamQuery(q: Record<string, string | undefined>): StreamRequest {
  const issues: Issue[] = [];
  const { edge = '', pop = '', since = '0', url, admin } = q;
  if (!EDGE_ID.test(edge)) issues.push({ path: 'edge', message: 'must be 1 to 64 letters, digits, - or _ (the id the edge keeps in its state dir)' });
  if (!POP.test(pop)) issues.push({ path: 'pop', message: "must be a POP code: 2 to 16 upper-case letters, digits or '-', e.g. FRA or FRA56-P1" });
  if (!SEQ.test(since)) issues.push({ path: 'since', message: 'must be an integer >= 0: the last seq the edge applied (0 for none)' });
  if (url !== undefined && !/^https?:\/\/[^/\s]+$/.test(url)) issues.push({ path: 'url', message: 'must be the http(s) origin viewers reach the edge at, e.g. http://127.0.0.1:8080' });
  if (admin !== undefined && !/^https?:\/\/[^/\s]+$/.test(admin)) issues.push({ path: 'admin', message: "must be the http(s) origin of the edge's admin port, e.g. http://127.0.0.1:9901" });
  if (issues.length > 0) throw invalidArgument(issues, 'the edge stream request');
  return { edge, pop, since: Number(since), ...(url === undefined ? {} : { url }), ...(admin === undefined ? {} : { admin }) };
}

export function edgeRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  // Each edge with where its POP is (the catalog) and its traffic over the last 5 minutes.
  r.get('/', (c) => {
    const now = s.now();
    return c.json(
      list(
        s.propagation.registry.list().map((e) => {
          const p = lookupPop(s.catalog, e.pop);
          const place = p === undefined ? {} : { latitude: p.latitude, longitude: p.longitude, pricingRegion: p.pricingRegion };
          return { ...edgeView(e), ...place, stats: s.observe!.traffic.stats(e.id, now) };
        }),
      ),
    );
  });

  r.get('/stream', (c) => {
    const req = parseStreamQuery(c.req.query());
    return streamSSE(c, async (stream) => {
      await new Promise<void>((resolve) => {
        let writes = Promise.resolve();
        let open = true;
        const sink: EdgeSink = {
          // One write at a time, in the order sent: events reach the edge in seq order.
          send: (e) => {
            if (open) writes = writes.then(() => stream.writeSSE({ event: e.event, data: e.data }));
          },
          close: () => {
            open = false;
            void writes.then(resolve);
          },
        };
        stream.onAbort(() => {
          open = false;
          s.propagation.disconnect(req.edge, sink);
          resolve();
        });
        s.propagation.connect(req, sink);
      });
    });
  });

  r.post('/:id/acks', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    const seq = typeof body === 'object' && body !== null ? (body as { seq?: unknown }).seq : undefined;
    if (!EDGE_ID.test(id)) throw invalidArgument([{ path: 'id', message: 'must be 1 to 64 letters, digits, - or _' }], 'the ack');
    // Usage counters (ack-usage.ts): validated with seq, recorded once the ack is accepted.
    const usage = parseAckUsage(typeof body === 'object' && body !== null ? (body as { usage?: unknown }).usage : undefined);
    const seqIssues: Issue[] = [];
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      seqIssues.push({ path: 'seq', message: 'must be an integer >= 0: the last seq the edge applied' });
    }
    if (seqIssues.length > 0 || usage.issues) throw invalidArgument([...seqIssues, ...(usage.issues ?? [])], 'the ack');
    const edge = s.propagation.ack(id, seq as number);
    s.store.usage.record(edge.pop, usage.value);
    s.observe!.traffic.record(id, usage.value, s.now());
    s.observe!.metrics.usage(edge.pop, usage.value);
    return c.body(null, 204);
  });

  // Sampled real-time log entries (edge scope): fanned out to /v1/realtime-logs/stream.
  r.post('/:id/logs', async (c) => {
    const id = c.req.param('id');
    const edge = s.propagation.registry.get(id);
    if (edge === undefined) throw new ControlPlaneError('NoSuchResource', `no edge ${id}; an edge connects to /v1/edges/stream first`);
    const parsed = parseLogEntries(await readJson(c));
    if (parsed.issues) throw invalidArgument(parsed.issues, 'the log entries');
    s.observe!.metrics.logEntries.inc({ outcome: s.observe!.logs.size > 0 ? 'streamed' : 'no-subscriber' }, parsed.value.length);
    s.observe!.logs.publish(parsed.value.map((e) => ({ edgeId: id, pop: edge.pop, ...e })));
    return c.body(null, 204);
  });

  return r;
}
