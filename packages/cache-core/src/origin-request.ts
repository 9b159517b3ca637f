import type { CachePolicy, Origin, OriginRequestPolicy } from '@cachefront/config';
import type { NormalizedEncoding } from './accept-encoding.ts';
import { parseCookies, splitQuery, type ViewerRequest } from './request.ts';

/**
 * What CloudFront sends to the origin ("Controlling origin requests", and "Request and
 * response behavior for custom origins"): everything in the cache key, plus what the
 * origin request policy adds; never hop-by-hop headers; plus its own headers.
 */
export interface OriginRequestContext {
  viewerIp: string;
  /**
   * The address the edge received the request from, appended to X-Forwarded-For (a trusted
   * proxy's when there is one; the viewer's otherwise). Default: viewerIp.
   */
  peerIp?: string;
  encoding: NormalizedEncoding;
  requestId: string;
  /** e.g. '1.1 node1.cachefront.local (cachefront)' */
  via: string;
  /** CloudFront-* headers computed for this request (issue: viewer location); lower-case names. */
  cloudFrontHeaders?: Readonly<Record<string, string>>;
}

export interface OriginRequestPlan {
  /** originPath + viewer path + forwarded query string. */
  path: string;
  headers: Record<string, string | string[]>;
}

export type OriginRequestFn = (req: ViewerRequest, ctx: OriginRequestContext) => OriginRequestPlan;

/** RFC 9110 §7.6.1 hop-by-hop headers, and the ones the CloudFront guide says it removes. */
const NEVER_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
  'x-forwarded-proto',
  'x-real-ip',
  'x-amz-cf-id',
  'x-http-method-override',
]);
/**
 * The header names a message's Connection field lists (RFC 9110 §7.6.1): hop-by-hop for
 * that connection, so neither forwarded nor stored (requests here, responses in the edge's
 * viewer headers). Undefined when it names none besides close / keep-alive.
 */
export function connectionListed(connection: string | string[] | undefined): Set<string> | undefined {
  if (connection === undefined) return undefined;
  const names = (Array.isArray(connection) ? connection.join(',') : connection)
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'close' && t !== 'keep-alive');
  return names.length > 0 ? new Set(names) : undefined;
}

/** Headers that describe a request body: always forwarded with it. */
const BODY_HEADERS = ['content-length', 'content-type', 'content-encoding'];

type Inclusion = (name: string) => boolean;

