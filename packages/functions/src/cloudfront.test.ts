// The cloudfront module (cloudfront-js-2.0): key value stores ("Helper methods for key value
// stores") and origin modification ("Helper methods for origin modification").

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyValueStore } from './kvs.ts';
import { compile, evaluate, requestEvent, requestOf, responseEvent, runOnce } from './test-fixtures.ts';
import type { KeyValueStoreData } from './types.ts';

const store = keyValueStore({ greeting: 'héllo', config: '{"ttl":60,"paths":["/a"]}', broken: '{nope' }, { creationDateTime: '2026-01-01T00:00:00.000Z', lastUpdatedDateTime: '2026-02-01T00:00:00.000Z' });
const other = keyValueStore([['k', 'other store']]);
const stores = (id: string | undefined): KeyValueStoreData | undefined => (id === undefined ? store : id === 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' ? other : undefined);

describe('cf.kvs()', () => {
  it('get() in each format, exists() and meta()', async () => {
    const value = await evaluate(
      `var cf = require('cloudfront'); var kvs = cf.kvs();
       var bytes = await kvs.get('greeting', { format: 'bytes' });
       return [
         await kvs.get('greeting'), await kvs.get('greeting', { format: 'string' }),
         await kvs.get('config', { format: 'json' }), Buffer.isBuffer(bytes), bytes.toString('hex'),
         await kvs.exists('greeting'), await kvs.exists('missing'), await kvs.meta(),
       ];`,
      'cloudfront-js-2.0',
      { kvs: stores },
    );
    assert.deepEqual(value, [
      'héllo', 'héllo',
      { ttl: 60, paths: ['/a'] }, true, Buffer.from('héllo').toString('hex'),
      true, false, { creationDateTime: '2026-01-01T00:00:00.000Z', lastUpdatedDateTime: '2026-02-01T00:00:00.000Z', keyCount: 3 },
    ]);
  });

  // functions-custom-methods, "Error handling": get() returns an error for a key the store does not have.
  it('get() rejects for a missing key and for bad JSON; the function can catch it', async () => {
    const value = await evaluate(
      `var kvs = require('cloudfront').kvs(); var out = [];
       try { await kvs.get('missing'); } catch (e) { out.push(e.message); }
       try { await kvs.get('broken', { format: 'json' }); } catch (e) { out.push(e.name); }
       try { await kvs.get('greeting', { format: 'xml' }); } catch (e) { out.push(e.name); }
       try { await kvs.get(42); } catch (e) { out.push(e.name); }
       return out;`,
      'cloudfront-js-2.0',
      { kvs: stores },
    );
    assert.deepEqual(value, ['Key not found: missing', 'SyntaxError', 'TypeError', 'TypeError']);
  });

  it('an uncaught missing key fails the invocation', async () => {
    const result = await runOnce("import cf from 'cloudfront';\nasync function handler(event) { await cf.kvs().get('nope'); return event.request; }", requestEvent(), 'cloudfront-js-2.0', { kvs: stores });
    assert.equal(result.error, 'The CloudFront function associated with the CloudFront distribution is invalid or could not run. Error: Key not found: nope');
  });

  it('kvs(id) picks a store by id; unknown ids and functions without a store throw', async () => {
    const value = await evaluate(
      `var cf = require('cloudfront'); var out = [await cf.kvs('a1b2c3d4-5678-90ab-cdef-EXAMPLE11111').get('k')];
       try { cf.kvs('unknown'); } catch (e) { out.push(e.message); }
       return out;`,
      'cloudfront-js-2.0',
      { kvs: stores },
    );
    assert.deepEqual(value, ['other store', 'The key value store unknown is not associated with this function']);
    const none = await evaluate(`try { require('cloudfront').kvs(); } catch (e) { return e.message; }`);
    assert.equal(none, 'No key value store is associated with this function');
  });

  it('sees the store as it is at each invocation', async () => {
    const entries = new Map([['k', 'v1']]);
    const live: KeyValueStoreData = { get: (k) => entries.get(k), keyCount: 1, creationDateTime: '', lastUpdatedDateTime: '' };
    const fn = await compile("import cf from 'cloudfront';\nconst kvs = cf.kvs();\nasync function handler(event) { event.request.headers.x = { value: await kvs.get('k') }; return event.request; }", 'cloudfront-js-2.0', { kvs: () => live });
    assert.deepEqual(requestOf(fn.runSync('viewer-request', requestEvent())).headers.x, { value: 'v1' });
    entries.set('k', 'v2');
    assert.deepEqual(requestOf(fn.runSync('viewer-request', requestEvent())).headers.x, { value: 'v2' });
    fn.dispose();
  });
});

describe('origin modification', () => {
  it('records each helper call, in order, for the edge', async () => {
    const result = await runOnce(
      `import cf from 'cloudfront';
       function handler(event) {
         cf.updateRequestOrigin({ domainName: 'origin.example.com', originPath: '/v2', customHeaders: { 'x-key': 'abc' }, connectionAttempts: 2, timeouts: { readTimeout: 10, connectionTimeout: 3 }, customOriginConfig: { port: 8443, protocol: 'https', sslProtocols: ['TLSv1.2'] } });
         cf.selectRequestOriginById('s3-assets');
         cf.createRequestOriginGroup({ originIds: ['primary', 'backup'], failoverCriteria: { statusCodes: [500, 502, 503] } });
         return event.request;
       }`,
    );
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.origin, [
      { type: 'update', params: { domainName: 'origin.example.com', originPath: '/v2', customHeaders: { 'x-key': 'abc' }, connectionAttempts: 2, timeouts: { readTimeout: 10, connectionTimeout: 3 }, customOriginConfig: { port: 8443, protocol: 'https', sslProtocols: ['TLSv1.2'] } } },
      { type: 'select', originId: 's3-assets' },
      { type: 'group', params: { originIds: ['primary', 'backup'], failoverCriteria: { statusCodes: [500, 502, 503] } } },
    ]);
  });

  it('a later change to the params object does not change what was recorded', async () => {
    const result = await runOnce("var cf = require('cloudfront'); function handler(event) { var p = { domainName: 'a.example' }; cf.updateRequestOrigin(p); p.domainName = 'b.example'; return event.request; }");
    assert.deepEqual(result.origin, [{ type: 'update', params: { domainName: 'a.example' } }]);
  });

  it('bad arguments throw', async () => {
    const value = await evaluate(`var cf = require('cloudfront'); var out = [];
      [function () { cf.updateRequestOrigin('x'); }, function () { cf.updateRequestOrigin({ originPath: 'no-slash' }); },
       function () { cf.updateRequestOrigin({ connectionAttempts: 4 }); }, function () { cf.updateRequestOrigin({ customHeaders: { a: 1 } }); },
       function () { cf.selectRequestOriginById(''); }, function () { cf.createRequestOriginGroup({ originIds: ['one'], failoverCriteria: { statusCodes: [500] } }); },
       function () { cf.createRequestOriginGroup({ originIds: ['a', 'b'], failoverCriteria: { statusCodes: [200] } }); }].forEach(function (f) {
        try { f(); out.push('ok'); } catch (e) { out.push(e.name); }
      });
      return out;`);
    assert.deepEqual(value, ['TypeError', 'TypeError', 'RangeError', 'TypeError', 'TypeError', 'TypeError', 'TypeError']);
  });

  // "You can update the origin on viewer request CloudFront Functions only."
  it('viewer request only', async () => {
    const result = await runOnce("var cf = require('cloudfront'); function handler(event) { cf.selectRequestOriginById('x'); return event.response; }", responseEvent());
    assert.equal(result.error, 'The CloudFront function associated with the CloudFront distribution is invalid or could not run. Error: selectRequestOriginById() can only be used in viewer request functions');
  });
});
