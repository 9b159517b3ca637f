// The fast path for hits (docs/edge-rules.md "The fast path", apps/edge-node/src/fast): requests it
// reads are answered as node:http would answer them, and everything else is handed to
// node:http with its bytes intact, pipelined or split, under backpressure and at shutdown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mulberry32 } from '@cachefront/observe';
import { cachePolicy, eventually, get, loopbackOrigin, startEdge, startOrigin, type Edge, type Origin } from './helpers.ts';
import { fuzzRequest, type Random } from './fuzz/requests.ts';
import { ORIGIN_ANSWERS, recordingOrigin, sendRaw } from './fuzz/run.ts';
import { fuzzEdgeConfig } from './fuzz/suite.ts';

const HOST = 'fast.localhost';

interface FastStats {
  hits: number;
  handedOff: number;
}
async function fastStats(edge: Edge): Promise<FastStats | undefined> {
  const workers = (JSON.parse((await get(`${edge.adminUrl}/stats`)).text) as { workers: { fastPath?: FastStats }[] }).workers;
  if (workers.every((w) => w.fastPath === undefined)) return undefined;
  return workers.reduce((s, w) => ({ hits: s.hits + (w.fastPath?.hits ?? 0), handedOff: s.handedOff + (w.fastPath?.handedOff ?? 0) }), { hits: 0, handedOff: 0 });
}

/** What differs between two edges answering the same request: per-request ids, Date, Age, Via's node name. */
function normalize(raw: string): string {
  let out = raw;
  for (const m of raw.matchAll(/^x-amz-cf-id: (.*)\r$/gim)) out = out.split(m[1]!).join('<id>');
  return out
    .replace(/^date: .*\r$/gim, 'date: <date>\r')
    .replace(/^age: \d+\r$/gim, 'age: <age>\r')
    .replace(/^via: .*\r$/gim, 'via: <via>\r')
    // Error pages written before a request reached the pipeline carry their id in the body only.
    .replace(/Request ID: [^\n<]*/g, 'Request ID: <id>');
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Requests for a few cacheable paths, with what changes an answer: HEAD, validators, ranges, HTTP/1.0, Connection, pipelining. */
function hitRequest(random: Random): string {
  const n = random() < 0.2 ? 2 + Math.floor(random() * 2) : 1;
  let bytes = '';
  for (let i = 0; i < n; i++) {
    const version = random() < 0.15 ? 'HTTP/1.0' : 'HTTP/1.1';
    const lines = [`${pick(random, ['GET', 'GET', 'GET', 'HEAD'])} /${pick(random, ['public/a', 'public/b', 'x/report.html', 'index.html'])}${pick(random, ['', '?a=1', '?a=1&b=2'])} ${version}`, `Host: ${pick(random, ['fuzz.localhost', 'fuzz.localhost', 'FUZZ.localhost:80'])}`];
    if (random() < 0.3) lines.push(`If-None-Match: ${pick(random, ['"v1"', 'W/"v1"', '"v2"', '*', '"nope"'])}`);
    if (random() < 0.15) lines.push(`Range: ${pick(random, ['bytes=0-3', 'bytes=-2', 'bytes=99-'])}`);
    if (random() < 0.2) lines.push(`Connection: ${pick(random, ['close', 'keep-alive', 'Keep-Alive'])}`);
    if (random() < 0.3) lines.push(`Accept-Encoding: ${pick(random, ['gzip, br', 'identity'])}`);
    if (random() < 0.05) lines.push('X-Dup: 1', 'X-Dup: 2');
    bytes += `${lines.join('\r\n')}\r\n\r\n`;
  }
  return bytes;
}

describe('fast path: the same answers as node:http', () => {
  let origin: Awaited<ReturnType<typeof recordingOrigin>>;
  let fast: Edge;
  let slow: Edge;
  before(async () => {
    // The fuzzer's origin answers, with every lifetime that could end during the run (5 s,
    // 60 s) made an hour: an object must not expire between the two edges' requests.
    origin = await recordingOrigin(ORIGIN_ANSWERS.map(([status, headers]) => [status, headers.map((h) => h.replace(/(max-?age)=(5|60)\b/g, '$1=3600'))]));
    // The fuzzer's config with a min TTL of 0 (Managed-CachingOptimized's 1 s would keep a
    // max-age=0 answer fresh for a second, which may end between the two edges' requests).
    const config = `cachePolicies:\n${cachePolicy('stable', { defaultTTL: 86400, maxTTL: 31536000 })}${fuzzEdgeConfig(origin.port, { responseHeaders: false }).replaceAll('Managed-CachingOptimized', 'stable')}`;
    // One worker each, so both see every request in the same order (the same cache states).
    fast = await startEdge(config, ['--pop', 'FAST1'], 'fuzz.localhost', 1);
    slow = await startEdge(config, ['--pop', 'FAST1', '--no-fast-path'], 'fuzz.localhost', 1);
  });
  after(async () => {
    await fast?.stop();
    await slow?.stop();
    await origin?.close();
  });

  it('600 seeded requests (hits, conditionals, ranges, pipelines, and the fuzzer\'s malformed ones), one edge with the fast path and one without: byte-identical answers but for ids, Date, Age and Via', { timeout: 120_000 }, async () => {
    const random = mulberry32(20261207);
    const port = (e: Edge) => Number(new URL(e.url).port);
    const differences: string[] = [];
    for (let i = 0; i < 600; i++) {
      const bytes = random() < 0.6 ? hitRequest(random) : fuzzRequest(random).bytes;
      const a = normalize(await sendRaw(port(fast), bytes));
      const b = normalize(await sendRaw(port(slow), bytes));
      if (a !== b && differences.length < 3) {
        let at = 0;
        while (a[at] === b[at]) at++;
        const from = Math.max(0, at - 200);
        differences.push(`request ${i} ${JSON.stringify(bytes.slice(0, 300))}\nfast: ...${JSON.stringify(a.slice(from, at + 200))}\nnode: ...${JSON.stringify(b.slice(from, at + 200))}`);
      }
    }
    assert.deepEqual(differences, []);
    const f = await fastStats(fast);
    assert.ok(f && f.hits > 150 && f.handedOff > 100, `fast path stats ${JSON.stringify(f)}`);
    assert.equal(await fastStats(slow), undefined, '--no-fast-path has no fast path');
  });
});

/** A connection that collects what comes back; `until` waits for `count` complete answers of `size`-byte bodies. */
function openConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The responses in `text`, in order, as 'status x-cache' (bodies skipped by Content-Length; HEAD and 304 have none here). */
function answers(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const head = text.slice(at, end);
    const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
    if (status === undefined) break;
    out.push(`${status} ${/\r\nx-cache: ([^\r]*)/i.exec(head)?.[1] ?? '-'}`);
    const length = status === '304' ? 0 : Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    at = end + 4 + length;
  }
  return out;
}

