// Cache-policy experiments (bench/experiment.ts): the experiment file's check, the merge
// rules, routing and the figures as tables; then the runner end to end on a tiny
// experiment (2 variants x 300 requests, 2 edges) and the report it writes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillOrigins, mergePatch, variantConfig, type JsonObject } from '../bench/experiments/merge.ts';
import type { RequestRecord } from '../bench/experiments/replay.ts';
import { chooseEdgePop } from '../bench/experiments/routing.ts';
import { parseExperiment, parseExperimentText } from '../bench/experiments/spec.ts';
import { originBytes, summarize, timeline } from '../bench/experiments/summary.ts';
import { ROOT } from './helpers.ts';

const BASE = {
  distributions: [{ aliases: ['exp.localhost'], defaultCacheBehavior: { cachePolicyId: 'key' } }],
  cachePolicies: [
    {
      id: 'key',
      minTTL: 0,
      defaultTTL: 60,
      maxTTL: 3600,
      parametersInCacheKeyAndForwardedToOrigin: { queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] } },
    },
  ],
};
const GOOD = {
  name: 'tiny',
  workload: { seed: 1, requests: 10, objects: 5 },
  edges: ['FRA'],
  base: BASE,
  variants: [{ name: 'a' }],
};

describe('experiment file check', () => {
  it('accepts a good file and fills the defaults', () => {
    const r = parseExperiment(GOOD);
    assert.equal(r.issues, undefined, JSON.stringify(r.issues));
    assert.equal(r.value!.workload.concurrency, 16);
    assert.equal(r.value!.buckets, 20);
    assert.deepEqual(r.value!.variants[0]!.edges, ['FRA'], 'a variant without edges takes the experiment\'s');
    assert.equal(r.value!.variants[0]!.shield, undefined);
    assert.deepEqual(parseExperiment({ ...GOOD, variants: [{ name: 'b', shield: true }] }).value!.variants[0]!.shield, { pop: 'IAD' });
  });

  it('lists every problem with its path', () => {
    const r = parseExperiment({
      name: 'Not A Name',
      workload: { seed: 1.5, requests: 0, objects: 5, zipf: 'x', concurrency: 1000, countries: { XX: 1 }, extra: true },
      edges: ['FRA', 'FRA', 'NOPE'],
      base: { ...BASE, functions: [] },
      origin: { latencyMs: -1 },
      variants: [
        { name: 'a', shield: { pop: 'ZZZ' }, priceClass: 'PriceClass_7', oops: 1 },
        { name: 'a', cachePolicies: [{ id: 'key', minTTL: 7200 }], edges: [] },
        { name: 'c', patch: { distributions: [{ defaultCacheBehavior: { cachePolicyId: 'missing' } }] } },
        'not a variant',
      ],
    });
    assert.ok(r.issues);
    const paths = r.issues.map((i) => i.path);
    assert.deepEqual(paths, [
      'name',
      'workload.extra',
      'workload.seed',
      'workload.requests',
      'workload.concurrency',
      'workload.zipf',
      'workload.countries.XX',
      'edges[1]',
      'edges[2]',
      'origin.latencyMs',
      'base.functions',
      'variants[0].oops',
      'variants[0].shield.pop',
      'variants[0].priceClass',
      'variants[1].name',
      'variants[1].edges',
      'variants[1].config.cachePolicies[0].defaultTTL',
      'variants[1].config.cachePolicies[0].maxTTL',
      'variants[2].config.distributions[0].defaultCacheBehavior.cachePolicyId',
      'variants[3]',
    ], r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    const message = (path: string) => r.issues.find((i) => i.path === path)?.message ?? '';
    assert.match(message('edges[1]'), /FRA is listed twice/);
    assert.match(message('edges[2]'), /POP code of the catalog/);
    assert.match(message('variants[1].config.cachePolicies[0].defaultTTL'), /minTTL/);
    assert.match(message('variants[2].config.distributions[0].defaultCacheBehavior.cachePolicyId'), /missing/);
  });

  it('reports a problem of the base once, at base, not again for every variant', () => {
    const bad = { ...GOOD, base: { distributions: [{ defaultCacheBehavior: { cachePolicyId: 'nope' } }] }, variants: [{ name: 'a' }, { name: 'b' }] };
    assert.deepEqual(parseExperiment(bad).issues?.map((i) => i.path), ['base.distributions[0].defaultCacheBehavior.cachePolicyId']);
    assert.deepEqual(parseExperiment({ ...GOOD, base: { distributions: [] } }).issues?.map((i) => i.path), ['base.distributions']);
    assert.deepEqual(parseExperiment({}).issues?.map((i) => i.path), ['name', 'workload', 'edges', 'base', 'variants']);
  });

  it('refuses variants whose price class leaves no POP edge, or the shield, out of the deployment', () => {
    const r = parseExperiment({
      ...GOOD,
      edges: ['NRT', 'SYD'],
      variants: [{ name: 'a', priceClass: 'PriceClass_100' }, { name: 'b', priceClass: 'PriceClass_200', shield: { pop: 'SYD' } }, { name: 'c', shield: { pop: 'SYD' } }],
    });
    assert.deepEqual(r.issues?.map((i) => i.path), ['variants[0]', 'variants[1].shield']);
    assert.match(r.issues![0]!.message, /none of the POP edges \(NRT, SYD, from edges\) is in PriceClass_100/);
  });

  it('lets a variant set its own edgeOptions, merged over the experiment\'s and checked the same way', () => {
    const r = parseExperiment({
      ...GOOD,
      edgeOptions: { workers: 2, cacheSize: '1GB' },
      variants: [{ name: 'a' }, { name: 'b', edgeOptions: { workers: 4 } }, { name: 'c', edgeOptions: { cacheSize: '64MB', workers: 1 } }],
    });
    assert.equal(r.issues, undefined, JSON.stringify(r.issues));
    assert.deepEqual(r.value!.edgeOptions, { workers: 2, cacheSize: '1GB' });
    assert.deepEqual(r.value!.variants.map((v) => v.edgeOptions), [
      { workers: 2, cacheSize: '1GB' },
      { workers: 4, cacheSize: '1GB' },
      { workers: 1, cacheSize: '64MB' },
    ]);
    assert.deepEqual(parseExperiment(GOOD).value!.variants[0]!.edgeOptions, { workers: 1, cacheSize: '256MB' }, 'the defaults without any edgeOptions');

    const bad = parseExperiment({
      ...GOOD,
      edgeOptions: { workers: 0 },
      variants: [{ name: 'a', edgeOptions: { workers: 5, cacheSize: 'big', threads: 2 } }, { name: 'b', edgeOptions: 4 }, { name: 'c', edgeOptions: { workers: 4 } }],
    });
    assert.deepEqual(bad.issues?.map((i) => i.path), [
      'edgeOptions.workers',
      'variants[0].edgeOptions.threads',
      'variants[0].edgeOptions.workers',
      'variants[0].edgeOptions.cacheSize',
      'variants[1].edgeOptions',
    ], bad.issues?.map((i) => `${i.path}: ${i.message}`).join('\n'));
    const message = (path: string) => bad.issues?.find((i) => i.path === path)?.message ?? '';
    assert.match(message('variants[0].edgeOptions.workers'), /from 1 to 4, got 5/);
    assert.match(message('variants[0].edgeOptions.cacheSize'), /a size like 64MB/);
    assert.match(message('variants[1].edgeOptions'), /must be an object like \{workers: 1, cacheSize: 256MB\}, got 4/);
  });

  it('reads YAML and reports syntax errors with their line', () => {
    assert.match(parseExperimentText('name: [unclosed\n').issues?.[0]?.message ?? '', /YAML syntax error at line \d+/);
    assert.deepEqual(parseExperimentText('name: x\nname: y\n').issues?.length, 1);
  });

  it('ships experiment files that pass the check', async () => {
    const files = (await readdir(join(ROOT, 'experiments'))).filter((f) => /\.(ya?ml|json)$/.test(f));
    assert.ok(files.includes('workers.yaml') && files.length >= 3, files.join(', '));
    for (const file of files) {
      const r = parseExperimentText(await readFile(join(ROOT, 'experiments', file), 'utf8'));
      assert.equal(r.issues, undefined, `${file}: ${JSON.stringify(r.issues)}`);
    }
  });
});

describe('variant configs', () => {
  it('merge patch (RFC 7386): objects merge, lists replace, null removes', () => {
    const target = { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } };
    assert.deepEqual(mergePatch(target, { a: { c: [3] }, d: null, e: { g: 2 } }), { a: { b: 1, c: [3] }, e: { f: 1, g: 2 } });
    assert.deepEqual(target, { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } }, 'the target is not modified');
  });

  it('shortcuts: cachePolicies by id, priceClass and cachePolicy on distributions[0]', () => {
    const c = variantConfig(BASE as JsonObject, {
      cachePolicies: [{ id: 'key', parametersInCacheKeyAndForwardedToOrigin: { queryStringsConfig: { queryStringBehavior: 'none', queryStrings: null } } }, { id: 'new' }],
      priceClass: 'PriceClass_100',
      cachePolicy: 'Managed-CachingDisabled',
    });
    const policies = c.cachePolicies as JsonObject[];
    assert.deepEqual(policies.map((p) => p.id), ['key', 'new']);
    assert.deepEqual((policies[0]!.parametersInCacheKeyAndForwardedToOrigin as JsonObject).queryStringsConfig, { queryStringBehavior: 'none' });
    assert.equal(policies[0]!.defaultTTL, 60);
    const d = (c.distributions as JsonObject[])[0]!;
    assert.equal(d.priceClass, 'PriceClass_100');
    assert.deepEqual(d.defaultCacheBehavior, { cachePolicyId: 'Managed-CachingDisabled' });
    assert.deepEqual(d.aliases, ['exp.localhost']);
  });

  it('fills in the test origin', () => {
    const filled = fillOrigins(BASE as JsonObject, 9123);
    const d = (filled.distributions as JsonObject[])[0]!;
    assert.deepEqual(d.origins, [{ id: 'origin', domainName: '127.0.0.1', customOriginConfig: { httpPort: 9123, originProtocolPolicy: 'http-only' } }]);
    assert.equal((d.defaultCacheBehavior as JsonObject).targetOriginId, 'origin');
    const own = fillOrigins({ distributions: [{ origins: [{ id: 'app', originPath: '/v2', domainName: 'example.com' }], defaultCacheBehavior: {} }] }, 9);
    const o = ((own.distributions as JsonObject[])[0]!.origins as JsonObject[])[0]!;
    assert.deepEqual(o, { id: 'app', originPath: '/v2', domainName: '127.0.0.1', customOriginConfig: { httpPort: 9, originProtocolPolicy: 'http-only' } });
  });
});

