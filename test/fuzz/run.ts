// The fuzzers' drivers and invariants (DESIGN "Security invariants"): used by the short run
// in test/fuzz.test.ts and the long one in `npm run fuzz` (bench/fuzz.ts).

import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { originResolutions } from '@cachefront/cache-core';
import { parseConfig } from '@cachefront/config';
import { mulberry32 } from '@cachefront/observe';
import { fuzzRequest } from './requests.ts';
import { mutate, validDistribution, validOriginAccessControl, validResponseHeadersPolicy } from './configs.ts';

/**
 * Response headers the origin answers with, chosen by the request target (so a seed gives
 * the same answers): what the edge parses and stores from an origin. Age that is a list,
 * two lines, negative or huge; Connection naming end-to-end headers; Vary; validators (the
 * stored copy then answers conditionals and ranges); directives that forbid a stale copy.
 */
export const ORIGIN_ANSWERS: [status: number, headers: string[]][] = [
  [200, []],
  [200, ['cache-control', 'max-age=60', 'etag', '"v1"', 'last-modified', 'Tue, 01 Dec 2026 00:00:00 GMT']],
  [200, ['cache-control', 'max-age=60', 'age', 'abc']],
  [200, ['cache-control', 'max-age=60', 'age', '0', 'age', '7200', 'etag', '"v2"']],
  [200, ['cache-control', 'max-age=60', 'connection', 'x-a, cache-control, content-length', 'x-a', '1']],
  [200, ['cache-control', 'max-age=0, must-revalidate', 'last-modified', 'Tue, 01 Dec 2026 00:00:00 GMT']],
  [200, ['cache-control', 's-maxage=60, stale-while-revalidate=30, stale-if-error=60', 'vary', 'Accept-Encoding, X-Other, *']],
  [200, ['cache-control', 'max-age=99999999999999999999', 'age', '99999999999999999999']],
  [200, ['expires', '0', 'age', '-1', 'etag', 'W/"weak"']],
  [200, ['cache-control', 'public, max-age=60', 'age', '2147483648', 'vary', 'Authorization']],
  [404, ['cache-control', 'max-age=5', 'age', '3600, 3600']],
  [200, ['cache-control', 'no-cache="set-cookie", max-age=60', 'set-cookie', 'a=b']],
];

function originAnswer(url: string, answers: [number, string[]][]): [number, string[]] {
  let h = 0;
  for (let i = 0; i < url.length; i++) h = (Math.imul(h, 31) + url.charCodeAt(i)) | 0;
  return answers[Math.abs(h) % answers.length]!;
}

/** An origin that answers everything (never 5xx: that is cachefront's own) and records every request target it received. */
export async function recordingOrigin(answers = ORIGIN_ANSWERS): Promise<{ port: number; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const server: Server = createServer((req, res) => {
    targets.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      const [status, headers] = originAnswer(req.url ?? '', answers);
      res.writeHead(status, headers).end('ok 0123456789');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { port, targets, close: () => new Promise((r) => server.close(() => r())) };
}

/** How origins may resolve a raw target's path (cache-core's originResolutions). */
export function targetResolutions(target: string): string[] {
  return originResolutions(target.replace(/^https?:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '');
}

/** Sends raw bytes (over TLS with `tls`), half-closes, and returns what came back (until the server closes, or `timeoutMs`). */
export function sendRaw(port: number, bytes: string, timeoutMs = 5000, tls?: { ca: string; servername: string }): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const s = tls ? connectTls({ host: '127.0.0.1', port, ...tls, ALPNProtocols: ['http/1.1'] }, () => s.end(bytes)) : connect(port, '127.0.0.1', () => s.end(bytes));
    const timer = setTimeout(() => s.destroy(), timeoutMs);
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    s.on('error', () => undefined);
  });
}

export interface Violation {
  invariant: string;
  detail: string;
  /** What reproduces it: the seed and the request's (or config's) index. */
  seed: number;
  index: number;
}

/**
 * `count` seeded raw requests at the edge (`concurrency` at a time). Violations: a 5xx
 * status (the origin never sends one, so it is cachefront's own); no answer at all (every
 * request is answered, a refusal included, before the connection closes: the client
 * half-closes after sending, and a body that breaks off is a 400); an origin request for a
 * path under /private/ (nothing is signed, so nothing may reach it).
 */
