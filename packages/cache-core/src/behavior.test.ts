import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CacheBehavior } from '@cachefront/config';
import { compileBehaviors } from './behavior.ts';

function b(pathPattern: string, targetOriginId: string): CacheBehavior {
  return {
    pathPattern,
    targetOriginId,
    viewerProtocolPolicy: 'allow-all',
    allowedMethods: ['GET', 'HEAD'],
    cachedMethods: ['GET', 'HEAD'],
    cachePolicyId: 'Managed-CachingOptimized',
    compress: false,
    trustedKeyGroups: [],
    functionAssociations: [], lambdaFunctionAssociations: [],
  };
}

describe('behavior selection', () => {
  const selector = compileBehaviors({
    cacheBehaviors: [b('/images/*.jpg', 'jpg'), b('/images/*', 'images'), b('/api/*', 'api'), b('*.css', 'css')],
    defaultCacheBehavior: b('*', 'default'),
  });
  const table: [string, string, number][] = [
    ['/images/a.jpg', 'jpg', 0], // first match in list order wins
    ['/images/a.png', 'images', 1],
    ['/api/v1', 'api', 2],
    ['/styles/site.css', 'css', 3],
    ['/images/x.css', 'images', 1], // /images/* comes before *.css
    ['/index.html', 'default', -1],
    ['/', 'default', -1],
    ['/API/v1', 'default', -1], // case-sensitive
  ];
  for (const [path, origin, index] of table) {
    it(`${path} -> ${origin}`, () => {
      const { behavior, index: i } = selector.select(path);
      assert.equal(behavior.targetOriginId, origin);
      assert.equal(i, index);
    });
  }
});
