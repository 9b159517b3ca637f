// Micro-benchmark: one invocation of typical functions, end to end as the edge calls it
// (event in, sandbox call, output validated), plus building the event and applying the output.
// Run: cd packages/functions && ../../node_modules/.bin/node src/bench.ts

import { readFileSync } from 'node:fs';
import { applyRequest } from './apply.ts';
import { compileFunction, type CompiledFunction } from './compile.ts';
import { eventFromRequest } from './event.ts';
import { keyValueStore } from './kvs.ts';
import type { EventType, FunctionEvent, FunctionRuntime } from './types.ts';

const example = (name: string) => readFileSync(new URL(`../../../examples/functions/${name}`, import.meta.url), 'utf8');

// A typical 20-line viewer request function: URI rewrite to index.html plus a header.
const URI_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  // Directory requests get their index document.
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.indexOf('.', uri.lastIndexOf('/')) === -1) {
    request.uri = uri + '/index.html';
  }
  // Tell the origin which rewrite ran.
  request.headers['x-rewrite'] = { value: request.uri === uri ? 'none' : 'index' };
  var qs = request.querystring;
  if (qs.debug && qs.debug.value === '1') {
    console.log('rewrote ' + uri + ' to ' + request.uri);
  }
  return request;
}
`;

const request = {
  method: 'GET',
  url: '/docs/getting-started?utm_source=news&lang=en',
  rawHeaders: [
    'Host', 'www.example.com',
    'User-Agent', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'Accept-Language', 'en-GB,en;q=0.9',
    'Accept-Encoding', 'gzip, deflate, br',
    'Cookie', 'session=abc123; theme=dark',
  ],
};
const source = { viewerIp: '198.51.100.11', distributionDomainName: 'd111111abcdef8.cloudfront.net', distributionId: 'EDFDVBD6EXAMPLE', requestId: 'req-1', extraHeaders: { 'cloudfront-viewer-country': 'DE' } };
const requestEvent = eventFromRequest(request, source);
const responseEvent: FunctionEvent = {
  ...requestEvent,
  context: { ...requestEvent.context, eventType: 'viewer-response' },
  response: { statusCode: 200, statusDescription: 'OK', headers: { 'content-type': { value: 'text/html' }, 'content-length': { value: '1024' } }, cookies: {} },
};

function stats(samples: number[]): { median: number; p99: number; mean: number } {
  const sorted = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p99: at(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

function measure(fn: () => void, iterations: number): { median: number; p99: number; mean: number } {
  for (let i = 0; i < Math.min(10_000, iterations); i++) fn(); // warm up (V8's WebAssembly and JS tiering, caches)
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return stats(samples);
}

async function compiled(name: string, code: string, runtime: FunctionRuntime): Promise<CompiledFunction> {
  const kvs = keyValueStore({ '/old-path': '/new-path' });
  const fn = await compileFunction({ name, code, runtime, kvs: () => kvs, limits: { timeLimitMs: 50 } });
  if ('error' in fn) throw fn.error;
  return fn;
}

const cases: [name: string, runtime: FunctionRuntime, eventType: EventType, code: string, event: FunctionEvent][] = [
  ['uri rewrite + header (1.0)', 'cloudfront-js-1.0', 'viewer-request', URI_REWRITE, requestEvent],
  ['uri rewrite + header (2.0)', 'cloudfront-js-2.0', 'viewer-request', URI_REWRITE, requestEvent],
  ['spa-rewrite.js', 'cloudfront-js-2.0', 'viewer-request', example('spa-rewrite.js'), requestEvent],
  ['security-headers.js', 'cloudfront-js-2.0', 'viewer-response', example('security-headers.js'), responseEvent],
  ['cache-key-normalize.js', 'cloudfront-js-2.0', 'viewer-request', example('cache-key-normalize.js'), requestEvent],
  ['kvs-redirects.js (async)', 'cloudfront-js-2.0', 'viewer-request', example('kvs-redirects.js'), requestEvent],
];

const rows = [];
for (const [name, runtime, eventType, code, event] of cases) {
  const fn = await compiled(name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60), code, runtime);
  const probe = fn.runSync(eventType, event);
  if (probe.error !== undefined) throw new Error(`${name}: ${probe.error}`);
  const t = measure(() => fn.runSync(eventType, event), 20_000);
  rows.push({ case: name, 'median µs': t.median.toFixed(1), 'p99 µs': t.p99.toFixed(1), 'mean µs': t.mean.toFixed(1) });
  fn.dispose();
}
const build = measure(() => eventFromRequest(request, source), 20_000);
rows.push({ case: 'eventFromRequest', 'median µs': build.median.toFixed(1), 'p99 µs': build.p99.toFixed(1), 'mean µs': build.mean.toFixed(1) });
const out = structuredClone(requestEvent.request);
out.uri = '/docs/getting-started/index.html';
const apply = measure(() => applyRequest(requestEvent.request, out, 'utm_source=news&lang=en'), 20_000);
rows.push({ case: 'applyRequest', 'median µs': apply.median.toFixed(1), 'p99 µs': apply.p99.toFixed(1), 'mean µs': apply.mean.toFixed(1) });
console.table(rows);
