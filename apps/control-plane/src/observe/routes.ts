// GET /v1/realtime-logs/stream, POST /v1/explain, GET /v1/dashboard-info
// (docs/control-plane.md, "Observability").

import { isIP } from 'node:net';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { greatCircleKm, viewerPoint } from '@cachefront/geo';
import { pumpEvents, STREAM_KEEPALIVE_MS } from '@cachefront/observe';
import type { Services } from '../services.ts';
import type { AuthEnv } from '../auth/authenticate.ts';
import { ControlPlaneError, invalidArgument } from '../errors.ts';
import { readJson } from '../http/request.ts';
import { lookupPop } from '../catalog/pop-catalog.ts';
import type { EdgeState } from '../edges/edge-registry.ts';

/** Entries a slow subscriber may have waiting before newer ones are dropped for it. */
const MAX_QUEUED = 2000;

export function observeRoutes(s: Services): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  // Server-sent events: `log` (one sampled request from an edge), `ping` every 15 s.
  // `?format=ndjson` streams one JSON object per line instead.
  r.get('/realtime-logs/stream', (c) => {
    const distributionId = c.req.query('distributionId') || undefined;
    const ndjson = c.req.query('format') === 'ndjson';
    const sub = s.observe!.logs.subscribe(distributionId, MAX_QUEUED);
    if (ndjson) {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const lines = (await sub.next(STREAM_KEEPALIVE_MS)).map((e) => `${JSON.stringify(e)}\n`);
          if (!sub.isClosed) controller.enqueue(encoder.encode(lines.join('') || '\n'));
        },
        cancel: () => sub.close(),
      });
      c.req.raw.signal.addEventListener('abort', () => sub.close());
      return c.body(body, 200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
    }
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => sub.close());
      await pumpEvents(sub, { distributionId: distributionId ?? null }, (e) => stream.writeSSE(e));
    });
  });

  // Asks one live edge (the `pop` given, else the nearest to the viewer address) to explain
  // the request with its config and cache; answers what the edge answered, plus which edge.
  r.post('/explain', async (c) => {
    const body = (await readJson(c)) as Record<string, unknown> | null;
    const issues = [];
    if (typeof body?.url !== 'string' || !/^https?:\/\//.test(body.url)) issues.push({ path: 'url', message: 'an http(s) URL is required, e.g. http://demo.localhost/index.html' });
    if (body?.viewerAddress !== undefined && body.viewerAddress !== '' && (typeof body.viewerAddress !== 'string' || isIP(body.viewerAddress) === 0)) {
      issues.push({ path: 'viewerAddress', message: 'must be an IPv4 or IPv6 address' });
    }
    for (const k of ['headers', 'cookies'] as const) {
      const v = body?.[k];
      if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string'))) {
        issues.push({ path: k, message: 'must be an object of name -> string value' });
      }
    }
    if (body?.pop !== undefined && body.pop !== '' && typeof body.pop !== 'string') issues.push({ path: 'pop', message: 'must be a POP code' });
    if (issues.length > 0) throw invalidArgument(issues, 'the explain request');
    const edge = chooseEdge(s, body!.pop as string | undefined, body!.viewerAddress as string | undefined);
    let res: Response;
    try {
      res = await fetch(`${edge.adminUrl}/explain`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: body!.url, method: body!.method, headers: body!.headers, cookies: body!.cookies, viewerAddress: body!.viewerAddress || undefined }),
        signal: AbortSignal.timeout(5000),
      });
    } catch (err) {
      throw new ControlPlaneError('EdgeUnavailable', `edge ${edge.id} (${edge.pop}) did not answer at ${edge.adminUrl}: ${(err as Error).message}`);
    }
    const answer = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new ControlPlaneError('EdgeUnavailable', `edge ${edge.id} could not explain: ${JSON.stringify(answer).slice(0, 300)}`);
    return c.json({ ...answer, edge: { ...(answer.edge as object), id: edge.id, pop: edge.pop } });
  });

  r.get('/dashboard-info', (c) => c.json({ links: s.dashboardLinks ?? [] }));

  return r;
}

function chooseEdge(s: Services, pop: string | undefined, viewerAddress: string | undefined): EdgeState & { adminUrl: string } {
  // POP-tier edges first: they are the ones viewers reach (a regional or shield edge is asked when no POP edge is there).
  const all = s.propagation.registry.list().filter((e): e is EdgeState & { adminUrl: string } => e.status === 'live' && e.adminUrl !== undefined);
  const viewers = all.filter((e) => (e.tier ?? 'pop') === 'pop');
  const live = viewers.length > 0 ? [...viewers, ...all.filter((e) => !viewers.includes(e))] : all;
  if (pop) {
    const e = live.find((x) => x.pop === pop);
    if (!e) throw new ControlPlaneError('NoEdgeAvailable', `no live edge in POP ${pop} (live: ${live.map((x) => x.pop).join(', ') || 'none'})`);
    return e;
  }
  if (live.length === 0) throw new ControlPlaneError('NoEdgeAvailable', 'no live edge to explain with');
  const point = viewerAddress ? viewerPoint(s.geo.lookup(viewerAddress)) : undefined;
  if (point === undefined) return live[0]!;
  let best = live[0]!;
  let bestKm = Infinity;
  for (const e of viewers.length > 0 ? viewers : all) {
    const p = lookupPop(s.catalog, e.pop);
    const km = p === undefined ? Infinity : greatCircleKm(point, p);
    if (km < bestKm) {
      best = e;
      bestKm = km;
    }
  }
  return best;
}
