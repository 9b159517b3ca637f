// Cache tiers end to end: an origin, an origin shield and three POP edges (2 workers each,
// one config file, --parent = the shield), real processes on loopback ports.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { signUrl } from '@cachefront/signing';
import { eventually, get, startEdgeWith, startOrigin, writeConfig, type Edge, type Origin, type Res } from './helpers.ts';

const HOST = 'tiers.localhost';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = String(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const PUBLIC_KEY = String(rsa.publicKey.export({ type: 'spki', format: 'pem' }))
  .trim()
  .split('\n')
  .join('\n          ');

function config(originPort: number, deadPort: number): string {
  return `
publicKeys:
  - id: KTIERS00000001
    name: tiers
    encodedKey: |
          ${PUBLIC_KEY}
keyGroups:
  - { id: signers, name: signers, items: [KTIERS00000001] }
distributions:
  - id: ETIERS00000001
    aliases: [${HOST}]
    origins:
      - id: origin
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${originPort}, originProtocolPolicy: http-only }
        customHeaders: { x-origin-secret: s3cr3t }
      - id: echo
        domainName: 127.0.0.1
        originPath: /echo
        customOriginConfig: { httpPort: ${originPort}, originProtocolPolicy: http-only }
        customHeaders: { x-origin-secret: s3cr3t }
      - id: dead
        domainName: 127.0.0.1
        connectionAttempts: 1
        connectionTimeout: 1
        customOriginConfig: { httpPort: ${deadPort}, originProtocolPolicy: http-only }
    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: tiered
    cacheBehaviors:
      - pathPattern: /echo/*
        targetOriginId: origin
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: Managed-AllViewer
        allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
      - pathPattern: /seen/*
        targetOriginId: echo
        cachePolicyId: tiered
        originRequestPolicyId: Managed-AllViewer
      - pathPattern: /dead/*
        targetOriginId: dead
        cachePolicyId: tiered
      - pathPattern: /private/*
        targetOriginId: origin
        cachePolicyId: tiered
        trustedKeyGroups: [signers]
cachePolicies:
  - id: tiered
    minTTL: 0
    defaultTTL: 60
    maxTTL: 3600
    parametersInCacheKeyAndForwardedToOrigin:
      enableAcceptEncodingGzip: true
      enableAcceptEncodingBrotli: true
      headersConfig: { headerBehavior: none }
      cookiesConfig: { cookieBehavior: none }
      queryStringsConfig: { queryStringBehavior: none }
`;
}

let origin: Origin;
let shield: Edge;
let pops: Edge[];
let configPath: string;
let shieldVia: string;
const popVia: string[] = [];
let run = 0;
/** A path no other test has used, so each test starts cold at every tier. */
const fresh = (prefix: string) => `${prefix}/t${process.pid}-${++run}`;
const originCount = async (path: string) => (await origin.stats()).byPath[path] ?? 0;
const tierOf = (r: Res) => r.headers['x-cachefront-tier'];

before(async () => {
  origin = await startOrigin();
  configPath = await writeConfig(config(origin.port, await freePort()));
  shield = await startEdgeWith(configPath, ['--tier', 'shield', '--pop', 'SHIELD1'], HOST);
  pops = await Promise.all(['FRA', 'IAD', 'NRT'].map((pop) => startEdgeWith(configPath, ['--parent', shield.url, '--pop', pop], HOST)));
  // Each edge's own Via entry: from an error it generates itself (unknown host).
  shieldVia = String((await shield.fetch('/', { host: 'nope.example' })).headers.via);
  for (const p of pops) popVia.push(String((await p.fetch('/', { host: 'nope.example' })).headers.via));
});
after(async () => {
  await Promise.all((pops ?? []).map((p) => p.stop()));
  await shield?.stop();
  await origin?.stop();
});

describe('tiers: collapsing at every tier', () => {
  it('1,000 concurrent cold requests spread over 3 POP edges make exactly 1 origin request', async () => {
    const path = fresh('/delay/1000');
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => pops[i % 3]!.fetch(`${path}?cc=max-age%3D60`)));
    assert.ok(
      results.every((r) => r.status === 200),
      `statuses: ${[...new Set(results.map((r) => r.status))]}`,
    );
    assert.equal(await originCount(path), 1);
    // The first wave: a miss at the POP, answered by the origin through the shield (or by
    // the shield's copy, for a POP whose request reached it after the origin answered).
    for (const r of results) {
      if (r.headers['x-cache'] === 'Hit from cachefront') assert.equal(tierOf(r), 'pop-hit');
      else {
        assert.equal(r.headers['x-cache'], 'Miss from cachefront');
        assert.match(String(tierOf(r)), /^(origin|shield-hit)$/);
      }
    }
    assert.ok(
      results.some((r) => tierOf(r) === 'origin'),
      'someone got it from the origin',
    );
    // Later requests: a hit at each POP.
    for (const p of pops) {
      const again = await p.fetch(`${path}?cc=max-age%3D60`);
      assert.equal(again.headers['x-cache'], 'Hit from cachefront');
      assert.equal(tierOf(again), 'pop-hit');
    }
    assert.equal(await originCount(path), 1);
  });
});

