import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './parse.ts';
import { configWarnings } from './warnings.ts';
import type { CachefrontConfig } from './types.ts';

function config(behavior: Record<string, unknown>, extra: Record<string, unknown> = {}): CachefrontConfig {
  const r = parseConfig({
    distributions: [{ origins: [{ id: 'o', domainName: 'origin.example' }], defaultCacheBehavior: { targetOriginId: 'o', ...behavior } }],
    ...extra,
  });
  if (r.issues) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('configWarnings: values forwarded to the origin but left out of the cache key', () => {
  // Each row: the behavior's policies -> the warning's message matches (undefined: no warning).
  const table: [name: string, behavior: Record<string, unknown>, extra: Record<string, unknown>, expected: RegExp | undefined][] = [
    ['AllViewer with CachingOptimized (the review\'s 4/4 poisoning)', { cachePolicyId: 'Managed-CachingOptimized', originRequestPolicyId: 'Managed-AllViewer' }, {}, /all viewer headers \(among them x-forwarded-host, .*x-http-method-override.*\); all cookies; all query strings/],
    ['AllViewer with CachingDisabled: nothing is stored', { cachePolicyId: 'Managed-CachingDisabled', originRequestPolicyId: 'Managed-AllViewer' }, {}, undefined],
    ['no origin request policy: only the key is forwarded', { cachePolicyId: 'Managed-CachingOptimized' }, {}, undefined],
    ['CORS-S3Origin with CachingOptimized: CORS headers forwarded unkeyed', { cachePolicyId: 'Managed-CachingOptimized', originRequestPolicyId: 'Managed-CORS-S3Origin' }, {}, /headers origin, access-control-request-headers, access-control-request-method/],
    [
      'a whitelist the key holds: no warning',
      { cachePolicyId: 'key', originRequestPolicyId: 'fwd' },
      {
        cachePolicies: [{ id: 'key', minTTL: 0, parametersInCacheKeyAndForwardedToOrigin: { headersConfig: { headerBehavior: 'whitelist', headers: ['accept-language'] }, queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } } }],
        originRequestPolicies: [{ id: 'fwd', headersConfig: { headerBehavior: 'whitelist', headers: ['Accept-Language'] }, queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } }],
      },
      undefined,
    ],
    [
      'a whitelist beyond the key: named',
      { cachePolicyId: 'key', originRequestPolicyId: 'fwd' },
      {
        cachePolicies: [{ id: 'key', minTTL: 0, parametersInCacheKeyAndForwardedToOrigin: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } } }],
        originRequestPolicies: [{ id: 'fwd', headersConfig: { headerBehavior: 'whitelist', headers: ['x-forwarded-host'] }, queryStringsConfig: { queryStringBehavior: 'all' } }],
      },
      /headers x-forwarded-host; all query strings beyond v/,
    ],
  ];
  for (const [name, behavior, extra, expected] of table) {
    it(name, () => {
      const w = configWarnings(config(behavior, extra));
      if (expected === undefined) return assert.deepEqual(w, []);
      assert.equal(w.length, 1);
      assert.equal(w[0]!.path, 'distributions[0].defaultCacheBehavior.originRequestPolicyId');
      assert.match(w[0]!.message, expected);
      assert.match(w[0]!.message, /cache poisoning/);
    });
  }
});
