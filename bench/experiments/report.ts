// The report directory: report.md (tables, the charts as images, the workload, the
// machine), results.csv (a row per variant), timeline.csv (a row per bucket and variant),
// results.json (everything but the per-request records) and the SVG charts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PRICING_REGIONS } from '@cachefront/geo';
import { stringify } from 'yaml';
import { charts, toSvg } from './charts.ts';
import { edgeProcess, type ExperimentResults, type VariantResult } from './runner.ts';
import type { VariantSpec } from './spec.ts';

const MIB = 2 ** 20;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(1)}%`);
const mib = (bytes: number) => `${(bytes / MIB).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MiB`;
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
const money = (x: number, currency: string) => `${currency === 'USD' ? '$' : `${currency} `}${x.toFixed(4)}`;

/** Writes every file of the report into `dir`; returns their paths. */
export async function writeReport(dir: string, r: ExperimentResults, specs: readonly VariantSpec[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (file: string, content: string) => {
    writeFileSync(join(dir, file), content);
    written.push(join(dir, file));
  };
  const list = charts(r);
  const ok = r.variants.some((v) => v.figures);
  if (ok) for (const c of list) write(c.file, await toSvg(c.spec));
  write('report.md', reportMarkdown(r, specs, ok ? list.map((c) => ({ file: c.file, title: c.title })) : [], relative(dir, r.file)));
  write('results.csv', resultsCsv(r));
  write('timeline.csv', timelineCsv(r));
  write('results.json', `${JSON.stringify(r, null, 2)}\n`);
  return written;
}

export function reportMarkdown(r: ExperimentResults, specs: readonly VariantSpec[], images: { file: string; title: string }[], fileLink: string): string {
  const out: string[] = [];
  const currency = r.variants.find((v) => v.figures)?.figures?.usage.estimate.currency ?? 'USD';
  out.push(`# Experiment: ${r.name}`, '');
  if (r.description) out.push(r.description, '');
  out.push(
    `From [${fileLink.split('/').pop()}](${fileLink}), run ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC in ${Math.round(r.durationS)} s ` +
      `with \`${r.command}\`. Each variant ran on a fresh stack (origin, control plane, edges) with the same ` +
      `${int(r.workload.requests)} seeded requests.`,
    '',
  );

  out.push('## Results', '');
  out.push('| variant | edges | workers / cache size | hit ratio | origin requests | origin bytes | bytes offloaded | latency p50 / p95 / p99 | bytes out | est. cost |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const v of r.variants) {
    const edges = `${v.edges.join(', ')}${v.shield ? ` + shield ${v.shield}` : ''}`;
    const processes = `${v.edgeOptions.workers} / ${v.edgeOptions.cacheSize}`;
    const f = v.figures;
    if (!f) {
      out.push(`| ${v.name} | ${edges} | ${processes} | failed: ${oneLine(v.failure ?? '')} | | | | | | |`);
      continue;
    }
    out.push(
      `| ${v.name} | ${edges} | ${processes} | ${pct(f.replay.hitRatio)} | ${int(f.origin.requests)} (${pct(f.origin.requests / f.replay.requests)}) | ${mib(f.origin.bytes)} | ${pct(f.offload.bytes)} | ` +
        `${ms(f.replay.latency.p50Ms)} / ${ms(f.replay.latency.p95Ms)} / ${ms(f.replay.latency.p99Ms)} ms | ${mib(f.usage.bytesOut)} | ${money(f.usage.estimate.total, currency)} |`,
    );
  }
  out.push(
    '',
    '- **workers / cache size**: every edge\'s `--workers` and `--cache-size` in the variant.',
    '- **hit ratio**: responses with `X-Cache: Hit` or `RefreshHit` / responses (the edges\' own count, from the control plane\'s usage, agrees: see each variant).',
    '- **origin requests**: requests the test origin received during the replay (`/_origin/stats`), and their share of the viewer requests.',
    '- **origin bytes** / **bytes offloaded**: body bytes the origin sent (each `/bytes/<n>/...` request is n bytes), and `1 - origin bytes / bytes served to viewers`.',
    '- **latency**: from sending a request to its last body byte, at the runner (all on loopback, so the differences are the cache\'s and the origin\'s simulated distance).',
    '- **bytes out** and **est. cost**: from the control plane\'s `/v1/distributions/:id/usage` (the edges\' acks); the price table is the built-in, illustrative one.',
    '',
  );
  for (const img of images) out.push(`![${img.title}](${img.file})`, '');

  out.push('## Variants', '');
  for (const v of r.variants) {
    const spec = specs.find((s) => s.name === v.name);
    out.push(...variantSection(v, spec, currency));
  }

  out.push('## Workload', '');
  const w = r.workload;
  const s = r.shape;
  out.push('| parameter | value |', '| --- | --- |');
  const rows: [string, string][] = [
    ['seed', String(w.seed)],
    ['requests', int(w.requests)],
    ['objects (Zipf ranks)', int(w.objects)],
    ['Zipf exponent', String(w.zipf ?? 1.0)],
    ['concurrency', String(w.concurrency)],
    ['tracking query share', String(w.trackingQueryShare ?? 0.3)],
    ['versioned share (objects)', String(w.versionedShare ?? 0.4)],
    ['cookie share (viewers)', String(w.cookieShare ?? 0.5)],
    ['viewers', int(w.viewers ?? 1000)],
    ['countries', w.countries ? Object.entries(w.countries).map(([c, n]) => `${c} ${n}`).join(', ') : 'the default mix'],
    ['origin latency', `${r.originLatencyMs} ms per origin response`],
    ['edge processes', edgeProcesses(r)],
  ];
  for (const [k, v] of rows) out.push(`| ${k} | ${v} |`);
  out.push(
    '',
    `What it holds: ${int(s.distinctObjects)} distinct objects, ${int(s.distinctUrls)} distinct URLs (${int(s.distinctUrlsWithoutTracking)} without the tracking parameters), ` +
      `${pct(s.trackingShare)} of requests with tracking parameters (utm_source, utm_campaign, fbclid), ${pct(s.versionedShare)} with \`?v=\`, ` +
      `${pct(s.cookieShare)} with a cookie; ${mib(s.bytes)} of bodies in all. Viewers by country: ` +
      `${Object.entries(s.byCountry).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${pct(n / s.requests)}`).join(', ')}.`,
    '',
  );

  out.push('## Machine', '');
  const m = r.machine;
  out.push(
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, commit ${m.commit}; load average ${m.loadAverage} and ${m.busyCoresAtStart} busy cores at the start ` +
      '(everything — runner, origin, control plane, edges — shares these cores, so latency and throughput are comparable between variants of one run, not absolute).',
    '',
    'Files: `results.csv` (a row per variant), `timeline.csv` (a row per bucket and variant), `results.json` (all figures).',
    '',
  );
  return out.join('\n');
}