describe('fast path: connections', () => {
  let origin: Origin;
  let edge: Edge;
  const req = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\n${extra}\r\n`;
  before(async () => {
    origin = await startOrigin();
    edge = await startEdge(
      `distributions:
  - id: EFAST00000001
    aliases: [${HOST}]
    origins: [${loopbackOrigin('o', origin.port)}]
    defaultCacheBehavior: { targetOriginId: o, cachePolicyId: Managed-CachingOptimized }
`,
      [],
      HOST,
      1,
    );
  });
  after(async () => {
    await edge?.stop();
    await origin?.stop();
  });

  it('a hit, a miss and a hit pipelined in one write: three answers in order; the connection moves to node:http at the miss', async () => {
    const run = Date.now();
    const hit = `/bytes/100?cc=max-age%3D3600&p=${run}`;
    assert.equal((await edge.fetch(hit)).status, 200);
    const before = await fastStats(edge);
    const c = await openConnection(Number(new URL(edge.url).port));
    c.socket.end(req(hit) + req(`/bytes/101?cc=max-age%3D3600&p=${run}`) + req(hit));
    await c.closed;
    assert.deepEqual(answers(c.received()), ["200 Hit from cachefront", "200 Miss from cachefront", "200 Hit from cachefront"]);
    const after = await fastStats(edge);
    assert.equal(after!.hits - before!.hits, 1);
    assert.equal(after!.handedOff - before!.handedOff, 1);
  });

  it('a request split across writes, one byte at a time: answered (by node:http), the same bytes', async () => {
    const path = `/bytes/10?cc=max-age%3D3600&s=${Date.now()}`;
    await edge.fetch(path);
    const c = await openConnection(Number(new URL(edge.url).port));
    const bytes = req(path, 'Connection: close\r\n');
    for (const ch of bytes) {
      c.socket.write(ch);
      await new Promise((r) => setImmediate(r));
    }
    await c.closed;
    assert.deepEqual(answers(c.received()), ['200 Hit from cachefront']);
    assert.match(c.received(), /\r\n\r\n[\s\S]{10}$/);
  });

  it('200 pipelined hits of 100 KiB from a viewer that reads nothing for a while: every answer arrives whole once it reads', { timeout: 30_000 }, async () => {
    const path = `/bytes/102400?cc=max-age%3D3600&b=${Date.now()}`;
    await edge.fetch(path);
    const hitsBefore = (await fastStats(edge))!.hits;
    const c = await openConnection(Number(new URL(edge.url).port));
    c.socket.pause();
    c.socket.write(req(path).repeat(199) + req(path, 'Connection: close\r\n'));
    // The edge stops reading once its writes back up (its socket buffer, then the kernel's).
    await waitFor(() => c.socket.writableLength === 0, 'the requests to be sent');
    // The edge stalls: its hit count stops short of 200 while nothing is read (3 equal polls).
    let last = -1;
    let same = 0;
    await eventually(async () => {
      const hits = (await fastStats(edge))!.hits;
      same = hits === last ? same + 1 : 0;
      last = hits;
      return same >= 3;
    }, 'the edge to stop answering a viewer that reads nothing', 10_000, 50);
    assert.ok(last - hitsBefore < 200, `answered ${last - hitsBefore} of 200 while the viewer read nothing`);
    c.socket.resume();
    await c.closed;
    const got = answers(c.received());
    assert.equal(got.length, 200);
    assert.ok(got.every((a) => a === '200 Hit from cachefront'));
    assert.equal(Buffer.byteLength(c.received(), 'latin1') > 200 * 102400, true);
  });

  it('Connection: close and HTTP/1.0 without keep-alive: answered, then closed by the edge', async () => {
    const path = `/bytes/20?cc=max-age%3D3600&c=${Date.now()}`;
    await edge.fetch(path);
    for (const bytes of [req(path, 'Connection: close\r\n'), `GET ${path} HTTP/1.0\r\nHost: ${HOST}\r\n\r\n`]) {
      const c = await openConnection(Number(new URL(edge.url).port));
      c.socket.write(bytes); // no FIN from the viewer: the edge closes
      await c.closed;
      assert.deepEqual(answers(c.received()), ['200 Hit from cachefront']);
      assert.match(c.received(), /\r\nConnection: close\r\n/);
    }
  });

  it('a slow miss pipelined before a malformed request, and before bytes after Connection: close: every answer in order, nothing cut off', async () => {
    const port = Number(new URL(edge.url).port);
    const miss = (n: number) => req(`/delay/200?m=${Date.now()}-${n}`);
    // A hit (fast path), a miss that takes 200 ms (node:http from here), then garbage: 200, 200, then the 400.
    const hit = `/bytes/40?cc=max-age%3D3600&g=${Date.now()}`;
    await edge.fetch(hit);
    let c = await openConnection(port);
    c.socket.write(req(hit) + miss(1) + 'GARBAGE\r\n\r\n');
    await c.closed;
    assert.deepEqual(answers(c.received()).map((a) => a.split(' ')[0]), ['200', '200', '400']);
    // Two slow misses, the second with Connection: close, then a request after it: two answers, then the close.
    c = await openConnection(port);
    c.socket.write(miss(2) + req(`/delay/200?m=${Date.now()}-3`, 'Connection: close\r\n') + req(hit));
    await c.closed;
    assert.deepEqual(answers(c.received()).map((a) => a.split(' ')[0]), ['200', '200']);
  });

  it('an idle keep-alive connection on the fast path does not hold up shutdown', { timeout: 30_000 }, async () => {
    const path = `/bytes/30?cc=max-age%3D3600&d=${Date.now()}`;
    await edge.fetch(path);
    const c = await openConnection(Number(new URL(edge.url).port));
    c.socket.write(req(path));
    await waitFor(() => answers(c.received()).length === 1, 'the answer');
    assert.match(c.received(), /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n/);
    const started = Date.now();
    await edge.stop();
    await c.closed;
    // The edge's drain deadline is 10 s: an idle connection is closed at once, not waited for.
    assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
  });
});
