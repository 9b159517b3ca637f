// Seeded configs for the config fuzzer: valid ones mutated into (mostly) invalid ones, by
// dropping, retyping and replacing fields at every depth. The same seed gives the same configs.

import type { Random } from './requests.ts';

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A valid distribution (as a control plane body or a config file entry). */
export function validDistribution(random: Random, originPort: number): Record<string, unknown> {
  return {
    aliases: [`fuzz-${Math.floor(random() * 1e6)}.localhost`],
    origins: [{ id: 'o', domainName: '127.0.0.1', customOriginConfig: { httpPort: originPort, originProtocolPolicy: 'http-only' } }],
    defaultCacheBehavior: { targetOriginId: 'o', cachePolicyId: pick(random, ['Managed-CachingOptimized', 'Managed-CachingDisabled']) },
    cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'o', cachePolicyId: 'Managed-CachingDisabled', originRequestPolicyId: 'Managed-AllViewer' }],
    customErrorResponses: [{ errorCode: 404, responsePagePath: '/404.html', responseCode: 404 }],
    restrictions: { geoRestriction: { restrictionType: 'blacklist', items: ['FR'] } },
  };
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
