// Per-process metric tables. The edge updates them on every request, so the update path is a
// few Map lookups (one per label, no key string built) and number additions; a series is
// allocated only the first time its label values are seen. Snapshots are plain data that can
// cross node IPC, be merged across worker processes and rendered for Prometheus.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface SeriesSnapshot {
  /** Values in the order of the metric's labelNames. */
  labels: string[];
  /** counter, gauge */
  value?: number;
  /** histogram: observations per bucket, not cumulative; counts[i] is for (buckets[i-1], buckets[i]]. */
  counts?: number[];
  sum?: number;
  count?: number;
}

/**
 * Plain JSON. NaN and ±Infinity (a NaN gauge, a histogram sum after a NaN observation) become
 * `null` through JSON serialization (node IPC's default); renderExposition prints null as NaN.
 */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: MetricType;
  labelNames: string[];
  /** histogram: finite upper bounds, ascending, without +Inf */
  buckets?: number[];
  series: SeriesSnapshot[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function assertMetricName(name: string): void {
  if (!METRIC_NAME.test(name)) throw new TypeError(`invalid metric name ${JSON.stringify(name)}`);
}

export function assertLabelName(name: string): void {
  // Names starting with __ are reserved for Prometheus' own use.
  if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new TypeError(`invalid label name ${JSON.stringify(name)}`);
}

function checkDefinition(name: string, labelNames: readonly string[]): string[] {
  assertMetricName(name);
  for (const label of labelNames) assertLabelName(label);
  if (new Set(labelNames).size !== labelNames.length) throw new TypeError(`${name}: duplicate label names`);
  return [...labelNames];
}

/**
 * Series by label values: a tree of Maps, one level per label. Looking up known values costs
 * one Map.get per label and allocates nothing; no separator can make two series collide.
 */
class SeriesIndex<S extends { labels: string[] }> {
  readonly #metric: string;
  readonly #depth: number;
  readonly #root = new Map<string, unknown>();
  readonly #create: (labels: string[]) => S;
  readonly all: S[] = [];

  constructor(metric: string, depth: number, create: (labels: string[]) => S) {
    this.#metric = metric;
    this.#depth = depth;
    this.#create = create;
  }

  get(labels: readonly string[]): S {
    const depth = this.#depth;
    if (labels.length !== depth) {
      throw new TypeError(`${this.#metric}: expected ${depth} label values, got ${labels.length}`);
    }
    if (depth === 0) return this.all[0] ?? this.#add(labels);
    let map = this.#root;
    for (let i = 0; i < depth - 1; i++) {
      const key = labels[i] as string;
      let next = map.get(key) as Map<string, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        map.set(key, next);
      }
      map = next;
    }
    const last = labels[depth - 1] as string;
    let series = map.get(last) as S | undefined;
    if (series === undefined) {
      series = this.#add(labels);
      map.set(last, series);
    }
    return series;
  }

  #add(labels: readonly string[]): S {
    const series = this.#create(labels.map(String));
    this.all.push(series);
    return series;
  }
}

interface ValueSeries {
  labels: string[];
  value: number;
}

/** What a counter and a gauge share: one number per label set. */
abstract class ValueTable {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly #type: 'counter' | 'gauge';
  protected readonly series: SeriesIndex<ValueSeries>;

  constructor(type: 'counter' | 'gauge', name: string, help: string, labelNames: readonly string[]) {
    this.labelNames = checkDefinition(name, labelNames);
    this.name = name;
    this.help = help;
    this.#type = type;
    this.series = new SeriesIndex(name, labelNames.length, (labels) => ({ labels, value: 0 }));
  }

  snapshot(): MetricSnapshot {
    return {
      name: this.name,
      help: this.help,
      type: this.#type,
      labelNames: [...this.labelNames],
      series: this.series.all.map((s) => ({ labels: [...s.labels], value: s.value })),
    };
  }
}

/** A monotonically increasing count per label set. Name it with `_total` yourself. */
export class CounterTable extends ValueTable {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super('counter', name, help, labelNames);
  }

  inc(labelValues: readonly string[], by = 1): void {
    if (!(by >= 0)) throw new RangeError(`${this.name}: counters only go up (by ${by})`);
    this.series.get(labelValues).value += by;
  }
}

/** A value that goes up and down per label set. */
export class GaugeTable extends ValueTable {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super('gauge', name, help, labelNames);
  }

  set(labelValues: readonly string[], value: number): void {
    this.series.get(labelValues).value = value;
  }

  inc(labelValues: readonly string[], by = 1): void {
    this.series.get(labelValues).value += by;
  }

  dec(labelValues: readonly string[], by = 1): void {
    this.series.get(labelValues).value -= by;
  }
}

