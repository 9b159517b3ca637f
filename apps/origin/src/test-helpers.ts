// Shared helpers for the origin's tests (not a test file itself).
import { request, type IncomingHttpHeaders } from 'node:http';
import { after } from 'node:test';
import { startOrigin, type RunningOrigin, type StartOriginOptions } from './server.ts';

/** Starts a silent origin on an ephemeral loopback port, closed after the test file (call at top level). */
export async function testOrigin(opts: Partial<StartOriginOptions> = {}): Promise<RunningOrigin> {
  const origin = await startOrigin({ port: 0, logger: false, ...opts });
  after(() => origin.close());
  return origin;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP/1.1 request over node:http with the target sent byte for byte (no URL
 * normalization) and header lines exactly as given (flat [name, value, ...] list).
 */
export function rawRequest(
  baseUrl: string,
  opts: { method?: string; path: string; headers?: string[]; body?: string | Buffer },
): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const headers = [...(opts.headers ?? [])];
  const has = (name: string) => headers.some((value, i) => i % 2 === 0 && value.toLowerCase() === name);
  if (!has('host')) headers.unshift('Host', host);
  if (opts.body !== undefined && !has('content-length')) headers.push('Content-Length', String(Buffer.byteLength(opts.body)));
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: opts.method ?? 'GET', path: opts.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
