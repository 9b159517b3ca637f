// The caching edge end to end: real origin, real edge (2 workers), loopback ports.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { cachePolicy, eventually, get, startCli, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';

const HOST = 'test.localhost';

/** A 0/60/3600 s cache policy that keys on nothing but the given query strings config. */
const shortPolicy = (id: string, queryStringsConfig: string) => cachePolicy(id, { queryStringsConfig, defaultTTL: 60, maxTTL: 3600 });

function config(originPort: number): string {
  return `
distributions:
  - id: ETEST000000001
    aliases: [${HOST}]
    defaultRootObject: index.html
    origins:
      - id: origin
        domainName: 127.0.0.1
        customOriginConfig: { httpPort: ${originPort}, originProtocolPolicy: http-only }
        customHeaders: { x-origin-secret: s3cr3t }
    defaultCacheBehavior:
      targetOriginId: origin
      cachePolicyId: Managed-CachingOptimized
    cacheBehaviors:
      - pathPattern: /echo/*
        targetOriginId: origin
        cachePolicyId: Managed-CachingDisabled
        originRequestPolicyId: forward-some
        allowedMethods: [GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE]
      - pathPattern: /cache/*/keyed/*
        targetOriginId: origin
        cachePolicyId: qs-v
      - pathPattern: /cache/*
        targetOriginId: origin
        cachePolicyId: short
cachePolicies:
${shortPolicy('qs-v', '{ queryStringBehavior: whitelist, queryStrings: [v] }')}${shortPolicy('short', '{ queryStringBehavior: none }')}originRequestPolicies:
  - id: forward-some
    headersConfig: { headerBehavior: whitelist, headers: [x-forward-me] }
    cookiesConfig: { cookieBehavior: whitelist, cookies: [session] }
    queryStringsConfig: { queryStringBehavior: whitelist, queryStrings: [q] }
`;
}

let origin: Origin;
let edge: Edge;
let run = 0;
/** A path no other test has used, so each test starts cold. */
const fresh = (prefix: string) => `${prefix}/t${process.pid}-${++run}`;

before(async () => {
  origin = await startOrigin();
  edge = await startEdge(config(origin.port), ['--max-object-size', '1MB']);
});
after(async () => {
  await edge?.stop();
  await origin?.stop();
});

const originCount = async (path: string) => (await origin.stats()).byPath[path] ?? 0;

