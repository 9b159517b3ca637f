import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ResponseHeadersPolicy } from '@cachefront/config';

/**
 * A behavior's response headers policy, compiled ("Add or remove HTTP headers in CloudFront
 * responses with a policy"): applied to every response the behavior sends (hits, misses,
 * errors, redirects), after a viewer-response function's changes, and the answer to a CORS
 * preflight when the policy has a CORS config.
 */
export interface ResponseHeadersRule {
  policy: ResponseHeadersPolicy;
  /** The header list (flat, as writeHead takes it) with the policy applied for this request; `timing` feeds Server-Timing's durations. */
  apply(flat: string[], request: IncomingHttpHeaders, timing?: ServerTimingDurations): string[];
  /** A CORS preflight (OPTIONS with Origin and Access-Control-Request-Method): the answer's headers; undefined when it is not one or the origin is not allowed. */
  preflight(method: string, request: IncomingHttpHeaders): string[] | undefined;
  /** What the policy adds and removes, for explain. */
  describe(): string;
}

/** What this edge measured for a request, in milliseconds, when its answer's headers are written. */
export interface ServerTimingDurations {
  /** From receiving the request to sending the answer's first byte (now). */
  downstreamFbl: number;
  /** From sending the origin (or parent tier) request to its answer's headers: only when the origin was asked. */
  upstreamFbl?: number | undefined;
}

const ALL_METHODS = ['GET', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'HEAD'];

export function compileResponseHeadersPolicy(policy: ResponseHeadersPolicy, random: () => number = Math.random): ResponseHeadersRule {
  const remove = new Set(policy.removeHeadersConfig);
  // Security and custom headers: [name, value, override].
  const fixed: [string, string, boolean][] = [];
  const s = policy.securityHeadersConfig;
  if (s?.xssProtection) {
    const x = s.xssProtection;
    const value = !x.protection ? '0' : `1${x.modeBlock ? '; mode=block' : ''}${x.reportUri !== undefined && !x.modeBlock ? `; report=${x.reportUri}` : ''}`;
    fixed.push(['x-xss-protection', value, x.override]);
  }
  if (s?.frameOptions) fixed.push(['x-frame-options', s.frameOptions.frameOption, s.frameOptions.override]);
  if (s?.referrerPolicy) fixed.push(['referrer-policy', s.referrerPolicy.referrerPolicy, s.referrerPolicy.override]);
  if (s?.contentSecurityPolicy) fixed.push(['content-security-policy', s.contentSecurityPolicy.contentSecurityPolicy, s.contentSecurityPolicy.override]);
  if (s?.contentTypeOptions) fixed.push(['x-content-type-options', 'nosniff', s.contentTypeOptions.override]);
  if (s?.strictTransportSecurity) {
    const t = s.strictTransportSecurity;
    fixed.push(['strict-transport-security', `max-age=${t.accessControlMaxAgeSec}${t.includeSubdomains ? '; includeSubDomains' : ''}${t.preload ? '; preload' : ''}`, t.override]);
  }
  for (const c of policy.customHeadersConfig) fixed.push([c.header, c.value, c.override]);
  const cors = policy.corsConfig;
  const serverTiming = policy.serverTimingHeadersConfig?.enabled ? policy.serverTimingHeadersConfig : undefined;
  const methods = cors === undefined ? '' : (cors.accessControlAllowMethods.includes('ALL') ? ALL_METHODS : cors.accessControlAllowMethods).join(', ');

  /** The Access-Control-Allow-Origin value for a request's Origin, or undefined when it is not allowed. */
  const allowOrigin = (origin: string | undefined): { value: string; vary: boolean } | undefined => {
    if (cors === undefined || origin === undefined) return undefined;
    if (cors.accessControlAllowOrigins.includes('*')) return { value: '*', vary: false };
    const o = origin.toLowerCase();
    const ok = cors.accessControlAllowOrigins.some((allowed) => {
      const a = allowed.toLowerCase();
      if (!a.includes('*')) return a === o;
      // A wildcard subdomain, e.g. https://*.example.com.
      const [before, after] = a.split('*', 2) as [string, string];
      return o.startsWith(before) && o.endsWith(after) && o.length > before.length + after.length;
    });
    return ok ? { value: origin, vary: true } : undefined;
  };

  return {
    policy,
    apply(flat, request, timing) {
      const out: string[] = [];
      const present = new Set<string>();
      for (let i = 0; i < flat.length; i += 2) {
        const name = flat[i]!.toLowerCase();
        if (remove.has(name)) continue;
        present.add(name);
        out.push(flat[i]!, flat[i + 1]!);
      }
      const set = (name: string, value: string, override: boolean) => {
        if (present.has(name)) {
          if (!override) return;
          for (let i = out.length - 2; i >= 0; i -= 2) if (out[i]!.toLowerCase() === name) out.splice(i, 2);
        }
        out.push(name, value);
        present.add(name);
      };
      for (const [name, value, override] of fixed) set(name, value, override);
      if (serverTiming && random() * 100 < serverTiming.samplingRate) {
        const value = serverTimingOf(out, timing);
        if (value) out.push('server-timing', value);
      }
      if (cors) {
        const origin = typeof request.origin === 'string' ? request.origin : undefined;
        const allowed = allowOrigin(origin);
        // Origin override off: an origin that answered with its own CORS headers keeps them.
        if (allowed && (cors.originOverride || !present.has('access-control-allow-origin'))) {
          set('access-control-allow-origin', allowed.value, true);
          if (cors.accessControlAllowCredentials) set('access-control-allow-credentials', 'true', true);
          if (cors.accessControlExposeHeaders.length > 0) set('access-control-expose-headers', cors.accessControlExposeHeaders.join(', '), true);
          if (allowed.vary) appendVary(out, 'Origin');
        }
      }
      return out;
    },
    preflight(method, request) {
      if (cors === undefined || method !== 'OPTIONS') return undefined;
      const origin = typeof request.origin === 'string' ? request.origin : undefined;
      if (origin === undefined || request['access-control-request-method'] === undefined) return undefined;
      const allowed = allowOrigin(origin);
      if (!allowed) return undefined;
      const out = ['access-control-allow-origin', allowed.value, 'access-control-allow-methods', methods];
      if (cors.accessControlAllowHeaders.length > 0) out.push('access-control-allow-headers', cors.accessControlAllowHeaders.join(', '));
      if (cors.accessControlAllowCredentials) out.push('access-control-allow-credentials', 'true');
      if (cors.accessControlMaxAgeSec !== undefined) out.push('access-control-max-age', String(cors.accessControlMaxAgeSec));
      if (allowed.vary) out.push('vary', 'Origin');
      return out;
    },
    describe() {
      const parts: string[] = [];
      if (fixed.length > 0) parts.push(`adds ${fixed.map(([n, v, o]) => `${n}: ${v}${o ? ' (overrides the origin)' : ''}`).join('; ')}`);
      if (remove.size > 0) parts.push(`removes ${[...remove].join(', ')}`);
      if (cors) parts.push(`CORS for origins ${cors.accessControlAllowOrigins.join(' ')} (methods ${methods}${cors.originOverride ? ', overrides the origin' : ''}); preflights answered at the edge`);
      return `${policy.name}: ${parts.join('; ') || 'no headers'}`;
    },
  };
}

