// Lambda@Edge on the origin events through a real edge (docs/lambda-edge.md): origin-request
// changes the URI (examples/lambda-edge/image-format) or the origin, or answers itself (that
// answer is cached like the origin's); origin-response adds headers before the object is
// cached, so hits carry them (examples/lambda-edge/security-headers); a failing function is
// CloudFront's 503 page; invocations are counted in /metrics.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, loopbackOrigin, ROOT, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'lambda.localhost';
const ARN = (name: string) => `"arn:aws:lambda:us-east-1:123456789012:function:${name}:1"`;

describe('Lambda@Edge on origin events', () => {
  let origin: Origin;
  let edge: Edge;
  before(async () => {
    origin = await startOrigin();
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-lambda-'));
    const fn = async (name: string, code: string) => {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'index.js'), code);
    };
    await fn('generate', `exports.handler = async () => ({ status: '200', headers: { 'content-type': [{ value: 'text/plain' }], 'cache-control': [{ value: 'max-age=60' }] }, body: 'made at the edge' });`);
    await fn('broken', `exports.handler = async () => { console.log('about to fail'); throw new Error('broken on purpose'); };`);
    await fn(
      'move',
      `exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  request.origin = { custom: { domainName: '127.0.0.1', port: ${origin.port}, protocol: 'http', path: '/echo/moved', sslProtocols: ['TLSv1.2'], readTimeout: 30, keepaliveTimeout: 5, customHeaders: {} } };
  request.headers['host'] = [{ key: 'Host', value: '127.0.0.1' }];
  return request;
};`,
    );
    const behavior = (pattern: string, name: string, eventType: string, policy = 'Managed-CachingOptimized') =>
      `      - { pathPattern: '${pattern}', targetOriginId: o, cachePolicyId: ${policy}, originRequestPolicyId: Managed-AllViewerExceptHostHeader, lambdaFunctionAssociations: [{ eventType: ${eventType}, lambdaFunctionARN: ${ARN(name)} }] }`;
    edge = await startEdge(
      `lambdaFunctions:
  - { name: image-format, version: 1, dir: ${join(ROOT, 'examples/lambda-edge/image-format')} }
  - { name: security-headers, version: 1, dir: ${join(ROOT, 'examples/lambda-edge/security-headers')} }
  - { name: generate, version: 1, dir: ${join(dir, 'generate')} }
  - { name: broken, version: 1, dir: ${join(dir, 'broken')} }
  - { name: move, version: 1, dir: ${join(dir, 'move')} }
distributions:
  - id: ELAMBDAEDGE001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port, '/echo')}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
    cacheBehaviors:
${behavior('/img/*', 'image-format', 'origin-request', 'Managed-CachingDisabled')}
${behavior('/sec/*', 'security-headers', 'origin-response')}
${behavior('/gen/*', 'generate', 'origin-request')}
${behavior('/broken/*', 'broken', 'origin-request')}
${behavior('/move/*', 'move', 'origin-request', 'Managed-CachingDisabled')}
`,
      [],
      HOST,
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  const echoed = (r: { text: string }) => JSON.parse(r.text) as { path: string; headers: Record<string, string> };

  it('origin-request changes the URI the origin gets (image format negotiation), per request', async () => {
    const webp = await edge.fetch('/img/cat.jpg', { headers: { accept: 'image/webp,*/*' } });
    assert.equal(webp.status, 200, webp.text);
    assert.equal(echoed(webp).path, '/echo/img/cat.webp');
    assert.equal(echoed(await edge.fetch('/img/cat.jpg', { headers: { accept: 'image/avif,image/webp' } })).path, '/echo/img/cat.avif');
    assert.equal(echoed(await edge.fetch('/img/cat.jpg')).path, '/echo/img/cat.jpg');
  });

  it('origin-request changes the origin: the request goes where the function says', async () => {
    const r = await edge.fetch('/move/here?x=1');
    assert.equal(r.status, 200, r.text);
    assert.equal(echoed(r).path, '/echo/moved/move/here');
  });

  it('origin-response adds headers before the object is cached: the miss and the hit carry them', async () => {
    const path = `/sec/page?run=${Date.now()}`;
    const miss = await edge.fetch(path);
    assert.equal(miss.headers['x-cache'], 'Miss from cachefront');
    assert.equal(miss.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains; preload');
    const hit = await edge.fetch(path);
    assert.equal(hit.headers['x-cache'], 'Hit from cachefront');
    assert.equal(hit.headers['x-frame-options'], 'DENY');
    assert.equal(hit.headers['permissions-policy'], 'camera=(), microphone=(), geolocation=()');
  });

  it("origin-request's own answer is treated as the origin's: cached by the TTL rules, the origin never asked", async () => {
    await origin.reset();
    const first = await edge.fetch('/gen/x');
    assert.equal(first.status, 200);
    assert.equal(first.text, 'made at the edge');
    assert.equal(first.headers['x-cache'], 'Miss from cachefront');
    assert.equal((await edge.fetch('/gen/x')).headers['x-cache'], 'Hit from cachefront');
    assert.equal((await origin.stats()).byPath['/echo/gen/x'], undefined);
  });

  it('explain names the origin-event functions a miss would run, and skips them for a hit', async () => {
    const explain = async (path: string) =>
      JSON.parse((await get(`${edge.adminUrl}/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `http://${HOST}${path}` }) })).text) as { steps: { name: string; outcome: string; detail: string }[] };
    const miss = (await explain(`/sec/explain-${Date.now()}`)).steps.find((s) => s.name === 'origin-response Lambda@Edge');
    assert.equal(miss?.outcome, 'pass');
    assert.match(miss!.detail, /^security-headers:1 would run/);
    const path = `/sec/explained-hit-${Date.now()}`;
    await edge.fetch(path);
    const hit = (await explain(path)).steps.find((s) => s.name === 'origin-response Lambda@Edge');
    assert.equal(hit?.outcome, 'skip');
  });

  it("a function that throws is CloudFront's 503 LambdaExecutionError page; the next request is served the same way; the invocations are counted", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await edge.fetch(`/broken/${i}`);
      assert.equal(r.status, 503);
      assert.equal(r.headers['x-cache'], 'Error from cachefront');
      assert.match(r.text, /Lambda function associated with the CloudFront distribution is invalid/);
    }
    assert.equal((await edge.fetch('/gen/x')).status, 200, 'other behaviors are unaffected');
    const metrics = (await get(`${edge.adminUrl}/metrics`)).text;
    assert.match(metrics, /cachefront_edge_lambda_errors_total\{[^}]*function="broken:1"[^}]*error="LambdaExecutionError"\} 2/);
    assert.match(metrics, /cachefront_edge_lambda_invocations_total\{[^}]*function="image-format:1"[^}]*\} [1-9]/);
    assert.ok(edge.lines.some((l) => l.includes('lambda@edge invocation') && l.includes('about to fail')), 'the handler console output is in the edge log');
  });
});
