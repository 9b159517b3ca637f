// AWS's service model for CloudFront 2020-05-31 (model/service-2.json.gz, vendored from
// botocore by scripts/vendor-cloudfront-model.ts): the operations with their HTTP method and
// request URI, and the shapes the XML readers and writers walk. Nothing here is written per
// shape: a field CloudFront adds is a new model file, not new code.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The namespace of every request and response document (rest-xml protocol). */
export const XML_NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
export const API_VERSION = '2020-05-31';

/** Where a member lives: the body (absent), a header, a path label or a query parameter. */
export type Location = 'header' | 'uri' | 'querystring';

export interface MemberRef {
  shape: string;
  locationName?: string;
  location?: Location;
  xmlNamespace?: { uri: string };
}

export interface Shape {
  type: 'structure' | 'list' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'double' | 'float' | 'blob';
  members?: Record<string, MemberRef>;
  required?: string[];
  payload?: string;
  member?: MemberRef;
  enum?: string[];
  error?: { httpStatusCode: number; senderFault?: boolean };
  exception?: boolean;
}

export interface Operation {
  /** The operation's name without the model's version suffix: `CreateDistribution`. */
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: MemberRef;
  output?: MemberRef;
}

export interface ServiceModel {
  metadata: { apiVersion: string; signingName: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

let loaded: ServiceModel | undefined;

/** The model, read once (about 1.5 MB of JSON). */
export function serviceModel(): ServiceModel {
  if (loaded === undefined) {
    const json = gunzipSync(readFileSync(new URL('./model/service-2.json.gz', import.meta.url))).toString('utf8');
    const model = JSON.parse(json) as ServiceModel;
    for (const [name, op] of Object.entries(model.operations)) op.name = name;
    loaded = model;
  }
  return loaded;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`the CloudFront model has no shape ${name}`);
  return shape;
}

/** The element name of a member in XML: its locationName, else the member's name. */
export function elementName(name: string, ref: MemberRef): string {
  return ref.locationName ?? name;
}

/** An operation's request URI, compiled for matching. */
interface Route {
  op: Operation;
  /** Path segments: a literal, or a `{Label}` to capture. */
  segments: ({ literal: string } | { label: string })[];
  /** Query parameters the URI names (`?WithTags`, `?Operation=Tag`): present, with that value when given. */
  query: { name: string; value: string | undefined }[];
  /** More literals and query conditions win over fewer (`/distribution?WithTags` over `/distribution`). */
  weight: number;
}

let routes: Route[] | undefined;

function compile(model: ServiceModel): Route[] {
  return Object.values(model.operations).map((op) => {
    const [path = '', search] = op.http.requestUri.split('?');
    const segments = path
      .split('/')
      .slice(1)
      .map((s) => (/^\{(.+)\}$/.test(s) ? { label: s.slice(1, -1) } : { literal: s }));
    const query = (search ?? '')
      .split('&')
      .filter(Boolean)
      .map((p) => {
        const [name = '', value] = p.split('=');
        return { name, value };
      });
    const weight = segments.filter((s) => 'literal' in s).length + query.length;
    return { op, segments, query, weight };
  });
}

export interface RouteMatch {
  op: Operation;
  /** The URI labels, percent-decoded. */
  labels: Record<string, string>;
}

/** The operation a request names (method, raw path, query), or undefined. */
export function matchOperation(model: ServiceModel, method: string, rawPath: string, query: URLSearchParams): RouteMatch | undefined {
  routes ??= compile(model);
  const parts = rawPath.split('/').slice(1);
  let best: (RouteMatch & { weight: number }) | undefined;
  for (const r of routes) {
    if (r.op.http.method !== method || r.segments.length !== parts.length) continue;
    const labels: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const seg = r.segments[i] as Route['segments'][number];
      const part = parts[i] as string;
      if ('literal' in seg) ok = seg.literal === part;
      else {
        const value = safeDecode(part);
        ok = value !== undefined && value !== '';
        if (ok) labels[seg.label] = value as string;
      }
    }
    if (!ok || !r.query.every((q) => query.has(q.name) && (q.value === undefined || query.get(q.name) === q.value))) continue;
    if (best === undefined || r.weight > best.weight) best = { op: r.op, labels, weight: r.weight };
  }
  return best === undefined ? undefined : { op: best.op, labels: best.labels };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