describe('edge: caching', () => {
  it('Miss then Hit, with CloudFront response headers', async () => {
    const path = fresh('/cache/max-age=60');
    const a = await edge.fetch(path);
    assert.equal(a.status, 200);
    assert.equal(a.headers['x-cache'], 'Miss from cachefront');
    assert.match(String(a.headers.via), /^1\.1 [0-9a-f]{32}\.cachefront\.local \(cachefront\)$/);
    assert.equal(a.headers['x-amz-cf-pop'], 'DEV1');
    assert.match(String(a.headers['x-amz-cf-id']), /^[A-Za-z0-9_-]{56}$/);
    const b = await edge.fetch(path);
    assert.equal(b.headers['x-cache'], 'Hit from cachefront');
    assert.ok(Number(b.headers.age) >= 0, 'Age on a hit');
    assert.notEqual(b.headers['x-amz-cf-id'], a.headers['x-amz-cf-id']);
    assert.equal(b.text, a.text, 'same body');
    assert.equal(await originCount(path), 1);
  });

  it('a byte range of a stored object: 206 with Content-Range, 416 past the end, multipart for several ranges', async () => {
    const path = fresh('/cache/max-age=60');
    const full = await edge.fetch(path);
    assert.equal(full.headers['x-cache'], 'Miss from cachefront');
    const size = full.body.length;
    assert.ok(size > 4);
    const part = await edge.fetch(path, { headers: { range: 'bytes=1-3' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 1-3/${size}`);
    assert.equal(part.headers['content-length'], '3');
    assert.deepEqual(part.body, full.body.subarray(1, 4));
    assert.equal(part.headers['x-cache'], 'Hit from cachefront');
    const suffix = await edge.fetch(path, { headers: { range: 'bytes=-2' } });
    assert.deepEqual(suffix.body, full.body.subarray(size - 2));
    const past = await edge.fetch(path, { headers: { range: `bytes=${size}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], `bytes */${size}`);
    assert.equal(past.headers['x-cache'], 'Error from cachefront');
    // Several ranges: multipart/byteranges (test/ranges.test.ts checks the parts).
    const several = await edge.fetch(path, { headers: { range: 'bytes=0-0,3-4' } });
    assert.equal(several.status, 206);
    assert.match(String(several.headers['content-type']), /^multipart\/byteranges; boundary=/);
    assert.equal(await originCount(path), 1, 'every range came from the stored copy');
  });

  it('HEAD shares the GET entry and sends no body', async () => {
    const path = fresh('/cache/max-age=60');
    const head = await edge.fetch(path, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    const getRes = await edge.fetch(path);
    assert.equal(getRes.headers['x-cache'], 'Hit from cachefront');
    assert.ok(getRes.body.length > 0);
  });

  it('routes by the first matching path pattern, in list order', async () => {
    // /cache/*/keyed/* comes before /cache/*: its policy keys on ?v.
    const keyed = fresh('/cache/max-age=60/keyed');
    assert.equal((await edge.fetch(`${keyed}?v=1`)).headers['x-cache'], 'Miss from cachefront');
    assert.equal((await edge.fetch(`${keyed}?v=2`)).headers['x-cache'], 'Miss from cachefront');
    const plain = fresh('/cache/max-age=60/plain');
    assert.equal((await edge.fetch(`${plain}?v=1`)).headers['x-cache'], 'Miss from cachefront');
    assert.equal((await edge.fetch(`${plain}?v=2`)).headers['x-cache'], 'Hit from cachefront');
  });

  it('puts whitelisted query strings in the key and ignores the rest', async () => {
    const p = fresh('/cache/max-age=60/keyed');
    assert.equal((await edge.fetch(`${p}?v=1&utm=a`)).headers['x-cache'], 'Miss from cachefront');
    assert.equal((await edge.fetch(`${p}?utm=b&v=1`)).headers['x-cache'], 'Hit from cachefront');
    assert.equal((await edge.fetch(`${p}?v=3`)).headers['x-cache'], 'Miss from cachefront');
    assert.equal(await originCount(p), 2);
  });

  it('never caches no-store', async () => {
    const path = fresh('/cache/no-store');
    for (let i = 0; i < 3; i++) assert.equal((await edge.fetch(path)).headers['x-cache'], 'Miss from cachefront');
    assert.equal(await originCount(path), 3);
  });

  it('revalidates an expired object: 304 from the origin -> RefreshHit', async () => {
    const path = fresh('/cache/max-age=1');
    assert.equal((await edge.fetch(path)).headers['x-cache'], 'Miss from cachefront');
    // Poll until the TTL has run out and the edge revalidated (each poll is a real request).
    const refreshed = await eventually(async () => {
      const r = await edge.fetch(path);
      return r.headers['x-cache'] === 'RefreshHit from cachefront' ? r : undefined;
    }, 'RefreshHit', 8000, 100);
    assert.equal(refreshed.status, 200);
    assert.ok(refreshed.body.length > 0);
    assert.equal(await originCount(path), 2, 'one fetch, one conditional revalidation');
  });

  it('caches a 404 for ErrorCachingMinTTL and reports it as Error', async () => {
    const path = fresh('/missing');
    const a = await edge.fetch(path);
    assert.equal(a.status, 404);
    assert.equal(a.headers['x-cache'], 'Error from cachefront');
    const b = await edge.fetch(path);
    assert.equal(b.status, 404);
    assert.equal(await originCount(path), 1);
  });

  it('serves the default root object for /', async () => {
    const r = await edge.fetch('/');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/html/);
  });
});

describe('edge: origin requests', () => {
  it('forwards exactly what the policies say (proven by /echo)', async () => {
    const r = await edge.fetch('/echo/x?q=1&drop=2', {
      headers: { 'x-forward-me': 'yes', 'x-not-me': 'no', cookie: 'session=abc; other=1', 'user-agent': 'curl/8' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['x-cache'], 'Miss from cachefront');
    const echo = JSON.parse(r.text) as { path: string; query: string; headers: Record<string, string>; cookies: Record<string, string> };
    assert.equal(echo.path, '/echo/x');
    assert.equal(echo.query, 'q=1');
    assert.equal(echo.headers['x-forward-me'], 'yes');
    assert.equal(echo.headers['x-not-me'], undefined);
    assert.deepEqual(echo.cookies, { session: 'abc' });
    assert.equal(echo.headers['x-origin-secret'], 's3cr3t', 'origin custom header');
    assert.equal(echo.headers['user-agent'], 'Amazon CloudFront');
    assert.match(echo.headers['x-amz-cf-id'] ?? '', /^[A-Za-z0-9_-]{56}$/);
    assert.match(echo.headers.via ?? '', /cachefront/);
    assert.equal(echo.headers['x-forwarded-for'], '127.0.0.1');
  });

  it('forwards request bodies for POST', async () => {
    const r = await get(`${edge.url}/echo/form`, { method: 'POST', headers: { host: HOST, 'content-type': 'text/plain' }, body: 'hello' });
    const echo = JSON.parse(r.text) as { method: string; body: string };
    assert.equal(echo.method, 'POST');
    assert.equal(echo.body, 'hello');
  });
});

describe('edge: collapsing and streaming', () => {
  it('1,000 concurrent requests for one cold object make exactly 1 origin request', async () => {
    // Long enough that all 1,000 arrive while the fetch is in flight, even on a busy machine.
    const path = fresh('/delay/1500');
    const results = await Promise.all(Array.from({ length: 1000 }, () => edge.fetch(`${path}?cc=max-age%3D60`)));
    assert.ok(results.every((r) => r.status === 200), `statuses: ${[...new Set(results.map((r) => r.status))]}`);
    assert.equal(await originCount(path), 1);
  });

  it('streams a 20 MB object through, with backpressure (not stored above --max-object-size)', async () => {
    const r = await slowGet(`${edge.url}/bytes/20971520`, HOST);
    assert.equal(r.status, 200);
    assert.equal(r.length, 20971520);
    const direct = await get(`${origin.url}/bytes/20971520`);
    assert.equal(r.sha, sha(direct.body), 'same bytes as the origin');
    assert.equal((await edge.fetch('/bytes/20971520', { method: 'HEAD' })).headers['x-cache'], 'Miss from cachefront', 'not stored');
  });

  it('a viewer that stops reading stalls the origin transfer (memory stays bounded)', async () => {
    // What may legitimately be in flight: the viewer's kernel receive buffer and the edge's
    // send buffer, both autotuned up to the system maxima (32 MiB + 4 MiB here), plus slack.
    // The object is twice that, so pulling it all would show there is no backpressure.
    const bound = 1024 * 1024 + (await kernelBufferMax()) + 4 * 1024 * 1024;
    const size = Math.max(20 * 1024 * 1024, 2 * bound);
    const originBytes = async () => (await statsOf(edge)).reduce((n, w) => n + w.originBytes, 0);
    const start = await originBytes();
    const stalled = await stalledGet(`${edge.url}/bytes/${size}`, HOST, 1024 * 1024);
    try {
      // Wait until the edge stops pulling from the origin (three equal samples in a row).
      let last = -1;
      let same = 0;
      const read = await eventually(async () => {
        const now = (await originBytes()) - start;
        same = now === last ? same + 1 : 0;
        last = now;
        return same >= 3 ? now : undefined;
      }, 'origin transfer to stall', 20_000, 100);
      assert.ok(read >= 1024 * 1024, `edge read ${read} bytes`);
      assert.ok(read < bound, `edge pulled ${(read / 1048576).toFixed(1)} MiB of ${(size / 1048576).toFixed(0)} MiB for a viewer that took 1 MiB (bound ${(bound / 1048576).toFixed(0)} MiB)`);
    } finally {
      stalled.destroy();
    }
  });
});

describe('edge: a viewer that stops reading stalls no other viewer', () => {
  it('of a stored object (900 KB, under --max-object-size): a second viewer gets it whole while the first still reads nothing', async () => {
    const path = `/bytes/921600?run=${Date.now()}`;
    const stalled = await stalledGet(`${edge.url}${path}`, HOST, 64 * 1024);
    try {
      const r = await slowGet(`${edge.url}${path}`, HOST);
      assert.equal(r.length, 921600);
      assert.equal(r.sha, sha((await get(`${origin.url}/bytes/921600`)).body));
    } finally {
      stalled.destroy();
    }
  });

  it('of an object streamed unstored (over --max-object-size): a second viewer gets it whole while the first is stalled', { timeout: 60_000 }, async () => {
    const bound = 1024 * 1024 + (await kernelBufferMax()) + 4 * 1024 * 1024;
    const size = Math.max(20 * 1024 * 1024, 2 * bound);
    const originBytes = async () => (await statsOf(edge)).reduce((n, w) => n + w.originBytes, 0);
    const stalled = await stalledGet(`${edge.url}/bytes/${size}`, HOST, 1024 * 1024);
    try {
      // The first viewer's transfer has stopped (the edge pulls nothing more for it).
      let last = -1;
      let same = 0;
      await eventually(async () => {
        const now = await originBytes();
        same = now === last ? same + 1 : 0;
        last = now;
        return same >= 3;
      }, 'the first transfer to stall', 20_000, 100);
      const r = await slowGet(`${edge.url}/bytes/${size}`, HOST);
      assert.equal(r.length, size);
    } finally {
      stalled.destroy();
    }
  });
});

/** tcp_rmem max + tcp_wmem max (Linux); 12 MiB where /proc is not readable. */
async function kernelBufferMax(): Promise<number> {
  try {
    const max = async (f: string) => Number((await readFile(f, 'utf8')).trim().split(/\s+/)[2]);
    const sum = (await max('/proc/sys/net/ipv4/tcp_rmem')) + (await max('/proc/sys/net/ipv4/tcp_wmem'));
    return Number.isFinite(sum) && sum > 0 ? sum : 12 * 1024 * 1024;
  } catch {
    return 12 * 1024 * 1024;
  }
}

describe('edge: bad input', () => {
  it('unknown Host gets CloudFront 403', async () => {
    const r = await edge.fetch('/x', { host: 'nope.example' });
    assert.equal(r.status, 403);
    assert.equal(r.headers['x-cache'], 'Error from cachefront');
    assert.match(r.text, /The request could not be satisfied/);
  });

  it('a method the behavior does not allow gets 403', async () => {
    const r = await edge.fetch('/cache/max-age=60/x', { method: 'POST' });
    assert.equal(r.status, 403);
  });

  it('a port in use is reported clearly, and the edge exits instead of respawning workers', async () => {
    const port = new URL(edge.url).port;
    await assert.rejects(startCli(['edge', '--config', edge.configPath, '--port', port, '--workers', '1']), /process exited[\s\S]*cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });

  it('URL over 8,192 bytes -> 414', async () => {
    const r = await edge.fetch(`/cache/${'a'.repeat(9000)}`);
    assert.equal(r.status, 414);
  });

  it('two Host lines -> 400; an absolute-form target is routed by its authority, not Host (RFC 9112 §3.2)', async () => {
    const twice = await raw(edge.url, `GET / HTTP/1.1\r\nHost: ${HOST}\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
    assert.equal(twice.slice(0, 12), 'HTTP/1.1 400');
    const absolute = await raw(edge.url, `GET http://${HOST}/ HTTP/1.1\r\nHost: nope.example\r\nConnection: close\r\n\r\n`);
    assert.equal(absolute.slice(0, 12), 'HTTP/1.1 200');
  });

  it('HTTP/1.0 with Transfer-Encoding: chunked -> 400, not forwarded (RFC 9112 §6.1)', async () => {
    const text = await raw(edge.url, `POST /echo/http10 HTTP/1.0\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`);
    assert.equal(text.slice(0, 12), 'HTTP/1.1 400');
    assert.doesNotMatch(text, /"body":"hello"/);
  });

  it('a valid request pipelined before a malformed one is answered, then the 400, then close', async () => {
    const text = await raw(edge.url, `POST /echo/pipelined HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloGARBAGE\r\n\r\n`);
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) [A-Z]/g)].map((m) => m[1]);
    assert.deepEqual(statuses, ['200', '400'], text.slice(0, 300));
    assert.match(text, /"body":"hello"/, 'the origin ran the POST and the viewer got its answer');
  });

  it('a viewer that half-closes after its requests gets every answer, misses included, then the close', async () => {
    const { hostname, port } = new URL(edge.url);
    const text = await new Promise<string>((resolve, reject) => {
      let out = '';
      const s = connect(Number(port), hostname, () => s.end(`GET /cache/half-close-${Date.now()} HTTP/1.1\r\nHost: ${HOST}\r\n\r\nPOST /echo/half-close HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 2\r\n\r\nhi`));
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.on('error', reject);
    });
    const answers = [...text.matchAll(/HTTP\/1\.1 (\d{3}) [A-Z][^\r]*\r\n[\s\S]*?X-Cache: (\w+)/gi)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(answers, ['200 Miss', '200 Miss'], text.slice(0, 400));
    assert.match(text, /"body":"hi"/);
  });

  // Unanswered, both waited for the origin's read timeout (30 s): the test's timeout is shorter.
  it('a malformed or broken-off request body is a 400 at once, then close; CONNECT is a 403', { timeout: 15_000 }, async () => {
    const chunk = await raw(edge.url, `POST /echo/bad-chunk HTTP/1.1\r\nHost: ${HOST}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n`);
    assert.match(chunk, /^HTTP\/1\.1 400 [\s\S]*connection: close/i, chunk.slice(0, 300));
    assert.equal([...chunk.matchAll(/HTTP\/1\.1 \d{3}/g)].length, 1, 'one answer');
    const { hostname, port } = new URL(edge.url);
    const short = await new Promise<string>((resolve, reject) => {
      let out = '';
      const s = connect(Number(port), hostname, () => s.end(`POST /echo/short HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 10\r\n\r\nhel`));
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.on('error', reject);
    });
    assert.match(short, /^HTTP\/1\.1 400 /, short.slice(0, 300));
    const connectAnswer = await raw(edge.url, `CONNECT ${HOST}:443 HTTP/1.1\r\nHost: ${HOST}:443\r\n\r\n`);
    assert.match(connectAnswer, /^HTTP\/1\.1 403 [\s\S]*X-Cache: Error from cachefront/, connectAnswer.slice(0, 300));
  });

  it('oversized headers -> 431, malformed request -> 400, and workers keep serving', async () => {
    assert.equal((await raw(edge.url, `GET / HTTP/1.1\r\nHost: ${HOST}\r\nX-Big: ${'b'.repeat(30000)}\r\n\r\n`)).slice(0, 12), 'HTTP/1.1 431');
    assert.equal((await raw(edge.url, `GET / HTTP/1.1\r\nHost ${HOST}\r\n\r\n`)).slice(0, 12), 'HTTP/1.1 400');
    assert.equal((await raw(edge.url, `BLAH\r\n\r\n`)).slice(0, 12), 'HTTP/1.1 400');
    const ok = await edge.fetch('/');
    assert.equal(ok.status, 200);
    assert.equal((await statsOf(edge)).length, 2, 'no worker died');
  });
});

describe('edge: hot reload (standalone mode)', () => {
  it('applies a good edit and keeps serving the last good config after a bad one', async () => {
    const original = await readFile(edge.configPath, 'utf8');
    const added = original.replace(`aliases: [${HOST}]`, `aliases: [${HOST}, added.localhost]`);
    await writeFile(edge.configPath, added);
    await eventually(async () => (await edge.fetch('/', { host: 'added.localhost' })).status === 200, 'new alias served');

    const mark = edge.lines.length;
    const broken = added.replace('pathPattern: /echo/*', 'pathPattern: /echo/[x]').replace('minTTL: 0\n    defaultTTL: 60', 'minTTL: 100\n    defaultTTL: 60');
    await writeFile(edge.configPath, broken);
    const rejected = await edge.waitForLine(/config change rejected/, 5000, mark);
    assert.match(rejected, /pathPattern/);
    assert.match(rejected, /minTTL|defaultTTL/);
    assert.equal((await edge.fetch('/', { host: 'added.localhost' })).status, 200, 'last good config still serves');
    await writeFile(edge.configPath, original);
    await eventually(async () => (await edge.fetch('/', { host: 'added.localhost' })).status === 403, 'alias removed');
  });
});

async function statsOf(e: Edge): Promise<{ pid: number; rss: number; originBytes: number }[]> {
  return (JSON.parse((await get(`${e.adminUrl}/stats`)).text) as { workers: { pid: number; rss: number; originBytes: number }[] }).workers;
}

/** Starts a GET and stops reading after `bytes`; resolves once that much has arrived. */
function stalledGet(url: string, host: string, bytes: number): Promise<{ destroy(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host }, agent: false }, (res) => {
      let got = 0;
      res.on('data', (c: Buffer) => {
        got += c.length;
        if (got >= bytes) {
          res.pause();
          resolve({ destroy: () => req.destroy() });
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads a response slowly (a pause after every 256 KiB), hashing instead of keeping it. */
function slowGet(url: string, host: string): Promise<{ status: number; length: number; sha: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      const hash = createHash('sha256');
      let length = 0;
      let sincePause = 0;
      res.on('data', (c: Buffer) => {
        hash.update(c);
        length += c.length;
        sincePause += c.length;
        if (sincePause >= 256 * 1024) {
          sincePause = 0;
          res.pause();
          setTimeout(() => res.resume(), 5);
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, length, sha: hash.digest('hex') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Sends raw bytes, returns what came back until the server closed. */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => s.write(text));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', (err) => (out ? resolve(out) : reject(err)));
  });
}