interface HistogramSeries {
  labels: string[];
  counts: number[];
  sum: number;
  count: number;
}

/** Observations counted into fixed buckets per label set (rendered cumulative, with +Inf). */
export class HistogramTable {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets: readonly number[];
  readonly #series: SeriesIndex<HistogramSeries>;

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    this.labelNames = checkDefinition(name, labelNames);
    if (labelNames.includes('le')) throw new TypeError(`${name}: "le" is reserved for histogram buckets`);
    const bounds = buckets.at(-1) === Infinity ? buckets.slice(0, -1) : [...buckets];
    if (bounds.length === 0) throw new TypeError(`${name}: needs at least one finite bucket`);
    for (let i = 0; i < bounds.length; i++) {
      const b = bounds[i] as number;
      if (!Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] as number))) {
        throw new TypeError(`${name}: buckets must be finite and strictly increasing`);
      }
    }
    this.name = name;
    this.help = help;
    this.buckets = bounds;
    const n = bounds.length;
    this.#series = new SeriesIndex(name, labelNames.length, (labels) => ({
      labels,
      counts: Array.from({ length: n }, () => 0),
      sum: 0,
      count: 0,
    }));
  }

  observe(labelValues: readonly string[], value: number): void {
    const s = this.#series.get(labelValues);
    const buckets = this.buckets;
    // Linear scan: bucket lists are short. Above the last bound (or NaN) only +Inf counts it.
    for (let i = 0; i < buckets.length; i++) {
      if (value <= (buckets[i] as number)) {
        (s.counts[i] as number)++;
        break;
      }
    }
    s.sum += value;
    s.count++;
  }

  snapshot(): MetricSnapshot {
    return {
      name: this.name,
      help: this.help,
      type: 'histogram',
      labelNames: [...this.labelNames],
      buckets: [...this.buckets],
      series: this.#series.all.map((s) => ({ labels: [...s.labels], counts: [...s.counts], sum: s.sum, count: s.count })),
    };
  }
}

export type MetricTable = CounterTable | GaugeTable | HistogramTable;

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Merges the snapshots of several processes into one list: series with the same metric name
 * and label values are added up: counter values, histogram bucket counts, sums and counts,
 * and gauge values too (right for gauges such as in-flight requests or cached bytes; a gauge
 * where a sum means nothing should carry a per-process label so its series stay apart).
 * Metrics and series keep the order they are first seen in. A metric whose type, label names
 * or buckets differ between processes is a programming error and throws.
 */
export function mergeSnapshots(snapshots: MetricSnapshot[][]): MetricSnapshot[] {
  const out = new Map<string, { metric: MetricSnapshot; series: Map<string, SeriesSnapshot> }>();
  for (const list of snapshots) {
    for (const m of list) {
      let entry = out.get(m.name);
      if (entry === undefined) {
        entry = {
          metric: { ...m, labelNames: [...m.labelNames], ...(m.buckets ? { buckets: [...m.buckets] } : {}), series: [] },
          series: new Map(),
        };
        out.set(m.name, entry);
      } else if (
        entry.metric.type !== m.type ||
        !sameList(entry.metric.labelNames, m.labelNames) ||
        !sameList(entry.metric.buckets, m.buckets)
      ) {
        throw new TypeError(`${m.name}: snapshots disagree on type, label names or buckets`);
      }
      for (const s of m.series) {
        const key = JSON.stringify(s.labels);
        const have = entry.series.get(key);
        if (have === undefined) {
          const copy: SeriesSnapshot = { ...s, labels: [...s.labels], ...(s.counts ? { counts: [...s.counts] } : {}) };
          entry.series.set(key, copy);
          entry.metric.series.push(copy);
        } else {
          addInto(have, s);
        }
      }
    }
  }
  return [...out.values()].map((e) => e.metric);
}

/** JSON turns NaN into null: keep it NaN so a sum with it stays NaN. */
function num(v: number | null | undefined): number {
  return v === null ? NaN : (v ?? 0);
}

function addInto(into: SeriesSnapshot, s: SeriesSnapshot): void {
  if (into.value !== undefined || s.value !== undefined) into.value = num(into.value) + num(s.value);
  if (into.counts !== undefined && s.counts !== undefined) {
    into.counts = into.counts.map((c, i) => num(c) + num(s.counts?.[i]));
  }
  if (into.sum !== undefined || s.sum !== undefined) into.sum = num(into.sum) + num(s.sum);
  if (into.count !== undefined || s.count !== undefined) into.count = num(into.count) + num(s.count);
}