export async function fuzzRequests(o: { seed: number; count: number; edgePort: number; origin: { targets: string[] }; concurrency?: number; tls?: { ca: string; servername: string } }): Promise<{ violations: Violation[]; statuses: Record<string, number> }> {
  const random = mulberry32(o.seed);
  const requests = Array.from({ length: o.count }, () => fuzzRequest(random));
  const violations: Violation[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const index = next++;
      const r = requests[index]!;
      const answer = await sendRaw(o.edgePort, r.bytes, 5000, o.tls);
      if (!/^HTTP\/1\.[01] \d{3} /.test(answer)) violations.push({ invariant: 'every request is answered', detail: `${JSON.stringify(answer.slice(0, 100))} for ${JSON.stringify(r.bytes.slice(0, 300))}`, seed: o.seed, index });
      for (const m of answer.matchAll(/HTTP\/1\.[01] (\d{3}) /g)) {
        statuses[m[1]!] = (statuses[m[1]!] ?? 0) + 1;
        if (m[1]!.startsWith('5')) violations.push({ invariant: 'no 5xx from cachefront', detail: `${m[1]} for ${JSON.stringify(r.bytes.slice(0, 300))}`, seed: o.seed, index });
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 8 }, lane));
  for (const t of o.origin.targets) {
    if (targetResolutions(t).some((p) => p.startsWith('/private/'))) violations.push({ invariant: 'nothing unsigned reaches a signed path', detail: `the origin received ${JSON.stringify(t)}`, seed: o.seed, index: -1 });
  }
  return { violations, statuses };
}

/** One fuzzed config entry: its body, the control plane collection it is posted to, and what the validator said. */
export interface ConfigCase {
  body: unknown;
  path: '/v1/distributions' | '/v1/response-headers-policies' | '/v1/origin-access-controls';
  valid: boolean;
}

/**
 * `count` seeded configs through the validator: parseConfig never throws, and answers a
 * value or issues that each name a path. Every eighth is an origin access control, every
 * other fourth a response headers policy, the rest distributions. Returns the mutated
 * entries (for the control plane and the edge) with what the validator said of each.
 */
export function fuzzValidator(o: { seed: number; count: number; originPort: number }): { violations: Violation[]; cases: ConfigCase[] } {
  const random = mulberry32(o.seed);
  const violations: Violation[] = [];
  const cases: ConfigCase[] = [];
  for (let index = 0; index < o.count; index++) {
    const kind = index % 8 === 7 ? 'originAccessControls' : index % 4 === 3 ? 'responseHeadersPolicies' : 'distributions';
    let body: unknown = kind === 'originAccessControls' ? validOriginAccessControl(random) : kind === 'responseHeadersPolicies' ? validResponseHeadersPolicy(random) : validDistribution(random, o.originPort);
    const rounds = 1 + Math.floor(random() * 3);
    for (let i = 0; i < rounds; i++) body = mutate(random, body);
    try {
      // The control plane gives a policy or origin access control without an id a new one: so does this check.
      const withId = kind !== 'distributions' && body !== null && typeof body === 'object' && !Array.isArray(body) && !('id' in body) ? { ...body, id: 'fuzz-new' } : body;
      const r = parseConfig({ [kind]: [withId] });
      if (r.issues && (r.issues.length === 0 || r.issues.some((i) => typeof i.path !== 'string' || typeof i.message !== 'string' || i.message === ''))) {
        violations.push({ invariant: 'every problem listed with its path', detail: JSON.stringify(r.issues).slice(0, 300), seed: o.seed, index });
      }
      const path = kind === 'originAccessControls' ? '/v1/origin-access-controls' : kind === 'responseHeadersPolicies' ? '/v1/response-headers-policies' : '/v1/distributions';
      cases.push({ body, path, valid: r.issues === undefined });
    } catch (err) {
      violations.push({ invariant: 'the validator never throws', detail: `${(err as Error).message} for ${JSON.stringify(body).slice(0, 300)}`, seed: o.seed, index });
    }
  }
  return { violations, cases };
}
