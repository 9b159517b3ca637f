import { UsageError } from './usage.ts';

/** Where the CLI finds the control plane and its token: flags, then the environment. */
export interface ApiTarget {
  url: string;
  token: string;
}

export const DEFAULT_CONTROL_PLANE = 'http://127.0.0.1:8787';

export function apiTarget(flags: { 'control-plane'?: string | undefined; token?: string | undefined }): ApiTarget {
  const url = (flags['control-plane'] ?? process.env.CACHEFRONT_CONTROL_PLANE ?? DEFAULT_CONTROL_PLANE).replace(/\/+$/, '');
  const token = flags.token ?? process.env.CACHEFRONT_TOKEN;
  if (!token) {
    throw new UsageError('no token: pass --token T or set CACHEFRONT_TOKEN (mint one with `cachefront token --scope write`)');
  }
  return { url, token };
}

/** A control-plane API error, with CloudFront's error code. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface ApiResponse<T> {
  status: number;
  etag: string | undefined;
  body: T;
}

/** One JSON call to the control plane. Non-2xx answers become ApiErrors listing any issues. */
export async function api<T>(t: ApiTarget, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${t.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'Unreachable', `cannot reach the control plane at ${t.url}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } } | undefined)?.error;
    const issues = e?.issues?.map((i) => `\n  ${i.path || '(top)'}: ${i.message}`).join('') ?? '';
    throw new ApiError(res.status, e?.code ?? `HTTP${res.status}`, `${res.status} ${e?.code ?? ''}: ${e?.message ?? text.slice(0, 200)}${issues}`);
  }
  return { status: res.status, etag: res.headers.get('etag') ?? undefined, body: parsed as T };
}
