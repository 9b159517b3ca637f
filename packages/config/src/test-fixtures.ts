// Inputs shared by the tests: small valid configs to mutate, public keys, and result helpers.

import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { it } from 'node:test';
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

export type TestKeyKind = 'rsa2048' | 'ec256' | 'rsa1024' | 'rsa3072' | 'ec384' | 'ed25519' | 'rsaPss2048';

const keyPairs = new Map<TestKeyKind, ReturnType<typeof generateKeyPairSync>>();

/** A key pair of `kind`, generated once per test process. */
export function testKeyPair(kind: TestKeyKind = 'rsa2048') {
  let pair = keyPairs.get(kind);
  if (pair === undefined) {
    pair = generate(kind);
    keyPairs.set(kind, pair);
  }
  return pair;
}

function generate(kind: TestKeyKind) {
  switch (kind) {
    case 'rsa2048':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'rsa1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 });
    case 'rsa3072':
      return generateKeyPairSync('rsa', { modulusLength: 3072 });
    case 'rsaPss2048':
      return generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    case 'ec256':
      return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    case 'ec384':
      return generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
  }
}

/** The public key of `kind` as SPKI PEM, as it would be written in a file. */
export function testPem(kind: TestKeyKind = 'rsa2048'): string {
  return testKeyPair(kind).publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

/** A minimal valid public key entry as written in a file. */
export function rawPublicKey(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'pk1', encodedKey: testPem(), ...overrides };
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

/** A rule table's check: `[]` means the input is valid, else it gives exactly `expected`. */
export function assertIssues<T>(result: ParseResult<T>, expected: Issue[]): void {
  if (expected.length === 0) valueOf(result);
  else assert.deepStrictEqual(issuesOf(result), expected);
}

/** One test per `input -> problem` row of a single-value check (`undefined`: accepted). */
export function problemTable(check: (input: string) => string | undefined, table: readonly [string, string | undefined][]): void {
  for (const [input, problem] of table) {
    it(`${JSON.stringify(input.length > 40 ? `${input.slice(0, 20)}...(${input.length})` : input)} -> ${problem ?? 'ok'}`, () => {
      assert.equal(check(input), problem);
    });
  }
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
