// The report's charts: vega-lite specs built from the results (pure), rendered to SVG
// headless with vega (no browser, no canvas: text widths are estimated).
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { ExperimentResults, Figures } from './runner.ts';

export interface Chart {
  /** File name in the report directory. */
  file: string;
  title: string;
  spec: vl.TopLevelSpec;
}

type Ok = { name: string; figures: Figures };
/** One chart of an hconcat (vega-lite exports only its top-level spec type). */
type ConcatItem = Extract<vl.TopLevelSpec, { hconcat: unknown }>['hconcat'][number];

const WIDTH = 520;
const HEIGHT = 240;
const MIB = 2 ** 20;

const okVariants = (r: ExperimentResults): Ok[] => r.variants.flatMap((v) => (v.figures ? [{ name: v.name, figures: v.figures }] : []));

export function charts(r: ExperimentResults): Chart[] {
  const ok = okVariants(r);
  const names = ok.map((v) => v.name);
  const variantColor = { field: 'variant', type: 'nominal', title: 'variant', scale: { domain: names }, legend: { orient: 'bottom', columns: 3 } } as const;
  const variantX = { field: 'variant', type: 'nominal', title: null, sort: names, axis: { labelAngle: 0, labelLimit: 160 } } as const;

  const overTime = (field: 'hitRatio' | 'servedWithoutOrigin', title: string): ConcatItem => ({
    width: WIDTH / 2 - 10,
    height: HEIGHT,
    title,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'requests', type: 'quantitative', title: 'requests replayed', scale: { domain: [0, r.workload.requests] } },
      y: { field, type: 'quantitative', title: null, scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: variantColor,
      // Variants with the same figures draw the same line: dashes and point shapes keep each visible.
      strokeDash: variantColor,
      shape: variantColor,
    },
  });
  const hitRatio: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Hit ratio over the replay', subtitle: `per bucket of ${Math.ceil(r.workload.requests / r.buckets).toLocaleString('en-US')} requests (the same requests for every variant)` },
    data: {
      values: ok.flatMap((v) =>
        v.figures.timeline.map((b) => ({ variant: v.name, requests: b.lastIndex + 1, hitRatio: b.hitRatio ?? 0, servedWithoutOrigin: b.servedWithoutOrigin ?? 0 })),
      ),
    },
    hconcat: [overTime('hitRatio', 'edge hit ratio (X-Cache Hit)'), overTime('servedWithoutOrigin', 'served without an origin fetch (any tier)')],
  };

  const originData = ok.map((v) => ({ variant: v.name, requests: v.figures.origin.requests, mib: v.figures.origin.bytes / MIB }));
  const originBar = (field: 'requests' | 'mib', title: string, format: string): ConcatItem => ({
    width: WIDTH / 2 - 20,
    height: HEIGHT,
    title,
    layer: [
      { mark: 'bar', encoding: { x: variantX, y: { field, type: 'quantitative', title }, color: { ...variantColor, legend: null } } },
      { mark: { type: 'text', dy: -6 }, encoding: { x: variantX, y: { field, type: 'quantitative' }, text: { field, type: 'quantitative', format } } },
    ],
  });
  const originLoad: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Origin load', subtitle: `what reached the origin for ${r.workload.requests.toLocaleString('en-US')} viewer requests` },
    data: { values: originData },
    hconcat: [originBar('requests', 'origin requests', ',d'), originBar('mib', 'origin bytes (MiB)', ',.1f')],
  };

  const percentiles = ['p50', 'p95', 'p99'] as const;
  const latencyBars = (title: string, field: string, order: readonly string[], scheme: 'oranges' | 'tableau10'): ConcatItem => ({
    width: WIDTH / 2 - 10,
    height: HEIGHT,
    title,
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: variantX,
          xOffset: { field, type: 'nominal', sort: [...order] },
          y: { field: 'ms', type: 'quantitative', title: 'ms' },
          color: { field, type: 'nominal', sort: [...order], title: null, scale: { scheme }, legend: { orient: 'bottom' } },
        },
      },
      {
        mark: { type: 'text', dy: -6, fontSize: 9 },
        encoding: {
          x: variantX,
          xOffset: { field, type: 'nominal', sort: [...order] },
          y: { field: 'ms', type: 'quantitative' },
          text: { field: 'ms', type: 'quantitative', format: '.1f' },
        },
      },
    ],
  });
  const latency: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Viewer latency', subtitle: `request sent to last body byte, at the runner; the origin is ${r.originLatencyMs} ms away` },
    hconcat: [
      {
        data: { values: ok.flatMap((v) => percentiles.map((p) => ({ variant: v.name, percentile: p, ms: v.figures.replay.latency[`${p}Ms`] }))) },
        ...latencyBars('all requests: p50, p95, p99', 'percentile', percentiles, 'oranges'),
      },
      {
        data: {
          values: ok.flatMap((v) => [
            { variant: v.name, kind: 'hits p50', ms: v.figures.replay.hitLatency.p50Ms },
            { variant: v.name, kind: 'misses p50', ms: v.figures.replay.missLatency.p50Ms },
          ]).filter((d) => Number.isFinite(d.ms)),
        },
        ...latencyBars('hits vs misses: p50', 'kind', ['hits p50', 'misses p50'], 'tableau10'),
      },
    ],
    resolve: { scale: { color: 'independent', y: 'independent' } },
  };

  const currency = ok[0]?.figures.usage.estimate.currency ?? 'USD';
  const cost: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Estimated cost', subtitle: `${currency}: data transfer out + requests (illustrative price table)` },
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        data: { values: ok.flatMap((v) => v.figures.usage.byRegion.map((g) => ({ variant: v.name, region: g.pricingRegion, cost: g.cost }))) },
        mark: 'bar',
        encoding: {
          x: variantX,
          y: { field: 'cost', type: 'quantitative', title: currency, stack: 'zero', axis: { format: '.4f' } },
          color: { field: 'region', type: 'nominal', title: 'pricing region', scale: { scheme: 'set2' }, legend: { orient: 'bottom', columns: 2, labelLimit: 320 } },
        },
      },
      {
        data: { values: ok.map((v) => ({ variant: v.name, total: v.figures.usage.estimate.total })) },
        mark: { type: 'text', dy: -6 },
        encoding: { x: variantX, y: { field: 'total', type: 'quantitative' }, text: { field: 'total', type: 'quantitative', format: '.4f' } },
      },
    ],
  };

  return [
    { file: 'hit-ratio.svg', title: 'Hit ratio over the replay', spec: hitRatio },
    { file: 'origin-load.svg', title: 'Origin load (requests and bytes)', spec: originLoad },
    { file: 'latency.svg', title: 'Latency percentiles', spec: latency },
    { file: 'cost.svg', title: 'Estimated cost', spec: cost },
  ];
}

/** Renders a vega-lite spec to an SVG document. */
export async function toSvg(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
