import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, s3RequestSigner } from './s3.ts';

const creds = { accessKeyId: 'AKIDCACHEFRONT01', secretAccessKey: 'secret/0123456789abcdef' };
const oac = (signingBehavior: 'always' | 'never' | 'no-override') => ({ id: 'E1', name: 'o', description: '', signingProtocol: 'sigv4' as const, signingBehavior, originAccessControlOriginType: 's3' as const });
const req = (headers: Record<string, string> = {}) => ({ method: 'GET', path: '/img/a%20b.png?v=1&x=%2F', headers: { host: 'viewer.example.com', 'user-agent': 'Amazon CloudFront', ...headers } });

describe('S3 origin requests', () => {
  it('always: Host is the bucket, the viewer Authorization is replaced by a SigV4 signature in the bucket region', async () => {
    const out = await s3RequestSigner('site.s3.eu-west-1.amazonaws.com', oac('always'), creds)(req({ authorization: 'Bearer viewer' }));
    assert.equal(out.host, 'site.s3.eu-west-1.amazonaws.com');
    assert.match(String(out.authorization), /^AWS4-HMAC-SHA256 Credential=AKIDCACHEFRONT01\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    assert.equal(out['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
    assert.match(String(out['x-amz-date']), /^\d{8}T\d{6}Z$/);
    assert.equal(out['user-agent'], 'Amazon CloudFront', 'other headers go as planned');
  });

  it('forwarded x-amz-* headers are signed too (S3 refuses unsigned ones)', async () => {
    const out = await s3RequestSigner('site.s3.localhost', oac('always'), creds)(req({ 'x-amz-meta-viewer': 'v' }));
    assert.match(String(out.authorization), /SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-viewer,/);
  });

  it('the global and local bucket names sign for us-east-1; a session token is signed too', async () => {
    const out = await s3RequestSigner('site.s3.localhost', oac('always'), { ...creds, sessionToken: 'tok' })(req());
    assert.match(String(out.authorization), /\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/);
    assert.equal(out['x-amz-security-token'], 'tok');
  });

  it('no-override keeps a forwarded viewer Authorization unsigned and signs when there is none; never signs nothing', async () => {
    const kept = await s3RequestSigner('site.s3.localhost', oac('no-override'), creds)(req({ authorization: 'AWS4-HMAC-SHA256 viewer' }));
    assert.equal(kept.authorization, 'AWS4-HMAC-SHA256 viewer');
    assert.equal(kept['x-amz-date'], undefined);
    const signed = await s3RequestSigner('site.s3.localhost', oac('no-override'), creds)(req());
    assert.match(String(signed.authorization), /^AWS4-HMAC-SHA256 Credential=/);
    const never = await s3RequestSigner('site.s3.localhost', oac('never'), creds)(req({ authorization: 'x' }));
    assert.equal(never.authorization, 'x');
    assert.equal(never.host, 'site.s3.localhost');
    const none = await s3RequestSigner('site.s3.localhost', undefined, creds)(req());
    assert.equal(none.authorization, undefined);
  });

  it('the same request signed twice in the same second gets the same signature; another query another', async () => {
    const sign = s3RequestSigner('site.s3.localhost', oac('always'), creds);
    const sig = async (path: string) => {
      const out = await sign({ ...req(), path });
      return { date: out['x-amz-date'], sig: String(out.authorization).split('Signature=')[1] };
    };
    for (let i = 0; i < 3; i++) {
      const [a, b, c] = await Promise.all([sig('/a?v=1'), sig('/a?v=1'), sig('/a?v=2')]);
      if (a.date !== b.date || a.date !== c.date) continue; // a second boundary between them: try again
      assert.equal(a.sig, b.sig);
      assert.notEqual(a.sig, c.sig);
      return;
    }
    assert.fail('three tries each crossed a second boundary');
  });

  it('parseQuery decodes names and values, keeps repeats and +', () => {
    assert.deepEqual(parseQuery('a=1&b=%2F&a=2&c&d=x+y&bad=%E0'), { a: ['1', '2'], b: '/', c: '', d: 'x+y', bad: '%E0' });
  });
});
