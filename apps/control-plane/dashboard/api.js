// Session and API client. The token lives in memory and in this tab's sessionStorage only,
// and travels as `Authorization: Bearer` on each API call.

export const TOKEN_KEY = 'cachefront.dashboard.token';
/** The API root: the dashboard is served at `<root>/dashboard/`. */
export const API_ROOT = typeof location === 'undefined' ? '' : new URL('../', location.href).href;

/** The signed-in token; `gen` counts sign-ins and sign-outs, so a late answer to an old session is dropped. */
export const session = { token: '', gen: 0, scopes: new Set() };

export class ApiError extends Error {
  constructor(status, code, message, issues = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = Array.isArray(issues) ? issues : [];
  }
}

export async function errorFrom(res) {
  const text = await res.text().catch(() => '');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const e = body && typeof body === 'object' ? body.error : undefined;
  if (e && typeof e === 'object') return new ApiError(res.status, String(e.code ?? ''), String(e.message ?? ''), e.issues);
  return new ApiError(res.status, '', text.trim().slice(0, 500) || res.statusText || 'request failed');
}

/**
 * The token is no good for this dashboard (a 401, or a 403 on a read): back to the sign-in
 * form with the API's message. A 403 on a change (a read-only token creating an
 * invalidation) is shown where the change was asked for instead, so a read token can still
 * look around.
 */
export function authFailed(err, gen) {
  if (gen === session.gen && session.token) authFailureHandler(`${err.code || `HTTP ${err.status}`}: ${err.message}`);
}

/** @type {(message: string) => void} */
let authFailureHandler = () => {};
/** Who hears that the token is no good, with the message to show (the sign-in view: it signs out). */
export function onAuthFailure(fn) {
  authFailureHandler = fn;
}

export async function api(method, path, body) {
  const gen = session.gen;
  if (!session.token) throw new ApiError(0, 'NotSignedIn', 'not signed in');
  const headers = { authorization: `Bearer ${session.token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(new URL(path.replace(/^\//, ''), API_ROOT), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (err) {
    throw new ApiError(0, 'NetworkError', `cannot reach the control plane: ${err.message}`);
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 || (res.status === 403 && (method === 'GET' || method === 'HEAD'))) authFailed(err, gen);
    throw err;
  }
  if (gen !== session.gen) throw new ApiError(0, 'SignedOut', 'signed out');
  const text = await res.text();
  return text === '' ? undefined : JSON.parse(text);
}
