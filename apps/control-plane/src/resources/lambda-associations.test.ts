import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, rawDistribution } from '../test-support.ts';

const h = new Harness();
after(() => h.close());

test('a distribution naming a Lambda@Edge function is refused: the control plane stores no Lambda@Edge code yet', async () => {
  const r = await h.call('POST', '/v1/distributions', {
    body: rawDistribution({
      defaultCacheBehavior: {
        targetOriginId: 'app',
        cachePolicyId: 'Managed-CachingOptimized',
        lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:auth:1' }],
      },
    }),
  });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.issues[0].path, 'defaultCacheBehavior.lambdaFunctionAssociations[0]');
  assert.match(r.body.error.issues[0].message, /config file/);
});