export function compileOriginRequest(policy: CachePolicy, orp: OriginRequestPolicy | undefined, origin: Origin): OriginRequestFn {
  const key = policy.parametersInCacheKeyAndForwardedToOrigin;
  const includeHeader = unionHeaders(key.headersConfig.headers, orp);
  const includeCookie = union(behaviorSet(key.cookiesConfig.cookieBehavior, key.cookiesConfig.cookies), orp && behaviorSet(orp.cookiesConfig.cookieBehavior, orp.cookiesConfig.cookies));
  const includeQuery = union(
    behaviorSet(key.queryStringsConfig.queryStringBehavior, key.queryStringsConfig.queryStrings),
    orp && behaviorSet(orp.queryStringsConfig.queryStringBehavior, orp.queryStringsConfig.queryStrings),
  );
  const cloudFrontHeaderNames = orp ? cloudFrontHeadersOf(key.headersConfig.headers, orp) : key.headersConfig.headers.filter((h) => h.startsWith('cloudfront-'));
  const prefix = origin.originPath;
  const custom = Object.entries(origin.customHeaders).map(([n, v]) => [n.toLowerCase(), v] as const);

  return (req, ctx) => {
    const headers: Record<string, string | string[]> = {};
    const listed = connectionListed(req.headers.connection);
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || NEVER_FORWARDED.has(name) || name === 'cookie' || name === 'accept-encoding') continue;
      if (listed?.has(name)) continue; // RFC 9110 §7.6.1: hop-by-hop for the viewer's connection
      if (name.startsWith('x-edge-') || name.startsWith('cloudfront-')) continue; // viewers cannot spoof these
      if (includeHeader(name)) headers[name] = value;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      for (const name of BODY_HEADERS) {
        const v = req.headers[name];
        if (v !== undefined) headers[name] = v;
      }
    }
    if (headers.host === undefined) headers.host = origin.domainName;

    // Accept-Encoding: normalized by the cache policy when it manages it, otherwise as
    // the viewer sent it if a policy forwards it.
    if (ctx.encoding.managed) {
      if (ctx.encoding.forward !== undefined) headers['accept-encoding'] = ctx.encoding.forward;
    } else if (includeHeader('accept-encoding') && req.headers['accept-encoding'] !== undefined) {
      headers['accept-encoding'] = req.headers['accept-encoding'];
    }

    const cookies = parseCookies(req.headers).filter(([name]) => includeCookie(name));
    if (cookies.length > 0) headers.cookie = cookies.map(([n, v]) => `${n}=${v}`).join('; ');

    for (const name of cloudFrontHeaderNames) {
      const v = ctx.cloudFrontHeaders?.[name];
      if (v !== undefined) headers[name] = v;
    }

    // "User-Agent header": CloudFront replaces it unless a policy forwards it.
    if (headers['user-agent'] === undefined) headers['user-agent'] = 'Amazon CloudFront';
    const xff = req.headers['x-forwarded-for'];
    // "X-Forwarded-For": the received list (if any), then the address the request came from.
    const peer = ctx.peerIp ?? ctx.viewerIp;
    headers['x-forwarded-for'] = xff === undefined ? peer : `${Array.isArray(xff) ? xff.join(', ') : xff}, ${peer}`;
    const via = req.headers.via;
    headers.via = via === undefined ? ctx.via : `${Array.isArray(via) ? via.join(', ') : via}, ${ctx.via}`;
    headers['x-amz-cf-id'] = ctx.requestId;
    for (const [n, v] of custom) headers[n] = v; // origin custom headers win

    const query = req.query === '' ? '' : filterQuery(req.query, includeQuery);
    return { path: prefix + req.path + (query === '' ? '' : `?${query}`), headers };
  };
}

function filterQuery(query: string, include: Inclusion): string {
  return splitQuery(query)
    .filter((p) => include(p.name))
    .map((p) => p.pair)
    .join('&');
}

function behaviorSet(behavior: 'none' | 'whitelist' | 'allExcept' | 'all', names: readonly string[]): Inclusion {
  if (behavior === 'none') return () => false;
  if (behavior === 'all') return () => true;
  const set = new Set(names);
  return behavior === 'whitelist' ? (n) => set.has(n) : (n) => !set.has(n);
}

function union(a: Inclusion, b: Inclusion | undefined): Inclusion {
  return b ? (n) => a(n) || b(n) : a;
}

function unionHeaders(keyHeaders: readonly string[], orp: OriginRequestPolicy | undefined): Inclusion {
  const inKey = new Set(keyHeaders.map((h) => h.toLowerCase()));
  if (!orp) return (n) => inKey.has(n);
  const listed = new Set(orp.headersConfig.headers.map((h) => h.toLowerCase()));
  switch (orp.headersConfig.headerBehavior) {
    case 'none':
      return (n) => inKey.has(n);
    case 'whitelist':
      return (n) => inKey.has(n) || listed.has(n);
    case 'allViewer':
    case 'allViewerAndWhitelistCloudFront':
      return () => true;
    case 'allExcept':
      return (n) => inKey.has(n) || !listed.has(n);
  }
}

function cloudFrontHeadersOf(keyHeaders: readonly string[], orp: OriginRequestPolicy): string[] {
  const names = new Set(keyHeaders.filter((h) => h.startsWith('cloudfront-')));
  const b = orp.headersConfig.headerBehavior;
  if (b === 'whitelist' || b === 'allViewerAndWhitelistCloudFront') {
    for (const h of orp.headersConfig.headers) if (h.toLowerCase().startsWith('cloudfront-')) names.add(h.toLowerCase());
  }
  return [...names];
}
