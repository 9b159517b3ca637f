// One fuzz run against real processes: a recording origin, an edge (2 workers) with a signed
// behavior, a control plane. Shared by test/fuzz.test.ts (short) and bench/fuzz.ts (long).

import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, loopbackOrigin, startControlPlane, startEdge, apiClient, type ControlPlane, type Edge } from '../helpers.ts';
import { fuzzCloudFrontApi } from './cloudfront-api.ts';
import { fuzzRequests, fuzzValidator, recordingOrigin, type Violation } from './run.ts';

// Nothing the fuzzer sends is signed with it: it only makes /private/* a signed behavior.
const PUBLIC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();

export function fuzzEdgeConfig(originPort: number, { responseHeaders = true }: { responseHeaders?: boolean } = {}): string {
  return `publicKeys:
  - id: KFUZZ00000001
    encodedKey: |
${PUBLIC_KEY.split('\n').map((l) => `      ${l}`).join('\n')}
keyGroups:
  - { id: fuzz-signers, items: [KFUZZ00000001] }
distributions:
  - id: EFUZZ00000001
    aliases: [fuzz.localhost]
    origins: [${loopbackOrigin('o', originPort)}]
    defaultCacheBehavior:
      targetOriginId: o
      cachePolicyId: Managed-CachingOptimized
      originRequestPolicyId: Managed-AllViewer
      allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
      compress: true
${responseHeaders ? '      # CORS (Origin, preflights) and headers on every answer: the policy\'s inputs are fuzzed too.\n      responseHeadersPolicyId: Managed-CORS-with-preflight-and-SecurityHeadersPolicy' : ''}
    cacheBehaviors:
      - pathPattern: /private/*
        targetOriginId: o
        cachePolicyId: Managed-CachingOptimized
        trustedKeyGroups: [fuzz-signers]
`;
}

export interface FuzzSummary {
  violations: Violation[];
  requests: number;
  statuses: Record<string, number>;
  originRequests: number;
  configs: { total: number; valid: number; controlPlane: Record<string, number> };
}

export async function runFuzz(o: { seed: number; requests: number; configs: number; log?: (line: string) => void }): Promise<FuzzSummary> {
  const origin = await recordingOrigin();
  let edge: Edge | undefined;
  let cp: ControlPlane | undefined;
  try {
    const state = await mkdtemp(join(tmpdir(), 'cachefront-fuzz-'));
    edge = await startEdge(fuzzEdgeConfig(origin.port), ['--https-port', '0', '--state-dir', state], 'fuzz.localhost', 2);
    const workers = async () => (JSON.parse((await get(`${edge!.adminUrl}/stats`)).text) as { workers: { thread: number }[] }).workers.map((w) => w.thread).sort();
    const before = await workers();
    o.log?.(`requests: ${o.requests} from seed ${o.seed}`);
    const r = await fuzzRequests({ seed: o.seed, count: o.requests, edgePort: Number(new URL(edge.url).port), origin });
    // A quarter as many again over TLS (HTTP/1.1 on the HTTPS port), the same invariants.
    const tls = { ca: await readFile(join(state, 'tls', 'ca.pem'), 'utf8'), servername: 'fuzz.localhost' };
    const overTls = await fuzzRequests({ seed: o.seed + 1, count: Math.ceil(o.requests / 4), edgePort: Number(new URL(String(edge.ready.httpsUrl)).port), origin, tls });
    for (const [s, n] of Object.entries(overTls.statuses)) r.statuses[s] = (r.statuses[s] ?? 0) + n;
    const violations = [...r.violations, ...overTls.violations.map((v) => ({ ...v, invariant: `${v.invariant} (TLS)` }))];
    const after = await workers();
    if (JSON.stringify(before) !== JSON.stringify(after)) violations.push({ invariant: 'no worker exits', detail: `workers ${before.join(',')} became ${after.join(',')}`, seed: o.seed, index: -1 });

    o.log?.(`configs: ${o.configs} from seed ${o.seed}`);
    const v = fuzzValidator({ seed: o.seed, count: o.configs, originPort: origin.port });
    violations.push(...v.violations);
    // The control plane: every mutated distribution is 201 or a 4xx, and a refused one changes nothing.
    cp = await startControlPlane('cachefront-fuzz-');
    const call = apiClient(cp.url, cp.token('write'));
    const seqOf = async () => (JSON.parse((await get(`${cp!.url}/healthz`)).text) as { seq: number }).seq;
    const cpStatuses: Record<string, number> = {};
    for (const [index, c] of v.cases.entries()) {
      const seq = await seqOf();
      const res = await call('POST', c.path, c.body);
      cpStatuses[res.status] = (cpStatuses[res.status] ?? 0) + 1;
      if (res.status >= 500) violations.push({ invariant: 'no 5xx from the control plane', detail: `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`, seed: o.seed, index });
      if (res.status !== 201 && (await seqOf()) !== seq) violations.push({ invariant: 'a refused config changes nothing', detail: `${res.status} advanced seq`, seed: o.seed, index });
      if ((res.status === 201) !== c.valid && res.status !== 409) violations.push({ invariant: 'the control plane and the validator agree', detail: `validator ${c.valid ? 'valid' : 'invalid'}, control plane ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`, seed: o.seed, index });
    }
    // CloudFront's REST API: mutated XML bodies, signed like an SDK's (a quarter as many as configs).
    const key = (await call('POST', '/v1/access-keys', { scope: 'write' })).body as { accessKeyId: string; secretAccessKey: string };
    const api = await fuzzCloudFrontApi({ seed: o.seed, count: Math.ceil(o.configs / 4), url: cp.url, key: { id: key.accessKeyId, secret: key.secretAccessKey }, originPort: origin.port });
    violations.push(...api.violations);
    for (const [s, n] of Object.entries(api.statuses)) cpStatuses[`api ${s}`] = n;
    // The edge: a refused config file changes nothing (it keeps serving the last good one).
    const bad = v.cases.find((c) => !c.valid && c.path === '/v1/distributions');
    if (bad) {
      await writeFile(edge.configPath, JSON.stringify({ distributions: [bad.body] }));
      const still = await edge.fetch('/still-here', { host: 'fuzz.localhost' });
      if (still.status !== 200) violations.push({ invariant: 'a refused config changes nothing', detail: `the edge answered ${still.status} after an invalid config file`, seed: o.seed, index: -1 });
    }
    return { violations, requests: o.requests, statuses: r.statuses, originRequests: origin.targets.length, configs: { total: v.cases.length, valid: v.cases.filter((c) => c.valid).length, controlPlane: cpStatuses } };
  } finally {
    await edge?.stop();
    await cp?.stop();
    await origin.close();
  }
}