describe('routing and figures', () => {
  it('sends a viewer to the nearest in-class POP edge of the variant, never to a POP it does not run', () => {
    const answer = {
      candidates: [
        { pop: 'IAD', distanceKm: 6000, edges: ['shield', 'e1'] },
        { pop: 'FRA', distanceKm: 400, edges: ['e2'] },
        { pop: 'NRT', distanceKm: 9000, edges: ['e3'] },
      ],
    };
    assert.equal(chooseEdgePop(answer, ['FRA', 'IAD', 'NRT']), 'FRA');
    assert.equal(chooseEdgePop(answer, ['IAD', 'NRT']), 'IAD');
    assert.equal(chooseEdgePop(answer, ['SYD']), undefined);
    const unknown = { candidates: answer.candidates.map((c) => ({ ...c, distanceKm: null })) };
    assert.equal(chooseEdgePop(unknown, ['NRT', 'FRA']), 'FRA', 'unknown location: the first in catalog order');
  });

  it('hit ratio, origin responses, latency and buckets from request records', () => {
    const rec = (index: number, result: RequestRecord['result'], latencyMs: number, tier?: string): RequestRecord => ({
      index, pop: index % 2 ? 'FRA' : 'IAD', startMs: index, latencyMs, status: result === 'Failed' ? 0 : 200, result, tier, bytes: 100,
    });
    const records = [rec(0, 'Miss', 30), rec(1, 'Miss', 30), rec(2, 'Hit', 2), rec(3, 'Hit', 2), rec(4, 'RefreshHit', 10), rec(5, 'Failed', 1)];
    const s = summarize(records, 1000);
    assert.equal(s.responses, 5);
    assert.equal(s.failed, 1);
    assert.equal(s.hitRatio, 3 / 5);
    assert.equal(s.originResponses, 2);
    assert.equal(s.latency.p50Ms, 10);
    assert.equal(s.hitLatency.p50Ms, 2);
    assert.deepEqual(s.byPop.map((p) => [p.pop, p.requests, p.hits]), [['FRA', 3, 1], ['IAD', 3, 2]]);
    const buckets = timeline(records, 3);
    assert.deepEqual(buckets.map((b) => [b.firstIndex, b.lastIndex, b.hitRatio]), [[0, 1, 0], [2, 3, 1], [4, 5, 1]]);
    const tiered = summarize([rec(0, 'Miss', 5, 'shield-hit'), rec(1, 'Miss', 30, 'origin'), rec(2, 'Hit', 1, 'pop-hit')], 10);
    assert.equal(tiered.originResponses, 1, 'a shield hit is a miss at the POP but no origin fetch');
    assert.deepEqual(tiered.tiers, { 'shield-hit': 1, origin: 1, 'pop-hit': 1 });
    assert.equal(originBytes({ '/bytes/100/img/1.jpg': 3, '/bytes/7': 1, '/other': 9 }), 307);
  });
});

