import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CounterTable, GaugeTable, HistogramTable, mergeSnapshots, type MetricSnapshot } from './metrics.ts';

describe('CounterTable', () => {
  it('counts per label set, in first-seen order', () => {
    const c = new CounterTable('requests_total', 'Requests.', ['distribution', 'status']);
    c.inc(['E1', '200']);
    c.inc(['E1', '200'], 2);
    c.inc(['E2', '404']);
    c.inc(['E1', '304'], 0);
    assert.deepEqual(c.snapshot(), {
      name: 'requests_total',
      help: 'Requests.',
      type: 'counter',
      labelNames: ['distribution', 'status'],
      series: [
        { labels: ['E1', '200'], value: 3 },
        { labels: ['E2', '404'], value: 1 },
        { labels: ['E1', '304'], value: 0 },
      ],
    });
  });

  it('keeps label values apart that a joined key would confuse', () => {
    const c = new CounterTable('x_total', '', ['a', 'b']);
    c.inc(['a\u0000b', '']);
    c.inc(['a', '\u0000b']);
    c.inc(['a', 'b']);
    assert.deepEqual(c.snapshot().series.map((s) => s.value), [1, 1, 1]);
  });

  it('does not alias the caller\'s label array', () => {
    const c = new CounterTable('x_total', '', ['a']);
    const labels = ['one'];
    c.inc(labels);
    labels[0] = 'two';
    c.inc(labels);
    assert.deepEqual(c.snapshot().series, [{ labels: ['one'], value: 1 }, { labels: ['two'], value: 1 }]);
  });

  it('works without labels', () => {
    const c = new CounterTable('up_total', '', []);
    c.inc([]);
    c.inc([], 4);
    assert.deepEqual(c.snapshot().series, [{ labels: [], value: 5 }]);
  });

  it('refuses a wrong number of label values and going down', () => {
    const c = new CounterTable('x_total', '', ['a', 'b']);
    assert.throws(() => c.inc(['only-one']), TypeError);
    assert.throws(() => c.inc(['a', 'b', 'c']), TypeError);
    assert.throws(() => c.inc(['a', 'b'], -1), RangeError);
    assert.throws(() => c.inc(['a', 'b'], Number.NaN), RangeError);
  });

  it('validates names at construction', () => {
    assert.throws(() => new CounterTable('1bad', '', []), TypeError);
    assert.throws(() => new CounterTable('bad-name', '', []), TypeError);
    assert.throws(() => new CounterTable('ok', '', ['bad-label']), TypeError);
    assert.throws(() => new CounterTable('ok', '', ['__reserved']), TypeError);
    assert.throws(() => new CounterTable('ok', '', ['a', 'a']), TypeError);
    assert.doesNotThrow(() => new CounterTable('ns:sub_total', '', ['_x', 'A1']));
  });

  it('hands out snapshots the table does not share', () => {
    const c = new CounterTable('x_total', '', ['a']);
    c.inc(['v']);
    const snap = c.snapshot();
    (snap.series[0] as { labels: string[] }).labels[0] = 'changed';
    (snap.labelNames as string[])[0] = 'changed';
    assert.deepEqual(c.snapshot().series, [{ labels: ['v'], value: 1 }]);
    assert.deepEqual(c.labelNames, ['a']);
  });
});

describe('GaugeTable', () => {
  it('sets, increments and decrements', () => {
    const g = new GaugeTable('in_flight', 'In flight.', ['pop']);
    g.set(['FRA'], 5);
    g.inc(['FRA']);
    g.dec(['FRA'], 2);
    g.set(['LHR'], -1.5);
    assert.deepEqual(g.snapshot().series, [{ labels: ['FRA'], value: 4 }, { labels: ['LHR'], value: -1.5 }]);
    assert.equal(g.snapshot().type, 'gauge');
  });
});

