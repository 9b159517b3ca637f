// The edge <-> control plane protocol (docs/control-plane.md, "Edges"): an edge holds
// `GET /v1/edges/stream` open (server-sent events), applies what it receives strictly in
// seq order, and acks each seq it applied with `POST /v1/edges/:id/acks`.

import type { Issue } from '@cachefront/config';
import type { AckUsage } from './usage.ts';

export const EDGE_STREAM_PATH = '/v1/edges/stream';
export const edgeAckPath = (edgeId: string): string => `/v1/edges/${encodeURIComponent(edgeId)}/acks`;
export const edgeLogsPath = (edgeId: string): string => `/v1/edges/${encodeURIComponent(edgeId)}/logs`;

/** The SSE event names of the edge stream; an edge ignores names it does not know. */
export type EdgeEventName = 'hello' | 'config' | 'invalidation' | 'ping' | 'parents';

/** An edge's cache tier (`cachefront edge --tier`): POP edges serve viewers; regional and shield edges are parents. */
export type EdgeTier = 'pop' | 'regional' | 'shield';
export const EDGE_TIERS: readonly EdgeTier[] = ['pop', 'regional', 'shield'];

/** `hello`: the first event on a stream. */
export interface HelloData {
  edgeId: string;
  /** The control plane's head seq. */
  seq: number;
  heartbeatMs: number;
}

/** `config`: the whole config this edge serves (for its POP), as of `seq`. `config` is a CachefrontConfig. */
export interface ConfigData {
  seq: number;
  config: unknown;
}

/** `invalidation`: drop these paths of one distribution. */
export interface InvalidationData {
  seq: number;
  id: string;
  distributionId: string;
  paths: string[];
}

/**
 * `parents`: where this edge fetches the cacheable misses of each origin with Origin
 * Shield enabled (sent to pop and regional edges after the catch-up, then whenever it
 * changes). Not a versioned change: no seq, no ack; each one replaces the last. An edge
 * that does not know the event fetches from the origin (or its `--parent`) as before.
 */
export interface ParentsData {
  routes: ShieldRoute[];
}

/** One origin's Origin Shield, as the control plane resolved it. */
export interface ShieldRoute {
  distributionId: string;
  originId: string;
  /** The origin's originShieldRegion. */
  region: string;
  /** The shield edge of that Region: its id and viewer URL. Absent: no live shield edge there (the origin directly). */
  shield?: { edgeId: string; url: string };
}

/** `ping`: every heartbeat, with the control plane's head seq. */
export interface PingData {
  seq: number;
}

/** One SSE event as sent: its name and its JSON data. */
export interface EdgeEvent {
  event: EdgeEventName;
  data: string;
}

/** An event an edge applies (and then acks). */
export type ControlEvent = ({ type: 'config' } & ConfigData) | ({ type: 'invalidation' } & InvalidationData);

/** The stream request's query: `?edge=ID&pop=POP&since=SEQ[&url=URL][&admin=URL][&tier=TIER]`. */
export interface StreamRequest {
  edge: string;
  pop: string;
  since: number;
  /** Where viewers reach the edge (optional; the resolver needs it). */
  url?: string;
  /** The edge's admin URL (optional; explain is asked there). */
  admin?: string;
  /** Its cache tier (absent: pop). Shield edges of a POP's Region become Origin Shields; the resolver names pop edges only. */
  tier?: EdgeTier;
}

/** The body of an ack. */
export interface AckBody {
  /** The last seq the edge applied in every worker. */
  seq: number;
  /** What each distribution served since the previous delivered ack. */
  usage?: AckUsage;
}

export const EDGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** As `cachefront edge --pop` accepts (CloudFront's look like FRA56-P1). */
export const POP_CODE = /^[A-Z0-9-]{2,16}$/;
const SEQ = /^\d{1,15}$/;
const HTTP_ORIGIN = /^https?:\/\/[^/\s]+$/;

/** The stream request's query, every problem reported (`since` absent means 0). */
export function parseStreamQuery(q: Record<string, string | undefined>): { value: StreamRequest; issues?: undefined } | { value?: undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const { edge = '', pop = '', since = '0', url, admin, tier } = q;
  if (!EDGE_ID.test(edge)) issues.push({ path: 'edge', message: 'must be 1 to 64 letters, digits, - or _ (the id the edge keeps in its state dir)' });
  if (!POP_CODE.test(pop)) issues.push({ path: 'pop', message: "must be a POP code: 2 to 16 upper-case letters, digits or '-', e.g. FRA or FRA56-P1" });
  if (!SEQ.test(since)) issues.push({ path: 'since', message: 'must be an integer >= 0: the last seq the edge applied (0 for none)' });
  if (url !== undefined && !HTTP_ORIGIN.test(url)) issues.push({ path: 'url', message: 'must be the http(s) origin viewers reach the edge at, e.g. http://127.0.0.1:8080' });
  if (admin !== undefined && !HTTP_ORIGIN.test(admin)) issues.push({ path: 'admin', message: "must be the http(s) origin of the edge's admin port, e.g. http://127.0.0.1:9901" });
  if (tier !== undefined && !(EDGE_TIERS as readonly string[]).includes(tier)) issues.push({ path: 'tier', message: `must be one of ${EDGE_TIERS.join(', ')} (cachefront edge --tier)` });
  if (issues.length > 0) return { issues };
  return { value: { edge, pop, since: Number(since), ...(url === undefined ? {} : { url }), ...(admin === undefined ? {} : { admin }), ...(tier === undefined ? {} : { tier: tier as EdgeTier }) } };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A `parents` event's data, every problem reported with its path (an edge keeps its routes on any). */
export function parseParents(data: unknown): { value: ShieldRoute[]; issues?: undefined } | { value?: undefined; issues: Issue[] } {
  const routes = isRecord(data) ? data.routes : undefined;
  if (!Array.isArray(routes)) return { issues: [{ path: 'routes', message: 'must be a list of origin shield routes' }] };
  const issues: Issue[] = [];
  const value: ShieldRoute[] = [];
  routes.forEach((r: unknown, i) => {
    const at = `routes[${i}]`;
    if (!isRecord(r)) return void issues.push({ path: at, message: 'must be {distributionId, originId, region[, shield]}' });
    const { distributionId, originId, region, shield } = r;
    const before = issues.length;
    for (const [k, v] of Object.entries({ distributionId, originId, region })) {
      if (typeof v !== 'string' || v === '') issues.push({ path: `${at}.${k}`, message: 'must be a non-empty string' });
    }
    const edgeId = isRecord(shield) ? shield.edgeId : undefined;
    const url = isRecord(shield) ? shield.url : undefined;
    if (shield !== undefined && (typeof edgeId !== 'string' || !EDGE_ID.test(edgeId) || typeof url !== 'string' || !HTTP_ORIGIN.test(url))) {
      issues.push({ path: `${at}.shield`, message: "must be {edgeId, url}: the shield edge's id and viewer URL" });
    }
    if (issues.length > before) return;
    const route: ShieldRoute = { distributionId: distributionId as string, originId: originId as string, region: region as string };
    if (shield !== undefined) route.shield = { edgeId: edgeId as string, url: url as string };
    value.push(route);
  });
  return issues.length > 0 ? { issues } : { value };
}
