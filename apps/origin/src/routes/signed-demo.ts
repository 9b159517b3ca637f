// /signed-demo/ — a visitor "signs in" and gets a signed URL and signed cookies for /private/*,
// then the page tries them (and broken variants) through the edge. See signed-demo/page.html.
import { Hono, type Context } from 'hono';
import type { OriginEnv } from '../request-target.ts';
import { grant } from '../signed-demo/grant.ts';
import type { SignedDemoKey } from '../signed-demo/key.ts';
import { demoPage, NOT_CONFIGURED_PAGE } from '../signed-demo/page.ts';
import { signedCookieHeaders } from '../signed-demo/set-cookie.ts';
import { MAX_BODY_BYTES, parseSignRequest, type Issue } from '../signed-demo/sign-request.ts';

export const SIGNED_DEMO_PATH = '/signed-demo';

const NO_STORE = 'no-store';

/** Routes with full paths (mount at `/`): `/signed-demo` -> `/signed-demo/`, the page, `POST /signed-demo/sign`. */
export function signedDemoRoutes(key: SignedDemoKey | undefined, now: () => number): Hono<OriginEnv> {
  const app = new Hono<OriginEnv>();
  if (!key) {
    const notConfigured = (c: Context<OriginEnv>) => c.html(NOT_CONFIGURED_PAGE, 404, { 'cache-control': NO_STORE });
    app.all(SIGNED_DEMO_PATH, notConfigured);
    app.all(`${SIGNED_DEMO_PATH}/*`, notConfigured);
    return app;
  }

  app.get(SIGNED_DEMO_PATH, (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`${SIGNED_DEMO_PATH}/${query}`, 301);
  });
  app.get(`${SIGNED_DEMO_PATH}/`, (c) => {
    const page = demoPage();
    return c.html(page.html, 200, { 'cache-control': NO_STORE, 'content-security-policy': page.csp, 'x-content-type-options': 'nosniff' });
  });
  app.post(`${SIGNED_DEMO_PATH}/sign`, async (c) => {
    const type = c.req.header('content-type') ?? '';
    // JSON only: a cross-site <form> cannot send it without a CORS preflight.
    if (!/^application\/json\s*(;|$)/i.test(type)) return invalid([{ path: '', message: 'Content-Type must be application/json' }]);
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!HOST.test(host)) return invalid([{ path: 'Host', message: `the Host header ${JSON.stringify(host)} is not a host[:port]` }]);
    const body = await c.req.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES) return invalid([{ path: '', message: `the body is larger than ${MAX_BODY_BYTES} bytes` }]);
    const parsed = parseSignRequest(new TextDecoder().decode(body));
    if ('issues' in parsed) return invalid(parsed.issues);
    const result = grant({ request: parsed.value, key, host, viewerIp: viewerIp(c.req.header('x-forwarded-for')), now: now() });
    const headers = new Headers({ 'content-type': 'application/json', 'cache-control': NO_STORE, 'x-content-type-options': 'nosniff' });
    for (const line of signedCookieHeaders(result.cookies)) headers.append('set-cookie', line);
    return new Response(safeJson(result), { status: 200, headers });
  });
  return app;
}

/** A DNS name or IPv4 address, or a bracketed IPv6 literal, then an optional port (RFC 9110 §7.2). */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function invalid(issues: Issue[]): Response {
  const message = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
  return Response.json({ error: 'BAD_REQUEST', message, issues }, { status: 400, headers: { 'cache-control': NO_STORE } });
}

/** JSON with `<`, `>` and `&` as \u escapes: the visitor's name can never read as markup, whatever sniffs it. */
function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The edge appends the address it saw to X-Forwarded-For, so the last entry is the viewer's. */
function viewerIp(xff: string | undefined): string | undefined {
  const last = xff?.split(',').at(-1)?.trim();
  if (!last) return undefined;
  return last.toLowerCase().startsWith('::ffff:') && last.includes('.') ? last.slice(7) : last;
}