describe('tiers: which tier answered', () => {
  it('a POP fills the shield; another POP misses but hits the shield (0 new origin requests)', async () => {
    const path = fresh('/cache/max-age=60');
    const [a, b, c] = pops as [Edge, Edge, Edge];
    const first = await a.fetch(path);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-cache'], 'Miss from cachefront');
    assert.equal(tierOf(first), 'origin');
    assert.equal(first.headers.via, `${shieldVia}, ${popVia[0]}`, 'Via: the shield, then the POP');
    assert.equal(first.headers['x-amz-cf-pop'], 'FRA');
    assert.equal(await originCount(path), 1);

    const atB = await b.fetch(path);
    assert.equal(atB.headers['x-cache'], 'Miss from cachefront', 'a miss at POP B');
    assert.equal(tierOf(atB), 'shield-hit', 'a hit at the shield');
    assert.equal(atB.headers.via, `${shieldVia}, ${popVia[1]}`);
    assert.equal(atB.text, first.text, 'the same object (same origin generation)');
    // POP C's connections may land on the shield's other worker: still the shield's copy.
    const atC = await c.fetch(path);
    assert.equal(tierOf(atC), 'shield-hit');
    assert.equal(await originCount(path), 1, 'no new origin request');

    const hitB = await b.fetch(path);
    assert.equal(hitB.headers['x-cache'], 'Hit from cachefront');
    assert.equal(tierOf(hitB), 'pop-hit');
    assert.equal(hitB.headers.via, `${shieldVia}, ${popVia[1]}`, 'a stored copy keeps the path it came by');
  });

  it('three tiers: a POP under a regional edge cache under the shield', async () => {
    const regional = await startEdgeWith(configPath, ['--tier', 'regional', '--parent', shield.url, '--pop', 'REC1'], HOST, 1);
    const pop = await startEdgeWith(configPath, ['--parent', regional.url, '--pop', 'LHR'], HOST, 1);
    try {
      const regionalVia = String((await regional.fetch('/', { host: 'nope.example' })).headers.via);
      const lhrVia = String((await pop.fetch('/', { host: 'nope.example' })).headers.via);
      const path = fresh('/cache/max-age=60');
      const first = await pop.fetch(path);
      assert.equal(tierOf(first), 'origin');
      assert.equal(first.headers.via, `${shieldVia}, ${regionalVia}, ${lhrVia}`);
      // The shield has it now: a POP right under the shield hits there.
      assert.equal(tierOf(await pops[0]!.fetch(path)), 'shield-hit');
      // And a second object the shield already holds: a miss at the POP and the regional cache.
      const other = fresh('/cache/max-age=60');
      await pops[1]!.fetch(other);
      const viaRegional = await pop.fetch(other);
      assert.equal(viaRegional.headers['x-cache'], 'Miss from cachefront');
      assert.equal(tierOf(viaRegional), 'shield-hit');
      assert.equal(tierOf(await pop.fetch(other)), 'pop-hit');
      const third = fresh('/cache/max-age=60');
      await pop.fetch(third);
      assert.equal(tierOf(await regional.fetch(third)), 'regional-hit', 'the regional cache kept its copy');
      assert.equal((await originCount(path)) + (await originCount(other)) + (await originCount(third)), 3, 'one origin request per object');
    } finally {
      await Promise.all([pop.stop(), regional.stop()]);
    }
  });

  it("the parent's Age counts against the child's TTL: a child keeps it no longer than the origin allows", async () => {
    const path = fresh('/cache/max-age=6');
    const [a, b] = pops as [Edge, Edge];
    assert.equal(tierOf(await a.fetch(path)), 'origin');
    // Let the shield's copy age (a direct request to the shield is a viewer's: it shows Age).
    await eventually(async () => Number((await shield.fetch(path)).headers.age) >= 3, "the shield's copy to be 3 s old", 8000, 100);
    const filled = Date.now();
    const atB = await b.fetch(path);
    assert.equal(tierOf(atB), 'shield-hit');
    const ageAtFill = Number(atB.headers.age);
    assert.ok(ageAtFill >= 3, `Age from the shield: ${atB.headers.age}`);
    const hit = await b.fetch(path);
    assert.equal(hit.headers['x-cache'], 'Hit from cachefront');
    assert.ok(Number(hit.headers.age) >= ageAtFill, `the hit's Age (${hit.headers.age}) includes the time at the shield`);
    // B stored it with ~3 s of its 6 s already spent: it expires ~3 s after B got it, not 6.
    await eventually(async () => (await b.fetch(path)).headers['x-cache'] !== 'Hit from cachefront', 'POP B to stop serving its copy', 8000, 100);
    const kept = (Date.now() - filled) / 1000;
    assert.ok(kept < 6 - ageAtFill + 1.5, `POP B kept the object ${kept.toFixed(1)} s after a fill at Age ${ageAtFill} (max-age 6)`);
  });
});