/**
 * CloudFront's Server-Timing metrics ("Server-Timing header" in the guide) that this edge
 * knows: cdn-cache-hit / -miss / -refresh (from X-Cache), cdn-pop (X-Amz-Cf-Pop), cdn-rid
 * (X-Amz-Cf-Id), cdn-hit-layer on hits, cdn-upstream-fbl when the origin was asked and
 * cdn-downstream-fbl (`dur` in ms). cdn-upstream-dns and cdn-upstream-connect are left out:
 * origin connections are pooled and their setup is not timed per request.
 */
function serverTimingOf(flat: string[], timing: ServerTimingDurations | undefined): string | undefined {
  const get = (name: string) => {
    for (let i = 0; i < flat.length; i += 2) if (flat[i]!.toLowerCase() === name) return flat[i + 1];
    return undefined;
  };
  const xCache = get('x-cache');
  if (xCache === undefined) return undefined;
  const parts: string[] = [];
  if (xCache.startsWith('RefreshHit')) parts.push('cdn-cache-refresh');
  else if (xCache.startsWith('Hit')) parts.push('cdn-cache-hit');
  else if (xCache.startsWith('Miss')) parts.push('cdn-cache-miss');
  const pop = get('x-amz-cf-pop');
  if (pop !== undefined) parts.push(`cdn-pop;desc="${pop}"`);
  const rid = get('x-amz-cf-id');
  if (rid !== undefined) parts.push(`cdn-rid;desc="${rid}"`);
  if (xCache.startsWith('Hit')) parts.push('cdn-hit-layer;desc="EDGE"');
  if (timing?.upstreamFbl !== undefined) parts.push(`cdn-upstream-fbl;dur=${Math.round(timing.upstreamFbl)}`);
  if (timing) parts.push(`cdn-downstream-fbl;dur=${Math.round(timing.downstreamFbl)}`);
  return parts.length > 0 ? parts.join(',') : undefined;
}

function appendVary(out: string[], value: string): void {
  for (let i = 0; i < out.length; i += 2) {
    if (out[i]!.toLowerCase() !== 'vary') continue;
    if (!out[i + 1]!.split(',').some((v) => v.trim().toLowerCase() === value.toLowerCase())) out[i + 1] = `${out[i + 1]}, ${value}`;
    return;
  }
  out.push('vary', value);
}

/** Makes every writeHead of `res` apply `rule` for `request`'s headers (`timing`: Server-Timing's durations at that moment). */
export function applyOnWriteHead(res: ServerResponse, rule: ResponseHeadersRule, request: IncomingHttpHeaders, timing?: () => ServerTimingDurations): void {
  const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
  res.writeHead = function (this: ServerResponse, status: number, a?: unknown, b?: unknown) {
    const reason = typeof a === 'string' ? a : undefined;
    const headers = (reason === undefined ? a : b) as OutgoingHttpHeaders | string[] | undefined;
    const out = rule.apply(toFlat(headers), request, timing?.());
    return writeHead.apply(this, reason === undefined ? [status, out] : [status, reason, out]);
  } as ServerResponse['writeHead'];
}

function toFlat(headers: OutgoingHttpHeaders | string[] | undefined): string[] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) return headers.map(String);
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) out.push(k, String(x));
    else out.push(k, String(v));
  }
  return out;
}
