// A tiny HTTP client for readiness and correctness checks (not for load: wrk does that).
// node:http rather than fetch(), so the Host header can be set freely.
import { request, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET on a fresh connection (so a multi-worker target spreads them over workers). */
export function get(url: string, opts: { host?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    // https: the bench's own targets, with certificates from a local CA: not verified.
    const send = url.startsWith('https:') ? httpsRequest : request;
    const req = send(url, { method: 'GET', agent: false, headers: { ...opts.headers, ...(opts.host && { host: opts.host }) }, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(opts.timeoutMs ?? 5000, () => req.destroy(new Error(`GET ${url}: timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export async function getJson(url: string): Promise<unknown> {
  const res = await get(url);
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return JSON.parse(res.body.toString('utf8'));
}

/**
 * Polls `check` until it returns true. Fails at the deadline, or at once when `gone()`
 * says the process being waited for has exited (with its reason).
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; gone?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  for (;;) {
    const reason = opts.gone?.();
    if (reason) throw new Error(reason);
    try {
      if (await check()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${opts.timeoutMs} ms${last ? ` (${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
