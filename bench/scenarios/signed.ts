// Signed-URL hits: GET a canned-policy signed URL (SHA1, RSA 2048) for /bytes/1024/signed
// through a behavior with trustedKeyGroups, from a warm cache. Like wrk's cachefront-signed
// target (bench/lib/signed.ts makes the key pair, the config's keys and the URL), and
// compared round by round with hits-1k: the difference is the signature check.
import { signedBytesPath } from '../lib/targets.ts';
import { HIT, type Checks, type Plan, type ScenarioEnv, type ScenarioOptions, type Thresholds } from '../lib/scenarios.ts';
import { keysYaml, SIGNED_BEHAVIORS_YAML, signedTarget } from '../lib/signed.ts';
import { distributionYaml, expectStatus, fillUntilHits, hasLength, isStatus, isXCache, noErrors, noOriginRequests } from './common.ts';

const BYTES = 1024;

export const options: ScenarioOptions = {
  description: `cache hits of a signed URL (canned policy, SHA1, RSA 2048) for ${signedBytesPath(BYTES).split('?')[0]}, a behavior with trustedKeyGroups; vs hits-1k`,
  duration: 10,
  connections: 64,
  versus: 'hits-1k',
};

export function plan(env: ScenarioEnv): Plan {
  const signer = env.signer();
  const unsigned = signedBytesPath(BYTES);
  const signed = signedTarget(signer, env.host, unsigned);
  return {
    config: keysYaml(signer) + distributionYaml(env, SIGNED_BEHAVIORS_YAML),
    async setup(edge) {
      // The path really is private: without a signature, or with one that does not verify, it is refused.
      const tampered = signed.replace(/Signature=(.)/, (_m, first: string) => `Signature=${first === 'A' ? 'B' : 'A'}`);
      return [
        expectStatus('unsigned request refused', await edge.get(unsigned), 403),
        expectStatus('tampered signature refused', await edge.get(tampered), 403),
        await fillUntilHits(edge, signed, { bytes: BYTES }),
      ];
    },
    requests: () => [{ path: signed }],
  };
}

export const checks: Checks = {
  'status is 200': isStatus(200),
  [`X-Cache is '${HIT}'`]: isXCache(HIT),
  [`content-length is ${BYTES}`]: hasLength(BYTES),
};

export const thresholds: Thresholds = {
  'no request reached the origin': noOriginRequests,
  'no socket errors': noErrors,
};
