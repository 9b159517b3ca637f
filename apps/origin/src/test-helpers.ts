// Shared helpers for the origin's tests (not a test file itself).
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
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

/** Sends one /_origin/faults request (JSON body) and returns status and parsed body. */
export async function faultsApi(
  baseUrl: string,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  body?: unknown,
  path = '/_origin/faults',
): Promise<{ status: number; headers: Headers; json: { rules: Record<string, unknown>[]; listener: string } & Record<string, unknown> }> {
  const init: RequestInit = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(baseUrl + path, init);
  return { status: res.status, headers: res.headers, json: (await res.json()) as never };
}

/** A plain TCP connect with its own timeout: how it ended and after how many ms. */
export function tcpConnect(port: number, timeoutMs: number, host = '127.0.0.1'): Promise<{ outcome: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ port, host });
    const done = (outcome: string) => {
      socket.destroy();
      resolve({ outcome, ms: performance.now() - started });
    };
    socket.setTimeout(timeoutMs, () => done('timeout'));
    socket.once('connect', () => done('connected'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}
