import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawRequest, testOrigin } from '../test-helpers.ts';
import type { EchoReport } from './echo.ts';

const origin = await testOrigin();

async function echo(opts: Parameters<typeof rawRequest>[1]): Promise<EchoReport> {
  const res = await rawRequest(origin.url, opts);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  return JSON.parse(res.body.toString()) as EchoReport;
}

test('/echo reports method, path and query exactly as received', async () => {
  const report = await echo({ path: '/echo/a%2Fb/c.txt?b=2&a=1&a=x+y&empty=&flag&enc=%C3%A9' });
  assert.equal(report.method, 'GET');
  assert.equal(report.path, '/echo/a%2Fb/c.txt');
  assert.equal(report.query, 'b=2&a=1&a=x+y&empty=&flag&enc=%C3%A9');
  assert.deepEqual(report.queryParams, { b: ['2'], a: ['1', 'x y'], empty: [''], flag: [''], enc: ['é'] });
  assert.equal(report.body, '');
  assert.equal(report.bodyLength, 0);
  const bare = await echo({ path: '/echo' });
  assert.equal(bare.path, '/echo');
  assert.equal(bare.query, '');
  assert.deepEqual(bare.queryParams, {});
});

test('/echo reports headers with lower-case names, repeated ones combined (RFC 9110 §5.3)', async () => {
  const report = await echo({
    path: '/echo',
    headers: ['Host', 'edge.example', 'X-Forwarded-For', '203.0.113.7', 'X-Forwarded-For', '10.0.0.1', 'X-Custom', ' spaced  value', 'Accept-Encoding', 'gzip, br'],
  });
  assert.equal(report.headers.host, 'edge.example');
  assert.equal(report.headers['x-forwarded-for'], '203.0.113.7, 10.0.0.1');
  assert.equal(report.headers['x-custom'], 'spaced  value'); // surrounding whitespace is not part of a field value
  assert.equal(report.headers['accept-encoding'], 'gzip, br');
  assert.equal(report.headers.connection, 'close');
  assert.deepEqual(
    report.rawHeaders.filter(([name]) => name.toLowerCase() === 'x-forwarded-for'),
    [['X-Forwarded-For', '203.0.113.7'], ['X-Forwarded-For', '10.0.0.1']],
  );
  for (const name of Object.keys(report.headers)) assert.equal(name, name.toLowerCase());
});

test('/echo reports cookies, Cookie lines combined with "; "', async () => {
  const report = await echo({
    path: '/echo',
    headers: ['Cookie', 'session=abc123; theme=dark', 'Cookie', 'quoted="v 1"; empty=; theme=light; enc=a%20b'],
  });
  assert.equal(report.headers.cookie, 'session=abc123; theme=dark; quoted="v 1"; empty=; theme=light; enc=a%20b');
  assert.deepEqual(report.cookies, { session: 'abc123', theme: 'dark', quoted: '"v 1"', empty: '', enc: 'a%20b' });
  assert.deepEqual((await echo({ path: '/echo' })).cookies, {});
});

test('/echo reports any method and the body (UTF-8, byte length)', async () => {
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
    const body = `{"hello":"wörld","method":"${method}"}`;
    const report = await echo({ method, path: '/echo/api?x=1', headers: ['Content-Type', 'application/json'], body });
    assert.equal(report.method, method);
    assert.equal(report.body, body);
    assert.equal(report.bodyLength, Buffer.byteLength(body));
    assert.equal(report.headers['content-length'], String(Buffer.byteLength(body)));
  }
});

test('/echo reports conditional headers instead of answering them, and honours ?cc=', async () => {
  const res = await rawRequest(origin.url, { path: '/echo?cc=max-age=30', headers: ['If-None-Match', '*', 'If-Modified-Since', 'Sat, 01 Jan 2000 00:00:00 GMT'] });
  assert.equal(res.status, 200);
  assert.equal(res.headers['cache-control'], 'max-age=30');
  assert.equal(res.headers.etag, undefined);
  const report = JSON.parse(res.body.toString()) as EchoReport;
  assert.equal(report.headers['if-none-match'], '*');
});

test('HEAD /echo: headers, no body', async () => {
  const res = await rawRequest(origin.url, { method: 'HEAD', path: '/echo/x' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.ok(Number(res.headers['content-length']) > 0);
  assert.equal(res.body.length, 0);
});

test('/echo through fetch() parses as JSON too', async () => {
  const res = await fetch(`${origin.url}/echo/fetch?q=1`, { method: 'POST', body: 'abc', headers: { 'x-test': 'yes' } });
  const report = (await res.json()) as EchoReport;
  assert.deepEqual([report.method, report.path, report.query, report.body, report.headers['x-test']], ['POST', '/echo/fetch', 'q=1', 'abc', 'yes']);
});
