import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { renderExposition, formatValue } from './exposition.ts';
import { CounterTable, GaugeTable, HistogramTable, mergeSnapshots } from './metrics.ts';

describe('renderExposition', () => {
  it('renders counters and gauges a Prometheus parser reads back', () => {
    const c = new CounterTable('cachefront_requests_total', 'Viewer requests.', ['distribution', 'status']);
    c.inc(['E1', '200'], 3);
    c.inc(['E2', '404']);
    const g = new GaugeTable('cachefront_in_flight', 'Requests in flight.', []);
    g.set([], 7);
    const parsed = parsePrometheusTextFormat(renderExposition([c.snapshot(), g.snapshot()]));
    assert.deepEqual(parsed, [
      {
        name: 'cachefront_requests_total',
        help: 'Viewer requests.',
        type: 'COUNTER',
        metrics: [
          { value: '3', labels: { distribution: 'E1', status: '200' } },
          { value: '1', labels: { distribution: 'E2', status: '404' } },
        ],
      },
      { name: 'cachefront_in_flight', help: 'Requests in flight.', type: 'GAUGE', metrics: [{ value: '7' }] },
    ]);
  });

  it('writes the exact text format', () => {
    const c = new CounterTable('a_total', 'A.', ['k']);
    c.inc(['v'], 2);
    assert.equal(renderExposition([c.snapshot()], { instance: 'i1' }), '# HELP a_total A.\n# TYPE a_total counter\na_total{instance="i1",k="v"} 2\n');
  });

  it('escapes nasty label values and help text', () => {
    const nasty = [
      'back\\slash',
      'quote"d',
      'new\nline',
      'all \\" \n\\n together',
      '{curly}=,comma',
      'trailing\\',
      'unicode ünï 😀',
      '',
      ' spaces\tand tab ',
    ];
    const c = new CounterTable('nasty_total', 'Help with \\ backslash\nand newline "quotes".', ['v']);
    for (const v of nasty) c.inc([v]);
    const text = renderExposition([c.snapshot()]);
    assert.equal(text.split('\n').length, nasty.length + 3); // HELP, TYPE, samples, final ""
    const [family] = parsePrometheusTextFormat(text);
    assert.equal(family?.help, 'Help with \\ backslash\nand newline "quotes".');
    assert.deepEqual(family?.metrics.map((m) => m.labels?.['v']), nasty);
    assert.match(text, /nasty_total\{v="all \\\\\\" \\n\\\\n together"\} 1/);
  });

  it('renders histograms with cumulative buckets, +Inf, _sum and _count', () => {
    const h = new HistogramTable('latency_seconds', 'Latency.', [], [0.01, 0.1, 1]);
    for (const v of [0.005, 0.05, 0.05, 0.5, 5, 0.1]) h.observe([], v);
    const [family] = parsePrometheusTextFormat(renderExposition([h.snapshot()]));
    assert.equal(family?.type, 'HISTOGRAM');
    assert.deepEqual(family?.metrics, [
      { buckets: { '0.01': '1', '0.1': '4', '1': '5', '+Inf': '6' }, sum: '5.705', count: '6' },
    ]);
  });

  it('renders labelled histograms with le last and one line set per series', () => {
    const h = new HistogramTable('origin_seconds', 'Origin latency.', ['origin'], [1]);
    h.observe(['a'], 0.5);
    h.observe(['b "x"'], 2);
    const text = renderExposition([h.snapshot()], { pop: 'FRA' });
    assert.equal(
      text,
      '# HELP origin_seconds Origin latency.\n' +
        '# TYPE origin_seconds histogram\n' +
        'origin_seconds_bucket{pop="FRA",origin="a",le="1"} 1\n' +
        'origin_seconds_bucket{pop="FRA",origin="a",le="+Inf"} 1\n' +
        'origin_seconds_sum{pop="FRA",origin="a"} 0.5\n' +
        'origin_seconds_count{pop="FRA",origin="a"} 1\n' +
        'origin_seconds_bucket{pop="FRA",origin="b \\"x\\"",le="1"} 0\n' +
        'origin_seconds_bucket{pop="FRA",origin="b \\"x\\"",le="+Inf"} 1\n' +
        'origin_seconds_sum{pop="FRA",origin="b \\"x\\""} 2\n' +
        'origin_seconds_count{pop="FRA",origin="b \\"x\\""} 1\n',
    );
    // Bucket counts never go down along le, and +Inf equals _count.
    for (const origin of ['a', 'b \\"x\\"']) {
      const counts = [...text.matchAll(new RegExp(`_bucket\\{pop="FRA",origin="${origin.replace(/\\/g, '\\\\')}",le="[^"]+"\\} (\\d+)`, 'g'))].map((m) => Number(m[1]));
      assert.deepEqual(counts, [...counts].sort((x, y) => x - y));
    }
  });

  it('formats special values the way the format spells them', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(Number.NaN), 'NaN');
    assert.equal(formatValue(null), 'NaN');
    assert.equal(formatValue(1e21), '1e+21');
    assert.equal(formatValue(0.1), '0.1');
    assert.equal(formatValue(-0), '0');
    const g = new GaugeTable('g', '', ['k']);
    g.set(['inf'], Infinity);
    g.set(['nan'], Number.NaN);
    g.set(['neg'], -Infinity);
    const [family] = parsePrometheusTextFormat(renderExposition([g.snapshot()]));
    assert.deepEqual(family?.metrics.map((m) => m.value), ['+Inf', 'NaN', '-Inf']);
  });

  it('lets a metric\'s own label win over an extra label, and checks extra label names', () => {
    const c = new CounterTable('x_total', '', ['pop']);
    c.inc(['FRA']);
    assert.match(renderExposition([c.snapshot()], { pop: 'ignored', instance: 'i' }), /^x_total\{instance="i",pop="FRA"\} 1$/m);
    assert.throws(() => renderExposition([c.snapshot()], { 'bad-name': 'x' }), TypeError);
  });

  it('renders merged snapshots of two processes', () => {
    const proc = (n: number): ReturnType<typeof mergeSnapshots> => {
      const c = new CounterTable('requests_total', 'Requests.', ['status']);
      c.inc(['200'], n);
      const h = new HistogramTable('ttfb_seconds', 'TTFB.', [], [0.1, 1]);
      h.observe([], n / 10);
      return JSON.parse(JSON.stringify([c.snapshot(), h.snapshot()]));
    };
    const parsed = parsePrometheusTextFormat(renderExposition(mergeSnapshots([proc(1), proc(5)])));
    assert.deepEqual(parsed[0]?.metrics, [{ value: '6', labels: { status: '200' } }]);
    assert.deepEqual(parsed[1]?.metrics, [{ buckets: { '0.1': '1', '1': '2', '+Inf': '2' }, sum: '0.6', count: '2' }]);
  });

  it('leaves out an empty HELP', () => {
    const c = new CounterTable('x_total', '', []);
    c.inc([]);
    assert.equal(renderExposition([c.snapshot()]), '# TYPE x_total counter\nx_total 1\n');
  });

  it('renders a metric with no series as just HELP and TYPE', () => {
    const c = new CounterTable('empty_total', 'Nothing yet.', ['k']);
    assert.equal(renderExposition([c.snapshot()]), '# HELP empty_total Nothing yet.\n# TYPE empty_total counter\n');
  });
});
