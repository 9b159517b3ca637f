// /v1/edges: the list, the event stream and acks (docs/control-plane.md, "Edges").

import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Issue } from '@cachefront/config';
import { EDGE_ID, parseAckUsage, parseLogEntries, parseStreamQuery, type StreamRequest } from '@cachefront/protocol';
import type { Services } from '../services.ts';
import type { AuthEnv } from '../auth/authenticate.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { isRecord } from '../is-record.ts';
import type { EdgeSink } from './hub.ts';
import { readJson } from '../http/request.ts';
import { edgeView, list } from '../http/views.ts';
import { lookupPop } from '../catalog/pop-catalog.ts';

/** `?edge=ID&pop=POP&since=SEQ[&url=URL][&admin=URL][&tier=TIER]`: a 400 listing every problem. */
export function streamRequest(q: Record<string, string | undefined>): StreamRequest {
  const parsed = parseStreamQuery(q);
  if (parsed.issues) throw invalidArgument(parsed.issues, 'the edge stream request');
  return parsed.value;
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
          const place = p === undefined ? {} : { latitude: p.latitude, longitude: p.longitude, pricingRegion: p.pricingRegion, ...(p.awsRegion === undefined ? {} : { awsRegion: p.awsRegion }) };
          return { ...edgeView(e), ...place, stats: s.observe!.traffic.stats(e.id, now) };
        }),
      ),
    );
  });

  r.get('/stream', (c) => {
    // Only a GET opens a stream (and registers the edge): hono also routes HEAD here.
    if (c.req.method !== 'GET') throw new ControlPlaneError('MethodNotAllowed', 'the edge stream is opened with GET', { headers: { allow: 'GET' } });
    const req = streamRequest(c.req.query());
    const subject = c.get('subject');
    mayActAs(s, req.edge, subject);
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
        s.propagation.connect(req, sink, subject);
      });
    });
  });

  r.post('/:id/acks', async (c) => {
    const id = c.req.param('id');
    const body = await readJson(c);
    const seq = isRecord(body) ? body.seq : undefined;
    if (!EDGE_ID.test(id)) throw invalidArgument([{ path: 'id', message: 'must be 1 to 64 letters, digits, - or _' }], 'the ack');
    // Usage counters (parseAckUsage, @cachefront/protocol): validated with seq, recorded once the ack is accepted.
    const usage = parseAckUsage(isRecord(body) ? body.usage : undefined);
    const seqIssues: Issue[] = [];
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      seqIssues.push({ path: 'seq', message: 'must be an integer >= 0: the last seq the edge applied' });
    }
    if (seqIssues.length > 0 || usage.issues) throw invalidArgument([...seqIssues, ...(usage.issues ?? [])], 'the ack');
    mayActAs(s, id, c.get('subject'));
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
    mayActAs(s, id, c.get('subject'));
    const parsed = parseLogEntries(await readJson(c));
    if (parsed.issues) throw invalidArgument(parsed.issues, 'the log entries');
    s.observe!.metrics.logEntries.inc({ outcome: s.observe!.logs.size > 0 ? 'streamed' : 'no-subscriber' }, parsed.value.length);
    s.observe!.logs.publish(parsed.value.map((e) => ({ edgeId: id, pop: edge.pop, ...e })));
    return c.body(null, 204);
  });

  return r;
}

/**
 * An edge id is bound to the subject of the edge token it connected with: another token
 * can neither take its stream over nor ack or log as it; and new ids are bounded.
 */
function mayActAs(s: Services, edgeId: string, subject: string | undefined): void {
  const why = s.propagation.registry.refusal(edgeId, subject);
  if (why !== undefined) throw new ControlPlaneError('AccessDenied', why);
}
