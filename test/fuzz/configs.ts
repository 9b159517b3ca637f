// Seeded configs for the config fuzzer: valid ones mutated into (mostly) invalid ones, by
// dropping, retyping and replacing fields at every depth. The same seed gives the same configs.

import type { Random } from './requests.ts';

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A valid distribution (as a control plane body or a config file entry). */
export function validDistribution(random: Random, originPort: number): Record<string, unknown> {
  return {
    aliases: [`fuzz-${Math.floor(random() * 1e6)}.localhost`],
    origins: [
      {
        id: 'o',
        domainName: '127.0.0.1',
        customOriginConfig: { httpPort: originPort, originProtocolPolicy: 'http-only' },
        originShield: pick(random, [{ enabled: true, originShieldRegion: pick(random, ['us-east-1', 'eu-west-2', 'ap-northeast-1', 'sa-east-1']) }, { enabled: false }]),
      },
      // An S3 origin (no origin access control: none exists where the entry is posted).
      { id: 's3', domainName: pick(random, ['fuzz.s3.localhost', 'fuzz.s3.eu-west-1.amazonaws.com', 'fuzz.s3.amazonaws.com']), s3OriginConfig: { originAccessIdentity: '' } },
    ],
    httpVersion: pick(random, ['http2', 'http1.1', 'http2and3']),
    viewerCertificate: { minimumProtocolVersion: pick(random, ['TLSv1', 'TLSv1.2_2021', 'TLSv1.3_2025']), sslSupportMethod: 'sni-only' },
    defaultCacheBehavior: {
      targetOriginId: 'o',
      cachePolicyId: pick(random, ['Managed-CachingOptimized', 'Managed-CachingDisabled']),
      viewerProtocolPolicy: pick(random, ['allow-all', 'redirect-to-https', 'https-only']),
      compress: random() < 0.5,
      responseHeadersPolicyId: pick(random, ['Managed-SimpleCORS', 'Managed-CORS-With-Preflight', '67f7725c-6f97-4210-82d7-5512b31e9d03']),
      // Lambda@Edge associations: their shape and rules are fuzzed (none resolves here: the config names no lambdaFunctions).
      ...(random() < 0.1 && { lambdaFunctionAssociations: [{ eventType: pick(random, ['origin-request', 'viewer-request', 'origin-response']), lambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:fuzz:1', includeBody: random() < 0.5 }] }),
    },
    cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled', originRequestPolicyId: 'Managed-AllViewer' }],
    customErrorResponses: [{ errorCode: 404, responsePagePath: '/404.html', responseCode: 404 }],
    restrictions: { geoRestriction: { restrictionType: 'blacklist', items: ['FR'] } },
  };
}

/** A valid response headers policy, for the validator and the control plane's /v1/response-headers-policies. */
export function validResponseHeadersPolicy(random: Random): Record<string, unknown> {
  return {
    id: `rhp-${Math.floor(random() * 1e6)}`,
    corsConfig: { accessControlAllowOrigins: ['https://a.example', 'https://*.b.example'], accessControlAllowHeaders: ['x-a'], accessControlAllowMethods: ['GET', 'OPTIONS'], accessControlAllowCredentials: false, accessControlExposeHeaders: [], accessControlMaxAgeSec: 600, originOverride: true },
    securityHeadersConfig: { strictTransportSecurity: { accessControlMaxAgeSec: 31536000, override: true }, contentSecurityPolicy: { contentSecurityPolicy: "default-src 'self'", override: false } },
    customHeadersConfig: [{ header: 'x-site', value: 'v', override: false }],
    removeHeadersConfig: ['x-powered-by'],
    serverTimingHeadersConfig: { enabled: true, samplingRate: 50 },
  };
}

/** A valid origin access control, for the validator and the control plane's /v1/origin-access-controls. */
export function validOriginAccessControl(random: Random): Record<string, unknown> {
  const n = Math.floor(random() * 1e6);
  return { id: `oac-${n}`, name: `oac-${n}`, description: 'fuzz', signingProtocol: 'sigv4', signingBehavior: pick(random, ['always', 'never', 'no-override']), originAccessControlOriginType: 's3' };
}

/**
 * A `__proto__` key as it arrives over the wire: JSON.parse makes it an own property (an
 * object literal `{ __proto__: … }` would set the prototype instead, which no request body
 * or config file can do, and JSON.stringify would then drop it on the way to the control plane).
 */
const PROTO_KEY: unknown = JSON.parse('{"__proto__": {"polluted": true}}');

const REPLACEMENTS: unknown[] = [null, 0, -1, 1.5, 1e308, '', ' ', 'x'.repeat(10_000), '\u0000', [], {}, [null], true, '*', '../../etc/passwd', '<script>', 'E', 65536, '/a/[x]', PROTO_KEY, { constructor: { prototype: { polluted: true } } }];

/** `value` with one random change somewhere: a field dropped, replaced or added, at any depth. */
export function mutate(random: Random, value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || random() < 0.2) return random() < 0.5 ? [...value, pick(random, REPLACEMENTS)] : pick(random, REPLACEMENTS);
    const i = Math.floor(random() * value.length);
    return value.map((v, j) => (j === i ? mutate(random, v, depth + 1) : v));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const r = random();
    if (keys.length === 0 || r < 0.15) return { ...value, [pick(random, ['unknownField', 'id', 'enabled', '__proto__', 'constructor'])]: pick(random, REPLACEMENTS) };
    const k = pick(random, keys);
    if (r < 0.35) {
      const { [k]: _dropped, ...rest } = value as Record<string, unknown>;
      return rest;
    }
    return { ...value, [k]: random() < 0.3 + depth * 0.1 ? pick(random, REPLACEMENTS) : mutate(random, (value as Record<string, unknown>)[k], depth + 1) };
  }
  return pick(random, REPLACEMENTS);
}