describe('HistogramTable', () => {
  it('counts each observation into its bucket (upper bound inclusive), with sum and count', () => {
    const h = new HistogramTable('latency_seconds', 'Latency.', ['pop'], [0.1, 0.5, 1]);
    for (const v of [0.05, 0.1, 0.2, 0.5, 0.7, 1, 3]) h.observe(['FRA'], v);
    const [s] = h.snapshot().series;
    assert.deepEqual(s?.counts, [2, 2, 2]); // (.., 0.1], (0.1, 0.5], (0.5, 1]; 3 only in +Inf
    assert.equal(s?.count, 7);
    assert.ok(Math.abs((s?.sum ?? 0) - 5.55) < 1e-9);
    assert.deepEqual(h.snapshot().buckets, [0.1, 0.5, 1]);
  });

  it('counts NaN only in +Inf and makes the sum NaN', () => {
    const h = new HistogramTable('x', '', [], [1]);
    h.observe([], Number.NaN);
    assert.deepEqual(h.snapshot().series, [{ labels: [], counts: [0], sum: Number.NaN, count: 1 }]);
  });

  it('accepts a trailing +Inf bound and rejects bad buckets', () => {
    assert.deepEqual(new HistogramTable('x', '', [], [1, 2, Infinity]).buckets, [1, 2]);
    assert.throws(() => new HistogramTable('x', '', [], []), TypeError);
    assert.throws(() => new HistogramTable('x', '', [], [2, 1]), TypeError);
    assert.throws(() => new HistogramTable('x', '', [], [1, 1]), TypeError);
    assert.throws(() => new HistogramTable('x', '', [], [Number.NaN]), TypeError);
    assert.throws(() => new HistogramTable('x', '', ['le'], [1]), TypeError);
  });
});

describe('mergeSnapshots', () => {
  function worker(requests: [string, number][], latencies: number[], inFlight: number): MetricSnapshot[] {
    const c = new CounterTable('requests_total', 'Requests.', ['status']);
    for (const [status, n] of requests) c.inc([status], n);
    const h = new HistogramTable('latency_seconds', 'Latency.', [], [0.1, 1]);
    for (const v of latencies) h.observe([], v);
    const g = new GaugeTable('in_flight', 'In flight.', []);
    g.set([], inFlight);
    // Through JSON, as over node IPC.
    return JSON.parse(JSON.stringify([c.snapshot(), h.snapshot(), g.snapshot()])) as MetricSnapshot[];
  }

  it('adds up equal series of two processes and keeps the others', () => {
    const merged = mergeSnapshots([
      worker([['200', 3], ['404', 1]], [0.05, 2], 2),
      worker([['200', 4], ['503', 2]], [0.5], 3),
    ]);
    assert.deepEqual(merged, [
      {
        name: 'requests_total',
        help: 'Requests.',
        type: 'counter',
        labelNames: ['status'],
        series: [
          { labels: ['200'], value: 7 },
          { labels: ['404'], value: 1 },
          { labels: ['503'], value: 2 },
        ],
      },
      {
        name: 'latency_seconds',
        help: 'Latency.',
        type: 'histogram',
        labelNames: [],
        buckets: [0.1, 1],
        series: [{ labels: [], counts: [1, 1], sum: 2.55, count: 3 }],
      },
      { name: 'in_flight', help: 'In flight.', type: 'gauge', labelNames: [], series: [{ labels: [], value: 5 }] },
    ]);
  });

  it('does not modify its inputs', () => {
    const a = worker([['200', 1]], [0.05], 1);
    const b = worker([['200', 1]], [0.05], 1);
    const before = JSON.stringify([a, b]);
    mergeSnapshots([a, b]);
    mergeSnapshots([a, b]);
    assert.equal(JSON.stringify([a, b]), before);
  });

  it('keeps NaN (null after JSON) as NaN', () => {
    const g = (v: number | null): MetricSnapshot => ({
      name: 'g', help: '', type: 'gauge', labelNames: [], series: [{ labels: [], value: v as number }],
    });
    assert.ok(Number.isNaN(mergeSnapshots([[g(1)], [g(null)]])[0]?.series[0]?.value));
  });

  it('refuses metrics that disagree across processes', () => {
    const a = new HistogramTable('h', '', [], [1]).snapshot();
    const b = new HistogramTable('h', '', [], [2]).snapshot();
    assert.throws(() => mergeSnapshots([[a], [b]]), /h: snapshots disagree/);
    const c = new CounterTable('m', '', ['x']).snapshot();
    const d = new GaugeTable('m', '', ['x']).snapshot();
    assert.throws(() => mergeSnapshots([[c], [d]]), TypeError);
    const e = new CounterTable('n', '', ['x']).snapshot();
    const f = new CounterTable('n', '', ['y']).snapshot();
    assert.throws(() => mergeSnapshots([[e], [f]]), TypeError);
  });
});
