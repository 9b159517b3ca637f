// `npm run bench:lambda` (or `cd packages/lambda-edge && npm run bench`): cold-start and warm
// invocation latency of the Lambda@Edge runtime, measured end to end from the parent (what the
// edge will wait for): a cold start is a new child (fork, permission model, runner, handler
// module) plus the first invocation; a warm one is an event to a waiting child and back.
// Options: --cold N (default 20), --warm N (default 2000), --concurrency C (default 2).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildEvent } from './event.ts';
import { LambdaRuntime } from './runtime.ts';

const { values } = parseArgs({ options: { cold: { type: 'string' }, warm: { type: 'string' }, concurrency: { type: 'string' } } });
const COLD = Number(values.cold ?? 20);
const WARM = Number(values.warm ?? 2000);
const CONCURRENCY = Number(values.concurrency ?? 2);

// A typical 20-line origin-request function: header read, uri rewrite, a log line now and then.
const dir = mkdtempSync(join(tmpdir(), 'lambda-bench-'));
writeFileSync(
  join(dir, 'index.js'),
  `let n = 0;
exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  const accept = (request.headers.accept || []).map((h) => h.value).join(',');
  if (/\\.(jpe?g|png)$/.test(request.uri) && accept.includes('image/webp')) request.uri = request.uri.replace(/\\.(jpe?g|png)$/, '.webp');
  request.headers['x-invocation'] = [{ key: 'X-Invocation', value: String(++n) }];
  if (n % 1000 === 0) console.log('invocations', n);
  return request;
};
`,
);
const version = { name: 'bench', version: '1', runtime: 'nodejs22.x', handler: 'index.handler', dir };
const event = buildEvent({
  eventType: 'origin-request',
  distributionId: 'EBENCH',
  distributionDomainName: 'd.cloudfront.net',
  requestId: 'r',
  clientIp: '203.0.113.1',
  method: 'GET',
  uri: '/photos/cat.jpg',
  headers: [['Host', 'origin.example.com'], ['Accept', 'image/webp,*/*'], ['User-Agent', 'bench']],
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const row = (name: string, samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return `${name.padEnd(34)} ${String(s.length).padStart(6)} ${pct(s, 50).toFixed(2).padStart(9)} ${pct(s, 90).toFixed(2).padStart(9)} ${pct(s, 99).toFixed(2).padStart(9)} ${s[s.length - 1]!.toFixed(2).padStart(9)}`;
};

const cold: number[] = [];
const init: number[] = [];
for (let i = 0; i < COLD; i++) {
  const rt = new LambdaRuntime({ max: 1 });
  const t = performance.now();
  const r = await rt.invoke(version, 'origin-request', event);
  cold.push(performance.now() - t);
  if (r.initDurationMs !== undefined) init.push(r.initDurationMs);
  rt.close();
}

const rt = new LambdaRuntime({ max: CONCURRENCY });
await rt.invoke(version, 'origin-request', event);
const warm: number[] = [];
for (let i = 0; i < WARM; i++) {
  const t = performance.now();
  const r = await rt.invoke(version, 'origin-request', event);
  warm.push(performance.now() - t);
  if (!r.ok) throw new Error(`invocation failed: ${r.message}`);
}
const started = performance.now();
let done = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (done < WARM) {
      done++;
      await rt.invoke(version, 'origin-request', event);
    }
  }),
);
const perSecond = WARM / ((performance.now() - started) / 1000);
rt.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  [
    `Lambda@Edge runtime, Node ${process.version}, ${process.platform}/${process.arch}; milliseconds`,
    `${'measure'.padEnd(34)} ${'n'.padStart(6)} ${'p50'.padStart(9)} ${'p90'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`,
    row('cold start + first invocation', cold),
    row('  of which init (child + handler)', init),
    row('warm invocation (one at a time)', warm),
    `warm invocations/s with ${CONCURRENCY} children: ${perSecond.toFixed(0)}`,
    '',
  ].join('\n'),
);
