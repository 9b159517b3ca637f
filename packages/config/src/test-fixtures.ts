// Inputs shared by the tests: small valid configs to mutate, and result helpers.

import type { Issue, ParseResult } from './types.ts';

/** A minimal valid distribution as written in a file (no defaults filled). */
export function rawDistribution(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    origins: [{ id: 'app', domainName: 'origin.example.com' }],
    defaultCacheBehavior: { targetOriginId: 'app', cachePolicyId: 'Managed-CachingOptimized' },
    ...overrides,
  };
}

/** A minimal valid cache policy as written in a file. */
export function rawCachePolicy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'p', minTTL: 0, ...overrides };
}

/** The issues of a result that must have failed. */
export function issuesOf<T>(result: ParseResult<T>): Issue[] {
  if (result.issues === undefined) throw new Error(`expected issues, got a value: ${JSON.stringify(result.value)}`);
  return result.issues;
}

/** The value of a result that must have succeeded. */
export function valueOf<T>(result: ParseResult<T>): T {
  if (result.issues !== undefined) throw new Error(`expected a value, got issues:\n${result.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return result.value;
}

/** `n` values made by `make(i)`. */
export function times<T>(n: number, make: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

/** The DESIGN.md example config, verbatim. */
export const DESIGN_EXAMPLE_YAML = `distributions:
  - id: EDEMO00000001            # optional in file mode
    aliases: [demo.localhost]    # Host names served (also <id>.cachefront.local)
    defaultRootObject: index.html
    priceClass: PriceClass_All
    origins:
      - id: app
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: 9000, originProtocolPolicy: http-only }
        originPath: ""
        customHeaders: { x-origin-secret: s3cr3t }
    originGroups: []
    defaultCacheBehavior:
      targetOriginId: app
      viewerProtocolPolicy: allow-all
      allowedMethods: [GET, HEAD]
      cachedMethods: [GET, HEAD]
      cachePolicyId: Managed-CachingOptimized   # a managed name, its AWS id, or a local policy id
      originRequestPolicyId: Managed-AllViewer
    cacheBehaviors:
      - pathPattern: /api/*
        targetOriginId: app
        cachePolicyId: Managed-CachingDisabled
cachePolicies:
  - id: qs-key
    minTTL: 0
    defaultTTL: 60
    maxTTL: 3600
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: true
      enableAcceptEncodingBrotli: true
      headersConfig: { headerBehavior: none }
      cookiesConfig: { cookieBehavior: none }
      queryStringsConfig: { queryStringBehavior: whitelist, queryStrings: [v] }
`;