describe('tiers: what travels between tiers', () => {
  it('the origin sees one request, as without tiers: path, X-Forwarded-For, custom headers; Via lists both tiers', async () => {
    const path = fresh('/seen');
    const r = await pops[0]!.fetch(`${path}?q=1`, { headers: { 'x-forward-me': 'yes', 'user-agent': 'curl/8' } });
    assert.equal(r.status, 200);
    assert.equal(tierOf(r), 'origin');
    const echo = JSON.parse(r.text) as { path: string; headers: Record<string, string> };
    assert.equal(echo.path, `/echo${path}`, 'originPath applied once');
    assert.equal(echo.headers['x-forwarded-for'], '127.0.0.1', 'the viewer, once');
    assert.equal(echo.headers.via, `${popVia[0]}, ${shieldVia}`, 'request Via: the POP, then the shield');
    assert.equal(echo.headers['x-origin-secret'], 's3cr3t');
    assert.equal(echo.headers['x-forward-me'], 'yes');
    assert.equal(echo.headers['user-agent'], 'curl/8');
    assert.equal(echo.headers.host, HOST, 'AllViewer forwards the viewer Host');
    assert.equal(echo.headers['x-cachefront-tier-hop'], undefined, 'the tier protocol stays between edges');
    assert.equal(await originCount(`/echo${path}`), 1);
  });

  it('uncacheable requests go straight to the origin (as CloudFront does with regional edge caches)', async () => {
    const r = await get(`${pops[1]!.url}/echo/direct`, { method: 'POST', headers: { host: HOST, 'content-type': 'text/plain' }, body: 'hi' });
    assert.equal(r.status, 200);
    assert.equal(tierOf(r), 'origin');
    const echo = JSON.parse(r.text) as { method: string; body: string; headers: Record<string, string> };
    assert.equal(echo.body, 'hi');
    assert.equal(echo.headers.via, popVia[1], 'not through the shield');
  });
});

describe('tiers: errors', () => {
  it("an error the shield generates is relayed as the shield's, and cached nowhere", async () => {
    const path = fresh('/dead');
    for (let i = 0; i < 2; i++) {
      const r = await pops[0]!.fetch(path);
      assert.equal(r.status, 502);
      assert.equal(r.headers['x-cache'], 'Error from cachefront');
      assert.equal(tierOf(r), 'shield-error');
      assert.equal(r.headers['x-cachefront-error'], 'ORIGIN_UNREACHABLE');
      assert.match(r.text, /wasn't able to connect to the origin/);
    }
  });
});

describe('tiers: trust', () => {
  const url = (path: string) => `http://${HOST}${path}`;
  const signed = (path: string) => new URL(signUrl({ url: url(path), keyPairId: 'KTIERS00000001', privateKey: PRIVATE_KEY, expires: Math.floor(Date.now() / 1000) + 600 }));

  it('private content: the POP checks the signature, the shield trusts its child, and serves no one else', async () => {
    const path = '/private/report.html';
    const unsigned = await pops[0]!.fetch(path);
    assert.equal(unsigned.status, 403);
    assert.match(unsigned.text, /<Code>MissingKey<\/Code>/);
    const s = signed(path);
    const ok = await pops[0]!.fetch(s.pathname + s.search);
    assert.equal(ok.status, 200);
    assert.equal(tierOf(ok), 'origin');
    // The shield now has the object; a viewer asking the shield directly is still checked.
    const direct = await shield.fetch(path);
    assert.equal(direct.status, 403);
    assert.match(direct.text, /<Code>MissingKey<\/Code>/);
  });

  it('a POP edge takes no tier requests; a loop of --parent settings is refused with 508', async () => {
    const refused = await pops[2]!.fetch('/cache/max-age=60/x', { headers: { 'x-cachefront-tier-hop': '1' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers['x-cachefront-error'], 'TIER_REFUSED');

    const port = await freePort();
    const loop = await startEdgeWith(configPath, ['--tier', 'regional', '--parent', `http://127.0.0.1:${port}`, '--port', String(port)], HOST, 1);
    try {
      const r = await loop.fetch(fresh('/cache/max-age=60'));
      assert.equal(r.status, 508);
      assert.equal(r.headers['x-cachefront-error'], 'TIER_LOOP');
      assert.equal(tierOf(r), 'regional-error');
    } finally {
      await loop.stop();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}
