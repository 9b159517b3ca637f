import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EdgeObserver, type Finished } from './observe.ts';
import type { CompiledBehavior, CompiledDistribution } from './runtime/compile.ts';

const dist = { id: 'E1', domainName: 'e1.cachefront.local', config: { logging: { enabled: false, includeCookies: false, prefix: '' } } } as unknown as CompiledDistribution;
const behavior = (samplingRate: number) =>
  ({ behavior: { pathPattern: '/a/*' }, realtime: { name: 'tail', samplingRate, fields: ['cs-uri-stem', 'sc-status', 'x-edge-result-type', 'c-ip'] } }) as unknown as CompiledBehavior;

function finished(cb: CompiledBehavior, socket: unknown): Finished {
  const req = { method: 'GET', url: '/a/b?x=1', headers: { host: 'a.localhost' }, rawHeaders: ['Host', 'a.localhost'], httpVersion: '1.1', socket } as unknown as IncomingMessage;
  const res = { getHeader: () => undefined } as unknown as ServerResponse;
  return { req, res, headBlock: undefined, outcome: { requestId: 'r', result: 'Hit', status: 200, bytesOut: 10, distributionId: 'E1' }, startedAt: performance.now(), dist, cb, client: undefined };
}

describe('EdgeObserver', () => {
  it('samples real-time entries at the behavior rate, with the configured fields in order', () => {
    let next = 0.3;
    const o = new EdgeObserver({ pop: 'FRA', now: Date.now, accessLogDir: undefined, uniqueId: 'u', random: () => next });
    o.finished(finished(behavior(50), { remoteAddress: '::ffff:10.0.0.1', remotePort: 5, bytesRead: 80, bytesWritten: 300 }));
    next = 0.7;
    o.finished(finished(behavior(50), { remoteAddress: '10.0.0.1', remotePort: 5, bytesRead: 80, bytesWritten: 300 }));
    const entries = o.drainRealtime();
    assert.equal(entries.length, 1, '0.3 is inside a 50 % sample, 0.7 is not');
    assert.deepEqual(entries[0], { distributionId: 'E1', configName: 'tail', fields: ['cs-uri-stem', 'sc-status', 'x-edge-result-type', 'c-ip'], values: ['/a/b?x=1', '200', 'Hit', '10.0.0.1'] });
    assert.deepEqual(o.drainRealtime(), []);
  });

  it('a request whose connection is already gone (no socket) is still recorded', () => {
    const o = new EdgeObserver({ pop: 'FRA', now: Date.now, accessLogDir: undefined, uniqueId: 'u', random: () => 0 });
    o.finished(finished(behavior(100), null));
    assert.equal(o.drainRealtime()[0]?.values[3], '-', 'address unknown');
    const requests = o.snapshot().find((m) => m.name === 'cachefront_edge_requests_total');
    assert.deepEqual(requests?.series.map((s) => [s.labels, s.value]), [[['E1', 'Hit', '200'], 1]]);
  });

  it('counts function invocations, errors and utilization', () => {
    const o = new EdgeObserver({ pop: 'FRA', now: Date.now, accessLogDir: undefined, uniqueId: 'u' });
    o.functionRan('spa', 'viewer-request', 12, undefined);
    o.functionRan('spa', 'viewer-request', 100, 'EXECUTION_ERROR');
    const snap = new Map(o.snapshot().map((m) => [m.name, m]));
    assert.equal(snap.get('cachefront_edge_function_invocations_total')?.series[0]?.value, 2);
    assert.deepEqual(snap.get('cachefront_edge_function_errors_total')?.series[0]?.labels, ['spa', 'viewer-request', 'EXECUTION_ERROR']);
    assert.equal(snap.get('cachefront_edge_function_compute_utilization')?.series[0]?.count, 2);
  });
});
