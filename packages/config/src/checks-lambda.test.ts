import { describe, it } from 'node:test';
import { parseConfig } from './parse.ts';
import { assertIssues, rawDistribution } from './test-fixtures.ts';
import type { Issue } from './types.ts';

const ARN = (name: string, version: string | number, region = 'us-east-1') => `arn:aws:lambda:${region}:123456789012:function:${name}:${version}`;
const fn = (extra: Record<string, unknown> = {}) => ({ name: 'auth', version: 3, dir: 'lambda/auth', ...extra });
const withLambda = (associations: unknown[], functions: unknown[] = [fn()], extra: Record<string, unknown> = {}) => ({
  distributions: [rawDistribution({ defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized', lambdaFunctionAssociations: associations, ...extra } })],
  lambdaFunctions: functions,
  functions: [{ name: 'f', code: 'function handler(e) { return e.request; }' }],
});
const at = 'distributions[0].defaultCacheBehavior.lambdaFunctionAssociations';

/** [name, config, expected issues ([] = valid)] */
const table: [string, Record<string, unknown>, Issue[]][] = [
  ['a numbered version on each event', withLambda([{ eventType: 'viewer-request', lambdaFunctionARN: ARN('auth', 3), includeBody: true }, { eventType: 'origin-response', lambdaFunctionARN: ARN('auth', 3) }]), []],
  ['$LATEST', withLambda([{ eventType: 'origin-request', lambdaFunctionARN: ARN('auth', '$LATEST') }]), [{ path: `${at}[0].lambdaFunctionARN`, message: 'must name a numbered version (…:function:NAME:3): CloudFront does not run $LATEST or an unversioned function' }]],
  ['an alias', withLambda([{ eventType: 'origin-request', lambdaFunctionARN: ARN('auth', 'live') }]), [{ path: `${at}[0].lambdaFunctionARN`, message: 'must name a numbered version, not an alias: CloudFront does not run aliases' }]],
  ['another region', withLambda([{ eventType: 'origin-request', lambdaFunctionARN: ARN('auth', 3, 'eu-west-1') }]), [{ path: `${at}[0].lambdaFunctionARN`, message: 'Lambda@Edge functions live in us-east-1, not eu-west-1' }]],
  ['a version not defined', withLambda([{ eventType: 'origin-request', lambdaFunctionARN: ARN('auth', 4) }]), [{ path: `${at}[0].lambdaFunctionARN`, message: 'no Lambda@Edge function auth version 4 in lambdaFunctions (versions: auth:3)' }]],
  [
    'two on one event type, includeBody on a response event',
    withLambda([{ eventType: 'origin-response', lambdaFunctionARN: ARN('auth', 3), includeBody: true }, { eventType: 'origin-response', lambdaFunctionARN: ARN('auth', 3) }]),
    [
      { path: `${at}[0].includeBody`, message: 'includeBody applies to viewer-request and origin-request only' },
      { path: `${at}[1].eventType`, message: 'only one Lambda@Edge function per event type; origin-response is already associated' },
    ],
  ],
  [
    'a CloudFront Function on the same viewer event',
    withLambda([{ eventType: 'viewer-request', lambdaFunctionARN: ARN('auth', 3) }], [fn()], { functionAssociations: [{ eventType: 'viewer-request', functionName: 'f' }] }),
    [{ path: `${at}[0].eventType`, message: 'a CloudFront Function is already associated with viewer-request: a behavior may have one or the other per event type' }],
  ],
  ['a viewer event beyond 128 MB / 5 s', withLambda([{ eventType: 'viewer-request', lambdaFunctionARN: ARN('auth', 3) }], [fn({ memorySize: 512, timeout: 30 })]), [{ path: `${at}[0].lambdaFunctionARN`, message: 'a viewer-event function may have at most 128 MB and 5 s (auth:3 has 512 MB, 30 s)' }]],
  [
    'function entries: a version twice, no code, a bad handler and runtime',
    withLambda([], [fn(), fn(), { name: 'x', version: 'v1', handler: 'index', runtime: 'nodejs16.x' }]),
    [
      { path: 'lambdaFunctions[1].version', message: 'auth version 3 is defined twice' },
      { path: 'lambdaFunctions[2]', message: 'give exactly one of dir or file' },
      { path: 'lambdaFunctions[2].version', message: 'must be a published version number: 1, 2, 3 …' },
      { path: 'lambdaFunctions[2].handler', message: "must be FILE.EXPORT, e.g. 'index.handler'" },
      { path: 'lambdaFunctions[2].runtime', message: "must be one of: 'nodejs20.x', 'nodejs22.x' (got 'nodejs16.x')" },
    ],
  ],
];

describe('Lambda@Edge associations and functions', () => {
  for (const [name, config, expected] of table) {
    it(name, () => assertIssues(parseConfig(config), expected));
  }
});
