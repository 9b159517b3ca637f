// Prometheus text exposition format 0.0.4 ("Exposition formats", section "Text format details").

import { assertLabelName, type MetricSnapshot } from './metrics.ts';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** HELP text: backslash and line feed are escaped as \\ and \n. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values: backslash, double quote and line feed are escaped as \\, \" and \n. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));
}

/**
 * Sample values are Go ParseFloat syntax: `+Inf`, `-Inf` and `NaN` for the special values.
 * A null (what JSON makes of NaN and ±Infinity) is printed as NaN.
 */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelSet(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return '';
  let out = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) out += ',';
    out += `${names[i]}="${escapeLabelValue(values[i] ?? '')}"`;
  }
  return out + '}';
}

/**
 * Renders snapshots (one process's, or mergeSnapshots' result) as one exposition. `extraLabels`
 * (e.g. `{ instance: 'edge-fra-1' }`) go first on every sample; a metric's own label of the same
 * name wins over an extra one.
 */
export function renderExposition(snapshots: MetricSnapshot[], extraLabels: Record<string, string> = {}): string {
  const extraNames = Object.keys(extraLabels);
  for (const name of extraNames) assertLabelName(name);
  let out = '';
  for (const m of snapshots) {
    const own = new Set(m.labelNames);
    const extra = extraNames.filter((n) => !own.has(n) && !(m.type === 'histogram' && n === 'le'));
    const names = [...extra, ...m.labelNames];
    const extraValues = extra.map((n) => extraLabels[n] as string);
    // HELP is optional; an empty one ("# HELP name ") trips parsers that trim lines.
    if (m.help !== '') out += `# HELP ${m.name} ${escapeHelp(m.help)}\n`;
    out += `# TYPE ${m.name} ${m.type}\n`;
    for (const s of m.series) {
      const values = [...extraValues, ...s.labels];
      if (m.type !== 'histogram') {
        out += `${m.name}${labelSet(names, values)} ${formatValue(s.value)}\n`;
        continue;
      }
      // Buckets are cumulative: le="x" counts every observation <= x; +Inf equals _count.
      const bucketNames = [...names, 'le'];
      const buckets = m.buckets ?? [];
      let cumulative = 0;
      for (let i = 0; i < buckets.length; i++) {
        cumulative += s.counts?.[i] ?? 0;
        out += `${m.name}_bucket${labelSet(bucketNames, [...values, formatValue(buckets[i])])} ${formatValue(cumulative)}\n`;
      }
      out += `${m.name}_bucket${labelSet(bucketNames, [...values, '+Inf'])} ${formatValue(s.count ?? 0)}\n`;
      out += `${m.name}_sum${labelSet(names, values)} ${formatValue(s.sum ?? 0)}\n`;
      out += `${m.name}_count${labelSet(names, values)} ${formatValue(s.count ?? 0)}\n`;
    }
  }
  return out;
}
