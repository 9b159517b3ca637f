import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { customPolicy, signUrl } from '@cachefront/signing';
import { mulberry32 } from '@cachefront/observe';
import { parseConfig } from '@cachefront/config';
import { originResolutions } from '@cachefront/cache-core';
import type { Geo, ViewerLocation } from '@cachefront/geo';
import { OriginPools } from '../origin/client.ts';
import { compileConfig } from '../runtime/compile.ts';
import { ParentTiers } from '../runtime/parents.ts';
import type { EdgeRuntime } from '../runtime/runtime.ts';
import type { Outcome } from '../outcome.ts';
import type { RequestHead } from './context.ts';
import { planRequest, type Plan } from './plan.ts';
import { Trace } from './trace.ts';
import { explain } from '../explain.ts';

const KEYS = generateKeyPairSync('rsa', { modulusLength: 2048 });
const parsed = parseConfig({
  distributions: [
    {
      id: 'EPLAN00000001',
      aliases: ['plan.localhost'],
      origins: [{ id: 'app', domainName: '127.0.0.1', customOriginConfig: { httpPort: 9009, originProtocolPolicy: 'http-only' } }],
      defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' },
      cacheBehaviors: [
        { pathPattern: '/private/*', targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', trustedKeyGroups: ['kg'] },
        { pathPattern: '/poisonable/*', targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', originRequestPolicyId: 'Managed-AllViewer' },
      ],
      customErrorResponses: [{ errorCode: 403, responsePagePath: '/403.html', responseCode: 403 }],
      restrictions: { geoRestriction: { restrictionType: 'blacklist', items: ['FR'] } },
    },
  ],
  publicKeys: [{ id: 'K1', encodedKey: KEYS.publicKey.export({ type: 'spki', format: 'pem' }).toString() }],
  trustedProxies: ['10.0.0.1/32'],
  keyGroups: [{ id: 'kg', items: ['K1'] }],
});
if (parsed.issues) throw new Error(JSON.stringify(parsed.issues));

const COUNTRIES: Record<string, string> = { '192.0.2.10': 'FR', '192.0.2.20': 'DE' };
const geo: Geo = { mode: 'country', lookup: (ip) => (COUNTRIES[ip] ? ({ country: COUNTRIES[ip], countryName: COUNTRIES[ip] } as ViewerLocation) : undefined) };
const functionRuns: string[] = [];
const rt = {
  config: compileConfig(parsed.value, 1, new OriginPools(), []),
  geo,
  devViewerAddressHeader: false,
  now: () => Date.UTC(2026, 0, 1),
  tier: { name: 'pop', children: [] },
  parents: new ParentTiers(undefined),
  edge: { via: '1.1 test.cachefront.local (cachefront)', pop: 'TST1', tier: undefined },
  observer: { functionRan: (name: string) => functionRuns.push(name) },
  store: { get: () => undefined },
} as unknown as EdgeRuntime;

function head(url: string, o: { method?: string; host?: string | null; ip?: string; raw?: string[]; xff?: string } = {}): RequestHead {
  const headers: Record<string, string> = o.host === null ? {} : { host: o.host ?? 'plan.localhost' };
  if (o.xff !== undefined) headers['x-forwarded-for'] = o.xff;
  const rawHeaders = [...Object.entries(headers).flat(), ...(o.raw ?? [])];
  return { method: o.method ?? 'GET', url, headers, rawHeaders, httpVersion: '1.1', socket: { remoteAddress: o.ip ?? '192.0.2.20', remotePort: 1234 } };
}

/** A URL for `/private/x` signed with a custom policy that allows only `ip`. */
function signedFor(ip: string, base = 'http://plan.localhost/private/x'): string {
  const policy = customPolicy({ resource: 'http://plan.localhost/private/*', dateLessThan: Date.UTC(2027, 0, 1) / 1000, ipAddress: ip });
  return signUrl({ url: base, keyPairId: 'K1', privateKey: KEYS.privateKey, policy });
}

function plan(req: RequestHead): { plan: Plan; trace: Trace; untraced: Plan; outcome: Outcome } {
  const outcome: Outcome = { requestId: 'r1', result: 'Miss', status: 0, bytesOut: 0 };
  const trace = new Trace();
  const traced = planRequest(rt, { req, outcome: { ...outcome }, protocol: 'http', trace });
  return { plan: traced, trace, untraced: planRequest(rt, { req, outcome, protocol: 'http' }), outcome };
}

describe('planRequest: one decision for the handler and explain', () => {
  // Each row: a request -> the plan's kind, its error code, and the step the trace stops at.
  const table: { name: string; req: RequestHead; kind: Plan['kind']; code?: string; stop?: string; page?: string }[] = [
    { name: 'unknown Host', req: head('/a', { host: 'nobody.localhost' }), kind: 'refuse', code: 'UNKNOWN_HOST', stop: 'distribution' },
    { name: 'malformed target', req: head('//a'), kind: 'refuse', code: 'BAD_REQUEST', stop: 'request' },
    { name: 'geo-blocked viewer gets the 403 page', req: head('/a', { ip: '192.0.2.10' }), kind: 'refuse', code: 'GEO_BLOCKED', stop: 'geo-restriction', page: '/403.html' },
    { name: 'method not allowed', req: head('/a', { method: 'POST' }), kind: 'refuse', code: 'METHOD_NOT_ALLOWED', stop: 'method' },
    { name: 'unsigned request to a signed behavior', req: head('/private/x'), kind: 'refuse', code: 'MissingKey', stop: 'signature' },
    { name: 'a cacheable request', req: head('/a?b=1'), kind: 'serve' },
    // RFC 9112 §3.2: one Host field line, and one is required in HTTP/1.1.
    { name: 'two Host lines', req: head('/a', { raw: ['Host', 'other.localhost'] }), kind: 'refuse', code: 'BAD_REQUEST', stop: 'request' },
    { name: 'HTTP/1.1 without Host', req: head('/a', { host: null }), kind: 'refuse', code: 'BAD_REQUEST', stop: 'request' },
    // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing.
    { name: 'HTTP/1.0 with Transfer-Encoding', req: { ...head('/a'), httpVersion: '1.0', headers: { host: 'plan.localhost', 'transfer-encoding': 'chunked' } }, kind: 'refuse', code: 'BAD_REQUEST', stop: 'request' },
    { name: 'HTTP/1.0 without Host (allowed there)', req: { ...head('/a', { host: null }), httpVersion: '1.0' }, kind: 'refuse', code: 'UNKNOWN_HOST', stop: 'distribution' },
    // RFC 9112 §3.2.2: an absolute-form target's authority is the host; Host is ignored.
    { name: 'absolute-form: routed by the authority, not Host', req: head('http://plan.localhost/a', { host: 'nobody.localhost' }), kind: 'serve' },
    { name: 'absolute-form: an unknown authority is refused whatever Host says', req: head('http://nobody.localhost/a'), kind: 'refuse', code: 'UNKNOWN_HOST', stop: 'distribution' },
    { name: 'userinfo in an absolute-form target', req: head('http://u@plan.localhost/a'), kind: 'refuse', code: 'BAD_REQUEST', stop: 'request' },
    // Signed URLs: IpAddress is the viewer's address (behind a trusted proxy: X-Forwarded-For).
    { name: 'signed for the viewer, behind a trusted proxy: served', req: head(signedFor('198.51.100.7').slice('http://plan.localhost'.length), { ip: '10.0.0.1', xff: '198.51.100.7' }), kind: 'serve' },
    { name: "signed for the proxy's address: refused for the viewer behind it", req: head(signedFor('10.0.0.1').slice('http://plan.localhost'.length), { ip: '10.0.0.1', xff: '198.51.100.7' }), kind: 'refuse', code: 'AccessDenied', stop: 'signature' },
    { name: 'a signed URL sent in absolute form verifies', req: head(signedFor('192.0.2.20'), { host: 'plan.localhost' }), kind: 'serve' },
  ];
  for (const row of table) {
    it(row.name, () => {
      const { plan: p, trace, untraced } = plan(row.req);
      assert.equal(p.kind, row.kind);
      assert.deepEqual(untraced.kind, p.kind, 'tracing does not change the decision');
      if (p.kind === 'refuse') {
        assert.ok(untraced.kind === 'refuse' && untraced.error.code === p.error.code);
        assert.equal(p.error.code, row.code);
        assert.equal(trace.steps.at(-1)?.outcome, 'stop');
        assert.equal(trace.steps.at(-1)?.name, row.stop);
        assert.equal(p.page?.path, row.page);
      } else if (!row.name.includes('signed')) {
        assert.deepEqual(trace.steps.map((s) => [s.name, s.outcome]), [
          ['distribution', 'pass'],
          ['geo-restriction', 'pass'],
          ['behavior', 'pass'],
          ['viewer protocol', 'pass'],
          ['method', 'pass'],
          ['signature', 'skip'],
          ['viewer-request function', 'skip'],
          ['cache key', 'pass'],
          ['response headers policy', 'skip'],
        ]);
      }
    });
  }

  it('a served plan carries the cache key the handler looks up, and fills the outcome', () => {
    const { untraced, outcome } = plan(head('/a?b=1'));
    assert.equal(untraced.kind, 'serve');
    if (untraced.kind !== 'serve') return;
    assert.equal(untraced.request.dist.id, 'EPLAN00000001');
    assert.match(untraced.request.key, /\/a/);
    assert.equal(untraced.request.viewer.path, '/a');
    assert.equal(outcome.distributionId, 'EPLAN00000001');
    assert.equal(outcome.behavior, untraced.behavior?.label);
  });
});

describe('no unsigned request reaches an origin path under the signed pattern (property)', () => {
  // How origins may resolve a raw path (cache-core's originResolutions: an independent algorithm).
  const resolutions = (raw: string) => originResolutions(raw.split('?')[0]!);
  const SEGMENTS = ['private', 'public', 'x', 'report.html', '.', '..', '', '%2e', '%2E%2e', '.%2e', '..%2f', '%2f', '%5c', '\\', 'a%2Fprivate', '%70rivate'];

  it('5,000 seeded random paths: planned for the origin only when no resolution is under /private/', () => {
    const random = mulberry32(20261207);
    let served = 0;
    let underSigned = 0;
    for (let n = 0; n < 5000; n++) {
      const length = 1 + Math.floor(random() * 6);
      const path = `/${Array.from({ length }, () => SEGMENTS[Math.floor(random() * SEGMENTS.length)]).join('/')}`;
      const { untraced } = plan(head(path));
      const reaches = resolutions(path).some((r) => r.startsWith('/private/')); // the pattern /private/*
      if (reaches) underSigned++;
      if (untraced.kind !== 'serve') continue;
      served++;
      assert.ok(!reaches, `${path} was planned for the origin unsigned, and resolves to ${resolutions(path).join(' | ')}`);
    }
    assert.ok(served > 1000 && underSigned > 200, `the generator covers both sides (served ${served}, under the signed pattern ${underSigned})`);
  });

  it("the review's bypasses are refused or need a signature", () => {
    for (const path of ['/.//private/x', '/public/..//private/x', '/x/..%2F/private/x', '/x/%2e%2e/private/x', '/public/..%2fprivate/x', '/public%2F..%2Fprivate/x']) {
      assert.equal(plan(head(path)).untraced.kind, 'refuse', path);
    }
  });

  it("a policy's resource is matched against the normalized path: free/* does not open free/../report.html", () => {
    const policy = customPolicy({ resource: 'http://plan.localhost/private/free/*', dateLessThan: Date.UTC(2027, 0, 1) / 1000 });
    for (const tail of ['../report.html', '%2e%2e/report.html', '..%2freport.html']) {
      const url = signUrl({ url: `http://plan.localhost/private/free/${tail}`, keyPairId: 'K1', privateKey: KEYS.privateKey, policy });
      const p = plan(head(url.slice('http://plan.localhost'.length))).untraced;
      assert.ok(p.kind === 'refuse' && p.error.code === 'AccessDenied', `${tail}: ${p.kind}`);
    }
    const inside = signUrl({ url: 'http://plan.localhost/private/free/a.html', keyPairId: 'K1', privateKey: KEYS.privateKey, policy });
    assert.equal(plan(head(inside.slice('http://plan.localhost'.length))).untraced.kind, 'serve');
  });
});

describe('explain prints the plan', () => {
  it("the same steps as the plan's trace, and a cache poisoning warning where the behavior forwards unkeyed values", () => {
    const x = explain(rt, { url: 'http://plan.localhost/poisonable/a', viewerAddress: '192.0.2.20' });
    assert.deepEqual(x.steps.map((s) => s.name).slice(0, 8), ['distribution', 'geo-restriction', 'behavior', 'viewer protocol', 'method', 'signature', 'viewer-request function', 'cache key']);
    assert.equal(x.warnings?.length, 1);
    assert.match(x.warnings![0]!, /all viewer headers \(among them x-forwarded-host.*cache poisoning/);
    assert.equal(explain(rt, { url: 'http://plan.localhost/a' }).warnings, undefined);
  });
});