describe('npm run experiment (end to end)', () => {
  it('runs a tiny experiment and writes a well-formed report with consistent numbers', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cachefront-experiment-test-'));
    try {
      const file = join(dir, 'tiny.yaml');
      await writeFile(
        file,
        `name: tiny
description: caching on and off
workload: { seed: 7, requests: 300, objects: 60, concurrency: 8 }
edges: [FRA, IAD]
buckets: 5
base:
  distributions:
    - aliases: [tiny.localhost]
      defaultCacheBehavior: { cachePolicyId: Managed-CachingOptimized }
variants:
  - name: cached
  - name: caching-disabled
    cachePolicy: Managed-CachingDisabled
    edges: [FRA]
    edgeOptions: { workers: 2 }
`,
      );
      const out = join(dir, 'report');
      const run = await runCli([join(ROOT, 'bench/experiment.ts'), file, '--out', out], 100_000);
      assert.equal(run.code, 0, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);

      const csv = parseCsv(await readFile(join(out, 'results.csv'), 'utf8'));
      // What the runner noticed (failed requests, usage that disagrees), for the messages below.
      const { variants } = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { variants: { name: string; warnings: string[] }[] };
      const noticed = `; warnings: ${JSON.stringify(Object.fromEntries(variants.map((v) => [v.name, v.warnings])))}`;
      assert.deepEqual(csv.map((r) => r.variant), ['cached', 'caching-disabled']);
      for (const row of csv) {
        const hr = Number(row.hit_ratio);
        assert.ok(row.hit_ratio !== '' && hr >= 0 && hr <= 1, `hit_ratio ${row.hit_ratio}`);
        assert.equal(Number(row.requests), 300);
        assert.equal(Number(row.responses), 300, `every request answered${noticed}`);
        assert.equal(Number(row.usage_requests), 300, `the edges' usage reached the control plane${noticed}`);
        assert.ok(Number(row.cost_total) > 0);
        assert.ok(Number(row.p50_ms) > 0 && Number(row.p50_ms) <= Number(row.p99_ms));
      }
      const [cached, disabled] = csv as [Record<string, string>, Record<string, string>];
      assert.equal(Number(disabled.hit_ratio), 0);
      assert.equal(Number(disabled.origin_requests), 300, `caching disabled: every request reaches the origin${noticed}`);
      assert.equal(disabled.edges, 'FRA');
      assert.deepEqual([cached.workers, disabled.workers, disabled.cache_size], ['1', '2', '256MB'], 'each variant\'s own edge workers');
      assert.ok(Number(cached.hit_ratio) > 0);
      assert.ok(Number(cached.origin_requests) < 300);
      assert.equal(Number(cached.usage_hit_ratio), Number(cached.hit_ratio), `the edges count hits as the runner does${noticed}`);
      assert.equal(Number(cached.bytes_served), Number(disabled.bytes_served), `the same workload${noticed}`);

      const timelineRows = parseCsv(await readFile(join(out, 'timeline.csv'), 'utf8'));
      assert.equal(timelineRows.length, 10, '5 buckets x 2 variants');
      assert.equal(timelineRows.filter((r) => r.variant === 'cached').reduce((s, r) => s + Number(r.requests), 0), 300);

      const md = await readFile(join(out, 'report.md'), 'utf8');
      assert.match(md, /^\| variant \| edges \| workers \/ cache size \| hit ratio \|/m);
      assert.match(md, /^\| cached \| FRA, IAD \| 1 \/ 256MB \| \d+\.\d% \|/m);
      assert.match(md, /^\| caching-disabled \| FRA \| 2 \/ 256MB \| 0\.0% \| 300 \(100\.0%\) \|/m);
      assert.match(md, /^Edges: FRA; PriceClass_All; every edge started with 2 workers, --cache-size 256MB\.$/m);
      for (const svg of ['hit-ratio.svg', 'origin-load.svg', 'latency.svg', 'cost.svg']) {
        assert.match(md, new RegExp(`!\\[[^\\]]+\\]\\(${svg}\\)`), `report.md embeds ${svg}`);
        const text = await readFile(join(out, svg), 'utf8');
        assert.ok(text.startsWith('<svg'), `${svg} starts with <svg`);
        assert.ok(text.trimEnd().endsWith('</svg>'), `${svg} ends with </svg>`);
        assert.match(text, /class="mark-(rect|line|symbol|text)/, `${svg} has marks`);
        assert.equal(unbalancedTag(text), undefined, `${svg} is well-formed`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

function runCli(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`timed out after ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A small RFC 4180 reader: a header row, then one object per row. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '\n') {
      row.push(cell);
      cell = '';
      if (ch === '\n') {
        rows.push(row);
        row = [];
      }
    } else cell += ch;
  }
  const [header, ...body] = rows;
  assert.ok(header && header.length > 1, 'a header row');
  for (const r of body) assert.equal(r.length, header.length, `a row of ${header.length} cells: ${r.join(',')}`);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
}

/** The first tag that does not close in order, or undefined when every tag does (XML well-formedness, roughly). */
function unbalancedTag(xml: string): string | undefined {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClosing] = m as unknown as [string, string, string, string];
    if (selfClosing) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) return name;
  }
  return stack.length ? stack[stack.length - 1] : undefined;
}
