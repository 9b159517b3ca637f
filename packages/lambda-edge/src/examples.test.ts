// examples/lambda-edge: each function run with its event.json (and variations) through the
// runtime and CloudFront's checks, as the edge will run it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { outcomeOf, type Applied } from './apply.ts';
import { LambdaRuntime } from './runtime.ts';
import type { CfEvent } from './types.ts';

const examples = fileURLToPath(new URL('../../../examples/lambda-edge/', import.meta.url));
const rt = new LambdaRuntime();
after(() => rt.close());

const fixture = (name: string): CfEvent => JSON.parse(readFileSync(`${examples}${name}/event.json`, 'utf8')) as CfEvent;

async function run(name: string, event: CfEvent): Promise<Applied> {
  const eventType = event.Records[0].cf.config.eventType;
  const outcome = await rt.invoke({ name, version: '1', runtime: 'nodejs22.x', handler: 'index.handler', dir: `${examples}${name}` }, eventType, event);
  return outcomeOf(eventType, event, outcome);
}

const header = (pairs: Array<[string, string]>, name: string) => pairs.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);

describe('examples/lambda-edge', () => {
  it('origin-by-header: X-Backend beta -> the beta custom origin; static -> S3 with its Host; none -> unchanged', async () => {
    const beta = await run('origin-by-header', fixture('origin-by-header'));
    assert.ok(beta.kind === 'request', JSON.stringify(beta));
    assert.equal(beta.request.originChanged, true);
    assert.ok(beta.request.origin && 'custom' in beta.request.origin);
    assert.equal(beta.request.origin.custom.domainName, 'beta.example.com');
    assert.equal(beta.request.origin.custom.path, '/v2');

    const staticEvent = fixture('origin-by-header');
    staticEvent.Records[0].cf.request.headers['x-backend'] = [{ key: 'X-Backend', value: 'static' }];
    const s3 = await run('origin-by-header', staticEvent);
    assert.ok(s3.kind === 'request' && s3.request.origin && 's3' in s3.request.origin, JSON.stringify(s3));
    assert.deepEqual(header(s3.request.headers, 'host'), ['assets-bucket.s3.us-east-1.amazonaws.com']);

    const plain = fixture('origin-by-header');
    delete plain.Records[0].cf.request.headers['x-backend'];
    const unchanged = await run('origin-by-header', plain);
    assert.ok(unchanged.kind === 'request');
    assert.equal(unchanged.request.originChanged, false);
  });

  it("security-headers: the six headers added, the origin's X-Frame-Options kept", async () => {
    const r = await run('security-headers', fixture('security-headers'));
    assert.ok(r.kind === 'response', JSON.stringify(r));
    assert.equal(r.response.generated, false);
    assert.equal(r.response.body, undefined);
    assert.deepEqual(header(r.response.headers, 'x-frame-options'), ['SAMEORIGIN']);
    assert.deepEqual(header(r.response.headers, 'strict-transport-security'), ['max-age=63072000; includeSubDomains; preload']);
    assert.ok(r.response.headers.some(([k]) => k === 'Content-Security-Policy'));
    assert.ok(r.response.headers.some(([k]) => k === 'X-Content-Type-Options'));
  });

  it('form-handler: a urlencoded POST answered at the edge; bad email 400; truncated body 413; GET passes', async () => {
    const ok = await run('form-handler', fixture('form-handler'));
    assert.ok(ok.kind === 'response', JSON.stringify(ok));
    assert.equal(ok.response.status, 200);
    assert.equal(ok.response.generated, true);
    assert.match(ok.response.body!.toString(), /Thanks, ada@example.com/);

    const bad = fixture('form-handler');
    bad.Records[0].cf.request.body!.data = Buffer.from('email=nope').toString('base64');
    const r400 = await run('form-handler', bad);
    assert.ok(r400.kind === 'response' && r400.response.status === 400);

    const big = fixture('form-handler');
    big.Records[0].cf.request.body!.inputTruncated = true;
    const r413 = await run('form-handler', big);
    assert.ok(r413.kind === 'response' && r413.response.status === 413);

    const get = fixture('form-handler');
    get.Records[0].cf.request.method = 'GET';
    delete get.Records[0].cf.request.body;
    assert.equal((await run('form-handler', get)).kind, 'request');
  });

  it('image-format: Accept image/webp -> .webp, image/avif -> .avif, neither -> unchanged', async () => {
    const table: Array<[string, string, string]> = [
      ['image/webp,image/apng,image/*,*/*;q=0.8', '/photos/cat.jpg', '/photos/cat.webp'],
      ['image/avif,image/webp,*/*', '/photos/cat.png', '/photos/cat.avif'],
      ['image/png,*/*', '/photos/cat.jpg', '/photos/cat.jpg'],
      ['image/webp', '/photos/cat.gif', '/photos/cat.gif'],
    ];
    for (const [accept, uri, expected] of table) {
      const e = fixture('image-format');
      e.Records[0].cf.request.headers.accept = [{ key: 'Accept', value: accept }];
      e.Records[0].cf.request.uri = uri;
      const r = await run('image-format', e);
      assert.ok(r.kind === 'request', JSON.stringify(r));
      assert.equal(r.request.uri, expected, accept);
    }
  });
});
