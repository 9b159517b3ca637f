import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { managedResponseHeadersPolicies, type ResponseHeadersPolicy } from '@cachefront/config';
import { compileResponseHeadersPolicy } from './response-headers.ts';

const policy = (extra: Partial<ResponseHeadersPolicy>): ResponseHeadersPolicy => ({ id: 'p', name: 'p', comment: '', customHeadersConfig: [], removeHeadersConfig: [], ...extra });
const HIT = ['content-type', 'text/plain', 'x-cache', 'Hit from cachefront', 'x-amz-cf-pop', 'FRA', 'x-amz-cf-id', 'abc'];

describe('compileResponseHeadersPolicy', () => {
  it('override replaces the origin header, no override keeps it, removal drops it (any case)', () => {
    const rule = compileResponseHeadersPolicy(policy({ customHeadersConfig: [{ header: 'x-a', value: 'policy', override: true }, { header: 'x-b', value: 'policy', override: false }], removeHeadersConfig: ['server'] }));
    assert.deepEqual(rule.apply(['X-A', 'origin', 'x-b', 'origin', 'Server', 'nginx'], {}), ['x-b', 'origin', 'x-a', 'policy']);
  });

  it('Server-Timing is sampled at the policy rate', () => {
    const p = policy({ serverTimingHeadersConfig: { enabled: true, samplingRate: 50 } });
    assert.equal(compileResponseHeadersPolicy(p, () => 0.6).apply(HIT, {}).includes('server-timing'), false);
    const on = compileResponseHeadersPolicy(p, () => 0.4).apply(HIT, {});
    assert.equal(on[on.indexOf('server-timing') + 1], 'cdn-cache-hit,cdn-pop;desc="FRA",cdn-rid;desc="abc",cdn-hit-layer;desc="EDGE"');
    // With the edge's measurements: the origin's first byte on a miss, the viewer's always (ms, rounded).
    const miss = ['x-cache', 'Miss from cachefront'];
    const timed = compileResponseHeadersPolicy(p, () => 0).apply(miss, {}, { downstreamFbl: 12.6, upstreamFbl: 10.2 });
    assert.equal(timed[timed.indexOf('server-timing') + 1], 'cdn-cache-miss,cdn-upstream-fbl;dur=10,cdn-downstream-fbl;dur=13');
  });

  it('CORS-With-Preflight (managed): * for any Origin, a preflight answer, nothing without Origin', () => {
    const rule = compileResponseHeadersPolicy(managedResponseHeadersPolicies.find((m) => m.name === 'Managed-CORS-With-Preflight')!);
    const out = rule.apply([], { origin: 'https://a.example' });
    assert.equal(out[out.indexOf('access-control-allow-origin') + 1], '*');
    assert.deepEqual(rule.apply([], {}), []);
    const pre = rule.preflight('OPTIONS', { origin: 'https://a.example', 'access-control-request-method': 'PUT' })!;
    assert.equal(pre[pre.indexOf('access-control-allow-methods') + 1], 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
    assert.equal(rule.preflight('OPTIONS', { origin: 'https://a.example' }), undefined, 'no Access-Control-Request-Method: not a preflight');
    assert.equal(rule.preflight('GET', { origin: 'https://a.example', 'access-control-request-method': 'PUT' }), undefined);
  });
});