function variantSection(v: VariantResult, spec: VariantSpec | undefined, currency: string): string[] {
  const out = [`### ${v.name}`, ''];
  if (v.description) out.push(v.description, '');
  out.push(`Edges: ${v.edges.join(', ')}${v.shield ? `, origin shield in ${v.shield} (\`--tier shield\`, the POP edges' \`--parent\`)` : ''}; ${v.priceClass}; every edge started with ${edgeProcess(v.edgeOptions)}.`, '');
  const changes = spec ? changesOf(spec) : undefined;
  if (changes) out.push('Changes to the base config:', '', '```yaml', changes.trimEnd(), '```', '');
  else out.push('The base config, unchanged.', '');
  const f = v.figures;
  if (!f) {
    out.push(`**Failed**: ${v.failure}`, '');
    return out;
  }
  out.push('| POP | pricing region | requests | hit ratio | bytes out | viewers from |', '| --- | --- | ---: | ---: | ---: | --- |');
  for (const p of f.usage.byPop) {
    const from = Object.entries(f.routes).filter(([, pop]) => pop === p.pop).map(([c]) => c).join(', ');
    out.push(`| ${p.pop} | ${p.pricingRegion} | ${int(p.requests)} | ${pct(p.requests ? p.hits / p.requests : null)} | ${mib(p.bytesOut)} | ${from} |`);
  }
  out.push('');
  const regions = f.usage.byRegion.map((g) => `${g.pricingRegion} ${mib(g.bytesOut)} ${money(g.cost, currency)}`).join('; ');
  out.push(
    `- replay: ${int(f.replay.requests)} requests in ${f.replay.durationS.toFixed(1)} s (${int(f.replay.requestsPerSecond)} req/s); ` +
      `X-Cache ${Object.entries(f.replay.results).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${int(n)}`).join(', ')}; ` +
      `statuses ${Object.entries(f.replay.statuses).map(([k, n]) => `${k} ${int(n)}`).join(', ')}`,
    `- latency of hits p50 ${ms(f.replay.hitLatency.p50Ms)} ms, of misses p50 ${ms(f.replay.missLatency.p50Ms)} ms (p99 ${ms(f.replay.hitLatency.p99Ms)} / ${ms(f.replay.missLatency.p99Ms)} ms)`,
    `- control plane usage: ${int(f.usage.requests)} requests, hit ratio ${pct(f.usage.hitRatio)}, ${mib(f.usage.bytesOut)} out; by region: ${regions}; ` +
      `estimate ${money(f.usage.estimate.total, currency)} (data transfer ${money(f.usage.estimate.dataTransfer, currency)}, requests ${money(f.usage.estimate.requests, currency)})`,
    `- origin: ${int(f.origin.requests)} requests, ${mib(f.origin.bytes)}; offload ${pct(f.offload.requests)} of requests, ${pct(f.offload.bytes)} of bytes`,
  );
  if (Object.keys(f.replay.tiers).length > 0) out.push(`- \`X-Cachefront-Tier\`: ${Object.entries(f.replay.tiers).map(([k, n]) => `${k} ${int(n)}`).join(', ')}`);
  out.push(
    `- edge caches: ${f.edges.map((e) => `${e.tier === 'shield' ? 'shield ' : ''}${e.pop} ${int(e.cacheEntries)} objects (${mib(e.cacheBytes)}), ${int(e.evictions)} evicted, ${mib(e.upstreamBytes)} fetched upstream`).join('; ')}`,
  );
  for (const w of v.warnings) out.push(`- warning: ${w}`);
  out.push('');
  return out;
}

/** The edges' --workers and --cache-size: one line when every variant ran the same, else a pointer to the results table. */
function edgeProcesses(r: ExperimentResults): string {
  const all = new Set(r.variants.map((v) => edgeProcess(v.edgeOptions)));
  if (all.size === 1) return [...all][0]!;
  return `per variant (see the results table); the experiment's default ${edgeProcess(r.edgeOptions)}`;
}

/** The variant's changes to base as YAML, or undefined when it has none. */
function changesOf(spec: VariantSpec): string | undefined {
  const c: Record<string, unknown> = {};
  if (spec.changes.patch) c.patch = spec.changes.patch;
  if (spec.changes.cachePolicies) c.cachePolicies = spec.changes.cachePolicies;
  if (spec.changes.priceClass) c.priceClass = spec.changes.priceClass;
  if (spec.changes.cachePolicy) c.cachePolicy = spec.changes.cachePolicy;
  return Object.keys(c).length ? stringify(c) : undefined;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 200);

function csv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
    const s = typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : v;
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`;
}

export function resultsCsv(r: ExperimentResults): string {
  const regions = [...new Set(r.variants.flatMap((v) => v.figures?.usage.byRegion.map((g) => g.pricingRegion) ?? []))].sort();
  const header = [
    'variant', 'edges', 'shield', 'price_class', 'workers', 'cache_size', 'requests', 'responses', 'failed', 'hits', 'misses', 'errors', 'hit_ratio',
    'origin_requests', 'origin_bytes', 'bytes_served', 'offload_requests', 'offload_bytes',
    'p50_ms', 'p95_ms', 'p99_ms', 'mean_ms', 'hit_p50_ms', 'miss_p50_ms', 'requests_per_s', 'duration_s',
    'usage_requests', 'usage_hit_ratio', 'usage_bytes_out', ...regions.map((g) => `bytes_out_${regionId(g)}`),
    'cost_total', 'cost_data_transfer', 'cost_requests', 'currency', 'failure',
  ];
  const rows = r.variants.map((v) => {
    const f = v.figures;
    const common = [v.name, v.edges.join(' '), v.shield ?? '', v.priceClass, v.edgeOptions.workers, v.edgeOptions.cacheSize];
    if (!f) return [...common, ...header.slice(common.length, -1).map(() => ''), v.failure ?? ''];
    return [
      ...common,
      f.replay.requests, f.replay.responses, f.replay.failed, f.replay.results.Hit + f.replay.results.RefreshHit, f.replay.results.Miss, f.replay.results.Error, f.replay.hitRatio,
      f.origin.requests, f.origin.bytes, f.replay.bytesServed, f.offload.requests, f.offload.bytes,
      f.replay.latency.p50Ms, f.replay.latency.p95Ms, f.replay.latency.p99Ms, f.replay.latency.meanMs, f.replay.hitLatency.p50Ms, f.replay.missLatency.p50Ms,
      f.replay.requestsPerSecond, f.replay.durationS,
      f.usage.requests, f.usage.hitRatio, f.usage.bytesOut, ...regions.map((g) => f.usage.byRegion.find((x) => x.pricingRegion === g)?.bytesOut ?? 0),
      f.usage.estimate.total, f.usage.estimate.dataTransfer, f.usage.estimate.requests, f.usage.estimate.currency, '',
    ];
  });
  return csv([header, ...rows]);
}

/** A pricing region's id (`europe-israel`) from the name the usage endpoint answers with. */
function regionId(name: string): string {
  return PRICING_REGIONS.find((r) => r.name === name || r.id === name)?.id ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function timelineCsv(r: ExperimentResults): string {
  const header = [
    'variant', 'bucket', 'first_index', 'last_index', 'requests', 'hits', 'misses', 'errors', 'hit_ratio',
    'origin_responses', 'served_without_origin', 'bytes', 'p50_ms', 'p95_ms', 'start_s', 'end_s',
  ];
  const rows = r.variants.flatMap((v) =>
    (v.figures?.timeline ?? []).map((b) => [
      v.name, b.bucket, b.firstIndex, b.lastIndex, b.requests, b.hits, b.misses, b.errors, b.hitRatio,
      b.originResponses, b.servedWithoutOrigin, b.bytes, b.p50Ms, b.p95Ms, b.startS, b.endS,
    ]),
  );
  return csv([header, ...rows]);
}

/** The default report directory of an experiment file: experiments/reports/<name>/ next to it. */
export function defaultReportDir(file: string, name: string): string {
  return join(dirname(file), 'reports', name);
}
