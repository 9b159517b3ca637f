import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './index.ts';
import { issuesOf, rawDistribution, valueOf } from './test-fixtures.ts';

const withFunctions = (functions: unknown[], associations: unknown[], keyValueStores: unknown[] = []) => ({
  functions,
  keyValueStores,
  distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', functionAssociations: associations } })],
});

describe('functions in a config file', () => {
  it('parses functions, stores and associations (ARN or name); runtime defaults to 2.0', () => {
    const c = valueOf(
      parseConfig(
        withFunctions(
          [{ name: 'rewrite', code: 'function handler(e) { return e.request; }', keyValueStoreAssociations: ['redirects'] }],
          [
            { eventType: 'viewer-request', functionARN: 'arn:aws:cloudfront::123456789012:function/rewrite' },
            { eventType: 'viewer-response', functionName: 'rewrite' },
          ],
          [{ id: 'redirects', data: { '/old': '/new' } }],
        ),
      ),
    );
    assert.equal(c.functions[0]!.runtime, 'cloudfront-js-2.0');
    assert.deepEqual(c.distributions[0]!.defaultCacheBehavior.functionAssociations, [
      { eventType: 'viewer-request', functionName: 'rewrite' },
      { eventType: 'viewer-response', functionName: 'rewrite' },
    ]);
  });

  it('reports every problem with its path', () => {
    const issues = issuesOf(
      parseConfig(
        withFunctions(
          [
            { name: 'a', code: 'x'.repeat(10 * 1024 + 1) },
            { name: 'b', code: 'x', file: 'b.js' },
            { name: 'bad name', code: 'x' },
            { name: 'c', code: 'x', keyValueStoreAssociations: ['nope'] },
          ],
          [
            { eventType: 'viewer-request', functionName: 'missing' },
            { eventType: 'viewer-request', functionName: 'c' },
          ],
        ),
      ),
    ).map((i) => i.path);
    assert.deepEqual(issues.sort(), [
      'distributions[0].defaultCacheBehavior.functionAssociations[0].functionName',
      'distributions[0].defaultCacheBehavior.functionAssociations[1].eventType',
      'functions[0].code',
      'functions[1]',
      'functions[2].name',
      'functions[3].keyValueStoreAssociations[0]',
    ].sort());
  });
});
