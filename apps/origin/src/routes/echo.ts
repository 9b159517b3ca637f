// ANY /echo[/*] — reports exactly what arrived: method, target, headers, cookies, body.
import { Hono, type Context } from 'hono';
import { parseCookieHeader } from '../cookies.ts';
import { receivedHeaders } from '../received-headers.ts';
import { requestTarget, type OriginEnv } from '../request-target.ts';
import { respond } from '../respond.ts';

export interface EchoReport {
  method: string;
  path: string;
  query: string;
  queryParams: Record<string, string[]>;
  headers: Record<string, string>;
  rawHeaders: [string, string][];
  cookies: Record<string, string>;
  body: string;
  bodyLength: number;
}

export function echoRoutes(now: () => number): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  const handler = async (c: Context<OriginEnv>) => {
    const { path, query } = requestTarget(c);
    const { headers, rawHeaders } = receivedHeaders(c);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const report: EchoReport = {
      method: c.req.method,
      path,
      query,
      queryParams: queryParams(query),
      headers,
      rawHeaders,
      cookies: parseCookieHeader(headers.cookie),
      body: new TextDecoder().decode(bytes),
      bodyLength: bytes.byteLength,
    };
    return respond(c, { status: 200, headers: { 'content-type': 'application/json' }, body: () => JSON.stringify(report) }, now());
  };
  app.all('/', handler);
  app.all('/*', handler);
  return app;
}

function queryParams(query: string): Record<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query)) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return Object.fromEntries(params);
}
